"""App config for the admin, kept free of model imports (it loads before the app registry is ready)."""

from django.contrib.admin.apps import AdminConfig


class NyinorgeAdminConfig(AdminConfig):
    default_site = "nyinorge.core.admin_site.NyinorgeAdminSite"
