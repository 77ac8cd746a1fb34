"""The interpreter register's background tasks (django-tasks): the emails to interpreters and the daily
recomputation of categories."""

import datetime

from django_tasks import task

from nyinorge.interpreters.services import applications, categories, notices


@task()
def application_decision_email(*, application_id: int, listed: bool, state: str, decision_round: int,
                               attempt: int = 1) -> bool:
    """Email the interpreter the decision on their application; retried with backoff."""
    return applications.application_decision_send(application_id=application_id, listed=listed, state=state,
                                                  decision_round=decision_round, attempt=attempt)


@task()
def notice_outcome_email(*, notice_id: int, state: str, attempt: int = 1) -> bool:
    """Email the interpreter that a notice is assessed, or its outcome; retried with backoff."""
    return notices.notice_outcome_send(notice_id=notice_id, state=state, attempt=attempt)


@task()
def interpreter_categories(*, date: str | None = None) -> int:
    """Daily: recompute the categories where evidence expired or was revoked; returns how many interpreters."""
    return categories.categories_recompute_due(on=datetime.date.fromisoformat(date) if date else None)
