"""The plain peers of `bench/matching_peers.py`: one solver on one instance, run as its own process.

    .venv/bin/python bench/_peers.py SOLVER INSTANCE.json TIME_LIMIT   # prints the result JSON on stdout

Each peer solves the textbook two-stage model of the matching problem, with nothing of the engine's own
machinery (no greedy start, no bounds, no column fixing): binary x[c, m] for every allowed pair whose demand
fits the municipality's capacities at all; each case at most once; Σ demand · x ≤ capacity per municipality
and resource. Stage 1 maximises persons placed; stage 2 maximises value with persons ≥ stage 1's level,
started from stage 1's assignment. Stage 1 gets what it needs up to half of the time left, stage 2 the rest
(less a small reserve to write the answer). If stage 1 finds no assignment in its share, the peer answers with
nobody placed (stage 2 has nothing to start from; a restart would lose stage 1's work) — on a loaded machine
that is what a 2-s limit gives. The deadline counts from this process's start, so imports and the model build
are inside the limit, as they are for the engine's CLI.

- "highs": highspy, one thread (the issue's "plain two-stage HiGHS"); stage 1 stops within one person of its
  bound (`mip_abs_gap` 0.999), stage 2 at the engine's optimality gap (1e-6 relative).
- "cpsat": OR-Tools CP-SAT with 2 workers. It needs integer objectives: values are scaled by VALUE_SCALE and
  rounded; the reported bound is the scaled bound divided back plus the largest rounding error (0.5 /
  VALUE_SCALE per case), so it stays a proven bound on the true values.
- "scip": PySCIPOpt (SCIP's default single thread).

The result JSON is the library's result format (`nyinorge.matching.instance.Result`) plus `persons_bound` (the
proven stage-1 bound) and `stages` (per stage: status and seconds). Options that bind (minimum fill, category
caps, fixed cases) are not modelled: such instances are refused, the families do not use them.
"""

from __future__ import annotations

import time

STARTED = time.monotonic()

import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
from dataclasses import dataclass  # noqa: E402

import numpy as np  # noqa: E402

PEERS = ("highs", "cpsat", "scip")
# The extra each peer's package comes from (highspy is a core dependency of the project).
PEER_PACKAGES = {"highs": "highspy", "cpsat": "ortools", "scip": "pyscipopt"}
# 10^6: the rounding slack in the bound (0.5e-6 per case) stays below the 1e-6 relative optimality gap.
VALUE_SCALE = 1_000_000
# Seconds kept back from the limit to extract the solution and print the answer.
RESERVE = 0.15
MIP_REL_GAP = 1e-6
UNPROVEN_PERSONS = "persons not proven maximal; bound and gap are at the level placed"


@dataclass
class TwoStageModel:
    """The plain model in arrays: columns are (case, municipality) pairs, rows are cases and capacities."""

    case_ids: list[str]
    municipality_ids: list[str]
    col_case: np.ndarray
    col_municipality: np.ndarray
    col_persons: np.ndarray
    col_value: np.ndarray
    # Capacity rows: per row the resource amounts of every column (sparse triplets) and the capacity.
    cap_row: np.ndarray
    cap_col: np.ndarray
    cap_amount: np.ndarray
    cap_rhs: np.ndarray

    @property
    def columns(self) -> int:
        """Number of columns."""
        return len(self.col_case)


def build_model(data: dict) -> TwoStageModel:
    """The two-stage model of an instance JSON (columns whose demand cannot fit are left out)."""
    options = data.get("options") or {}
    if options.get("min_fill_share") or options.get("category_caps") or options.get("fixed"):
        raise SystemExit("the peers model capacities only; this instance has binding options")
    bonus = float(options.get("preference_bonus") or 0.0)
    municipality_ids = [m["id"] for m in data["municipalities"]]
    capacity = {m["id"]: m["capacity"] for m in data["municipalities"]}
    index = {mid: j for j, mid in enumerate(municipality_ids)}
    row_of: dict[tuple[int, str], int] = {}
    rhs: list[float] = []
    cols_case, cols_mun, cols_persons, cols_value = [], [], [], []
    triplets: list[tuple[int, int, float]] = []
    for i, case in enumerate(data["cases"]):
        demand = case["demand"]
        preferences = set(case.get("preferences") or ())
        for mid, value in case["values"].items():
            caps = capacity[mid]
            if any(amount > caps.get(resource, 0.0) + 1e-9 for resource, amount in demand.items()):
                continue
            col = len(cols_case)
            cols_case.append(i)
            cols_mun.append(index[mid])
            cols_persons.append(int(demand["persons"]))
            cols_value.append(float(value) + (bonus if mid in preferences else 0.0))
            for resource, amount in demand.items():
                if amount <= 0:
                    continue
                key = (index[mid], resource)
                if key not in row_of:
                    row_of[key] = len(rhs)
                    rhs.append(float(caps.get(resource, 0.0)))
                triplets.append((row_of[key], col, float(amount)))
    rows, cols, amounts = (np.array(t) for t in zip(*triplets, strict=True)) if triplets else ([], [], [])
    return TwoStageModel(
        case_ids=[c["id"] for c in data["cases"]],
        municipality_ids=municipality_ids,
        col_case=np.array(cols_case, dtype=np.int64),
        col_municipality=np.array(cols_mun, dtype=np.int64),
        col_persons=np.array(cols_persons, dtype=np.int64),
        col_value=np.array(cols_value, dtype=float),
        cap_row=np.asarray(rows, dtype=np.int64),
        cap_col=np.asarray(cols, dtype=np.int64),
        cap_amount=np.asarray(amounts, dtype=float),
        cap_rhs=np.array(rhs, dtype=float),
    )


def left(deadline: float) -> float:
    """Seconds left before the deadline (never negative)."""
    return max(0.0, deadline - time.monotonic())


@dataclass
class StageOutcome:
    chosen: np.ndarray | None  # boolean per column, or None when nothing was found
    objective: float
    bound: float
    status: str
    seconds: float


def solve_highs(model: TwoStageModel, deadline: float) -> tuple[StageOutcome, StageOutcome | None]:
    """Both stages with highspy, one thread."""
    import highspy
    from scipy.sparse import csc_matrix

    n_cols, n_cases = model.columns, len(model.case_ids)
    # Rows: one per case (at most once), the capacity rows, and the persons row (free in stage 1).
    case_part = csc_matrix((np.ones(n_cols), (model.col_case, np.arange(n_cols))), shape=(n_cases, n_cols))
    cap_part = csc_matrix((model.cap_amount, (model.cap_row, model.cap_col)),
                          shape=(len(model.cap_rhs), n_cols))
    persons_part = csc_matrix(model.col_persons.astype(float)[None, :])
    from scipy.sparse import vstack

    matrix = vstack([case_part, cap_part, persons_part]).tocsc()
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = matrix.shape[0]
    lp.col_cost_ = model.col_persons.astype(float)
    lp.col_lower_ = np.zeros(n_cols)
    lp.col_upper_ = np.ones(n_cols)
    lp.row_lower_ = np.full(matrix.shape[0], -highspy.kHighsInf)
    lp.row_upper_ = np.concatenate([np.ones(n_cases), model.cap_rhs, [highspy.kHighsInf]])
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr
    lp.a_matrix_.index_ = matrix.indices
    lp.a_matrix_.value_ = matrix.data
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.integrality_ = [highspy.HighsVarType.kInteger] * n_cols
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.passModel(lp)
    persons_row = matrix.shape[0] - 1

    def run(limit: float, **options) -> StageOutcome:
        began = time.monotonic()
        h.setOptionValue("time_limit", max(0.01, limit))
        for name, value in options.items():
            h.setOptionValue(name, value)
        h.run()
        info = h.getInfo()
        status = h.modelStatusToString(h.getModelStatus())
        chosen = None
        if info.primal_solution_status == 2:  # kSolutionStatusFeasible
            chosen = np.asarray(h.getSolution().col_value) > 0.5
        return StageOutcome(chosen, float(info.objective_function_value), float(info.mip_dual_bound),
                            status, time.monotonic() - began)

    first = run((left(deadline) - RESERVE) / 2, mip_rel_gap=0.0, mip_abs_gap=0.999)
    if first.chosen is None:
        return first, None
    level = int(model.col_persons[first.chosen].sum())
    h.changeRowBounds(persons_row, level, highspy.kHighsInf)
    h.changeColsCost(n_cols, np.arange(n_cols, dtype=np.int32), model.col_value)
    start = highspy.HighsSolution()
    start.col_value = first.chosen.astype(float)
    start.value_valid = True
    h.setSolution(start)
    second = run(left(deadline) - RESERVE, mip_rel_gap=MIP_REL_GAP, mip_abs_gap=1e-9)
    return first, second


def solve_cpsat(model: TwoStageModel, deadline: float) -> tuple[StageOutcome, StageOutcome | None]:
    """Both stages with OR-Tools CP-SAT, 2 workers; values scaled to integers (see the module docstring)."""
    from ortools.sat.python import cp_model

    cp = cp_model.CpModel()
    x = [cp.new_bool_var(f"x{j}") for j in range(model.columns)]
    by_case: dict[int, list] = {}
    for j, case in enumerate(model.col_case.tolist()):
        by_case.setdefault(case, []).append(x[j])
    for members in by_case.values():
        if len(members) > 1:
            cp.add_at_most_one(members)
    by_row: dict[int, tuple[list, list]] = {}
    for row, col, amount in zip(model.cap_row.tolist(), model.cap_col.tolist(), model.cap_amount.tolist(),
                                strict=True):
        variables, coefficients = by_row.setdefault(row, ([], []))
        variables.append(x[col])
        coefficients.append(int(round(amount)))
    for row, (variables, coefficients) in by_row.items():
        if sum(coefficients) > model.cap_rhs[row]:
            cp.add(cp_model.LinearExpr.weighted_sum(variables, coefficients) <= int(model.cap_rhs[row]))
    persons = cp_model.LinearExpr.weighted_sum(x, model.col_persons.tolist())

    def run(limit: float) -> StageOutcome:
        began = time.monotonic()
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 2
        solver.parameters.max_time_in_seconds = max(0.01, limit)
        status = solver.solve(cp)
        chosen = None
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = np.array([solver.boolean_value(v) for v in x], dtype=bool)
        # Without a solution CP-SAT's bound may be a placeholder (0 when stopped before the search).
        proven = chosen is not None or status == cp_model.INFEASIBLE
        bound = solver.best_objective_bound if proven else math.inf
        return StageOutcome(chosen, solver.objective_value, bound, solver.status_name(status),
                            time.monotonic() - began)

    cp.maximize(persons)
    first = run((left(deadline) - RESERVE) / 2)
    if first.chosen is None:
        return first, None
    level = int(model.col_persons[first.chosen].sum())
    cp.add(persons >= level)
    scaled = np.round(model.col_value * VALUE_SCALE).astype(np.int64)
    cp.maximize(cp_model.LinearExpr.weighted_sum(x, scaled.tolist()))
    for v, on in zip(x, first.chosen.tolist(), strict=True):
        cp.add_hint(v, on)
    second = run(left(deadline) - RESERVE)
    # Back to true values: the rounding changes any assignment's value by at most 0.5 / scale per case.
    slack = 0.5 * len(model.case_ids) / VALUE_SCALE
    second.bound = second.bound / VALUE_SCALE + slack
    second.objective = second.objective / VALUE_SCALE
    return first, second


def solve_scip(model: TwoStageModel, deadline: float) -> tuple[StageOutcome, StageOutcome | None]:
    """Both stages with PySCIPOpt (SCIP's defaults, one thread)."""
    import pyscipopt

    scip = pyscipopt.Model()
    scip.hideOutput()
    x = [scip.addVar(vtype="B", name=f"x{j}") for j in range(model.columns)]
    by_case: dict[int, list] = {}
    for j, case in enumerate(model.col_case.tolist()):
        by_case.setdefault(case, []).append(x[j])
    for members in by_case.values():
        if len(members) > 1:
            scip.addCons(pyscipopt.quicksum(members) <= 1)
    by_row: dict[int, list] = {}
    for row, col, amount in zip(model.cap_row.tolist(), model.cap_col.tolist(), model.cap_amount.tolist(),
                                strict=True):
        by_row.setdefault(row, []).append((amount, x[col]))
    for row, terms in by_row.items():
        if sum(a for a, _ in terms) > model.cap_rhs[row]:
            scip.addCons(pyscipopt.quicksum(a * v for a, v in terms) <= model.cap_rhs[row])
    persons = pyscipopt.quicksum(int(p) * v for p, v in zip(model.col_persons.tolist(), x, strict=True))

    def run(limit: float) -> StageOutcome:
        began = time.monotonic()
        scip.setParam("limits/time", max(0.01, limit))
        scip.optimize()
        chosen = None
        if scip.getNSols() > 0:
            best = scip.getBestSol()
            chosen = np.array([scip.getSolVal(best, v) > 0.5 for v in x], dtype=bool)
        objective = scip.getObjVal() if chosen is not None else 0.0
        return StageOutcome(chosen, objective, scip.getDualbound(), scip.getStatus(),
                            time.monotonic() - began)

    scip.setObjective(persons, sense="maximize")
    scip.setParam("limits/absgap", 0.999)
    first = run((left(deadline) - RESERVE) / 2)
    if first.chosen is None:
        return first, None
    level = int(model.col_persons[first.chosen].sum())
    scip.freeTransform()
    scip.addCons(persons >= level)
    value = pyscipopt.quicksum(float(c) * v for c, v in zip(model.col_value.tolist(), x, strict=True))
    scip.setObjective(value, sense="maximize")
    scip.setParam("limits/absgap", 0.0)
    scip.setParam("limits/gap", MIP_REL_GAP)
    start = scip.createSol()
    for v, on in zip(x, first.chosen.tolist(), strict=True):
        scip.setSolVal(start, v, 1.0 if on else 0.0)
    scip.addSol(start, free=True)
    second = run(left(deadline) - RESERVE)
    return first, second


SOLVERS = {"highs": solve_highs, "cpsat": solve_cpsat, "scip": solve_scip}


def result_json(model: TwoStageModel, first: StageOutcome, second: StageOutcome | None) -> dict:
    """The library's result format, plus the proven persons bound and per-stage details."""
    final = second if second is not None and second.chosen is not None else first
    chosen = final.chosen if final.chosen is not None else np.zeros(model.columns, dtype=bool)
    assignment: dict[str, str | None] = dict.fromkeys(model.case_ids)
    for j in np.flatnonzero(chosen):
        assignment[model.case_ids[model.col_case[j]]] = model.municipality_ids[model.col_municipality[j]]
    persons = int(model.col_persons[chosen].sum())
    # The value as the checker will recompute it, summed in case order.
    columns = sorted(np.flatnonzero(chosen), key=lambda j: model.col_case[j])
    objective = float(sum(model.col_value[j] for j in columns))
    # Trivial bounds (every case that fits somewhere placed, each at its best value) cap what a solver stopped
    # early reports (SCIP's dual bound before its root is done can exceed the persons there are).
    placeable = np.unique(model.col_case)
    case_persons = np.zeros(len(model.case_ids), dtype=np.int64)
    case_persons[model.col_case] = model.col_persons
    persons_cap = int(case_persons[placeable].sum())
    best = np.full(len(model.case_ids), -np.inf)
    np.maximum.at(best, model.col_case, model.col_value)
    value_cap = float(best[placeable].sum())
    if math.isfinite(first.bound):
        persons_cap = min(persons_cap, math.floor(first.bound + 1e-6))
    persons_bound = persons_cap
    if second is not None and math.isfinite(second.bound):
        value_cap = min(value_cap, second.bound)
    value_bound = value_cap
    persons_proven = persons >= persons_bound
    value_proven = (second is not None and second.chosen is not None
                    and value_bound - objective <= MIP_REL_GAP * max(1.0, abs(value_bound)) + 1e-9)
    bound = max(value_bound, objective)
    return {
        "assignment": assignment,
        "persons_assigned": persons,
        "objective": objective,
        "bound": bound,
        "gap": max(0.0, (bound - objective) / max(1e-9, abs(bound))),
        "status": "optimal" if persons_proven and value_proven else "feasible",
        "solve_seconds": time.monotonic() - STARTED,
        "persons_bound": persons_bound,
        "stages": [
            {"status": stage.status, "seconds": round(stage.seconds, 3), "objective": stage.objective,
             "bound": stage.bound}
            for stage in (first, second) if stage is not None
        ],
        **({} if persons_proven else {"message": UNPROVEN_PERSONS}),
    }


def main(argv: list[str]) -> int:
    """Run one peer on one instance file and print its result JSON."""
    if len(argv) != 3 or argv[0] not in SOLVERS:
        print(f"usage: _peers.py {{{'|'.join(PEERS)}}} INSTANCE.json TIME_LIMIT", file=sys.stderr)
        return 2
    solver, path, limit = argv[0], argv[1], float(argv[2])
    deadline = STARTED + limit
    try:
        __import__(PEER_PACKAGES[solver])
    except ImportError:
        print(f"{solver} needs the package {PEER_PACKAGES[solver]}: pip install -e '.[bench]'",
              file=sys.stderr)
        return 3
    with open(path, encoding="utf-8") as handle:
        model = build_model(json.load(handle))
    first, second = SOLVERS[solver](model, deadline)
    json.dump(result_json(model, first, second), sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
