"""Through a real worker process (`db_worker` against the test database): a suggestion run queued by the web side
is run by the worker; a worker killed in the middle of a run leaves it RUNNING only until the sweeper marks it
failed, and the next run goes through."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.core.services.people import person_create
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from nyinorge.settlement.models import SuggestionRun
from nyinorge.settlement.services.cases import case_create, case_make_ready
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.requests import indicators_import, settlement_year_create
from nyinorge.settlement.services.suggestions import (
    STEP_SOLVING, STEP_WORKER_LOST, suggestion_run_start, suggestion_runs_sweep,
)
from tests.settlement.conftest import indicator_csv

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker needs a database it can share"),
]
ROOT = Path(__file__).resolve().parents[2]


def _worker(*args: str, module: str) -> subprocess.Popen:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.worker_settings", "PYTHONPATH": str(ROOT),
           "DATABASE_URL": f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"}
    return subprocess.Popen([sys.executable, "-m", module, "db_worker", *args] if module == "nyinorge"
                            else [sys.executable, "-m", module, *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _wait_for(predicate, *, seconds: float, what: str, process: subprocess.Popen):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        if process.poll() is not None:
            pytest.fail(f"the worker exited ({process.returncode}) before {what}:\n{process.stdout.read()}")
        time.sleep(0.2)
    process.kill()
    pytest.fail(f"no {what} within {seconds} s:\n{process.communicate()[0]}")


@pytest.fixture
def year_with_a_ready_case(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
    reference_data_load()
    caseworker = user_create(username="dir-worker", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER])
    today = timezone.localdate()
    year = settlement_year_create(actor=caseworker, year=today.year, national_target=100)
    indicators_import(actor=caseworker, year=year, file=indicator_csv([("0301", 700000, 0.7, 0.5, "0.20", "true", 100)]))
    municipal_decision_register(actor=caseworker, year=year, municipality=Municipality.objects.get(number="0301"),
                                persons=3, unaccompanied_minors=0, decided_on=today)
    person = person_create(actor=caseworker, given_name="Worker", family_name="Test",
                           birth_date=datetime.date(1990, 1, 1), duf_number="201900000001")
    case = case_create(actor=caseworker, category="reception", members=[person], decision_date=datetime.date(2019, 1, 2))
    case_make_ready(actor=caseworker, case=case)
    return caseworker, year


def test_a_run_survives_a_worker_killed_mid_run_and_the_next_worker_runs_the_next(year_with_a_ready_case, settings):
    caseworker, year = year_with_a_ready_case
    run = suggestion_run_start(actor=caseworker, year=year)  # autocommit: queued at once

    worker = _worker("--queue-name", "*", "--no-startup-delay", "--interval", "0.2", "--no-reload",
                     module="tests.settlement.slow_worker")
    try:
        _wait_for(lambda: SuggestionRun.objects.filter(pk=run.pk, step=STEP_SOLVING).exists(), seconds=120,
                  what="run in the solver", process=worker)
        worker.send_signal(signal.SIGKILL)  # a crash or a hard restart: nothing gets to clean up
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    run.refresh_from_db()
    assert run.status == SuggestionRun.Status.RUNNING  # what a dead worker leaves behind
    # Within the threshold the run still counts as alive; past it the sweeper marks it failed.
    assert suggestion_runs_sweep() == 0
    later = timezone.now() + datetime.timedelta(seconds=settings.SETTLEMENT_SUGGESTION_STALE_SECONDS + 1)
    assert suggestion_runs_sweep(now=later) == 1
    run.refresh_from_db()
    assert (run.status, run.step) == (SuggestionRun.Status.FAILED, STEP_WORKER_LOST)

    # The place it held is free again, and a fresh worker (the real solver) carries out the next run.
    second = suggestion_run_start(actor=caseworker, year=year)
    worker = _worker("--queue-name", "*", "--no-startup-delay", "--batch", "--no-reload", module="nyinorge")
    output, _ = worker.communicate(timeout=180)
    assert worker.returncode == 0, output
    second.refresh_from_db()
    assert second.status == SuggestionRun.Status.DONE, (second.step, output)
    assert [item["municipality"] for item in second.result["items"]] == ["0301"]
    run.refresh_from_db()
    assert run.status == SuggestionRun.Status.FAILED  # the lost run is not picked up again
