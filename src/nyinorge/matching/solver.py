"""Exact lexicographic assignment with HiGHS: first as many persons as possible, then the most value.

Stage 1 maximises persons; stage 2 maximises value with the persons row held at the stage-1 optimum.
Two stages rather than one weighted objective: a weight large enough to be exact would swamp the
values in the solver's relative tolerances.

Fast path (`network`): when persons is the only resource and every case is one person, every
coefficient is 1 and the rows are two laminar families of column sets — the case rows (a partition)
and, on the municipality side, total ⊇ municipality ⊇ (municipality, category). Such a matrix is
totally unimodular (Edmonds & Giles), and all bounds are whole numbers (capacities are rounded down,
minimum fills up, the stage-1 optimum is whole), so every vertex of the LP is integral: simplex on
the LP relaxation returns an optimal assignment, and its objective is also the proven bound. The
result is still checked for integrality, and the MIP takes over if numerics ever spoil it.
"""

from __future__ import annotations

import math
import time

import highspy
import numpy as np

from nyinorge.matching.check import check
from nyinorge.matching.greedy import greedy_assignment
from nyinorge.matching.instance import Instance, InvalidInstance, Result, instance_problems
from nyinorge.matching.model import Model, model_build

METHODS = ("auto", "mip", "flow")
# Relative MIP gap at which HiGHS stops and we call the value optimal (the benchmark target is 1e-4).
MIP_REL_GAP = 1e-6
INTEGRALITY_TOLERANCE = 1e-6


def solve(instance: Instance, *, time_limit: float = 60.0, method: str = "auto") -> Result:
    """Assign cases to municipalities: max persons, then max value; exact unless the time limit cuts it."""
    started = time.perf_counter()
    problems = instance_problems(instance=instance)
    if method not in METHODS:
        problems.append(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if not (isinstance(time_limit, int | float) and time_limit > 0):
        problems.append(f"time limit must be a positive number of seconds, not {time_limit!r}")
    if problems:
        raise InvalidInstance(problems)
    deadline = started + time_limit
    model = model_build(instance=instance)
    if method == "flow" or (method == "auto" and model.network):
        if not model.network:
            raise InvalidInstance(["the flow method needs one-person cases and persons as the only resource"])
        outcome = _solve_stages(instance, model, deadline, integral=False)
        if outcome is not None:
            return _finish(instance, started, *outcome)
    outcome = _solve_stages(instance, model, deadline, integral=True)
    return _finish(instance, started, *outcome)


def _solve_stages(instance: Instance, model: Model, deadline: float, *, integral: bool):
    """Run both stages; return (assignment, bound, state, message), or None if an LP vertex is fractional.

    state is "proven" (optimal), "stopped" (time limit) or "infeasible".
    """
    nobody = {case_id: None for case_id in model.case_ids}
    if model.num_col == 0:
        if np.all(model.row_lower <= 0):
            return nobody, 0.0, "proven", ""
        return nobody, 0.0, "infeasible", _infeasible_message(instance)
    highs = _highs(model, integral=integral)
    warm = _warm_start(instance, model) if integral else None

    # Stage 1 is skipped when the heuristic already places every person that could be placed at all.
    reachable = _reachable_persons(model)
    if warm is not None and model.col_persons @ warm >= reachable - 0.5:
        persons_target = float(model.col_persons @ warm)
        stage1_proven = True
    else:
        status, x, _ = _run(highs, model.col_persons, deadline, share=0.5, warm=warm, integral=integral)
        if status == "infeasible":
            return nobody, 0.0, "infeasible", _infeasible_message(instance)
        if x is None:
            message = "no feasible assignment was found within the time limit (infeasibility not proven)"
            return nobody, 0.0, "infeasible", message
        if not integral and not _integral(x):
            return None
        warm = x
        persons_target = float(np.round(model.col_persons @ x))
        stage1_proven = status == "optimal"

    highs.changeRowBounds(model.total_row, persons_target - 0.5, highspy.kHighsInf)
    status, x, bound = _run(highs, model.col_value, deadline, share=1.0, warm=warm, integral=integral)
    if x is None:
        x = warm
    if not integral and not _integral(x):
        return None
    if stage1_proven and status == "optimal":
        return _assignment(model, x), bound, "proven", ""
    if integral:
        relaxed = _lp_bound(model, persons_target, deadline)
        bound = relaxed if bound is None or not math.isfinite(bound) else min(bound, relaxed)
    message = "stopped at the time limit; the bound and gap say how far from optimal it may be"
    return _assignment(model, x), bound, "stopped", message


def _lp_bound(model: Model, persons_target: float, deadline: float) -> float:
    """The LP relaxation's value at this persons level: a true upper bound when the MIP's own is weak."""
    highs = _highs(model, integral=False)
    highs.changeRowBounds(model.total_row, persons_target - 0.5, highspy.kHighsInf)
    # A short grace period past the deadline: a stopped solve with a useless bound helps nobody.
    status, _, bound = _run(highs, model.col_value, deadline + 10.0, share=1.0, warm=None, integral=False)
    return bound if status == "optimal" and bound is not None else math.inf


def _highs(model: Model, *, integral: bool) -> highspy._core._Highs:
    """A silent HiGHS instance holding the model, passed in one call."""
    # The core class, not highspy.Highs: the wrapper prints a banner to stdout on creation, before output
    # can be switched off, and the CLI's stdout is the result JSON.
    highs = highspy._core._Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("mip_rel_gap", MIP_REL_GAP)
    # On a busy shared machine HiGHS's parallel workers and its symmetry detection overran the time limit
    # by minutes on 5,000-person instances; one thread without symmetry detection keeps to it.
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("mip_detect_symmetry", False)
    if not integral:
        # Simplex ends on a vertex, which the fast path needs for integrality; interior point would not.
        highs.setOptionValue("solver", "simplex")
    matrix = model.matrix
    integrality = np.full(model.num_col, 1 if integral else 0, dtype=np.int32)
    highs.passModel(
        model.num_col,
        matrix.shape[0],
        matrix.nnz,
        1,  # column-wise matrix
        -1,  # maximise
        0.0,
        model.col_persons,
        model.col_lower,
        np.ones(model.num_col),
        model.row_lower,
        model.row_upper,
        matrix.indptr.astype(np.int32),
        matrix.indices.astype(np.int32),
        matrix.data,
        integrality,
    )
    return highs


def _run(highs: highspy._core._Highs, cost: np.ndarray, deadline: float, *, share: float, warm, integral: bool):
    """Solve with the given objective within `share` of the remaining time; return (status, x, bound)."""
    n = len(cost)
    highs.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
    highs.setOptionValue("time_limit", max(0.05, (deadline - time.perf_counter()) * share))
    if warm is not None:
        highs.setSolution(n, np.arange(n, dtype=np.int32), warm)
    highs.run()
    model_status = highs.getModelStatus()
    info = highs.getInfo()
    if model_status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return "infeasible", None, None
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    x = np.asarray(highs.getSolution().col_value) if has_solution else None
    if integral:
        bound = info.mip_dual_bound
    else:
        bound = info.objective_function_value if model_status == highspy.HighsModelStatus.kOptimal else None
    status = "optimal" if model_status == highspy.HighsModelStatus.kOptimal else "stopped"
    return status, x, bound


def _warm_start(instance: Instance, model: Model) -> np.ndarray | None:
    """The better (persons, then value) of two greedy orders, as a column vector."""
    given = [c.id for c in instance.cases]
    # Large families first: the easiest way for a greedy pass to place many persons.
    persons = {c.id: c.persons for c in instance.cases}
    largest_first = sorted(given, key=lambda case_id: -persons[case_id])
    best = None
    for order in (given, largest_first):
        assignment = greedy_assignment(instance=instance, order=order)
        report = check(instance, Result(assignment, 0, 0.0, 0.0, 0.0, "feasible", 0.0))
        if not report.feasible:
            continue
        key = (report.persons_assigned, report.objective)
        if best is None or key > best[0]:
            best = (key, assignment)
    if best is None:
        return None
    return _columns(model, best[1])


def _columns(model: Model, assignment: dict[str, str | None]) -> np.ndarray:
    """Column vector of an assignment (pairs dropped from the model cannot appear in a feasible one)."""
    index = {m: j for j, m in enumerate(model.municipality_ids)}
    chosen = np.array([index.get(assignment[cid], -1) for cid in model.case_ids])
    return (chosen[model.col_case] == model.col_municipality).astype(np.float64)


def _reachable_persons(model: Model) -> float:
    """Persons in cases with at least one allowed pair that fits: nobody else can ever be placed."""
    cases = np.unique(model.col_case)
    persons = np.zeros(len(model.case_ids))
    persons[model.col_case] = model.col_persons
    return float(persons[cases].sum())


def _integral(x: np.ndarray) -> bool:
    return bool(np.all(np.abs(x - np.round(x)) <= INTEGRALITY_TOLERANCE))


def _assignment(model: Model, x: np.ndarray) -> dict[str, str | None]:
    assignment: dict[str, str | None] = {case_id: None for case_id in model.case_ids}
    for col in np.flatnonzero(x > 0.5):
        assignment[model.case_ids[model.col_case[col]]] = model.municipality_ids[model.col_municipality[col]]
    return assignment


def _infeasible_message(instance: Instance) -> str:
    """Name the options that cannot all be honoured."""
    options = instance.options
    parts = []
    if options.fixed:
        parts.append(f"{len(options.fixed)} fixed assignment(s)")
    if options.min_fill_share > 0:
        parts.append(f"a minimum fill share of {options.min_fill_share:g}")
    if options.category_caps:
        parts.append(f"{len(options.category_caps)} category cap(s)")
    what = ", ".join(parts) if parts else "the constraints"
    return f"no assignment honours {what} within the capacities"


def _finish(instance: Instance, started: float, assignment, bound, state, message) -> Result:
    """Recompute persons and value independently and package the result."""
    report = check(instance, Result(assignment, 0, 0.0, 0.0, 0.0, "feasible", 0.0))
    if state == "infeasible":
        status = "infeasible"
    elif not report.feasible:
        # Only a numerical accident could get here; say so rather than return a wrong "optimal".
        status, message = "infeasible", "; ".join(report.problems)
    else:
        status = "optimal" if state == "proven" else "feasible"
    objective = report.objective
    # Every case at its best municipality, capacity ignored: always a true bound, used when the solver has none.
    trivial = sum(max((instance.effective_value(c, m) for m in c.values), default=0.0) for c in instance.cases)
    if status == "infeasible":
        bound = 0.0
    else:
        bound = min(trivial, bound) if bound is not None and math.isfinite(bound) else trivial
        # The dual bound carries the solver's tolerance; the value achieved is a floor for any true bound.
        bound = max(bound, objective)
    gap = (bound - objective) / max(1e-9, abs(bound))
    return Result(
        assignment=assignment,
        persons_assigned=report.persons_assigned,
        objective=objective,
        bound=bound,
        gap=max(0.0, gap),
        status=status,
        solve_seconds=time.perf_counter() - started,
        message=message,
    )
