"""WSGI entry point for production servers (gunicorn nyinorge.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nyinorge.settings")
application = get_wsgi_application()
