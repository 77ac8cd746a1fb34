"""The assignment problem as sparse numpy arrays, ready to hand to HiGHS in one call."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from nyinorge.matching.instance import PERSONS, Instance, min_fill_persons

INF = math.inf
# A case "fits" a municipality up to this slack, so capacities given as 2.9999999 still take 3 persons.
FIT_TOLERANCE = 1e-9


@dataclass
class Model:
    """Columns are the allowed (case, municipality) pairs; rows are the constraints."""

    col_case: np.ndarray  # case index of each column
    col_municipality: np.ndarray  # municipality index of each column
    col_persons: np.ndarray  # stage-1 objective
    col_value: np.ndarray  # stage-2 objective (value incl. preference bonus)
    col_lower: np.ndarray  # 1 for fixed pre-assignments
    matrix: sparse.csc_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    total_row: int  # the row summing persons, bounded below by the stage-1 optimum in stage 2
    case_rows: int  # rows 0 .. case_rows - 1 are "each case at most once" (cases with one column have none)
    network: bool  # every coefficient is 1 and the rows form two laminar families (see solver)
    case_ids: list[str]
    municipality_ids: list[str]
    # For the knapsack Lagrangian: per column its whole demand in persons and up to two other resources, and per
    # municipality the capacity in the same three (a resource left out only relaxes the knapsacks).
    col_weight: np.ndarray | None = None
    municipality_capacity: np.ndarray | None = None

    @property
    def num_col(self) -> int:
        """Number of allowed pairs."""
        return len(self.col_case)


def model_build(*, instance: Instance) -> Model:
    """Build the constraint matrix with vectorised numpy; pairs that cannot fit are dropped (exactly)."""
    cases = instance.cases
    municipality_ids = [m.id for m in instance.municipalities]
    m_index = {m: i for i, m in enumerate(municipality_ids)}
    # Persons first: row 0 of every per-resource array is the persons resource.
    resources = [PERSONS, *sorted({r for c in cases for r, a in c.demand.items() if a > 0} - {PERSONS})]
    r_index = {r: i for i, r in enumerate(resources)}
    demand = np.zeros((len(cases), len(resources)))
    for i, case in enumerate(cases):
        for resource, amount in case.demand.items():
            if amount > 0:
                demand[i, r_index[resource]] = amount
    capacity = np.zeros((len(municipality_ids), len(resources)))
    for j, municipality in enumerate(instance.municipalities):
        for resource, amount in municipality.capacity.items():
            if resource in r_index:
                capacity[j, r_index[resource]] = amount
    # Persons are whole, so a fractional persons capacity can be rounded down without loss; it tightens the LP.
    capacity[:, 0] = np.floor(capacity[:, 0] + FIT_TOLERANCE)

    fixed = instance.options.fixed
    col_case, col_municipality, col_value = [], [], []
    for i, case in enumerate(cases):
        allowed = [fixed[case.id]] if case.id in fixed else case.values
        for municipality_id in allowed:
            col_case.append(i)
            col_municipality.append(m_index[municipality_id])
            col_value.append(instance.effective_value(case, municipality_id))
    col_case = np.asarray(col_case, dtype=np.int64)
    col_municipality = np.asarray(col_municipality, dtype=np.int64)
    col_value = np.asarray(col_value, dtype=np.float64)
    fixed_cases = np.zeros(len(cases), dtype=bool)
    fixed_cases[[i for i, c in enumerate(cases) if c.id in fixed]] = True

    cap_limit = _category_limits(instance, m_index)
    categories = {cat for (_, cat) in cap_limit}
    category_code = {cat: k for k, cat in enumerate(sorted(categories))}
    case_category = np.array([category_code.get(c.category, -1) for c in cases], dtype=np.int64)
    cap_matrix = np.full((len(municipality_ids), max(1, len(category_code))), INF)
    for (j, cat), limit in cap_limit.items():
        cap_matrix[j, category_code[cat]] = math.floor(limit + FIT_TOLERANCE)

    # A pair whose demand alone exceeds a capacity can never be used; fixed pairs stay so infeasibility shows.
    fits = np.all(demand[col_case] <= capacity[col_municipality] + FIT_TOLERANCE, axis=1)
    has_cap = case_category[col_case] >= 0
    cap_of_col = np.where(has_cap, cap_matrix[col_municipality, np.maximum(case_category[col_case], 0)], INF)
    fits &= demand[col_case, 0] <= cap_of_col
    keep = fits | fixed_cases[col_case]
    col_case, col_municipality, col_value = col_case[keep], col_municipality[keep], col_value[keep]
    col_persons = demand[col_case, 0]
    col_lower = fixed_cases[col_case].astype(np.float64)
    n = len(col_case)
    columns = np.arange(n)

    rows, cols, vals, lower, upper = [], [], [], [], []
    next_row = 0

    # Each case at most once (single-column cases need no row: the column's upper bound does it).
    per_case = np.bincount(col_case, minlength=len(cases))
    multi = per_case[col_case] > 1
    case_row = np.cumsum(per_case > 1) - 1
    _append(rows, cols, vals, case_row[col_case[multi]] + next_row, columns[multi], np.ones(multi.sum()))
    count = int((per_case > 1).sum())
    lower.append(np.full(count, -INF))
    upper.append(np.ones(count))
    next_row += count

    # Capacity per (municipality, resource); rows that can never bind are left out, except persons rows
    # carrying a minimum fill.
    share = instance.options.min_fill_share
    min_fill = np.array(
        [min_fill_persons(share=share, capacity=m.capacity.get(PERSONS, 0.0)) for m in instance.municipalities],
        dtype=np.float64,
    )
    binding = []
    for r in range(len(resources)):
        coefficient = demand[col_case, r]
        used = coefficient > 0
        potential = np.bincount(col_municipality[used], weights=coefficient[used], minlength=len(municipality_ids))
        needed = potential > capacity[:, r] + FIT_TOLERANCE
        if r == 0:
            needed |= min_fill > 0
        if needed.any():
            binding.append(r)
        row_id = np.cumsum(needed) - 1
        sel = used & needed[col_municipality]
        _append(rows, cols, vals, row_id[col_municipality[sel]] + next_row, columns[sel], coefficient[sel])
        lo = min_fill[needed] if r == 0 else np.full(int(needed.sum()), -INF)
        lower.append(lo)
        upper.append(capacity[needed, r])
        next_row += int(needed.sum())

    # Category caps per (municipality, category).
    for (j, cat), limit in sorted(cap_limit.items()):
        sel = (col_municipality == j) & (case_category[col_case] == category_code[cat])
        if col_persons[sel].sum() <= math.floor(limit + FIT_TOLERANCE):
            continue
        _append(rows, cols, vals, np.full(int(sel.sum()), next_row), columns[sel], col_persons[sel])
        lower.append(np.array([-INF]))
        upper.append(np.array([float(math.floor(limit + FIT_TOLERANCE))]))
        next_row += 1

    # Total persons; free until stage 2 fixes it at the stage-1 optimum.
    total_row = next_row
    _append(rows, cols, vals, np.full(n, next_row), columns, col_persons)
    lower.append(np.array([-INF]))
    upper.append(np.array([INF]))
    next_row += 1

    row_index = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    col_index = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    values = np.concatenate(vals) if vals else np.zeros(0)
    col_weight, municipality_capacity = _knapsack_resources(demand, capacity, col_case, binding)
    matrix = sparse.csc_matrix((values, (row_index, col_index)), shape=(next_row, n))
    matrix.sort_indices()
    return Model(
        col_case=col_case,
        col_municipality=col_municipality,
        col_persons=col_persons,
        col_value=col_value,
        col_lower=col_lower,
        matrix=matrix,
        row_lower=np.concatenate(lower),
        row_upper=np.concatenate(upper),
        total_row=total_row,
        case_rows=count,
        network=len(resources) == 1 and bool(np.all(demand[:, 0] == 1)),
        case_ids=[c.id for c in cases],
        municipality_ids=municipality_ids,
        col_weight=col_weight,
        municipality_capacity=municipality_capacity,
    )


def _knapsack_resources(demand: np.ndarray, capacity: np.ndarray, col_case: np.ndarray,
                        binding: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Persons and the (at most two) other resources with capacity rows and whole demands, as int64 arrays."""
    dims = [0] + [r for r in binding if r > 0 and np.all(demand[:, r] == np.round(demand[:, r]))][:2]
    weight = np.zeros((len(col_case), 3), dtype=np.int64)
    limit = np.zeros((capacity.shape[0], 3), dtype=np.int64)
    for slot, r in enumerate(dims):
        weight[:, slot] = np.round(demand[col_case, r]).astype(np.int64)
        limit[:, slot] = np.floor(capacity[:, r] + FIT_TOLERANCE).astype(np.int64)
    return weight, limit


def _append(rows: list, cols: list, vals: list, row: np.ndarray, col: np.ndarray, val: np.ndarray) -> None:
    rows.append(np.asarray(row, dtype=np.int64))
    cols.append(np.asarray(col, dtype=np.int64))
    vals.append(np.asarray(val, dtype=np.float64))


def _category_limits(instance: Instance, m_index: dict[str, int]) -> dict[tuple[int, str], float]:
    """The tightest cap per (municipality index, category); a cap without municipality applies to all."""
    limits: dict[tuple[int, str], float] = {}
    for cap in instance.options.category_caps:
        targets = [m_index[cap.municipality]] if cap.municipality is not None else range(len(m_index))
        for j in targets:
            key = (j, cap.category)
            limits[key] = min(limits.get(key, INF), cap.max_persons)
    return limits
