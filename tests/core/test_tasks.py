"""The task helpers and the daily jobs: backoff, queueing the daily jobs for cron, the email timeout."""

import datetime

import pytest
from django.core.management import call_command
from django.test import override_settings

from nyinorge.core.tasks import backoff_seconds, enqueue_retry

pytestmark = pytest.mark.django_db


def test_backoff_doubles_and_is_capped(settings):
    settings.TASK_RETRY_BASE_SECONDS, settings.TASK_RETRY_MAX_SECONDS = 60, 600
    assert [backoff_seconds(attempt) for attempt in range(1, 6)] == [60, 120, 240, 480, 600]


def test_a_retry_waits_its_backoff_on_a_backend_that_defers(settings):
    from django_tasks.backends.database.models import DBTaskResult

    from nyinorge.settlement import tasks

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
    settings.TASK_MAX_ATTEMPTS, settings.TASK_RETRY_BASE_SECONDS = 3, 60
    before = datetime.datetime.now(datetime.UTC)
    job = {"municipality": "0301", "deadline": "2026-03-08", "case_ids": [1], "claimed_at": before.isoformat()}
    assert enqueue_retry(tasks.answer_reminder_deliver, attempt=1, **job) == 60
    row = DBTaskResult.objects.get()
    assert row.args_kwargs["kwargs"] == {**job, "attempt": 2}
    assert row.run_after >= before + datetime.timedelta(seconds=59)
    assert enqueue_retry(tasks.answer_reminder_deliver, attempt=3, **job) is None  # attempts used up
    assert DBTaskResult.objects.count() == 1


def test_run_daily_jobs_queues_every_daily_job(settings, capsys):
    from django_tasks.backends.database.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
    call_command("run_daily_jobs", "--date", "2026-03-07")
    assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == {
        "nyinorge.settlement.tasks.send_answer_reminders", "nyinorge.interpreters.tasks.interpreter_categories",
        "nyinorge.core.tasks.purge_idempotency_keys", "nyinorge.settlement.tasks.suggestion_runs_sweep",
        "nyinorge.grants.tasks.grant_report_reminders", "nyinorge.core.tasks.duplicates_batch",
    }
    reminders = DBTaskResult.objects.get(task_path="nyinorge.settlement.tasks.send_answer_reminders")
    assert reminders.args_kwargs["kwargs"] == {"date": "2026-03-07"}
    assert capsys.readouterr().out.count("Queued ") == 6


def test_run_daily_jobs_with_the_immediate_backend_runs_them():
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}):
        call_command("run_daily_jobs")  # nothing due: each job runs and finds nothing to do


def test_run_daily_jobs_refuses_a_malformed_date():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_daily_jobs", "--date", "7.3.2026")


def test_the_mail_server_has_a_timeout():
    from django.core.mail import get_connection

    from nyinorge import settings as production

    assert production.EMAIL_TIMEOUT == 30
    assert get_connection("django.core.mail.backends.smtp.EmailBackend").timeout == 30
