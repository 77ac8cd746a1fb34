"""The fairness report adds up, and the gap bound is met (or says it could not be) at a price it reports."""

import numpy as np
import pytest

from nyinorge.matching import simulator as sim
from nyinorge.matching.fairness import (
    UNPLACED, adult_places, baselines, fair_assignment, fairness_report, group_gains,
)
from nyinorge.matching.oracle import capacities_for, greedy_assignment_matrix, random_assignment


def test_gain_is_over_the_capacity_weighted_mean_on_a_hand_computed_case():
    # Two adults (one case each), two municipalities with 1 and 3 places.
    predicted = np.array([[0.8, 0.4], [0.5, 0.7]])
    true = np.array([[0.6, 0.5], [0.2, 0.9]])
    capacity = np.array([1, 3])
    assert baselines(predicted=predicted, capacity=capacity) == pytest.approx([0.5, 0.65])
    report = fairness_report(groups={"sex": ["women", "men"]}, adult_case=np.array([0, 1]),
                             placements={"learned": np.array([0, 1])}, predicted=predicted, capacity=capacity,
                             true=true, uniforms=np.array([0.55, 0.95]))
    rows = {(r.attribute, r.group): r for r in report.rows}
    assert rows[("sex", "women")].predicted_gain == pytest.approx(0.3)
    assert rows[("sex", "men")].predicted_gain == pytest.approx(0.05)
    assert rows[("all", "all")].predicted_gain_total == pytest.approx(0.35)
    assert rows[("sex", "women")].expected == pytest.approx(0.6)
    assert rows[("sex", "women")].realised == 1.0 and rows[("sex", "men")].realised == 0.0
    assert report.gaps[("sex", "learned")] == pytest.approx(0.25)


@pytest.fixture(scope="module")
def small():
    world = sim.world_generate(persons=120, municipalities=8, seed=21)
    adults = sim.adults_of(world)
    true = sim.true_adult_probabilities(world)
    # A model that knows p_true up to noise: enough to make the groups' gains differ.
    predicted = np.clip(true + np.random.default_rng(3).normal(0, 0.05, true.shape), 0.01, 0.99)
    capacity = capacities_for(world, share=1.05)
    case_of = np.empty(len(world.persons), int)
    for c, case in enumerate(world.cases):
        case_of[list(case)] = c
    sex = np.where(world.persons.male[adults] == 1, "men", "women")
    country = np.array(sim.COUNTRY_GROUPS)[world.persons.country_group[adults]]
    return world, predicted, true, capacity, case_of[adults], sex, country


def _case_places(world, assignment):
    index = {m: j for j, m in enumerate(world.municipalities.ids)}
    return np.array([index[m] if (m := assignment.get(f"c{c}")) is not None else UNPLACED
                     for c in range(len(world.cases))])


def test_the_report_adds_up_over_groups_and_placements(small):
    world, predicted, true, capacity, adult_case, sex, country = small
    values = sim.case_values(world, adult_probabilities=predicted)
    rng = np.random.default_rng(4)
    placements = {
        "greedy": _case_places(world, greedy_assignment_matrix(world, values=values, capacity=capacity)),
        "random": [_case_places(world, random_assignment(world, capacity=capacity, rng=rng)) for _ in range(3)],
    }
    uniforms = np.random.default_rng(5).random(len(adult_case))
    report = fairness_report(groups={"sex": sex, "country group": country}, adult_case=adult_case,
                             placements=placements, predicted=predicted, capacity=capacity, true=true,
                             uniforms=uniforms)
    base = baselines(predicted=predicted, capacity=capacity)
    for placement in placements:
        total = next(r for r in report.rows if r.attribute == "all" and r.placement == placement)
        assert total.adults == len(adult_case)
        for attribute in ("sex", "country group"):
            rows = [r for r in report.rows if r.attribute == attribute and r.placement == placement]
            assert sum(r.adults for r in rows) == total.adults
            assert sum(r.placed for r in rows) == pytest.approx(total.placed)
            assert sum(r.predicted_gain_total for r in rows) == pytest.approx(total.predicted_gain_total)
            for field in ("predicted_gain", "predicted", "expected", "realised"):
                weighted = sum(getattr(r, field) * r.placed for r in rows if r.placed)
                assert weighted == pytest.approx(getattr(total, field) * total.placed)
            gains = [r.predicted_gain for r in rows]
            assert report.gaps[(attribute, placement)] == pytest.approx(max(gains) - min(gains))
    # Greedy's total gain recomputed from scratch.
    places = adult_places(adult_case=adult_case, case_place=placements["greedy"])
    placed = places != UNPLACED
    greedy_total = next(r for r in report.rows if r.attribute == "all" and r.placement == "greedy")
    assert greedy_total.predicted_gain_total == pytest.approx(
        (predicted[placed, places[placed]] - base[placed]).sum())
    assert greedy_total.placed == placed.sum()
    assert {row.group for row in report.table("country group")} <= {*sim.COUNTRY_GROUPS, "all"}


def test_the_unconstrained_assignment_is_returned_when_already_within(small):
    world, predicted, _, capacity, _, sex, _ = small
    loose = fair_assignment(world, labels=sex, predicted=predicted, capacity=capacity, max_group_gap=1.0,
                            time_limit=10)
    assert loose.within_already and loose.reached and loose.solves == 1
    assert loose.cost == 0 and loose.weights == {"men": 1.0, "women": 1.0}
    assert loose.gap == loose.gap_unconstrained <= 1.0


def test_a_bound_below_the_unconstrained_gap_is_met_at_a_reported_cost(small):
    world, predicted, _, capacity, _, sex, country = small
    for labels in (sex, country):
        free = fair_assignment(world, labels=labels, predicted=predicted, capacity=capacity, max_group_gap=1.0,
                               time_limit=10)
        assert free.gap_unconstrained > 1e-6  # the groups do gain differently
        bound = free.gap_unconstrained / 2
        fair = fair_assignment(world, labels=labels, predicted=predicted, capacity=capacity, max_group_gap=bound,
                               max_weight=6.0, iterations=5, time_limit=10)
        assert not fair.within_already and fair.solves > 1
        assert fair.gap_unconstrained == pytest.approx(free.gap_unconstrained)
        if fair.reached:
            assert fair.gap <= bound
        else:
            assert fair.gap > bound
        # The gains it reports are those of the assignment it returns.
        adults = sim.adults_of(world)
        case_of = {p: c for c, case in enumerate(world.cases) for p in case}
        places = adult_places(adult_case=np.array([case_of[int(a)] for a in adults]),
                              case_place=_case_places(world, fair.assignment))
        base = baselines(predicted=predicted, capacity=capacity)
        assert group_gains(labels=labels, places=places, predicted=predicted, base=base) == pytest.approx(
            fair.group_gains)
        if fair.persons_assigned == fair.persons_assigned_unconstrained:
            assert fair.cost >= -1e-6  # the unconstrained optimum has the most total predicted gain
    # The weight behind the bound is what the group furthest behind got.
    assert max(fair.weights.values()) > 1.0


def test_an_unreachable_bound_says_so(small):
    world, predicted, _, capacity, _, sex, _ = small
    stuck = fair_assignment(world, labels=sex, predicted=predicted, capacity=capacity, max_group_gap=0.0,
                            max_weight=1.0, time_limit=10)
    assert not stuck.reached and stuck.gap > 0.0
    with pytest.raises(ValueError, match="max_group_gap"):
        fair_assignment(world, labels=sex, predicted=predicted, capacity=capacity, max_group_gap=-0.1)
    with pytest.raises(ValueError, match="one row per adult"):
        fair_assignment(world, labels=sex[:-1], predicted=predicted, capacity=capacity, max_group_gap=0.1)
