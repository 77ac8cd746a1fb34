"""Stand-ins for the contract's solve/greedy on JSON instances (dicts), used when nyinorge.matching has none.

scipy's milp (HiGHS), lexicographic by weighting; near-exact (gap 1e-4) for the persons-only instances the
oracle experiment builds. The library's own solver replaces these once merged.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix


def dict_solve(instance: dict, *, time_limit: float = 60.0) -> SimpleNamespace:
    """Max persons, then max value (within a 1e-4 gap); families whole; only the persons resource."""
    started = time.perf_counter()
    ids = [m["id"] for m in instance["municipalities"]]
    index = {m: i for i, m in enumerate(ids)}
    cap = np.array([m["capacity"].get("persons", 0) for m in instance["municipalities"]], float)
    rows, cols, vals, sizes, var_case, var_muni = [], [], [], [], [], []
    for c, case in enumerate(instance["cases"]):
        for m, v in case["values"].items():
            var_case.append(c)
            var_muni.append(index[m])
            vals.append(v)
            sizes.append(case["demand"]["persons"])
    n = len(vals)
    var_case, var_muni, sizes, vals = map(np.array, (var_case, var_muni, sizes, vals))
    n_cases = len(instance["cases"])
    one_per_case = csr_matrix((np.ones(n), (var_case, np.arange(n))), shape=(n_cases, n))
    capacity = csr_matrix((sizes.astype(float), (var_muni, np.arange(n))), shape=(len(ids), n))
    constraints = [LinearConstraint(one_per_case, 0, 1), LinearConstraint(capacity, 0, cap)]
    # One stage: a person weighs more than any case's value can (value <= adults <= persons, so weight 2
    # per person makes assigning one more person always win); a 1e-4 gap keeps the fallback fast.
    weights = 2.0 * sizes + vals
    second = milp(-weights, constraints=constraints, integrality=np.ones(n), bounds=Bounds(0, 1),
                  options={"time_limit": time_limit, "mip_rel_gap": 1e-4})
    if second.x is None:
        raise RuntimeError(f"milp: {second.message}")
    persons = int(round(float(sizes[second.x > 0.5].sum())))
    x = second.x > 0.5
    assignment = {case["id"]: None for case in instance["cases"]}
    for j in np.flatnonzero(x):
        assignment[instance["cases"][var_case[j]]["id"]] = ids[var_muni[j]]
    return SimpleNamespace(assignment=assignment, objective=float(vals[x].sum()), persons_assigned=persons,
                           solve_seconds=time.perf_counter() - started)


def dict_greedy(instance: dict, *, order=None) -> SimpleNamespace:
    """Cases in order, each to the allowed municipality with the best value that still has room."""
    room = {m["id"]: m["capacity"].get("persons", 0) for m in instance["municipalities"]}
    by_id = {case["id"]: case for case in instance["cases"]}
    assignment = {case["id"]: None for case in instance["cases"]}
    for cid in order or list(by_id):
        case = by_id[cid]
        size = case["demand"]["persons"]
        fits = [(v, m) for m, v in case["values"].items() if room[m] >= size]
        if fits:
            _, m = max(fits)
            room[m] -= size
            assignment[cid] = m
    return SimpleNamespace(assignment=assignment)
