"""Emails to interpreters, in bokmål and plain text. Like the settlement reminders they carry no reasons or
other details beyond what is needed (email is not a safe channel): the link leads to the page, behind login."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from nyinorge.interpreters.models import Application, Interpreter, Notice
from nyinorge.interpreters.workflows.applications import ApplicationState


def interpreter_address(interpreter: Interpreter) -> str:
    """Where to write to the interpreter: the register's address, else the login's ("" if neither)."""
    if interpreter.email:
        return interpreter.email
    return interpreter.user.email if interpreter.user_id and interpreter.user.email else ""


def application_url() -> str:
    """The absolute address of the interpreter's own application page."""
    return f"{settings.SITE_URL}{reverse('interpreters:apply_overview')}"


def application_decision_message(*, application: Application, listed: bool) -> EmailMessage | None:
    """The decision email: the outcome per qualification, whether the interpreter is listed, where to read more."""
    to = interpreter_address(application.interpreter)
    if not to:
        return None
    with translation.override("nb"):
        outcome = ApplicationState(application.state).label
        subject = _("Your application to the national interpreter register: %(outcome)s") % {"outcome": outcome}
        lines = [f"  {claim}: {claim.status_display}" for claim in application.claims.select_related("evidence")]
        if listed:
            listing = _("You are listed in the public interpreter register.")
        elif application.state == ApplicationState.REJECTED:
            listing = _("You are not listed in the public interpreter register.")
        else:
            listing = _("You are not listed yet: the approved evidence does not give a category in any language.")
        body = "\n".join([
            _("Hello %(name)s,") % {"name": application.interpreter.given_name},
            "",
            _("The directorate has reviewed your application. The decision: %(outcome)s.") % {"outcome": outcome},
            "",
            *lines,
            "",
            listing,
            "",
            _("Read the reasons and, where evidence was rejected, amend and resubmit: %(url)s") % {"url": application_url()},
            "",
            _("This message is sent automatically. Log in to see the full decision."),
        ])
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])


def notice_outcome_message(*, notice: Notice) -> EmailMessage | None:
    """Tells the interpreter that a notice about them is being assessed (they may comment), or its outcome."""
    to = interpreter_address(notice.interpreter)
    if not to:
        return None
    with translation.override("nb"):
        outcome = Notice.State(notice.state).label
        subject = _("The national interpreter register: %(outcome)s") % {"outcome": outcome}
        if notice.state == Notice.State.UNDER_ASSESSMENT:
            news = _("The directorate is assessing a notice from a public body about an interpreting assignment on "
                     "%(date)s. You may read it and comment before the directorate decides: %(url)s") % {
                "date": notice.assignment_date.isoformat(), "url": application_url()}
        else:
            news = _("The directorate has assessed a notice about an interpreting assignment on %(date)s. The "
                     "outcome: %(outcome)s.") % {"date": notice.assignment_date.isoformat(), "outcome": outcome}
        body = "\n".join([
            _("Hello %(name)s,") % {"name": notice.interpreter.given_name},
            "",
            news,
            "",
            _("Contact the directorate if you have questions or wish to comment."),
            "",
            _("This message is sent automatically."),
        ])
    return EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
