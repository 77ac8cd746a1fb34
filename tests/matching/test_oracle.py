"""The oracle-gain measure, with a small exact solver (scipy milp) standing in for the library's."""

from types import SimpleNamespace

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from nyinorge.matching import simulator as sim
from nyinorge.matching.oracle import capacities_for, oracle_gain_experiment, random_assignment
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


def greedy(instance: dict, *, order=None) -> SimpleNamespace:
    """In the given order, each case to the best-valued municipality with room."""
    room = {m["id"]: m["capacity"]["persons"] for m in instance["municipalities"]}
    assignment = {}
    for case in instance["cases"]:
        fits = [(v, m) for m, v in case["values"].items() if room[m] >= case["demand"]["persons"]]
        assignment[case["id"]] = max(fits)[1] if fits else None
        if fits:
            room[assignment[case["id"]]] -= case["demand"]["persons"]
    return SimpleNamespace(assignment=assignment)


SMALL = {"persons": 60, "municipalities": 6, "solve": exact_solve, "greedy": greedy, "make_instance": lambda d: d}


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
