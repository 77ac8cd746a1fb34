"""The knapsack Lagrangian (`lagrangian.py`, `knapsack.py`): proven for any prices, and tighter than the LP."""

import itertools
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.hypothesis_profiles import examples

from nyinorge.matching import Case, Instance, Municipality, solve, solver
from nyinorge.matching.generate import generate_instance
from nyinorge.matching.highs_run import HighsProblem, reachable_persons
from nyinorge.matching.lagrangian import _Grouped, knapsack_bound
from nyinorge.matching.model import model_build

from .strategies import brute_force, instances, priced_level

SETTINGS = settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _best_packing(model, municipality, profit):
    """Brute force: the most profit any subset of the municipality's columns that fits its capacity can earn."""
    columns = np.flatnonzero(model.col_municipality == municipality)
    forced = [j for j in columns if model.col_lower[j] > 0.5]
    free = [j for j in columns if model.col_lower[j] <= 0.5]
    best = -np.inf
    for size in range(len(free) + 1):
        for subset in itertools.combinations(free, size):
            taken = forced + list(subset)
            if np.all(model.col_weight[taken].sum(axis=0) <= model.municipality_capacity[municipality]):
                best = max(best, float(profit[taken].sum()))
    return best


@SETTINGS
@given(instances(max_cases=6, max_municipalities=3), st.data())
def test_each_municipality_gets_its_best_packing(instance, data):
    model = model_build(instance=instance)
    if model.num_col == 0:
        return
    prices = np.array(data.draw(st.lists(st.floats(-2, 5), min_size=len(model.case_ids),
                                         max_size=len(model.case_ids))))
    persons_price = data.draw(st.floats(0, 2))
    total, chosen, feasible = _Grouped(model).price(prices, persons_price)
    profit = model.col_value - prices[model.col_case] + persons_price * model.col_persons
    expected = [_best_packing(model, m, profit) for m in range(len(model.municipality_ids))]
    if not all(np.isfinite(expected)):
        assert not feasible  # fixed cases overflow a capacity
        return
    assert feasible
    assert total == pytest.approx(sum(expected), abs=1e-9)
    # The packing returned is one that fits and earns that much.
    for m in range(len(model.municipality_ids)):
        taken = np.flatnonzero((chosen > 0.5) & (model.col_municipality == m))
        assert np.all(model.col_weight[taken].sum(axis=0) <= model.municipality_capacity[m])
    assert float(profit @ chosen) == pytest.approx(total, abs=1e-9)


@SETTINGS
@given(instances(max_cases=5, max_municipalities=3), st.data())
def test_the_bound_holds_for_any_prices(instance, data):
    # Whatever prices the steps start from (and wherever they go), no feasible assignment placing at least the
    # persons level is worth more than the bound.
    drawn = priced_level(instance, data)
    if drawn is None:
        return
    model, feasible, persons = drawn
    every_case = persons >= reachable_persons(model) - 0.5
    prices = np.array(data.draw(st.lists(st.floats(-3, 3), min_size=len(model.case_ids),
                                         max_size=len(model.case_ids))))
    result = knapsack_bound(model, persons=persons, every_case=every_case, case_price=prices,
                            persons_price=data.draw(st.floats(0, 2)), target=data.draw(st.floats(-5, 20)),
                            until=time.perf_counter() + 5, max_steps=data.draw(st.integers(1, 30)))
    if result is None:
        return
    best = max(value for placed, value, _ in feasible if placed >= persons)
    assert best <= result.bound + 1e-9


def test_a_family_cannot_be_split_across_the_last_places():
    # Three places, two families of two worth 1 each: the LP takes one and a half families (1.5); only one fits.
    instance = Instance(
        municipalities=(Municipality(id="0301", capacity={"persons": 3}),),
        cases=(
            Case(id="a", demand={"persons": 2}, values={"0301": 1.0}),
            Case(id="b", demand={"persons": 2}, values={"0301": 1.0}),
        ),
    )
    model = model_build(instance=instance)
    lp = HighsProblem(model, integral=False)
    relaxed = lp.run(model.col_value, until=time.perf_counter() + 10)
    assert relaxed.bound == pytest.approx(1.5)
    result = knapsack_bound(model, persons=0, every_case=False, case_price=np.zeros(2), target=1.0,
                            until=time.perf_counter() + 5)
    assert result.bound == pytest.approx(1.0)
    assert brute_force(instance) == (2, 1.0)


def test_the_solver_reports_the_tighter_bound_on_a_generated_instance(monkeypatch):
    # On a generated instance too big to prove in the time given, the reported bound is the knapsack
    # Lagrangian's when it is below the LP's, and is still above the value found.
    bounds = {}
    original = solver._add_knapsack

    def spy(model, relaxation, persons, *, until):
        bounds["lp"] = relaxation.bound
        original(model, relaxation, persons, until=until)
        bounds["knapsack"] = relaxation.knapsack

    monkeypatch.setattr(solver, "_add_knapsack", spy)
    instance = generate_instance(persons=1500, seed=3)
    result = solve(instance, time_limit=8)
    assert "knapsack" in bounds
    assert bounds["knapsack"] <= bounds["lp"] + 1e-9
    assert result.objective <= result.bound + 1e-9
    if result.status != "optimal":
        assert result.bound <= bounds["knapsack"] + 1e-9
