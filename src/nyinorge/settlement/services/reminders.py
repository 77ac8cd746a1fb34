"""Answer-deadline reminders: one email per municipality the day before its proposals' deadline.

Meant to run once a day (`nyinorge send_answer_reminders`, or the task `nyinorge run_daily_jobs` queues). The daily
run only claims the cases and queues one email task per municipality after commit; the worker sends it outside
any transaction (no row lock is held while a mail server answers), retries with backoff, and audits it once sent.
The email names no persons — case numbers, persons counts and the deadline only — because email is not a safe
channel for personal data; the link leads to the inbox, where reading is access-checked and audited.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nyinorge.core.models import AuditEntry, Municipality, Person
from nyinorge.core.services.audit import audit_record
from nyinorge.settlement.models import Case
from nyinorge.settlement.selectors.reminders import DueReminder, answer_reminders_due, reminder_recipients
from nyinorge.settlement.workflow import State

logger = logging.getLogger(__name__)

# No user sends these: the audit log names the job instead (audit_record takes a name without a user).
SYSTEM_USERNAME = "system:answer-reminders"


def answer_inbox_url() -> str:
    """The absolute address of a municipality's list of proposals awaiting an answer."""
    return f"{settings.SITE_URL}{reverse('settlement:inbox')}"


def answer_reminder_message(*, due: DueReminder) -> EmailMessage:
    """The reminder email, in bokmål and plain text, naming no persons."""
    with translation.override("nb"):
        count = len(due.cases)
        values = {"count": count, "municipality": due.municipality.name,
                  "deadline": formats.date_format(due.deadline, "DATE_FORMAT")}
        subject = ngettext(
            "Answer deadline tomorrow: %(count)d proposal to %(municipality)s",
            "Answer deadline tomorrow: %(count)d proposals to %(municipality)s", count) % values
        lines = [
            ngettext("Case %(case)s: %(count)d person", "Case %(case)s: %(count)d persons", case.persons_count)
            % {"case": case.pk, "count": case.persons_count}
            for case in due.cases
        ]
        body = "\n".join([
            _("Hello,"),
            "",
            ngettext("The answer deadline for this proposal to %(municipality)s is tomorrow, %(deadline)s:",
                     "The answer deadline for these proposals to %(municipality)s is tomorrow, %(deadline)s:",
                     count) % values,
            "",
            *(f"  {line}" for line in lines),
            "",
            _("Accept or decline in nyinorge: %(url)s") % {"url": answer_inbox_url()},
            "",
            _("This message is sent automatically and names no persons; log in to see the cases."),
        ])
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=due.recipients)


def _claim(*, due: DueReminder, now: datetime.datetime) -> bool:
    """Mark the cases reminded and queue the email after commit: a short transaction with no email inside it."""
    from nyinorge.core.tasks import enqueue_on_commit
    from nyinorge.settlement import tasks

    with transaction.atomic():
        case_ids = list(Case.objects.select_for_update().filter(
            pk__in=[case.pk for case in due.cases], state=State.PROPOSED, answer_deadline=due.deadline,
            reminder_sent_at__isnull=True).order_by("id").values_list("id", flat=True))
        if not case_ids:  # another run got there first
            return False
        Case.objects.filter(pk__in=case_ids).update(reminder_sent_at=now)
        enqueue_on_commit(tasks.answer_reminder_deliver, municipality=due.municipality.number,
                          deadline=due.deadline.isoformat(), case_ids=case_ids, claimed_at=now.isoformat())
    return True


def answer_reminders_send(*, today: datetime.date | None = None) -> int:
    """Queue a reminder to each municipality about its proposals due tomorrow (once per case); return how many."""
    queued = 0
    now = timezone.now()
    for due in answer_reminders_due(today=today):
        if not due.recipients:
            logger.warning("No reminder for %s (%s): none of its caseworkers has an email address; cases %s",
                           due.municipality.name, due.municipality.number, ", ".join(str(c.pk) for c in due.cases))
            continue
        queued += _claim(due=due, now=now)
    return queued


def answer_reminder_deliver(*, municipality: str, deadline: str, case_ids: list[int], claimed_at: str,
                            attempt: int = 1) -> bool:
    """Send one claimed reminder and audit it; on a mail-server failure retry with backoff, and after the last
    attempt release the cases so the next daily run tries again. Idempotent: only cases still carrying this
    claim and still awaiting an answer are named, and a reminder already sent is never claimed again."""
    from nyinorge.core.tasks import email_send_with_retry
    from nyinorge.settlement import tasks

    claim = datetime.datetime.fromisoformat(claimed_at)
    cases = list(Case.objects.filter(pk__in=case_ids, reminder_sent_at=claim, state=State.PROPOSED).order_by("id"))
    if not cases:  # all answered or withdrawn meanwhile: nothing to remind about
        return False
    place = Municipality.objects.get(number=municipality)
    due = DueReminder(municipality=place, deadline=datetime.date.fromisoformat(deadline), cases=cases,
                      recipients=reminder_recipients(municipality=place))

    def release() -> None:
        Case.objects.filter(pk__in=[case.pk for case in cases], reminder_sent_at=claim).update(reminder_sent_at=None)

    if not due.recipients:
        logger.warning("No reminder for %s (%s): its caseworkers' addresses are gone", place.name, place.number)
        release()
        return False
    if not email_send_with_retry(
            message=answer_reminder_message(due=due), job=tasks.answer_reminder_deliver, attempt=attempt,
            what=f"Sending the answer reminder to {municipality}", on_give_up=release,
            municipality=municipality, deadline=deadline, case_ids=case_ids, claimed_at=claimed_at):
        return False
    audit_record(
        actor=None, username=SYSTEM_USERNAME, action=AuditEntry.Action.UPDATE,
        object_type="settlement.case.answer_reminder", object_id=municipality,
        persons=list(Person.objects.filter(settlement_memberships__case__in=cases).distinct()),
        detail=f"reminder to {len(due.recipients)} recipients, deadline {deadline}, cases "
               + ", ".join(str(case.pk) for case in cases) + (f" (attempt {attempt})" if attempt > 1 else ""),
    )
    return True
