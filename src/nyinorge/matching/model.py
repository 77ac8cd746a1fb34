"""The assignment problem as sparse numpy arrays, ready to hand to HiGHS in one call."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import chain

import numpy as np

from nyinorge.matching.instance import PERSONS, Instance, min_fill_persons

INF = math.inf
# A case "fits" a municipality up to this slack, so capacities given as 2.9999999 still take 3 persons.
FIT_TOLERANCE = 1e-9


class Csc:
    """A compressed-sparse-column matrix with just what the solver needs (products, column subsets).

    Not scipy.sparse: importing it costs ~0.25 s, more than a weekly batch takes to solve, and the command line
    promises its start-up within 0.3 s. Indices within a column are sorted, entries unique.
    """

    def __init__(self, data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, shape: tuple[int, int]):
        self.data, self.indices, self.indptr, self.shape = data, indices, indptr, shape
        self._column_of: np.ndarray | None = None

    @classmethod
    def from_coordinates(cls, values: np.ndarray, rows: np.ndarray, cols: np.ndarray, *,
                         shape: tuple[int, int]) -> Csc:
        """From (value, row, column) triples, each position at most once."""
        # A stable sort by column keeps each column's rows in the order given; sort by row first only if needed.
        order = np.argsort(cols, kind="stable")
        if len(order) > 1:
            same_column = cols[order][1:] == cols[order][:-1]
            if np.any(same_column & (rows[order][1:] < rows[order][:-1])):
                order = np.lexsort((rows, cols))
        indptr = np.searchsorted(cols[order], np.arange(shape[1] + 1)).astype(np.int64)
        return cls(np.asarray(values, dtype=np.float64)[order], np.asarray(rows, dtype=np.int64)[order], indptr,
                   shape)

    @classmethod
    def from_blocks(cls, blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]], *, shape: tuple[int, int]) -> Csc:
        """From blocks of (rows, columns, values) in which no column appears twice and whose rows all come after
        the previous block's: each entry's place follows from its column's count so far (a counting sort, no
        comparison sort over the ~14 million entries of a 2.8-million-column model)."""
        counts = np.zeros(shape[1], dtype=np.int64)
        for _, cols, _ in blocks:
            counts[cols] += 1
        indptr = np.zeros(shape[1] + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        nnz = int(indptr[-1])
        data = np.empty(nnz, dtype=np.float64)
        indices = np.empty(nnz, dtype=np.int64)
        fill = indptr[:-1].copy()
        for rows, cols, values in blocks:
            place = fill[cols]
            data[place] = values
            indices[place] = rows
            fill[cols] += 1
        return cls(data, indices, indptr, shape)

    @property
    def nnz(self) -> int:
        """Number of stored entries."""
        return len(self.data)

    @property
    def column_of(self) -> np.ndarray:
        """The column of each stored entry."""
        if self._column_of is None:
            self._column_of = np.repeat(np.arange(self.shape[1]), np.diff(self.indptr))
        return self._column_of

    def __matmul__(self, x: np.ndarray) -> np.ndarray:
        """A @ x."""
        x = np.asarray(x, dtype=np.float64)
        return np.bincount(self.indices, weights=self.data * x[self.column_of], minlength=self.shape[0])

    def transpose_times(self, y: np.ndarray) -> np.ndarray:
        """Aᵀ @ y."""
        y = np.asarray(y, dtype=np.float64)
        return np.bincount(self.column_of, weights=self.data * y[self.indices], minlength=self.shape[1])

    def columns(self, columns: np.ndarray) -> Csc:
        """The matrix restricted to `columns` (in that order)."""
        columns = np.asarray(columns, dtype=np.int64)
        starts, ends = self.indptr[columns], self.indptr[columns + 1]
        lengths = ends - starts
        indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        # Position of every kept entry: its column's start plus its offset within the column.
        offsets = np.arange(int(indptr[-1])) - np.repeat(indptr[:-1], lengths)
        positions = np.repeat(starts, lengths) + offsets
        return Csc(self.data[positions], self.indices[positions], indptr, (self.shape[0], len(columns)))


@dataclass
class Model:
    """Columns are the allowed (case, municipality) pairs; rows are the constraints."""

    col_case: np.ndarray  # case index of each column
    col_municipality: np.ndarray  # municipality index of each column
    col_persons: np.ndarray  # stage-1 objective
    col_value: np.ndarray  # stage-2 objective (value incl. preference bonus)
    col_lower: np.ndarray  # 1 for fixed pre-assignments
    matrix: Csc
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
    # For the greedy pass on arrays (`greedy.greedy_columns`): demand per case and capacity per municipality in
    # every resource (persons first), each case's capped category (-1 none) and the caps per (municipality,
    # category).
    case_demand: np.ndarray | None = None
    municipality_resources: np.ndarray | None = None
    case_category: np.ndarray | None = None
    category_limit: np.ndarray | None = None

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

    col_case, col_municipality, col_value, fixed_cases = _columns(instance, m_index)

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

    col_weight, municipality_capacity = _knapsack_resources(demand, capacity, col_case, binding)
    # Every block above has each column at most once and rows after the previous block's.
    matrix = Csc.from_blocks(list(zip(rows, cols, vals, strict=True)), shape=(next_row, n))
    return Model(
        case_demand=demand,
        municipality_resources=capacity,
        case_category=case_category,
        category_limit=cap_matrix,
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


def _columns(instance: Instance, m_index: dict[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(case, municipality, effective value) per allowed pair, and which cases are fixed; a fixed case keeps only
    its fixed pair. One pass over the values by iterators, the rest in numpy (40,000 persons: ~0.1 s)."""
    cases = instance.cases
    counts = np.fromiter((len(c.values) for c in cases), dtype=np.int64, count=len(cases))
    total = int(counts.sum())
    col_case = np.repeat(np.arange(len(cases), dtype=np.int64), counts)
    # chain/map keep the per-pair work in C; only the per-case iterators are Python.
    col_municipality = np.fromiter(map(m_index.__getitem__, chain.from_iterable(c.values for c in cases)),
                                   dtype=np.int64, count=total)
    col_value = np.fromiter(chain.from_iterable(c.values.values() for c in cases), dtype=np.float64, count=total)
    bonus = instance.options.preference_bonus
    if bonus:
        first = np.concatenate([[0], np.cumsum(counts)[:-1]])
        for i, case in enumerate(cases):
            if case.preferences:
                for k, municipality_id in enumerate(case.values):
                    if municipality_id in case.preferences:
                        col_value[first[i] + k] += bonus
    fixed = instance.options.fixed
    fixed_cases = np.zeros(len(cases), dtype=bool)
    if fixed:
        fixed_to = np.full(len(cases), -1, dtype=np.int64)
        for i, case in enumerate(cases):
            if case.id in fixed:
                fixed_cases[i] = True
                fixed_to[i] = m_index[fixed[case.id]]
        keep = ~fixed_cases[col_case] | (col_municipality == fixed_to[col_case])
        col_case, col_municipality, col_value = col_case[keep], col_municipality[keep], col_value[keep]
    return col_case, col_municipality, col_value, fixed_cases


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
