"""The workflow engine: tables checked when declared, one order of checks with a reason for each refusal, and a
move that is one transaction with its history row, audit entry and after-commit effects."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from nyinorge.core.access import Permission
from nyinorge.core.models import AuditEntry, AuditSubject
from nyinorge.core.workflow import (
    Actor,
    IllegalTransition,
    Transition,
    UnknownTransition,
    Workflow,
    transitions_table,
    workflow_actions,
    workflow_move,
    workflow_permission,
    workflow_require,
)
from nyinorge.settlement.models import Case, CaseMember
from nyinorge.settlement.services.cases import case_create
from nyinorge.settlement.workflow import State


@pytest.fixture(autouse=True)
def english():
    """The reasons are compared as text: in English, whatever language an earlier test left active."""
    with override("en"):
        yield


class Light(models.TextChoices):
    RED = "red", _("Red")
    GREEN = "green", _("Green")
    BROKEN = "broken", _("Broken")


class Stuck(IllegalTransition):
    pass


def _is(kind: str):
    """An actor check: users are SimpleNamespace(kind=..., allowed=...); None for another kind, else allowed or not."""
    def check(user, record):
        if user is None or user.kind != kind:
            return None
        return Permission(user.allowed, f"{kind} says {'yes' if user.allowed else 'no'}")
    return check


def _workflow(guard=None, transitions=None) -> Workflow:
    return Workflow(
        states=Light,
        transitions=transitions or transitions_table(
            Transition("go", frozenset({Light.RED}), Light.GREEN, frozenset({"driver"}), False, _("Go"), guard=guard),
            Transition("stop", frozenset({Light.GREEN}), Light.RED, frozenset({"driver", "police"}), True, _("Stop")),
            Transition("break", frozenset({Light.RED, Light.GREEN}), Light.BROKEN, frozenset({"police"}), False,
                       _("Break")),
        ),
        actors=[Actor("police", _is("police"), _("Only the police can “%(action)s”.")),
                Actor("driver", _is("driver"), _("Only a driver can “%(action)s”."))],
        wrong_state=_("A light that is “%(state)s” cannot “%(action)s”."),
        history="transitions",
        illegal=Stuck,
    )


DRIVER, POLICE, CLERK = (SimpleNamespace(kind="driver", allowed=True), SimpleNamespace(kind="police", allowed=True),
                         SimpleNamespace(kind="clerk", allowed=True))


def _light(state: str) -> SimpleNamespace:
    return SimpleNamespace(state=state)


def test_a_table_naming_states_or_actors_the_workflow_lacks_is_refused_when_declared():
    with pytest.raises(ValueError, match="state"):
        _workflow(transitions=transitions_table(
            Transition("fly", frozenset({"sky"}), Light.RED, frozenset({"driver"}), False, _("Fly"))))
    with pytest.raises(ValueError, match="actor"):
        _workflow(transitions=transitions_table(
            Transition("go", frozenset({Light.RED}), Light.GREEN, frozenset({"pilot"}), False, _("Go"))))
    with pytest.raises(ValueError, match="listed as"):
        _workflow(transitions={"go": Transition("stop", frozenset({Light.RED}), Light.GREEN, frozenset({"driver"}),
                                                False, _("Stop"))})


def test_the_checks_run_in_one_order_unknown_then_state_then_actor_then_guard():
    workflow = _workflow(guard=lambda user, record: Permission(False, "the road is closed"))
    # Unknown beats everything.
    with pytest.raises(UnknownTransition, match="Unknown action fly"):
        workflow_require(workflow=workflow, record=_light(Light.BROKEN), name="fly", user=CLERK)
    # The state comes before the actor: a clerk asking to stop a red light hears about the state.
    with pytest.raises(Stuck, match="“Red” cannot “Stop”"):
        workflow_require(workflow=workflow, record=_light(Light.RED), name="stop", user=CLERK)
    # Then the actor: a plain PermissionDenied, not the workflow's conflict.
    with pytest.raises(PermissionDenied, match="Only a driver can “Go”") as refused:
        workflow_require(workflow=workflow, record=_light(Light.RED), name="go", user=CLERK)
    assert not isinstance(refused.value, IllegalTransition)
    # Then the guard, a conflict with the record's situation.
    with pytest.raises(Stuck, match="the road is closed"):
        workflow_require(workflow=workflow, record=_light(Light.RED), name="go", user=DRIVER)


def test_every_answer_has_a_reason_and_a_grant_says_whose():
    workflow = _workflow()
    assert workflow_permission(workflow=workflow, record=_light(Light.RED), name="go", user=DRIVER) == Permission(
        True, "driver says yes")
    wrong_state = workflow_permission(workflow=workflow, record=_light(Light.GREEN), name="go", user=DRIVER)
    assert not wrong_state and wrong_state.reason == "A light that is “Green” cannot “Go”."
    assert workflow_require(workflow=workflow, record=_light(Light.RED), name="go", user=DRIVER).target == Light.GREEN


def test_an_actor_of_the_right_kind_refused_on_this_record_hears_its_own_reason():
    workflow = _workflow()
    barred = SimpleNamespace(kind="driver", allowed=False)
    refusal = workflow_permission(workflow=workflow, record=_light(Light.GREEN), name="stop", user=barred)
    assert refusal == Permission(False, "driver says no")
    # Nobody of a named kind: the refusal of the first kind the workflow lists (police before driver).
    nobody = workflow_permission(workflow=workflow, record=_light(Light.GREEN), name="stop", user=CLERK)
    assert nobody.reason == "Only the police can “Stop”."
    assert workflow_permission(workflow=workflow, record=_light(Light.GREEN), name="stop", user=POLICE)


def test_a_guard_that_allows_or_returns_nothing_lets_the_transition_through():
    for answer in (None, Permission(True, "fine")):
        workflow = _workflow(guard=lambda user, record, answer=answer: answer)
        assert workflow_permission(workflow=workflow, record=_light(Light.RED), name="go", user=DRIVER)


def test_the_actions_open_to_a_user_follow_the_same_checks():
    workflow = _workflow()
    assert workflow_actions(workflow=workflow, record=_light(Light.RED), user=DRIVER) == ["go"]
    assert workflow_actions(workflow=workflow, record=_light(Light.GREEN), user=POLICE) == ["stop", "break"]
    assert workflow_actions(workflow=workflow, record=_light(Light.BROKEN), user=POLICE) == []


# --- The move, on a real table: settlement cases with a workflow of the test's own -------------------------

def _directorate(user, case):
    return Permission(True, "staff") if user is not None and user.organisation.kind == "directorate" else None


CASES = Workflow(
    states=State,
    transitions=transitions_table(
        Transition("ready", frozenset({State.REGISTERED}), State.READY, frozenset({"staff"}), False, _("Ready")),
        Transition("drop", frozenset({State.REGISTERED, State.READY}), State.WITHDRAWN, frozenset({"staff"}), True,
                   _("Drop")),
    ),
    actors=[Actor("staff", _directorate, _("Staff only: “%(action)s”."))],
    wrong_state=_("A case that is “%(state)s” cannot be given the action “%(action)s”."),
    history="transitions",
    history_fields=lambda case: {"municipality_id": case.municipality_id},
    audit_persons=lambda case: [member.person for member in case.members.select_related("person")],
    audit_prefix=lambda case: f"case {case.pk}: ",
)


@pytest.fixture
def case(caseworker, make_person):
    return case_create(actor=caseworker, category="reception", members=[make_person(), make_person()],
                       decision_date=datetime.date(2019, 1, 15))


@pytest.mark.django_db
def test_a_move_writes_state_fields_history_and_one_audit_entry_naming_the_people(caseworker, case):
    moved = workflow_move(workflow=CASES, record=case, name="ready", actor=caseworker, reason="  checked  ",
                          needs_summary="ground floor")
    assert moved.pk == case.pk
    stored = Case.objects.get(pk=case.pk)
    assert (stored.state, stored.needs_summary) == (State.READY, "ground floor")
    [row] = stored.transitions.all()
    assert (row.name, row.from_state, row.to_state, row.actor, row.reason) == (
        "ready", State.REGISTERED, State.READY, caseworker, "checked")
    entry = AuditEntry.objects.filter(object_type="settlement.case", object_id=str(case.pk)).latest("id")
    assert (entry.action, entry.user, entry.detail) == (
        AuditEntry.Action.UPDATE, caseworker, f"case {case.pk}: ready: registered → ready")
    members = set(CaseMember.objects.filter(case=case).values_list("person_id", flat=True))
    assert set(AuditSubject.objects.filter(entry=entry).values_list("person_id", flat=True)) == members


@pytest.mark.django_db
def test_a_missing_reason_or_a_refusal_writes_nothing(caseworker, case, make_user, municipality_org):
    from nyinorge.core.roles import Role

    outsider = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))  # its creation is audited
    audited = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as missing:
        workflow_move(workflow=CASES, record=case, name="drop", actor=caseworker, reason="   ")
    assert "reason" in missing.value.message_dict
    with pytest.raises(PermissionDenied, match="Staff only"):
        workflow_move(workflow=CASES, record=case, name="ready", actor=outsider)
    assert Case.objects.get(pk=case.pk).state == State.REGISTERED
    assert not case.transitions.exists() and AuditEntry.objects.count() == audited


@pytest.mark.django_db
def test_the_move_checks_the_row_as_stored_not_the_callers_copy(caseworker, case):
    stale = Case.objects.get(pk=case.pk)
    workflow_move(workflow=CASES, record=case, name="drop", actor=caseworker, reason="left")
    assert stale.state == State.REGISTERED  # the caller's copy still says registered
    with pytest.raises(IllegalTransition, match="Withdrawn"):
        workflow_move(workflow=CASES, record=stale, name="ready", actor=caseworker)


@pytest.mark.django_db
def test_side_effects_run_after_the_commit_and_never_after_a_rollback(caseworker, case,
                                                                      django_capture_on_commit_callbacks):
    ran = []
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                workflow_move(workflow=CASES, record=case, name="ready", actor=caseworker,
                              after_commit=lambda moved: ran.append(("rolled back", moved.state)))
                raise RuntimeError("the caller fails after the move")
    assert ran == [] and Case.objects.get(pk=case.pk).state == State.REGISTERED
    with django_capture_on_commit_callbacks(execute=True):
        workflow_move(workflow=CASES, record=case, name="ready", actor=caseworker,
                      after_commit=lambda moved: ran.append(("committed", moved.state)))
    assert ran == [("committed", State.READY)]
