"""Settings for a real `db_worker` process in tests (tests/settlement/test_worker.py): the test settings with the
database backend instead of the immediate one."""

from tests.settings import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
