"""The grants app's background tasks (django-tasks): computing a grant run; the daily reminders about the reports
of the application-based schemes."""

from django_tasks import task

from nyinorge.grants.services import runs


@task()
def grant_run_compute_task(*, run_id: int) -> str:
    """Compute one grant run's lines; returns the run's final status."""
    return runs.grant_run_compute(run_id=run_id).status


@task()
def grant_report_reminders(*, date: str | None = None) -> int:
    """Daily: e-mail the reminders about grant reports due in 14 days or overdue (each once); returns how many."""
    import datetime

    from nyinorge.grants.services.scheme_reports import grant_report_reminders_send

    return grant_report_reminders_send(today=datetime.date.fromisoformat(date) if date else None)
