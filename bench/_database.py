"""A fresh PostgreSQL database for a benchmark: recreated, migrated, reference data loaded, Django set up."""

import os
from urllib.parse import urlsplit, urlunsplit


def fresh_database(name: str) -> None:
    """Point Django at a new database `name` on the server of $DATABASE_URL and prepare it."""
    server = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nyinorge"))
    os.environ["DATABASE_URL"] = urlunsplit(server._replace(path=f"/{name}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nyinorge.settings")

    import psycopg

    with psycopg.connect(urlunsplit(server._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
