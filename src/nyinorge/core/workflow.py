"""One workflow engine for every record that moves through states (settlement cases, interpreter applications
and notices, grants): the states, the transitions as data, who may take each one, and the move itself.

Every check answers with a `Permission` and its reason, in one order everywhere:

1. an unknown action (`UnknownTransition`, a PermissionDenied);
2. the record's state does not allow it (the workflow's `IllegalTransition`, a conflict);
3. the actor is not one the transition names (PermissionDenied);
4. the transition's guard refuses it now (the workflow's `IllegalTransition`) — unless the transition lets a
   stated reason override its guard (`reason_overrides_guard`: the reason is then kept in the history).

The state is named before the actor is checked; that tells nobody anything new, because the services get
their records through the visibility selectors, which answer 404 for records a user may not see.

`workflow_move` is one transaction: it locks the row, checks again, writes the new state and fields, the
history row and the audit entry, and queues side effects for after the commit.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from nyinorge.core.access import Permission
from nyinorge.core.models import AuditEntry, Person, User
from nyinorge.core.services.audit import audit_record


class UnknownTransition(PermissionDenied):
    """No transition of the workflow has this name."""


class IllegalTransition(PermissionDenied):
    """The record's state (or the transition's guard) does not allow the action now: a conflict, not a lack of rights."""


# (user, record) → None when the user is not this kind of actor at all; else whether they may act on this record.
ActorCheck = Callable[[User | None, Any], Permission | None]
# (user, record) → a refusal, or None (or a granted Permission) when the transition may be taken.
Guard = Callable[[User | None, Any], Permission | None]


@dataclass(frozen=True)
class Actor:
    """A kind of actor a transition can name: how to recognise one, and what a refusal says to everyone else."""

    name: str
    check: ActorCheck
    refusal: Promise  # with %(action)s


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    taken_by: frozenset[str]  # actor names
    requires_reason: bool
    label: Promise
    guard: Guard | None = None
    # A refusal of the guard gives way when the actor states a reason (kept in the history row): a rule with
    # recorded exceptions, such as "no case is ready without a completed interview, unless you say why".
    reason_overrides_guard: bool = False


@dataclass(frozen=True)
class Workflow:
    """States, transitions and actors of one kind of record, and where its history goes.

    `history` names the record's related manager of history rows (each with name, from_state, to_state, actor
    and reason); `history_fields` adds columns of a workflow's own; `audit_persons` are the people the audit entry
    names; `audit_prefix` begins its detail.
    """

    states: type[models.TextChoices]
    transitions: Mapping[str, Transition]
    actors: Sequence[Actor]
    wrong_state: Promise  # with %(state)s and %(action)s
    history: str
    illegal: type[IllegalTransition] = IllegalTransition
    state_field: str = "state"
    lock_related: tuple[str, ...] = ()
    history_fields: Callable[[Any], dict[str, Any]] = lambda record: {}
    audit_persons: Callable[[Any], Iterable[Person]] = lambda record: ()
    audit_prefix: Callable[[Any], str] = lambda record: ""

    def __post_init__(self) -> None:
        actors = {actor.name for actor in self.actors}
        values = set(self.states.values)
        for name, transition in self.transitions.items():
            if name != transition.name:
                raise ValueError(f"transition {transition.name} is listed as {name}")
            if not transition.sources <= values or transition.target not in values:
                raise ValueError(f"transition {name} names a state the workflow does not have")
            if not transition.taken_by or not transition.taken_by <= actors:
                raise ValueError(f"transition {name} names an actor the workflow does not have")

    def transition(self, name: str) -> Transition:
        transition = self.transitions.get(name)
        if transition is None:
            raise UnknownTransition(_("Unknown action %(name)s.") % {"name": name})
        return transition

    def state_of(self, record) -> str:
        return getattr(record, self.state_field)


def transitions_table(*transitions: Transition) -> dict[str, Transition]:
    """The transitions by name, in the order given."""
    return {transition.name: transition for transition in transitions}


def _actor_permission(workflow: Workflow, transition: Transition, user: User | None, record) -> Permission:
    refusal = None
    for actor in workflow.actors:  # the workflow's order, so a refusal reads the same whoever asks
        if actor.name not in transition.taken_by:
            continue
        answer = actor.check(user, record)
        if answer:
            return answer
        if answer is not None and refusal is None:
            refusal = answer
    if refusal is not None:
        return refusal
    first = next(actor for actor in workflow.actors if actor.name in transition.taken_by)
    return Permission(False, str(first.refusal) % {"action": transition.label})


def _check(workflow: Workflow, record, name: str, user: User | None,
           reason: str = "") -> tuple[type[PermissionDenied] | None, Permission]:
    """The answer of the checks in their order, with the exception a refusal raises (None when granted)."""
    transition = workflow.transitions.get(name)
    if transition is None:
        return UnknownTransition, Permission(False, _("Unknown action %(name)s.") % {"name": name})
    state = workflow.state_of(record)
    if state not in transition.sources:
        return workflow.illegal, Permission(False, str(workflow.wrong_state) % {
            "state": workflow.states(state).label, "action": transition.label})
    granted = _actor_permission(workflow, transition, user, record)
    if not granted:
        return PermissionDenied, granted
    overridden = transition.reason_overrides_guard and bool(reason.strip())
    if transition.guard is not None and not overridden:
        guarded = transition.guard(user, record)
        if guarded is not None and not guarded:
            return workflow.illegal, guarded
    return None, granted


def workflow_permission(*, workflow: Workflow, record, name: str, user: User | None, reason: str = "") -> Permission:
    """Whether the user may take this transition on the record now (with this reason), and why (not)."""
    return _check(workflow, record, name, user, reason)[1]


def workflow_guard_overridable(*, workflow: Workflow, record, name: str, user: User | None) -> Permission | None:
    """The guard's refusal when only the guard stands in the way and a stated reason would override it, else None:
    pages ask for the reason (and say why) instead of hiding the action."""
    transition = workflow.transitions.get(name)
    if transition is None or not transition.reason_overrides_guard or transition.guard is None:
        return None
    exception, permission = _check(workflow, record, name, user)
    if exception is not workflow.illegal or workflow.state_of(record) not in transition.sources:
        return None
    return permission


def workflow_require(*, workflow: Workflow, record, name: str, user: User | None, reason: str = "") -> Transition:
    """The transition, if the user may take it on the record now; else the exception of the first failed check."""
    exception, permission = _check(workflow, record, name, user, reason)
    if exception is not None:
        raise exception(permission.reason)
    return workflow.transitions[name]


def workflow_actions(*, workflow: Workflow, record, user: User | None) -> list[str]:
    """The transitions the user may take on the record now, in the workflow's order."""
    return [name for name in workflow.transitions if _check(workflow, record, name, user)[1]]


def workflow_move(
    *,
    workflow: Workflow,
    record,
    name: str,
    actor: User | None,
    reason: str = "",
    after_commit: Callable[[Any], None] | None = None,
    **changes: Any,
):
    """Take one transition: lock the row, check, set the state and `changes`, write history and audit; returns
    the locked, changed record. `after_commit` runs with it once the transaction commits (never on a rollback)."""
    with transaction.atomic():
        record = (type(record).objects.select_for_update(of=("self",)).select_related(*workflow.lock_related)
                  .get(pk=record.pk))
        reason = reason.strip()
        transition = workflow_require(workflow=workflow, record=record, name=name, user=actor, reason=reason)
        if transition.requires_reason and not reason:
            raise ValidationError({"reason": [_("Give a reason.")]})
        before = workflow.state_of(record)
        for field_name, value in changes.items():
            setattr(record, field_name, value)
        setattr(record, workflow.state_field, transition.target)
        record.save()
        getattr(record, workflow.history).create(name=name, from_state=before, to_state=transition.target, actor=actor,
                                                 reason=reason, **workflow.history_fields(record))
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type=record._meta.label_lower,
                     object_id=record.pk, persons=list(workflow.audit_persons(record)),
                     username="system" if actor is None else "",
                     detail=f"{workflow.audit_prefix(record)}{name}: {before} → {transition.target}")
        if after_commit is not None:
            transaction.on_commit(lambda: after_commit(record))
    return record

