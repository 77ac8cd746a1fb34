"""`python -m tests.settlement.slow_worker [db_worker options]`: a real db_worker whose solver first sleeps
SLOW_SOLVE_SECONDS, so a test can kill the worker in the middle of a suggestion run."""

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.worker_settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from nyinorge.settlement.services import suggestions  # noqa: E402

real_solve = suggestions.solve


def slow_solve(*args, **kwargs):
    time.sleep(float(os.environ.get("SLOW_SOLVE_SECONDS", "600")))
    return real_solve(*args, **kwargs)


suggestions.solve = slow_solve
call_command("db_worker", *sys.argv[1:])
