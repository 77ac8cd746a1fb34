"""The interpreter register's workflows as data: applications (with per-evidence review) and notices."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from nyinorge.core.access import Permission

# Who takes a transition: the interpreter who owns the application, a directorate reviewer of the
# interpreter register, or the public body that registered a notice.
APPLICANT = "applicant"
REVIEWER = "reviewer"
COMPLAINANT = "complainant"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    taken_by: frozenset[str]
    requires_reason: bool
    label: Promise


def transition_permission(*, transitions: dict[str, Transition], name: str, state: str, state_label: str,
                          rights: Callable[[Transition], Permission], wrong_state: str) -> Permission:
    """Whether an action may be taken now: a known action, the actor's rights, then the state (and why not).

    Rights come before the state so only those who could take the action learn the record's state.
    `wrong_state` is the translated message with %(state)s and %(action)s.
    """
    transition = transitions.get(name)
    if transition is None:
        return Permission(False, _("Unknown action %(name)s.") % {"name": name})
    granted = rights(transition)
    if not granted:
        return granted
    if state not in transition.sources:
        return Permission(False, wrong_state % {"state": state_label, "action": transition.label})
    return granted
