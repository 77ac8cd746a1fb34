"""The reports a grant's recipient owes (progress, accounts, Jobbsjansen's participants, final), their review, and
the reminders about them.

What a report holds, and the rules it must meet (`report_content_clean`):
- progress and final: a summary and the results (both required);
- accounts: what was spent of the grant, the own contribution and other income (whole kroner, not negative);
  the unspent funds are computed, granted − spent. Spending more of the grant than was granted is refused (what
  goes beyond it is own contribution or other income), and an unspent amount the recipient states must equal
  granted − spent ("does not add up" otherwise);
- participants: participants, ended the programme in the year (`completed`: completed it, or left it — for a job,
  say), went to work, went to education, and went to work or education — the persons who did either, each
  counted once, since a person can do both (a part-time job beside school). The three "went on" counts are of
  those who ended the programme. Rules: completed ≤ participants; to work ≤ completed and to education ≤
  completed; and max(to work, to education) ≤ to work or education ≤ min(completed, to work + to education).
  SP11.1 (the share who went on to work or education after the programme, `statistics.scheme_tables`) is
  `to_work_or_education / completed`.

Reminders (`grant_report_reminders_send`, daily): to the applicant organisation's users with the applicant role,
once 14 days (or fewer, when the daily job was missed) before the due date and once when the report is overdue;
a GrantReportReminder row per report and kind (unique) makes "once" hold, and is written in the same transaction
as the e-mail is sent, so a mail-server failure leaves it to the next day.
"""

import datetime
import logging
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.roles import Capability, Role
from nyinorge.core.services.audit import audit_record
from nyinorge.grants.application_states import PAYABLE_STATES
from nyinorge.grants.application_workflow import is_administrator_of
from nyinorge.grants.models import GrantReport, GrantReportReminder
from nyinorge.grants.translated import translated

logger = logging.getLogger(__name__)
R = GrantReport.State
K = GrantReport.Kind
OPEN_REPORT_STATES = (R.DUE, R.RETURNED)  # the recipient still owes these
REMIND_DAYS_BEFORE = 14
SYSTEM_USERNAME = "system:grant-report-reminders"
TEXT_FIELDS = {K.PROGRESS: ("summary", "results"), K.FINAL: ("summary", "results")}
ACCOUNT_FIELDS = ("spent", "own_contribution", "other_income")
PARTICIPANT_FIELDS = ("participants", "completed", "to_work", "to_education", "to_work_or_education")
MAX_TEXT = 10_000


def report_fields(kind: str) -> tuple[str, ...]:
    if kind == K.ACCOUNTS:
        return (*ACCOUNT_FIELDS, "unspent")
    if kind == K.PARTICIPANTS:
        return PARTICIPANT_FIELDS
    return TEXT_FIELDS.get(kind, ("summary", "results"))


def _whole(raw: dict, key: str, errors: dict, *, required: bool = True) -> int | None:
    value = str(raw.get(key, "") if raw.get(key) is not None else "").strip().replace(" ", "").replace("\u00a0", "")
    if not value:
        if required:
            errors[key] = [_("Give a number (0 if none).")]
        return None
    try:
        number = int(value)
    except ValueError:
        errors[key] = [_("Give a whole number.")]
        return None
    if number < 0:
        errors[key] = [_("The number cannot be negative.")]
        return None
    return number


def report_content_clean(*, kind: str, raw: dict, granted: Decimal) -> dict:
    """The report's content from what was typed, or ValidationError with a message per field."""
    errors: dict[str, list[str]] = {}
    if kind == K.ACCOUNTS:
        values = {key: _whole(raw, key, errors) for key in ACCOUNT_FIELDS}
        stated = _whole(raw, "unspent", errors, required=False)
        spent = values["spent"]
        if spent is not None and "spent" not in errors:
            unspent = int(granted) - spent
            if unspent < 0:
                errors["spent"] = [_("You report spending %(spent)s NOK of the grant, but %(granted)s NOK was "
                                     "granted. Costs beyond the grant are covered by own contribution or other "
                                     "income; report them there.") % {"spent": spent, "granted": int(granted)}]
            elif stated is not None and stated != unspent:
                errors["unspent"] = [_("This does not add up: granted %(granted)s − spent %(spent)s = %(unspent)s NOK "
                                       "unspent, not %(stated)s.") % {"granted": int(granted), "spent": spent,
                                                                     "unspent": unspent, "stated": stated}]
            values["unspent"] = unspent
        if errors:
            raise ValidationError(errors)
        return values
    if kind == K.PARTICIPANTS:
        v = {key: _whole(raw, key, errors) for key in PARTICIPANT_FIELDS}
        if not errors:
            if v["completed"] > v["participants"]:
                errors["completed"] = [_("More completed than took part (%(n)s).") % {"n": v["participants"]}]
            for key in ("to_work", "to_education"):
                if v[key] > v["completed"]:
                    errors[key] = [_("More than ended the programme (%(n)s).") % {"n": v["completed"]}]
            either = v["to_work_or_education"]
            if either < max(v["to_work"], v["to_education"]):
                errors["to_work_or_education"] = [_(
                    "Those who went to work or education (each person once) are at least as many as went to work "
                    "and as went to education.")]
            elif either > min(v["completed"], v["to_work"] + v["to_education"]):
                errors["to_work_or_education"] = [_(
                    "Those who went to work or education (each person once) are at most those who ended the "
                    "programme and at most those who went to work plus those who went to education.")]
        if errors:
            raise ValidationError(errors)
        return v
    values = {}
    for key in report_fields(kind):
        text = str(raw.get(key, "") or "").strip()
        if not text:
            errors[key] = [_("This field is required.")]
        elif len(text) > MAX_TEXT:
            errors[key] = [_("At most %(max)d characters.") % {"max": MAX_TEXT}]
        values[key] = text
    if errors:
        raise ValidationError(errors)
    return values


def _audit(*, actor: User | None, report: GrantReport, detail: str, username: str = "") -> None:
    audit_record(actor=actor, username=username, action=AuditEntry.Action.UPDATE, object_type="grants.grantreport",
                 object_id=report.pk, detail=f"grant {report.application_id} report {report.kind} "
                                             f"{report.due_on}: {detail}"[:500])


def _locked(report: GrantReport) -> GrantReport:
    return GrantReport.objects.select_for_update(of=("self",)).select_related(
        "application", "application__call", "application__call__scheme", "application__call__administered_by",
        "application__applicant").get(pk=report.pk)


def grant_report_submit(*, actor: User, report: GrantReport, raw: dict) -> GrantReport:
    """The recipient's report, checked and submitted for review (a returned one again)."""
    with transaction.atomic():
        report = _locked(report)
        application = report.application
        require(user_can(actor, Capability.APPLY_FOR_GRANTS))
        if application.applicant_id is None or application.applicant_id != actor.organisation_id:
            raise ValidationError(_("Only the recipient organisation reports on its grant."))
        if application.state not in PAYABLE_STATES:
            raise ValidationError(_("The grant letter is not accepted, so there is nothing to report on yet."))
        if report.state not in OPEN_REPORT_STATES:
            raise ValidationError(_("The report is already %(state)s.") % {"state": report.get_state_display().lower()})
        report.content = report_content_clean(kind=report.kind, raw=raw, granted=application.amount_granted or 0)
        report.state, report.submitted_by, report.submitted_at = R.SUBMITTED, actor, timezone.now()
        report.save(update_fields=["content", "state", "submitted_by", "submitted_at"])
        _audit(actor=actor, report=report, detail="submitted")
    return report


def grant_report_review(*, actor: User, report: GrantReport, approve: bool, note: str) -> GrantReport:
    """The administering officer approves a submitted report, or returns it with a note saying what to correct."""
    with transaction.atomic():
        report = _locked(report)
        require(user_can(actor, Capability.ADMINISTER_GRANT_SCHEMES))
        permission = is_administrator_of(actor, report.application.call)
        if not permission:
            raise ValidationError(permission.reason if permission is not None else
                                  _("Only a grant officer of the administering organisation does this."))
        if report.state != R.SUBMITTED:
            raise ValidationError(_("Only a submitted report is reviewed (this one is %(state)s).")
                                  % {"state": report.get_state_display().lower()})
        note = (note or "").strip()
        if not approve and not note:
            raise ValidationError({"note": [_("Say what the recipient must correct.")]})
        report.state = R.APPROVED if approve else R.RETURNED
        report.reviewed_by, report.reviewed_at, report.review_note = actor, timezone.now(), note
        report.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
        _audit(actor=actor, report=report, detail="approved" if approve else "returned for correction")
        _complete_when_all_approved(actor=actor, application=report.application)
    return report


def _complete_when_all_approved(*, actor: User, application) -> None:
    """The grant is closed (the workflow's `complete`) once every report it owes is approved — the last report's
    approval is the end of the follow-up; unpaid instalments stay payable."""
    from nyinorge.core.workflow import workflow_move, workflow_permission
    from nyinorge.grants.application_states import A
    from nyinorge.grants.application_workflow import GRANT_APPLICATION_WORKFLOW

    if application.state != A.ACCEPTED or application.reports.exclude(state=R.APPROVED).exists():
        return
    if workflow_permission(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name="complete", user=actor):
        workflow_move(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name="complete", actor=actor,
                      reason=_("Every report is approved."))


def report_unspent(report: GrantReport) -> int:
    """The unspent funds an accounts report shows (0 for other reports)."""
    return int(report.content.get("unspent") or 0) if report.kind == K.ACCOUNTS else 0


# Reminders ----------------------------------------------------------------------------------------------------

def reminder_recipients(report: GrantReport) -> list[str]:
    """E-mail addresses of the applicant organisation's active users with the applicant role."""
    users = User.objects.filter(is_active=True, organisation_id=report.application.applicant_id,
                                role_assignments__role=Role.GRANT_APPLICANT).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def reminders_due(today: datetime.date) -> list[tuple[GrantReport, str]]:
    """The reports owing a reminder today: (report, kind)."""
    reports = (GrantReport.objects.filter(state__in=OPEN_REPORT_STATES,
                                          application__state__in=PAYABLE_STATES,
                                          application__applicant__isnull=False)
               .select_related("application", "application__call", "application__call__scheme",
                               "application__applicant").prefetch_related("reminders").order_by("due_on", "id"))
    due = []
    for report in reports.filter(due_on__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE)):
        sent = {reminder.kind for reminder in report.reminders.all()}
        if report.due_on < today:
            kind = GrantReportReminder.Kind.OVERDUE
        elif report.due_on > today:
            kind = GrantReportReminder.Kind.BEFORE
        else:
            continue  # due today: the reminder before it went out; overdue tomorrow
        if kind not in sent:
            due.append((report, kind))
    return due


def reminder_message(*, report: GrantReport, kind: str, recipients: list[str]) -> EmailMessage:
    """The reminder, in bokmål, plain text, naming the grant and the report (no persons)."""
    with translation.override("nb"):
        values = {"report": report.get_kind_display().lower(), "title": report.application.project_title,
                  "scheme": translated(report.application.call.scheme.name, "nb"),
                  "due": formats.date_format(report.due_on, "DATE_FORMAT"),
                  "url": f"{settings.SITE_URL}{reverse('grants:report', args=[report.pk])}"}
        if kind == GrantReportReminder.Kind.OVERDUE:
            subject = _("Overdue: %(report)s for “%(title)s”") % values
            lead = _("The %(report)s for the grant “%(title)s” (%(scheme)s) was due %(due)s and has not been "
                     "submitted.") % values
            consequence = _("Instalments are held until the reports due before them are approved, and a grant "
                            "whose report is not delivered can be claimed back.")
        else:
            subject = _("Reminder: %(report)s for “%(title)s” due %(due)s") % values
            lead = _("The %(report)s for the grant “%(title)s” (%(scheme)s) is due %(due)s.") % values
            consequence = _("Instalments are held until the reports due before them are approved.")
        body = "\n".join([_("Hello,"), "", lead, consequence, "",
                          _("Fill in and submit the report: %(url)s") % values, "",
                          _("This message is sent automatically.")])
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=recipients)


def grant_report_reminders_send(*, today: datetime.date | None = None) -> int:
    """Daily: e-mail the reminders due today (each report and kind once); returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    for report, kind in reminders_due(today):
        recipients = reminder_recipients(report)
        if not recipients:
            logger.warning("No reminder about grant report %s: the applicant organisation has no user with an "
                           "e-mail address", report.pk)
            continue
        try:
            with transaction.atomic():
                GrantReportReminder.objects.create(report=report, kind=kind, recipients=len(recipients))
                reminder_message(report=report, kind=kind, recipients=recipients).send()
                _audit(actor=None, username=SYSTEM_USERNAME, report=report,
                       detail=f"reminder ({kind}) to {len(recipients)} recipients")
        except IntegrityError:  # another run sent it meanwhile
            continue
        except OSError:  # the mail server: the reminder row is rolled back, so tomorrow's run tries again
            logger.exception("Sending the reminder about grant report %s failed", report.pk)
            continue
        sent += 1
    return sent
