"""Background work on django-tasks (the backport of Django's `django.tasks` API; its database backend and the
`nyinorge db_worker` command run it). The helpers every app uses: queue after commit, retry with backoff, send an
email with retries; and the core's daily job.

Only the `django_tasks` package is imported (never `django.tasks`), so the same code runs on Django 5.2 and 6.0.
"""

import datetime
import logging
import smtplib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


def enqueue_on_commit(job, /, **kwargs: Any) -> None:
    """Queue `job` once the current transaction commits (at once outside one): the worker never sees rows that
    are not committed yet, and a change that is rolled back queues nothing."""
    transaction.on_commit(lambda: job.enqueue(**kwargs))


def backoff_seconds(attempt: int) -> int:
    """How long to wait after failed attempt `attempt` (1, 2, ...): doubling from TASK_RETRY_BASE_SECONDS, capped."""
    return int(min(settings.TASK_RETRY_BASE_SECONDS * 2 ** (attempt - 1), settings.TASK_RETRY_MAX_SECONDS))


def enqueue_retry(job, /, *, attempt: int, **kwargs: Any) -> int | None:
    """Queue attempt `attempt + 1` after its backoff; the seconds waited, or None when the attempts are used up.

    A backend that cannot defer (the immediate one in tests) runs the next attempt at once."""
    if attempt >= settings.TASK_MAX_ATTEMPTS:
        return None
    delay = backoff_seconds(attempt)
    if job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + datetime.timedelta(seconds=delay))
    job.enqueue(attempt=attempt + 1, **kwargs)
    return delay


def email_send_with_retry(*, message: EmailMessage, job, attempt: int, what: str,
                          on_give_up: Callable[[], None] | None = None, **kwargs: Any) -> bool:
    """Send `message`; on a mail-server failure queue `job` again with backoff (sending again is safe: the job
    only gets here when this attempt sent nothing), and after the last attempt log it and call `on_give_up`."""
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        delay = enqueue_retry(job, attempt=attempt, **kwargs)
        if delay is None:
            logger.exception("%s failed %d times; giving up", what, attempt)
            if on_give_up is not None:
                on_give_up()
        else:
            logger.warning("%s failed (attempt %d of %d); trying again in %d s", what, attempt,
                           settings.TASK_MAX_ATTEMPTS, delay, exc_info=True)
        return False
    return True


@task()
def purge_idempotency_keys() -> int:
    """Daily: delete the API idempotency keys whose lifetime has passed."""
    from nyinorge.core.idempotency import idempotency_keys_purge

    return idempotency_keys_purge()


@task()
def duplicates_batch() -> dict:
    """Nightly: the whole registry through the de-duplication model, the pairs found into the review queue."""
    from nyinorge.core.services.duplicates import duplicates_batch_run

    result = duplicates_batch_run()
    logger.info("duplicates batch: %s", result)
    return {"found": result.found, "created": result.created, "updated": result.updated,
            "left_decided": result.left_decided, "stale": result.stale}


@task()
def duplicates_train(actor_id: int | None = None) -> str:
    """Train a new de-duplication model on the registry, store it with its chart and activate it."""
    from nyinorge.core.models import User
    from nyinorge.core.services.duplicates import dedup_model_train

    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return dedup_model_train(actor=actor).version
