"""The workflow of an application to an application-based scheme, as data (the engine is `core.workflow`).

Actors: the applicant (a user of the applying organisation with the applicant role) and the administrator
(a grant officer of the organisation that administers the call: the directorate, or the municipality a
delegated scheme's call belongs to). The appeal body is outside the platform; the administrator records its
decision. Guards check what is data: the deadline, the call's applicant kinds, the frame, the appeal deadline.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nyinorge.core.access import Permission, user_can
from nyinorge.core.models import User
from nyinorge.core.roles import Capability
from nyinorge.core.workflow import Actor, IllegalTransition, Transition, Workflow, transitions_table
from nyinorge.grants.application_states import (
    ACCEPTABLE_STATES, APPEALABLE_STATES, OPEN_STATES, A,
)

APPLICANT = "applicant"
ADMINISTRATOR = "administrator"


class IllegalApplicationTransition(IllegalTransition):
    """The application's state (or a guard) does not allow the action now."""


def _before_deadline(user: User | None, application) -> Permission | None:
    if application.call.is_open:
        return None
    deadline = formats.date_format(timezone.localtime(application.call.deadline), "SHORT_DATETIME_FORMAT")
    if timezone.now() > application.call.deadline:
        return Permission(False, gettext("The deadline was %(deadline)s; the call no longer takes applications.")
                          % {"deadline": deadline})
    return Permission(False, gettext("The call is not open for applications."))


def _grant_scheme(user: User | None, application) -> Permission | None:
    if application.call.scheme.is_prize:
        return Permission(False, gettext("A prize nomination is awarded or not; it is not a grant decision."))
    return None


def _prize(user: User | None, application) -> Permission | None:
    if not application.call.scheme.is_prize:
        return Permission(False, gettext("Only a prize nomination is awarded."))
    return None


def _within_appeal_deadline(user: User | None, application) -> Permission | None:
    if application.state == A.APPEAL_UPHELD and (
            application.events.filter(name__in=APPEAL_DECISIONS).order_by("-at", "-id")
            .values_list("name", flat=True).first() == "appeal_body_uphold"):
        return Permission(False, gettext("The appeal body has decided the appeal; its decision cannot be appealed "
                                         "(forvaltningsloven § 28 third paragraph)."))
    if application.appeal_open_on(timezone.localdate()):
        return None
    deadline = application.appeal_deadline
    return Permission(False, gettext(
        "The appeal deadline was %(deadline)s (three weeks after the decision, forvaltningsloven § 29); the appeal "
        "form is closed. A late appeal can only be taken up by the administering body on its own assessment "
        "(§ 31): write to it.") % {"deadline": formats.date_format(deadline, "SHORT_DATE_FORMAT") if deadline else "–"})


def _after_deadline(user: User | None, application) -> Permission | None:
    """Grants and prizes are decided by rank once every application is in, not while the call is still open."""
    if timezone.now() > application.call.deadline:
        return None
    deadline = formats.date_format(timezone.localtime(application.call.deadline), "SHORT_DATETIME_FORMAT")
    return Permission(False, gettext("The call takes applications until %(deadline)s; decide after the deadline, "
                                     "when every application can be ranked.") % {"deadline": deadline})


def _acceptable(user: User | None, application) -> Permission | None:
    if application.amount_granted:
        return None
    return Permission(False, gettext("Nothing was granted, so there is no grant letter to accept."))


def _reports_approved(user: User | None, application) -> Permission | None:
    from nyinorge.grants.models import GrantReport

    open_reports = application.reports.exclude(state=GrantReport.State.APPROVED).count()
    if open_reports:
        return Permission(False, gettext("%(count)d report(s) are not yet approved.") % {"count": open_reports})
    return None


def _all(*guards):
    def guard(user, application):
        for check in guards:
            answer = check(user, application)
            if answer is not None and not answer:
                return answer
        return None
    return guard


DECIDABLE = frozenset({A.IN_REVIEW})
TRANSITIONS: dict[str, Transition] = transitions_table(
    Transition("submit", frozenset({A.DRAFT}), A.SUBMITTED, frozenset({APPLICANT}), False,
               _("Submit the application"), guard=_before_deadline),
    Transition("withdraw", OPEN_STATES, A.WITHDRAWN, frozenset({APPLICANT}), False, _("Withdraw the application")),
    Transition("start_review", frozenset({A.SUBMITTED}), A.IN_REVIEW, frozenset({ADMINISTRATOR}), False,
               _("Start the review")),
    Transition("approve", DECIDABLE, A.APPROVED, frozenset({ADMINISTRATOR}), True, _("Approve"),
               guard=_all(_grant_scheme, _after_deadline)),
    Transition("approve_partly", DECIDABLE, A.PARTLY_APPROVED, frozenset({ADMINISTRATOR}), True,
               _("Approve in part"), guard=_all(_grant_scheme, _after_deadline)),
    Transition("reject", DECIDABLE, A.REJECTED, frozenset({ADMINISTRATOR}), True, _("Reject"),
               guard=_all(_grant_scheme, _after_deadline)),
    Transition("dismiss", frozenset({A.SUBMITTED, A.IN_REVIEW}), A.DISMISSED, frozenset({ADMINISTRATOR}), True,
               _("Dismiss (not eligible)"), guard=_grant_scheme),
    Transition("accept", ACCEPTABLE_STATES, A.ACCEPTED, frozenset({APPLICANT}), False,
               _("Accept the grant letter"), guard=_acceptable),
    Transition("appeal", APPEALABLE_STATES, A.APPEALED, frozenset({APPLICANT}), True, _("Appeal the decision"),
               guard=_within_appeal_deadline),
    Transition("reconsider_uphold", frozenset({A.APPEALED}), A.APPEAL_UPHELD, frozenset({ADMINISTRATOR}), True,
               _("Change the decision (the appeal is upheld)")),
    Transition("reconsider_reopen", frozenset({A.APPEALED}), A.IN_REVIEW, frozenset({ADMINISTRATOR}), True,
               _("Reverse the dismissal and assess the application")),
    Transition("send_to_appeal_body", frozenset({A.APPEALED}), A.WITH_APPEAL_BODY, frozenset({ADMINISTRATOR}), True,
               _("Maintain the decision and send the appeal to the appeal body")),
    Transition("appeal_body_uphold", frozenset({A.WITH_APPEAL_BODY}), A.APPEAL_UPHELD, frozenset({ADMINISTRATOR}),
               True, _("Record: the appeal body upheld the appeal")),
    Transition("appeal_body_reopen", frozenset({A.WITH_APPEAL_BODY}), A.IN_REVIEW, frozenset({ADMINISTRATOR}),
               True, _("Record: the appeal body reversed the dismissal")),
    Transition("appeal_body_reject", frozenset({A.WITH_APPEAL_BODY}), A.APPEAL_REJECTED, frozenset({ADMINISTRATOR}),
               True, _("Record: the appeal body rejected the appeal")),
    Transition("complete", frozenset({A.ACCEPTED}), A.COMPLETED, frozenset({ADMINISTRATOR}), False,
               _("Close the grant (every report approved)"), guard=_reports_approved),
    Transition("award", DECIDABLE, A.AWARDED, frozenset({ADMINISTRATOR}), True, _("Award the prize"),
               guard=_all(_prize, _after_deadline)),
    Transition("not_award", DECIDABLE, A.NOT_AWARDED, frozenset({ADMINISTRATOR}), False, _("Do not award"),
               guard=_all(_prize, _after_deadline)),
)
DECISIONS = ("approve", "approve_partly", "reject", "dismiss")
APPEAL_DECISIONS = ("reconsider_uphold", "reconsider_reopen", "send_to_appeal_body", "appeal_body_uphold",
                    "appeal_body_reopen", "appeal_body_reject")


def is_administrator_of(user: User | None, call) -> Permission | None:
    """None when the user is no grant officer; else whether they administer this call (their organisation's)."""
    if user is None or not user.is_authenticated or user.organisation is None:
        return None
    granted = user_can(user, Capability.ADMINISTER_GRANT_SCHEMES)
    if not granted:
        return None
    if call.administered_by_id != user.organisation_id:
        return Permission(False, gettext("The call is administered by %(organisation)s.")
                          % {"organisation": call.administered_by.name})
    return granted


def _administrator(user: User | None, application) -> Permission | None:
    return is_administrator_of(user, application.call)


def _applicant(user: User | None, application) -> Permission | None:
    if user is None or not user.is_authenticated or user.organisation is None:
        return None
    granted = user_can(user, Capability.APPLY_FOR_GRANTS)
    if not granted:
        return None
    if application.applicant_id != user.organisation_id:
        return Permission(False, gettext("The application is another organisation's."))
    return granted


GRANT_APPLICATION_WORKFLOW = Workflow(
    states=A,
    transitions=TRANSITIONS,
    actors=[
        Actor(APPLICANT, _applicant, _("Only the applying organisation can take the action “%(action)s”.")),
        Actor(ADMINISTRATOR, _administrator, _("Only the grant officers administering the call can take the action "
                                               "“%(action)s”.")),
    ],
    wrong_state=_("An application that is “%(state)s” cannot be given the action “%(action)s”."),
    history="events",
    illegal=IllegalApplicationTransition,
    lock_related=("call", "call__scheme", "call__administered_by", "applicant"),
    history_fields=lambda application: {"amount_granted": application.amount_granted},
    audit_prefix=lambda application: f"grant application {application.call.scheme.code} {application.call.budget_year}: ",
)
