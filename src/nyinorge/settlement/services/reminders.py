"""Answer-deadline reminders: one email per municipality the day before its proposals' deadline.

Meant to run once a day (`nyinorge send_answer_reminders`, e.g. from cron). The email names no
persons — case numbers, persons counts and the deadline only — because email is not a safe
channel for personal data; the link leads to the inbox, where reading is access-checked and audited.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nyinorge.core.models import AuditEntry, Person
from nyinorge.core.services.audit import audit_record
from nyinorge.settlement.models import Case
from nyinorge.settlement.selectors.reminders import DueReminder, answer_reminders_due
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


def _send_one(*, due: DueReminder, now: datetime.datetime) -> bool:
    """Mark, audit and send in one transaction: a failed send leaves the cases unmarked for the next run."""
    with transaction.atomic():
        cases = list(Case.objects.select_for_update().filter(
            pk__in=[case.pk for case in due.cases], state=State.PROPOSED, answer_deadline=due.deadline,
            reminder_sent_at__isnull=True).order_by("id"))
        if not cases:  # another run got there first
            return False
        due = DueReminder(municipality=due.municipality, deadline=due.deadline, cases=cases, recipients=due.recipients)
        Case.objects.filter(pk__in=[case.pk for case in cases]).update(reminder_sent_at=now)
        audit_record(
            actor=None, username=SYSTEM_USERNAME, action=AuditEntry.Action.UPDATE,
            object_type="settlement.case.answer_reminder", object_id=due.municipality.number,
            persons=list(Person.objects.filter(settlement_memberships__case__in=cases).distinct()),
            detail=f"reminder to {len(due.recipients)} recipients, deadline {due.deadline}, cases "
                   + ", ".join(str(case.pk) for case in cases),
        )
        answer_reminder_message(due=due).send()
    return True


def answer_reminders_send(*, today: datetime.date | None = None) -> int:
    """Email each municipality about its proposals due tomorrow (once); return how many emails were sent."""
    sent = 0
    now = timezone.now()
    for due in answer_reminders_due(today=today):
        if not due.recipients:
            logger.warning("No reminder for %s (%s): none of its caseworkers has an email address; cases %s",
                           due.municipality.name, due.municipality.number, ", ".join(str(c.pk) for c in due.cases))
            continue
        try:
            sent += _send_one(due=due, now=now)
        except (smtplib.SMTPException, OSError):
            logger.exception("Sending the answer reminder to %s failed; it will be tried on the next run",
                             due.municipality.number)
    return sent
