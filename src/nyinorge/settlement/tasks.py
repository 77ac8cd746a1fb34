"""The settlement app's background tasks (django-tasks): suggestion runs, answer reminders and their sweeper.

Arguments are JSON (ids, ISO dates), so a task queued by the web process can be run by any worker."""

import datetime

from django_tasks import task

from nyinorge.settlement.services import reminders, suggestions


@task()
def suggestion_run(*, run_id: int) -> str:
    """Run one "Foreslå tildelinger" solve; returns the run's final status."""
    return suggestions.suggestion_run_execute(run_id=run_id).status


@task()
def suggestion_runs_sweep() -> int:
    """Mark runs left running by a stopped worker as failed; returns how many."""
    return suggestions.suggestion_runs_sweep()


@task()
def send_answer_reminders(*, date: str | None = None) -> int:
    """Daily: queue each municipality's reminder about proposals due tomorrow; returns how many were queued."""
    return reminders.answer_reminders_send(today=datetime.date.fromisoformat(date) if date else None)


@task()
def answer_reminder_deliver(*, municipality: str, deadline: str, case_ids: list[int], claimed_at: str,
                            attempt: int = 1) -> bool:
    """Send one municipality's reminder; retried with backoff when the mail server fails."""
    return reminders.answer_reminder_deliver(municipality=municipality, deadline=deadline, case_ids=case_ids,
                                             claimed_at=claimed_at, attempt=attempt)
