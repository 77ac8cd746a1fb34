"""The proposal's allocation by rank (a pure function) and the weighted ranking of a call."""

from decimal import Decimal

import pytest

from nyinorge.grants.selectors.ranking import ProposalRow, call_ranking, proposal_allocate, proposal_totals
from tests.grants.schemes.admin_helpers import application_make, review_make
from tests.grants.schemes_fixtures import *  # noqa: F401,F403


def rows(*amounts):
    return [ProposalRow(number, Decimal(amount)) for number, amount in enumerate(amounts, start=1)]


def amounts(allocations):
    return [int(item.amount) for item in allocations]


def test_everyone_fits_gets_what_they_applied_for():
    result = proposal_allocate(rows(100, 200, 300), Decimal(1000), "partial")
    assert amounts(result) == [100, 200, 300]
    assert [item.outcome for item in result] == ["full", "full", "full"]


def test_partial_rule_gives_the_remainder_then_nothing():
    result = proposal_allocate(rows(400, 400, 400, 50), Decimal(1000), "partial")
    assert amounts(result) == [400, 400, 200, 0]
    assert [item.outcome for item in result] == ["full", "full", "partial", "none"]


def test_skip_rule_passes_over_the_one_that_does_not_fit():
    result = proposal_allocate(rows(400, 400, 400, 150, 100), Decimal(1000), "skip")
    assert amounts(result) == [400, 400, 0, 150, 0]
    assert [item.outcome for item in result] == ["full", "full", "skipped", "full", "skipped"]


def test_the_ceiling_per_application_caps_before_the_frame():
    result = proposal_allocate(rows(500, 100), Decimal(1000), "partial", max_amount=Decimal(300))
    assert amounts(result) == [300, 100]
    assert result[0].outcome == "capped"


def test_an_empty_frame_gives_nothing_and_an_unknown_rule_is_refused():
    assert amounts(proposal_allocate(rows(100), Decimal(0), "skip")) == [0]
    with pytest.raises(ValueError):
        proposal_allocate(rows(100), Decimal(10), "lottery")


def test_never_more_than_the_frame():
    for rule in ("partial", "skip"):
        result = proposal_allocate(rows(333, 333, 333, 333, 7), Decimal(1000), rule)
        assert sum(amounts(result)) <= 1000


@pytest.mark.django_db
def test_ranking_weights_the_criteria_means_and_breaks_ties_by_submission(call, officer, reviewer,
                                                                           second_officer, volunteer_org,
                                                                           employer_org):
    # Weights 50/30/20, max 7. A: all 7 → 100. B: relevance 7, others 1 → (50 + 30/7 + 20/7) / 100.
    a = application_make(call, volunteer_org, title="A", state="in_review", submitted_ago=3)
    b = application_make(call, employer_org, title="B", state="in_review", submitted_ago=5)
    c = application_make(call, volunteer_org, title="C", state="in_review", submitted_ago=9)
    tie = application_make(call, employer_org, title="Tie, later", state="in_review", submitted_ago=1)
    review_make(a, reviewer, officer, {"relevance": 7, "quality": 7, "cost": 7})
    review_make(b, reviewer, officer, {"relevance": 7, "quality": 1, "cost": 1})
    review_make(tie, reviewer, officer, {"relevance": 7, "quality": 7, "cost": 7})
    review_make(b, second_officer, officer, {"relevance": 5, "quality": 1, "cost": 1})
    ranking = call_ranking(call)
    assert [row.application.project_title for row in ranking] == ["A", "Tie, later", "B", "C"]
    assert ranking[0].score == Decimal("100.00")
    # B: relevance mean 6 → 50 × 6/7 + 30/7 + 20/7 = 50.0 of 100.
    assert ranking[2].score == Decimal("50.00")
    assert [mean.mean for mean in ranking[2].means] == [Decimal("6.00"), Decimal("1.00"), Decimal("1.00")]
    assert ranking[3].score is None and not ranking[3].complete


@pytest.mark.django_db
def test_totals_count_decisions_and_the_proposal(call, volunteer_org, employer_org):
    call.frame = Decimal(300_000)
    call.save()
    application_make(call, volunteer_org, state="approved", amount=100_000).__class__.objects.filter(
        call=call).update(amount_granted=Decimal(100_000))
    pending = application_make(call, employer_org, state="in_review", amount=250_000)
    totals = proposal_totals(call, {pending.pk: Decimal(250_000)})
    assert (totals.granted, totals.proposed, totals.remaining) == (100_000, 250_000, -50_000)
    assert totals.over_frame
    assert not proposal_totals(call).over_frame
