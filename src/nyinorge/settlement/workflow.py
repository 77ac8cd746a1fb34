"""The case workflow as data: states, transitions, who may take them and whether a reason is needed.

registered → ready → proposed → accepted → settled; proposed → declined → ready; any open state →
withdrawn. Services move cases only through `CASE_WORKFLOW` (the engine in `core.workflow`); nothing else
decides which moves are legal or who takes them.

A case living in a reception centre is made ready only after its settlement interview (IMDinett mottak) is
completed, or with a reason for going on without it (the reason is kept in the case's history): the guard
`interview_guard`, the one place that rule lives — pages, the bulk loads and the demo all go through it.
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nyinorge.core.access import Permission, user_can
from nyinorge.core.models import Organisation, User
from nyinorge.core.roles import Capability
from nyinorge.core.workflow import Actor, Transition, Workflow, transitions_table


class State(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    READY = "ready", _("Ready for settlement")
    PROPOSED = "proposed", _("Proposed to a municipality")
    ACCEPTED = "accepted", _("Accepted by the municipality")
    DECLINED = "declined", _("Declined by the municipality")
    SETTLED = "settled", _("Settled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


DIRECTORATE = "directorate"
MUNICIPALITY = "municipality"

OPEN_STATES = frozenset({State.REGISTERED, State.READY, State.PROPOSED, State.ACCEPTED, State.DECLINED})

TRANSITIONS: dict[str, Transition] = transitions_table(
    Transition("make_ready", frozenset({State.REGISTERED, State.DECLINED}), State.READY, frozenset({DIRECTORATE}), False,
               _("Mark as ready for settlement"), guard=lambda user, case: interview_guard(case),
               reason_overrides_guard=True),
    Transition("propose", frozenset({State.READY}), State.PROPOSED, frozenset({DIRECTORATE}), False,
               _("Propose to a municipality")),
    Transition("accept", frozenset({State.PROPOSED}), State.ACCEPTED, frozenset({MUNICIPALITY}), False, _("Accept")),
    Transition("decline", frozenset({State.PROPOSED}), State.DECLINED, frozenset({MUNICIPALITY}), True, _("Decline")),
    Transition("settle", frozenset({State.ACCEPTED}), State.SETTLED, frozenset({DIRECTORATE, MUNICIPALITY}), False,
               _("Record the settlement")),
    Transition("withdraw", OPEN_STATES, State.WITHDRAWN, frozenset({DIRECTORATE}), True, _("Withdraw")),
)


# The reason the bulk loads of past years give: the interview (IMDinett mottak, from 2020) was not recorded then.
HISTORICAL_LOAD_REASON = "Historisk innlasting: bosettingssamtalen er ikke registrert i plattformen."


def interview_guard(case) -> Permission | None:
    """Refuses a case from a reception centre whose settlement interview is not completed (a reason overrides it).

    Cases that never lived in a reception centre (resettlement refugees arriving directly, family reunification)
    have no reception interview to wait for; a selection mission's interview is welcome but not required."""
    if case.reception_centre_id is None:
        return None
    from nyinorge.competence.models import SettlementInterview  # the competence app's models import this module

    if SettlementInterview.objects.filter(case_id=case.pk, status=SettlementInterview.Status.COMPLETED).exists():
        return None
    return Permission(False, gettext(
        "The settlement interview has not been completed. Complete it first, or give a reason for marking the case "
        "ready without it."))


def _directorate(user: User | None, case) -> Permission | None:
    if user is None or user.organisation is None or user.organisation.kind != Organisation.Kind.DIRECTORATE:
        return None
    return user_can(user, Capability.MANAGE_SETTLEMENT_CASES)


def _municipality(user: User | None, case) -> Permission | None:
    if user is None or user.organisation is None or user.organisation.kind != Organisation.Kind.MUNICIPALITY:
        return None
    granted = user_can(user, Capability.ANSWER_PROPOSALS)
    if granted and case.municipality_id != user.organisation.municipality_id:
        return Permission(False, gettext("The case is not proposed to your municipality."))
    return granted


CASE_WORKFLOW = Workflow(
    states=State,
    transitions=TRANSITIONS,
    actors=[
        Actor(DIRECTORATE, _directorate, _("Your organisation cannot take the action “%(action)s”.")),
        Actor(MUNICIPALITY, _municipality, _("Your organisation cannot take the action “%(action)s”.")),
    ],
    wrong_state=_("A case that is “%(state)s” cannot be given the action “%(action)s”."),
    history="transitions",
    history_fields=lambda case: {"municipality_id": case.municipality_id},
    audit_persons=lambda case: [member.person for member in case.members.select_related("person")],
)
