"""The application and notice workflows as data: consistent tables and the review's conclusion rule."""

import pytest

from nyinorge.interpreters.workflows import APPLICANT, COMPLAINANT, REVIEWER
from nyinorge.interpreters.workflows import applications, notices


@pytest.mark.parametrize(("module", "states"), [
    (applications, applications.ApplicationState), (notices, notices.NoticeState)])
def test_tables_name_only_real_states_and_actors(module, states):
    values = set(states.values)
    for name, transition in module.TRANSITIONS.items():
        assert transition.name == name
        assert transition.sources <= values and transition.target in values
        assert transition.taken_by <= {APPLICANT, REVIEWER, COMPLAINANT}
        assert str(transition.label)


def test_every_application_state_is_reachable_from_draft():
    reached, frontier = {"draft"}, ["draft"]
    while frontier:
        state = frontier.pop()
        for transition in applications.TRANSITIONS.values():
            if state in transition.sources and transition.target not in reached:
                reached.add(transition.target)
                frontier.append(transition.target)
    assert reached == set(applications.ApplicationState.values)


@pytest.mark.parametrize(("approved", "rejected", "pending", "expected"), [
    (2, 0, 0, "approve"),
    (1, 1, 0, "approve_partly"),
    (0, 3, 0, "reject"),
    (1, 0, 1, None),  # still pending: no conclusion yet
    (0, 0, 0, None),  # nothing to decide
])
def test_conclusion_follows_the_evidence_decisions(approved, rejected, pending, expected):
    assert applications.conclusion_for(approved=approved, rejected=rejected, pending=pending) == expected


def test_rejecting_evidence_needs_a_reason_and_approving_does_not():
    assert applications.EVIDENCE_DECISIONS["reject"].requires_reason
    assert not applications.EVIDENCE_DECISIONS["approve"].requires_reason


def test_reviewer_outcomes_of_notices_need_reasons():
    for name in ("dismiss", "give_guidance", "suspend", "lift"):
        assert notices.TRANSITIONS[name].requires_reason
        assert notices.TRANSITIONS[name].taken_by == {REVIEWER}
