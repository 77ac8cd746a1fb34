"""Issue 19's solver promises: the persons bound, never below greedy, the plain model as a portfolio member."""

import time

import numpy as np
import pytest

from nyinorge.matching import check, greedy, solve, solver
from nyinorge.matching.generate import generate_instance
from nyinorge.matching.greedy import greedy_assignment, greedy_columns
from nyinorge.matching.highs_run import PlainTwoStage
from nyinorge.matching.model import model_build

from .dense import dense_instance
from .strategies import brute_force, instances


def _fit_bound(instance) -> int:
    """Persons in cases that fit at least one allowed municipality on their own: nobody else can be placed."""
    capacity = {m.id: m.capacity for m in instance.municipalities}
    fits = [
        c for c in instance.cases
        if any(all(amount <= capacity[m].get(r, 0.0) + 1e-9 for r, amount in c.demand.items()) for m in c.values)
    ]
    return sum(c.persons for c in fits)


CASES = [
    pytest.param(lambda: generate_instance(persons=300, seed=1, tight=True), id="tight-300"),
    pytest.param(lambda: generate_instance(persons=300, seed=2), id="settling-300"),
    pytest.param(lambda: generate_instance(persons=600, seed=3, tight=True, capacities="population"), id="pop-600"),
    pytest.param(lambda: dense_instance(cases=60, seed=2), id="dense-60"),
]


@pytest.mark.parametrize("make", CASES)
@pytest.mark.parametrize("time_limit", [0.3, 5.0])
def test_persons_bound_lies_between_the_persons_placed_and_the_fit_bound(make, time_limit):
    instance = make()
    result = solve(instance, time_limit=time_limit)
    assert check(instance, result).feasible
    assert result.persons_bound is not None
    assert result.persons_assigned <= result.persons_bound <= _fit_bound(instance)
    if result.status == "optimal":
        assert result.persons_bound == result.persons_assigned


@pytest.mark.parametrize("make", CASES)
def test_a_short_limit_never_loses_to_greedy(make):
    # The rule: at least greedy's persons, and at greedy's persons at least greedy's value.
    instance = make()
    baseline = greedy(instance)
    for time_limit in (0.05, 0.3):
        result = solve(instance, time_limit=time_limit)
        assert check(instance, result).feasible
        assert result.persons_assigned >= baseline.persons_assigned
        if result.persons_assigned == baseline.persons_assigned:
            assert result.objective >= baseline.objective - 1e-9


def test_persons_bound_is_a_true_bound_against_brute_force():
    from hypothesis import HealthCheck, given, settings

    from tests.hypothesis_profiles import examples

    @settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(instances())
    def check_one(instance):
        optimum = brute_force(instance)
        result = solve(instance, time_limit=5)
        if optimum is None:
            assert result.status == "infeasible"
            return
        assert result.persons_bound >= optimum[0] >= result.persons_assigned

    check_one()


def test_greedy_on_arrays_is_the_caseworker_baseline():
    for instance in (generate_instance(persons=400, seed=4, tight=True), dense_instance(cases=40, seed=3),
                     generate_instance(persons=300, seed=5, capacities="population")):
        model = model_build(instance=instance)
        order = np.argsort(-model.case_demand[:, 0], kind="stable")
        assert solver._assignment(model, greedy_columns(model)) == greedy_assignment(instance=instance)
        ids = [model.case_ids[i] for i in order]
        assert solver._assignment(model, greedy_columns(model, order)) == greedy_assignment(instance=instance,
                                                                                            order=ids)


def test_the_plain_model_proves_the_optimum_of_a_small_dense_instance():
    instance = dense_instance(cases=25, seed=4)
    model = model_build(instance=instance)
    member = PlainTwoStage(model, until=time.perf_counter() + 60)
    deadline = time.perf_counter() + 60
    while not member.proven() and time.perf_counter() < deadline:
        time.sleep(0.05)
    x, persons_bound, value_bound, level, proven = member.finish()
    assert proven and x is not None
    engine = solver._finish(instance, time.perf_counter(), *solver._solve_mip(
        instance, model, time.perf_counter() + 60, plain=False), model=model)
    assert engine.status == "optimal"
    assert model.col_persons @ x == engine.persons_assigned == persons_bound == level
    assert model.col_value @ x == pytest.approx(engine.objective, abs=1e-6)
    assert value_bound == pytest.approx(engine.objective, abs=1e-5)


def test_the_portfolio_keeps_the_plain_models_answer_when_the_engine_falls_short():
    # An engine stopped before anything but greedy (no sub-MIP, no greedy level improvement in no time) against
    # the plain model given the time: the merged answer is the plain model's proven optimum.
    instance = dense_instance(cases=25, seed=4)
    model = model_build(instance=instance)
    member = PlainTwoStage(model, until=time.perf_counter() + 60)
    deadline = time.perf_counter() + 60
    while not member.proven() and time.perf_counter() < deadline:
        time.sleep(0.05)
    found = member.finish()
    x_greedy = greedy_columns(model)
    engine = (x_greedy, float("inf"), "stopped", "stopped", int(solver.reachable_persons(model)))
    x, bound, state, message, persons_bound = solver._merge_plain(model, engine, found)
    assert state == "proven" and message == ""
    assert model.col_value @ x == pytest.approx(model.col_value @ found[0])
    assert persons_bound == model.col_persons @ x
    assert bound == pytest.approx(found[2])


def test_the_plain_member_runs_on_few_cases_with_many_places_only():
    assert solver._plain_member_fits(model_build(instance=dense_instance(cases=300, seed=1)))
    assert not solver._plain_member_fits(model_build(instance=generate_instance(persons=5000, seed=1)))
    assert not solver._plain_member_fits(model_build(instance=generate_instance(persons=60, seed=1)))


def test_an_answer_meeting_the_other_members_bound_is_proven():
    instance = dense_instance(cases=25, seed=4)
    model = model_build(instance=instance)
    engine = solver._finish(instance, time.perf_counter(), *solver._solve_mip(
        instance, model, time.perf_counter() + 60, plain=False), model=model)
    x = solver._columns(model, engine.assignment)
    persons = int(model.col_persons @ x)
    # The engine stopped with a bound exactly at the plain model's (unproven) answer's value.
    stopped = (greedy_columns(model), float(model.col_value @ x), "stopped", "stopped", persons)
    found = (x, float(persons + 3), float("inf"), float(persons), False)
    merged = solver._merge_plain(model, stopped, found)
    assert merged[2] == "proven" and merged[4] == persons
    # One unit of bound above it: not proven.
    merged = solver._merge_plain(model, (stopped[0], stopped[1] + 1, *stopped[2:]), found)
    assert merged[2] == "stopped"


def test_sparse_matrix_by_counting_equals_the_sorted_build():
    # `Csc.from_blocks` (the model build's path) must give exactly what sorting the coordinates gives.
    from nyinorge.matching.model import Csc

    rng = np.random.default_rng(5)
    n, blocks, row = 40, [], 0
    for _ in range(4):
        cols = np.sort(rng.choice(n, size=int(rng.integers(1, n)), replace=False))
        rows = row + rng.integers(0, 3, size=len(cols))
        blocks.append((rows, cols, rng.random(len(cols))))
        row += 3
    counted = Csc.from_blocks(blocks, shape=(row, n))
    rows, cols, values = (np.concatenate(part) for part in zip(*blocks, strict=True))
    sorted_ = Csc.from_coordinates(values, rows, cols, shape=(row, n))
    for a, b in ((counted.data, sorted_.data), (counted.indices, sorted_.indices), (counted.indptr, sorted_.indptr)):
        assert np.array_equal(a, b)


def test_greedy_ranking_equals_lexsort_with_ties():
    from nyinorge.matching.greedy import _ranked

    instance = dense_instance(cases=40, seed=3)
    model = model_build(instance=instance)
    model.col_value[:] = np.round(model.col_value, 1)  # many ties: the municipality's position must break them
    expected = np.lexsort((model.col_municipality, -model.col_value, model.col_case))
    assert np.array_equal(_ranked(model), expected)


def test_plain_member_current_is_a_feasible_copy():
    instance = dense_instance(cases=60, seed=2)
    model = model_build(instance=instance)
    member = PlainTwoStage(model, until=time.perf_counter() + 5.0, stage_one_until=time.perf_counter() + 1.0)
    deadline = time.perf_counter() + 5.0
    while not member.stage_one_done() and time.perf_counter() < deadline:
        time.sleep(0.02)
    x = member.current()
    found = member.finish()
    assert x is not None and found[0] is not None
    assert solver._feasible(model, x)
    # What `finish` keeps is at least as good (persons, then value) as any earlier copy.
    assert solver._better(model, x, found[0]) is not x or np.array_equal(np.round(found[0]), x)
