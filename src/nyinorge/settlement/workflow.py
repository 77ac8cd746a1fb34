"""The case workflow as data: states, transitions, who may take them and whether a reason is needed.

registered → ready → proposed → accepted → settled; proposed → declined → ready; any open state →
withdrawn. Services read this table; nothing else decides which moves are legal.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


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


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[State]
    target: State
    taken_by: frozenset[str]  # organisation kinds
    requires_reason: bool
    label: Promise


OPEN_STATES = frozenset({State.REGISTERED, State.READY, State.PROPOSED, State.ACCEPTED, State.DECLINED})

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition("make_ready", frozenset({State.REGISTERED, State.DECLINED}), State.READY, frozenset({DIRECTORATE}), False,
                   _("Mark as ready for settlement")),
        Transition("propose", frozenset({State.READY}), State.PROPOSED, frozenset({DIRECTORATE}), False,
                   _("Propose to a municipality")),
        Transition("accept", frozenset({State.PROPOSED}), State.ACCEPTED, frozenset({MUNICIPALITY}), False, _("Accept")),
        Transition("decline", frozenset({State.PROPOSED}), State.DECLINED, frozenset({MUNICIPALITY}), True, _("Decline")),
        Transition("settle", frozenset({State.ACCEPTED}), State.SETTLED, frozenset({DIRECTORATE, MUNICIPALITY}), False,
                   _("Record the settlement")),
        Transition("withdraw", OPEN_STATES, State.WITHDRAWN, frozenset({DIRECTORATE}), True, _("Withdraw")),
    ]
}
