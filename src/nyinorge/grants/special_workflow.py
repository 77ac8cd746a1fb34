"""The special grant's workflow as data (the engine is `core.workflow`).

draft → submitted (municipality) → under_review (directorate) → granted / partly_granted / refused (directorate,
with written reasons: an individual decision, fvl. §§ 24–25) → appealed (municipality, within three weeks of the
decision, fvl. § 29) → appeal_upheld / appeal_rejected (directorate, with reasons); draft, submitted or
under_review → withdrawn (municipality). Granting checks eligibility again: the facts may have changed since
the application was submitted.
"""

from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nyinorge.core.access import Permission, user_can
from nyinorge.core.models import Organisation, User
from nyinorge.core.roles import Capability
from nyinorge.core.workflow import Actor, IllegalTransition, Transition, Workflow, transitions_table
from nyinorge.grants.selectors.special import special_grant_eligibility, special_grant_overlapping
from nyinorge.grants.special_states import APPEALABLE_STATES, OPEN_STATES, S

DIRECTORATE = "directorate"
MUNICIPALITY = "municipality"


class IllegalSpecialGrantTransition(IllegalTransition):
    """The application's state (or a guard) does not allow the action now."""


def _eligible(user: User | None, application) -> Permission:
    return special_grant_eligibility(application)


def _submittable(user: User | None, application) -> Permission:
    if not application.documents.exists():
        return Permission(False, gettext("Upload the documentation of the needs and the extra costs first."))
    overlapping = special_grant_overlapping(application)
    if overlapping is not None:
        return Permission(False, gettext("Application %(number)d already covers this person, grant and year; "
                                         "withdraw it or wait for its decision.") % {"number": overlapping.pk})
    return special_grant_eligibility(application)


def _within_appeal_deadline(user: User | None, application) -> Permission | None:
    if application.appeal_open_on(timezone.localdate()):
        return None
    return Permission(False, gettext(
        "The appeal deadline was %(deadline)s (three weeks after the decision, forvaltningsloven § 29); "
        "the appeal form is closed. A late appeal can only be taken up by the directorate on its own "
        "assessment (§ 31): write to it.") % {"deadline": formats.date_format(application.appeal_deadline,
                                                                               "SHORT_DATE_FORMAT")})


TRANSITIONS: dict[str, Transition] = transitions_table(
    Transition("submit", frozenset({S.DRAFT}), S.SUBMITTED, frozenset({MUNICIPALITY}), False,
               _("Submit the application"), guard=_submittable),
    Transition("start_review", frozenset({S.SUBMITTED}), S.UNDER_REVIEW, frozenset({DIRECTORATE}), False,
               _("Start the review")),
    Transition("grant", frozenset({S.UNDER_REVIEW}), S.GRANTED, frozenset({DIRECTORATE}), True,
               _("Grant"), guard=_eligible),
    Transition("grant_partly", frozenset({S.UNDER_REVIEW}), S.PARTLY_GRANTED, frozenset({DIRECTORATE}), True,
               _("Grant in part"), guard=_eligible),
    Transition("refuse", frozenset({S.UNDER_REVIEW}), S.REFUSED, frozenset({DIRECTORATE}), True, _("Refuse")),
    Transition("appeal", APPEALABLE_STATES, S.APPEALED, frozenset({MUNICIPALITY}), True,
               _("Appeal the decision"), guard=_within_appeal_deadline),
    Transition("uphold_appeal", frozenset({S.APPEALED}), S.APPEAL_UPHELD, frozenset({DIRECTORATE}), True,
               _("Uphold the appeal"), guard=_eligible),
    Transition("reject_appeal", frozenset({S.APPEALED}), S.APPEAL_REJECTED, frozenset({DIRECTORATE}), True,
               _("Reject the appeal")),
    Transition("withdraw", OPEN_STATES, S.WITHDRAWN, frozenset({MUNICIPALITY}), False,
               _("Withdraw the application")),
)
DECISIONS = ("grant", "grant_partly", "refuse")
APPEAL_DECISIONS = ("uphold_appeal", "reject_appeal")


def _directorate(user: User | None, application) -> Permission | None:
    if user is None or user.organisation is None or user.organisation.kind != Organisation.Kind.DIRECTORATE:
        return None
    return user_can(user, Capability.DECIDE_SPECIAL_GRANTS)


def _municipality(user: User | None, application) -> Permission | None:
    if user is None or user.organisation is None or user.organisation.kind != Organisation.Kind.MUNICIPALITY:
        return None
    granted = user_can(user, Capability.APPLY_SPECIAL_GRANTS)
    if granted and application.municipality_id != user.organisation.municipality_id:
        return Permission(False, gettext("The application is another municipality's."))
    return granted


SPECIAL_GRANT_WORKFLOW = Workflow(
    states=S,
    transitions=TRANSITIONS,
    actors=[
        Actor(MUNICIPALITY, _municipality, _("Only the applying municipality can take the action “%(action)s”.")),
        Actor(DIRECTORATE, _directorate, _("Only the directorate's caseworkers for special grants can take the "
                                           "action “%(action)s”.")),
    ],
    wrong_state=_("An application that is “%(state)s” cannot be given the action “%(action)s”."),
    history="events",
    illegal=IllegalSpecialGrantTransition,
    lock_related=("person", "municipality"),
    history_fields=lambda application: {"amount_granted": application.amount_granted},
    audit_persons=lambda application: [application.person],
    audit_prefix=lambda application: f"special grant {application.kind} {application.budget_year}: ",
)
