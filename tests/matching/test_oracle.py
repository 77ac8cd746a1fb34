"""The oracle-gain measure, with a small exact solver (scipy milp) standing in for the library's."""

from types import SimpleNamespace

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from nyinorge.matching import simulator as sim
from nyinorge.matching.oracle import (
    assignments_compare, capacities_for, gain_share, greedy_assignment_matrix, instance_json, lp_columns,
    oracle_gain_experiment, random_assignment,
)
from nyinorge.matching.outcomes import OutcomeModel


def exact_solve(instance: dict, *, time_limit: float = 60.0) -> SimpleNamespace:
    """Max persons, then max value, exactly (two milp stages); small JSON instances only."""
    ids = [m["id"] for m in instance["municipalities"]]
    cap = np.array([m["capacity"]["persons"] for m in instance["municipalities"]], float)
    pairs = [(c, ids.index(m), case["demand"]["persons"], v)
             for c, case in enumerate(instance["cases"]) for m, v in case["values"].items()]
    case_of, muni_of, size, value = (np.array(col) for col in zip(*pairs))
    n = len(pairs)
    rows = [LinearConstraint(csr_matrix((np.ones(n), (case_of, np.arange(n)))), 0, 1),
            LinearConstraint(csr_matrix((size.astype(float), (muni_of, np.arange(n))), shape=(len(ids), n)), 0, cap)]
    first = milp(-size.astype(float), constraints=rows, integrality=np.ones(n), bounds=Bounds(0, 1))
    rows.append(LinearConstraint(size.astype(float)[None, :], -first.fun - 0.5, np.inf))
    second = milp(-value, constraints=rows, integrality=np.ones(n), bounds=Bounds(0, 1))
    assignment = {case["id"]: None for case in instance["cases"]}
    for j in np.flatnonzero(second.x > 0.5):
        assignment[instance["cases"][case_of[j]]["id"]] = ids[muni_of[j]]
    return SimpleNamespace(assignment=assignment)


SMALL = {"persons": 60, "municipalities": 6, "solve": exact_solve, "make_instance": lambda d: d}


def test_the_oracle_itself_gains_everything():
    result = oracle_gain_experiment(seed=1, predictor=sim.true_adult_probabilities, **SMALL)
    assert result["value_oracle"] > result["value_random"]
    assert result["oracle_gain_share"] == pytest.approx(1.0, abs=1e-6)
    assert result["greedy_gain_share"] <= 1.0 + 1e-6


def test_random_values_gain_about_nothing():
    def noise(world):
        return np.random.default_rng(world.seed).random((len(sim.adults_of(world)), len(world.municipalities)))

    shares = [oracle_gain_experiment(seed=s, predictor=noise, **SMALL)["oracle_gain_share"] for s in range(4)]
    assert abs(np.mean(shares)) < 0.35
    assert max(shares) < 0.7


def test_random_placement_respects_capacity():
    world = sim.world_generate(persons=80, municipalities=5, seed=2)
    capacity = capacities_for(world, share=1.05)
    assert capacity.sum() == int(np.ceil(1.05 * 80))
    assignment = random_assignment(world, capacity=capacity, rng=np.random.default_rng(0))
    used = dict.fromkeys(world.municipalities.ids, 0)
    for c, case in enumerate(world.cases):
        if assignment[f"c{c}"] is not None:
            used[assignment[f"c{c}"]] += len(case)
    assert all(used[m] <= k for m, k in zip(world.municipalities.ids, capacity))


def test_a_learned_model_recovers_most_of_the_oracle_gain():
    result = oracle_gain_experiment(seed=3, history_records=5000, model=OutcomeModel(rounds=120, folds=3, seed=3),
                                    **{**SMALL, "persons": 120})
    assert result["auc"] > 0.65
    assert result["oracle_gain_share"] > 0.5
    assert result["persons_assigned_learned"] == result["persons_assigned_oracle"]


def _hand_world() -> sim.World:
    """Three one-person cases and two municipalities, features irrelevant (values are given by hand)."""
    munis = sim.municipalities_generate(municipalities=["0301", "4601"], seed=0)
    people = sim.persons_generate(count=3, adults=None, municipalities=munis, rng=np.random.default_rng(0))
    return sim.World(municipalities=munis, persons=people, cases=((0,), (1,), (2,)), seed=0)


def test_gain_shares_on_a_hand_computed_instance():
    # A ("0301") has 1 place, B ("4601") 2. True values: the oracle sends c0 to A (gains .7 there).
    world = _hand_world()
    true = np.array([[0.9, 0.2], [0.5, 0.4], [0.6, 0.3]])
    # The model believes c2 gains most in A; in order, greedy sends c0 to B (.5 > .4), c1 to A, c2 to B.
    learned = np.array([[0.4, 0.5], [0.6, 0.3], [0.7, 0.2]])
    result = assignments_compare(world, true_values=true, learned_values=learned, capacity=np.array([1, 2]),
                                 solve=exact_solve, make_instance=lambda d: d, random_draws=6000,
                                 rng=np.random.default_rng(1))
    assert result["value_oracle"] == pytest.approx(0.9 + 0.4 + 0.3)  # c0 in A
    assert result["value_learned"] == pytest.approx(0.2 + 0.4 + 0.6)  # c2 in A
    assert result["value_greedy"] == pytest.approx(0.2 + 0.5 + 0.3)  # c1 in A
    # Random: each case is the one in A with probability 1/3: 0.9 (all in B) + (0.7 + 0.1 + 0.3) / 3.
    assert result["value_random"] == pytest.approx(0.9 + 1.1 / 3, abs=0.01)
    assert result["oracle_gain_share_vs_greedy"] == pytest.approx((1.2 - 1.0) / (1.6 - 1.0))
    assert result["oracle_gain_share"] == pytest.approx((1.2 - (0.9 + 1.1 / 3)) / (1.6 - (0.9 + 1.1 / 3)), abs=0.05)
    assert result["gap_oracle"] == pytest.approx(0.0, abs=1e-9)
    assert gain_share(1.2, baseline=1.0, oracle=1.0) != gain_share(1.2, baseline=1.0, oracle=1.0)  # NaN, not a crash


def test_column_generation_bound_matches_the_full_lp():
    rng = np.random.default_rng(4)
    values = rng.random((30, 8))
    sizes = rng.integers(1, 4, 30)
    capacity = rng.integers(3, 12, 8)
    start = np.zeros_like(values, dtype=bool)
    start[:, 0] = True  # a poor start: every case only in the first municipality
    columns, value, weight = lp_columns(values=values, sizes=sizes, capacity=capacity, start=start)
    full, full_value, _ = lp_columns(values=values, sizes=sizes, capacity=capacity, start=np.ones_like(start))
    assert value == pytest.approx(full_value, rel=1e-9)
    assert columns[:, 1:].any()  # the LP's support uses pairs generated beyond the start
    # Bound check against the exact optimum over all pairs at its persons level.
    world = sim.World(municipalities=sim.municipalities_generate(municipalities=8, seed=1),
                      persons=sim.persons_generate(count=int(sizes.sum()), adults=None,
                                                   municipalities=sim.municipalities_generate(municipalities=8, seed=1),
                                                   rng=rng),
                      cases=tuple(tuple(range(s, s + k)) for s, k in zip(np.cumsum(sizes) - sizes, sizes)), seed=1)
    exact = exact_solve(instance_json(world, values=values, capacity=capacity))
    ids = world.municipalities.ids
    chosen = [(c, ids.index(m)) for c, m in enumerate(exact.assignment[f"c{c}"] for c in range(30)) if m is not None]
    objective = sum(values[c, j] for c, j in chosen)
    persons = sum(sizes[c] for c, _ in chosen)
    assert objective <= value - weight * persons + 1e-6


def test_greedy_on_the_matrix_takes_the_best_place_with_room_in_order():
    world = _hand_world()
    values = np.array([[0.4, 0.5], [0.6, 0.3], [0.7, 0.2]])
    assert greedy_assignment_matrix(world, values=values, capacity=np.array([1, 1])) == {
        "c0": "4601", "c1": "0301", "c2": None}


def test_history_size_counts_past_years():
    from nyinorge.matching.oracle import DEFAULT_HISTORY_YEARS, HISTORY_RECORDS_PER_YEAR, history_size

    five_years = DEFAULT_HISTORY_YEARS * HISTORY_RECORDS_PER_YEAR
    assert history_size(persons=500) == five_years  # a small year still has the past years' records
    assert history_size(persons=5000) == 60_000
    assert history_size(persons=40_000) == 120_000
    assert history_size(persons=500, history_years=2) == 2 * HISTORY_RECORDS_PER_YEAR
    assert history_size(persons=500, history_records=6000) == 6000
    with pytest.raises(ValueError, match="not both"):
        history_size(persons=500, history_records=6000, history_years=2)
    with pytest.raises(ValueError, match="at least 1"):
        history_size(persons=500, history_years=0)
