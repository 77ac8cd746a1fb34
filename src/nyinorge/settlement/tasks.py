"""The settlement app's background tasks (django-tasks): suggestion runs, answer reminders and their sweeper, and
training the outcome model.

Arguments are JSON (ids, ISO dates), so a task queued by the web process can be run by any worker."""

import datetime
import logging

from django_tasks import task

from nyinorge.settlement.services import reminders, suggestions

logger = logging.getLogger(__name__)


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


@task()
def outcome_model_train(*, actor_id: int | None = None, from_year: int, to_year: int,
                        reference_until: str | None = None) -> str:
    """Train a new outcome model on the window's settlements and store it with its card (not activated)."""
    from django.core.exceptions import ValidationError

    from nyinorge.core.models import User
    from nyinorge.settlement.services.outcome_models import outcome_model_train as train

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    try:
        return train(actor=actor, from_year=from_year, to_year=to_year,
                     reference_until=datetime.date.fromisoformat(reference_until) if reference_until else None).version
    except ValidationError as error:  # too little data is an answer, not a crash: the log says why
        logger.warning("outcome model not trained: %s", " ".join(error.messages))
        return ""
