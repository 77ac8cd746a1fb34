import math
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from tests.hypothesis_profiles import examples
from hypothesis import strategies as st

from nyinorge.matching import (
    Case,
    CategoryCap,
    Instance,
    InvalidInstance,
    Municipality,
    Options,
    Result,
    check,
    greedy,
    solve,
)
from nyinorge.matching import highs_run, solver
from nyinorge.matching.bounds import lagrangian_bound
from nyinorge.matching.generate import generate_instance
from nyinorge.matching.model import model_build

from .strategies import brute_force, feasible_assignments, instances, priced_level

PROPERTY = settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _whole_families(instance, result):
    # A case is one key of the assignment, so "whole" means: every key present, each with one place or none.
    return set(result.assignment) == {c.id for c in instance.cases}


@PROPERTY
@given(instances())
def test_solver_matches_brute_force(instance):
    result = solve(instance, time_limit=20)
    optimum = brute_force(instance)
    if optimum is None:
        assert result.status == "infeasible"
        assert result.message
        return
    assert result.status == "optimal", result.message
    report = check(instance, result)
    assert report.feasible, report.problems
    assert _whole_families(instance, result)
    assert result.persons_assigned == report.persons_assigned == optimum[0]
    assert result.objective == pytest.approx(optimum[1], abs=1e-5)
    assert result.bound >= result.objective - 1e-9
    assert result.bound == pytest.approx(optimum[1], abs=1e-4)
    baseline = greedy(instance)
    if baseline.status == "feasible" and baseline.persons_assigned == result.persons_assigned:
        assert result.objective >= baseline.objective - 1e-9
    assert result.persons_assigned >= baseline.persons_assigned or baseline.status == "infeasible"


@PROPERTY
@given(instances(single_persons=True, max_cases=7))
def test_fast_path_agrees_with_the_mip(instance):
    assert model_build(instance=instance).network
    flow = solve(instance, method="flow")
    mip = solve(instance, method="mip")
    assert flow.status == mip.status
    if mip.status == "infeasible":
        return
    assert check(instance, flow).feasible
    assert flow.persons_assigned == mip.persons_assigned
    assert flow.objective == pytest.approx(mip.objective, abs=1e-6)
    assert flow.bound == pytest.approx(flow.objective, abs=1e-6)


def test_fast_path_agrees_on_a_larger_single_person_instance():
    instance = generate_instance(persons=600, seed=3)
    single = Instance(
        municipalities=tuple(Municipality(id=m.id, capacity={"persons": m.capacity["persons"]})
                             for m in instance.municipalities),
        cases=tuple(Case(id=c.id, demand={"persons": 1}, values=c.values) for c in instance.cases),
    )
    assert model_build(instance=single).network
    flow = solve(single, method="auto")
    mip = solve(single, method="mip")
    assert flow.status == mip.status == "optimal"
    assert flow.persons_assigned == mip.persons_assigned
    assert flow.objective == pytest.approx(mip.objective, rel=1e-6)


def test_flow_method_refuses_a_family_instance():
    instance = _two_places([("f", 3, {"a": 1.0})])
    with pytest.raises(InvalidInstance, match="one-person cases"):
        solve(instance, method="flow")


def _two_places(cases, *, capacity_a=4, capacity_b=4, options=Options()):
    return Instance(
        municipalities=(Municipality("a", {"persons": capacity_a}), Municipality("b", {"persons": capacity_b})),
        cases=tuple(Case(id=i, demand={"persons": p}, values=v, category="family" if p > 1 else "single")
                    for i, p, v in cases),
        options=options,
    )


def test_persons_come_before_value():
    # Placing the valuable family blocks two others: more persons wins over more value.
    instance = _two_places(
        [("big", 4, {"a": 10.0}), ("x", 2, {"a": 0.1}), ("y", 2, {"a": 0.1}), ("z", 1, {"a": 0.1})],
        capacity_a=5, capacity_b=0,
    )
    result = solve(instance)
    assert result.persons_assigned == 5
    assert result.assignment["big"] == "a" and result.assignment["z"] == "a"


def test_fixed_assignment_is_honoured_against_value():
    instance = _two_places([("c", 1, {"a": 1.0, "b": 0.1})], options=Options(fixed={"c": "b"}))
    result = solve(instance)
    assert result.assignment == {"c": "b"}
    assert result.objective == pytest.approx(0.1)


def test_category_cap_limits_families():
    instance = _two_places(
        [("f1", 2, {"a": 1.0}), ("f2", 2, {"a": 1.0}), ("s", 1, {"a": 0.5})],
        options=Options(category_caps=(CategoryCap(municipality="a", category="family", max_persons=2),)),
    )
    result = solve(instance)
    assert result.persons_assigned == 3
    assert result.assignment["s"] == "a"
    assert [result.assignment["f1"], result.assignment["f2"]].count("a") == 1


def test_min_fill_moves_people_to_a_less_valuable_place():
    cases = [(f"c{i}", 1, {"a": 1.0, "b": 0.5}) for i in range(4)]
    free = solve(_two_places(cases))
    assert list(free.assignment.values()).count("b") == 0
    filled = solve(_two_places(cases, options=Options(min_fill_share=0.5)))
    assert filled.status == "optimal"
    assert list(filled.assignment.values()).count("b") == 2


def test_preference_bonus_changes_the_choice_and_counts_in_the_objective():
    instance = Instance(
        municipalities=(Municipality("a", {"persons": 4}), Municipality("b", {"persons": 4})),
        cases=(Case(id="c", demand={"persons": 1}, values={"a": 1.0, "b": 0.8}, preferences=("b",)),),
        options=Options(preference_bonus=0.3),
    )
    result = solve(instance)
    assert result.assignment == {"c": "b"}
    assert result.objective == pytest.approx(1.1)


@pytest.mark.parametrize(
    "options",
    [
        Options(min_fill_share=1.0),  # b must be full, but nobody may go there
        Options(fixed={"c0": "a", "c1": "a", "c2": "a", "c3": "a", "c4": "a"}),  # five into four places
    ],
)
def test_options_that_cannot_be_honoured_give_an_honest_infeasible(options):
    cases = [(f"c{i}", 1, {"a": 1.0}) for i in range(5)]
    result = solve(_two_places(cases, options=options))
    assert result.status == "infeasible"
    assert "no assignment honours" in result.message
    assert not check(_two_places(cases, options=options), result).feasible


def test_time_limit_still_gives_a_checked_answer_with_a_true_bound():
    instance = generate_instance(persons=300, seed=2, tight=True)
    result = solve(instance, time_limit=0.5)
    assert result.status in ("optimal", "feasible")
    assert check(instance, result).feasible
    assert result.bound >= result.objective
    assert math.isfinite(result.gap) and result.gap >= 0


def test_invalid_time_limit_and_method_are_refused():
    instance = _two_places([("c", 1, {"a": 1.0})])
    with pytest.raises(InvalidInstance) as error:
        solve(instance, time_limit=-1, method="magic")
    assert "time limit" in str(error.value) and "method" in str(error.value)


def test_a_stopped_solve_reports_the_lp_bound_not_just_the_capacity_free_one():
    instance = generate_instance(persons=500, seed=1)
    result = solve(instance, time_limit=1.0)
    capacity_free = sum(max(c.values.values(), default=0.0) for c in instance.cases)
    assert result.status == "feasible"
    assert "time limit" in result.message
    assert result.objective <= result.bound < capacity_free - 1


def test_regression_column_fixing_keeps_the_only_valuable_case():
    # A previous attempt's reduced-cost fixing answered 0.00 "optimal" (bound 0.05) here: c3 is the only case
    # with any value, and the persons optimum (4) can be reached with or without it.
    municipalities = (
        Municipality("m0", {"persons": 1}),
        Municipality("m1", {"persons": 3}),
        Municipality("m2", {"persons": 1}),
        Municipality("m3", {"persons": 0}),
    )
    everywhere = {"m0": 0.0, "m1": 0.0, "m2": 0.0, "m3": 0.0}
    cases = tuple(
        Case(id=f"c{i}", demand={"persons": 2}, values={**everywhere, "m1": 0.05} if i == 3 else everywhere)
        for i in range(4)
    ) + tuple(Case(id=f"s{i}", demand={"persons": 1}, values=everywhere) for i in range(2))
    instance = Instance(municipalities=municipalities, cases=cases)
    assert brute_force(instance) == (4, pytest.approx(0.05))
    for kwargs in ({}, {"greedy_start": False}, {"sub_mip": False}, {"greedy_start": False, "sub_mip": False}):
        result = _solve_forced(instance, **kwargs)
        assert result.status == "optimal"
        assert (result.persons_assigned, result.objective) == (4, pytest.approx(0.05)), kwargs
        assert result.assignment["c3"] == "m1"
        assert result.bound == pytest.approx(0.05, abs=1e-6)


def _solve_forced(instance, *, greedy_start=True, sub_mip=True, time_limit=20.0, plain=False):
    """The MIP path with the greedy start and/or the sub-MIP switched off (and the plain model on or off),
    packaged like solve()."""
    started = time.perf_counter()
    model = model_build(instance=instance)
    outcome = solver._solve_mip(instance, model, started + time_limit, greedy_start=greedy_start, sub_mip=sub_mip,
                                plain=plain)
    return solver._finish(instance, started, *outcome, model=model)


def _assert_brute_force_optimum(instance, result):
    optimum = brute_force(instance)
    if optimum is None:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal", result.message
    assert check(instance, result).feasible
    assert result.persons_assigned == optimum[0]
    assert result.objective == pytest.approx(optimum[1], abs=1e-5)
    assert result.objective - 1e-9 <= result.bound <= optimum[1] + 1e-4


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.booleans(), st.booleans())
def test_every_mip_path_matches_brute_force(instance, greedy_start, sub_mip):
    # Without the greedy start, stage 1 runs its LP and MIP and stage 2 starts from the MIP's solution;
    # without the sub-MIP, column fixing and the final MIP do all the work.
    _assert_brute_force_optimum(instance, _solve_forced(instance, greedy_start=greedy_start, sub_mip=sub_mip))


def test_mips_in_a_child_process_match_brute_force(monkeypatch):
    # Big MIPs run in a forked child that streams solutions and bounds; force that for every MIP here.
    monkeypatch.setattr(highs_run, "ISOLATE_COLUMNS", 0)

    @settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(instances())
    def check_one(instance):
        _assert_brute_force_optimum(instance, _solve_forced(instance, greedy_start=False))

    check_one()


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_cases=5, max_municipalities=3), st.data())
def test_lagrangian_bounds_hold_for_any_prices(instance, data):
    # The column-fixing rule rests on these bounds: with ANY row prices, no feasible assignment at the persons
    # level is worth more than L, nor more than the bound of a column it uses.
    drawn = priced_level(instance, data)
    if drawn is None:
        return
    model, feasible, persons = drawn
    problem = highs_run.HighsProblem(model, integral=False)
    problem.persons_at_least(persons)
    n_rows = model.matrix.shape[0]
    prices = np.array(data.draw(st.lists(st.floats(-3, 3), min_size=n_rows, max_size=n_rows)))
    priced = lagrangian_bound(model, cost=model.col_value, row_dual=prices, row_lower=problem.row_lower,
                              row_upper=problem.row_upper, every_case=problem.every_case)
    column = {(int(model.col_case[j]), model.municipality_ids[model.col_municipality[j]]): j
              for j in range(model.num_col)}
    for placed, value, chosen in feasible:
        if placed < persons:
            continue
        assert value <= priced.bound + 1e-9
        for pair in chosen:
            assert value <= priced.column_bound[column[pair]] + 1e-9


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_cases=6))
def test_lp_duals_give_the_lp_optimum_as_bound(instance):
    # With the LP's own duals the recomputed bound is the LP optimum (up to tolerance): the bound is not loose.
    model = model_build(instance=instance)
    if model.num_col == 0:
        return
    problem = highs_run.HighsProblem(model, integral=False)
    run = problem.run(model.col_value, until=time.perf_counter() + 10)
    if run.status != "optimal":
        return
    priced = lagrangian_bound(model, cost=model.col_value, row_dual=run.row_dual, row_lower=problem.row_lower,
                              row_upper=problem.row_upper)
    assert priced.bound == pytest.approx(run.bound, abs=1e-6)


def test_column_generation_matches_brute_force(monkeypatch):
    # Big value LPs start from each case's best column and price the rest in (with an elastic persons row);
    # force that on small instances, where one column per case rarely suffices.
    monkeypatch.setattr(solver, "COLUMN_GENERATION_ABOVE", 0)
    monkeypatch.setattr(solver, "START_COLUMNS_PER_CASE", 1)

    @settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(instances(), st.booleans())
    def check_one(instance, sub_mip):
        _assert_brute_force_optimum(instance, _solve_forced(instance, sub_mip=sub_mip))

    check_one()


@pytest.mark.parametrize("threshold", ["LARGE_MODEL_COLUMNS", "FINAL_MIP_COLUMNS"])
def test_big_model_paths_give_a_feasible_answer_and_a_true_bound(monkeypatch, threshold):
    # LARGE_MODEL_COLUMNS: no LPs — the greedy persons level, subgradient prices for the bound.
    # FINAL_MIP_COLUMNS: neighbourhood search instead of the persons MIP and the final MIP.
    monkeypatch.setattr(solver, threshold, 0)

    @settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(instances(max_cases=5, max_municipalities=3))
    def check_one(instance):
        result = solve(instance, time_limit=20)
        optimum = brute_force(instance)
        if optimum is None:
            assert result.status == "infeasible"
            return
        assert result.status != "infeasible", result.message
        assert check(instance, result).feasible
        for placed, value, _ in feasible_assignments(instance):
            if placed >= result.persons_assigned:
                assert value <= result.bound + 1e-6
        if result.status == "optimal":
            assert (result.persons_assigned, result.objective) == (optimum[0], pytest.approx(optimum[1], abs=1e-5))

    check_one()


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.booleans())
def test_neighbourhood_search_keeps_feasibility_and_never_gets_worse(instance, by_persons):
    model = model_build(instance=instance)
    start = solver._warm_start(instance, model, time.perf_counter() + 60)
    if start is None or model.num_col == 0:
        return
    cost = model.col_persons if by_persons else None
    found = solver._neighbourhood_search(model, start, float(model.col_persons @ start),
                                         until=time.perf_counter() + 0.2, cost=cost)
    result = solver._finish(instance, time.perf_counter(), solver._assignment(model, found), None, "stopped", "")
    assert check(instance, result).feasible
    before = (model.col_persons @ start, model.col_value @ start)
    after = (model.col_persons @ found, model.col_value @ found)
    assert after[0] > before[0] or (after[0] == before[0] and after[1] >= before[1] - 1e-9)
    optimum = brute_force(instance)
    assert (result.persons_assigned, result.objective) <= (optimum[0], optimum[1] + 1e-6)


def test_the_warm_start_skips_its_second_greedy_pass_when_time_is_short(monkeypatch):
    # One greedy pass over 40,000 persons takes ~0.6 s: with the deadline at hand only the first order runs.
    instance = generate_instance(persons=300, seed=2)
    model = model_build(instance=instance)
    passes = []
    original = solver.greedy_columns

    def counting(model, order=None):
        passes.append(order)
        return original(model, order)

    monkeypatch.setattr(solver, "greedy_columns", counting)
    assert solver._warm_start(instance, model, time.perf_counter() + 60) is not None
    assert len(passes) == 2
    passes.clear()
    assert solver._warm_start(instance, model, time.perf_counter()) is not None
    assert passes == [None]  # the given order: the caseworker baseline itself
