"""Proven upper bounds from any row prices (Lagrangian duality), and the bound per column used to fix columns.

For the maximisation  max c·x  s.t.  l ≤ A x ≤ u,  each case at most once,  x ∈ {0, 1}  and any prices π on
the rows other than the case rows (π_i ≥ 0 where only u_i is finite, π_i ≤ 0 where only l_i is finite):

    c·x = Σ_j r_j x_j + π·(A x)  ≤  Σ_j r_j x_j + B(π),    r_j = c_j − π·A_j,
    B(π) = Σ_i (π_i u_i if π_i > 0 else π_i l_i),

and a case contributes at most u_c = max(0, max_{j ∈ c} r_j) to Σ_j r_j x_j (exactly r_j for a case fixed to its
one column; max_{j ∈ c} r_j when only assignments placing every case count). So L(π) = B(π) + Σ_c u_c bounds the value of every feasible assignment, and one that uses column j
of case c has value at most L(π) − u_c + r_j — the column's bound. Nothing here trusts the solver: the prices are
only a guide (LP duals make L(π) the LP optimum), and the arithmetic is redone here, so the bound is proven
whatever tolerance the LP was solved to.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nyinorge.matching.model import Model


@dataclass
class LagrangianBound:
    bound: float  # L(π): no feasible assignment is worth more
    column_bound: np.ndarray  # per column: no feasible assignment using it is worth more
    reduced: np.ndarray  # per column: r_j = c_j − π·A_j (for pricing columns into a restricted LP)
    case_value: np.ndarray  # per case: u_c, what it contributes to L (its best r_j; the LP's case dual)


def lagrangian_bound(
    model: Model,
    *,
    cost: np.ndarray,
    row_dual: np.ndarray,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    every_case: bool = False,
) -> LagrangianBound:
    """L(π) and the per-column bounds for the row prices `row_dual` (HiGHS's sign: + for a binding upper bound).

    `every_case`: only assignments that place every case with a column count, so u_c = max_{j ∈ c} r_j.
    """
    prices = np.array(row_dual, dtype=np.float64)
    prices[: model.case_rows] = 0.0  # the case rows are kept as constraints, not priced
    prices = np.where(np.isfinite(row_upper), prices, np.minimum(prices, 0.0))
    prices = np.where(np.isfinite(row_lower), prices, np.maximum(prices, 0.0))
    prices[~np.isfinite(prices)] = 0.0
    with np.errstate(invalid="ignore"):
        row_term = np.where(prices > 0, prices * row_upper, np.where(prices < 0, prices * row_lower, 0.0))
    reduced = cost - model.matrix.transpose_times(prices)
    forced = model.col_lower > 0.5
    n_cases = len(model.case_ids)
    best = np.full(n_cases, -np.inf if every_case else 0.0)
    free = ~forced
    np.maximum.at(best, model.col_case[free], reduced[free])
    best[~np.isfinite(best)] = 0.0  # cases without a column contribute nothing
    # A case fixed to its one column takes it: it contributes exactly that column's reduced value.
    forced_case = np.zeros(n_cases, dtype=bool)
    forced_case[model.col_case[forced]] = True
    best[forced_case] = 0.0
    np.add.at(best, model.col_case[forced], reduced[forced])
    bound = float(row_term.sum() + best.sum())
    column_bound = bound - best[model.col_case] + reduced
    return LagrangianBound(bound=bound, column_bound=column_bound, reduced=reduced, case_value=best)


def subgradient_bound(
    model: Model,
    *,
    cost: np.ndarray,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    every_case: bool = False,
    target: float,
    until: float,
    start: np.ndarray | None = None,
    iterations: int = 300,
) -> tuple[LagrangianBound, np.ndarray]:
    """The least L(π) found by subgradient steps from `start` (or 0), and its prices; no LP needed.

    For models too big to solve the LP in time. Polyak steps towards `target` (a known feasible value); every
    L(π) along the way is a proven bound, so the least one is kept, whenever the loop stops.
    """
    import time

    rows = model.matrix
    prices = np.zeros(rows.shape[0]) if start is None else np.array(start, dtype=np.float64)
    prices[: model.case_rows] = 0.0
    best = None
    best_prices = prices.copy()
    scale = 2.0
    stalled = 0
    for _ in range(iterations):
        priced = lagrangian_bound(model, cost=cost, row_dual=prices, row_lower=row_lower, row_upper=row_upper,
                                  every_case=every_case)
        if best is None or priced.bound < best.bound - 1e-9 * max(1.0, abs(priced.bound)):
            best, best_prices, stalled = priced, prices.copy(), 0
        else:
            stalled += 1
            if stalled >= 10:
                scale, stalled = scale / 2, 0
        if time.perf_counter() >= until or scale < 1e-4:
            break
        # The relaxed solution: each case at its best reduced value (if positive, or if it must be placed).
        chosen = best_columns(model, priced.reduced, every_case=every_case)
        activity = rows @ chosen
        # dL/dπ_i = u_i − a_i·x where π_i > 0 (upper side) and l_i − a_i·x where π_i < 0 (lower side).
        upper_side = np.where(np.isfinite(row_upper), row_upper - activity, 0.0)
        lower_side = np.where(np.isfinite(row_lower), row_lower - activity, 0.0)
        gradient = np.where(prices > 0, upper_side, np.where(prices < 0, lower_side,
                            np.where(upper_side < 0, upper_side, np.where(lower_side > 0, lower_side, 0.0))))
        gradient[: model.case_rows] = 0.0
        norm = float(gradient @ gradient)
        if norm <= 1e-12:
            break
        step = scale * max(priced.bound - target, 1e-6 * max(1.0, abs(priced.bound))) / norm
        prices = prices - step * gradient
        prices = np.where(np.isfinite(row_upper), prices, np.minimum(prices, 0.0))
        prices = np.where(np.isfinite(row_lower), prices, np.maximum(prices, 0.0))
    return best, best_prices


def best_columns(model: Model, reduced: np.ndarray, *, every_case: bool) -> np.ndarray:
    """0/1 per column: each case's column of highest reduced value (if positive, or forced, or every_case)."""
    col_case = model.col_case
    if len(col_case) and np.all(col_case[1:] >= col_case[:-1]):
        # Columns come grouped by case (model_build): a segmented maximum, no sort (2.8 million columns: a
        # lexsort took ~0.5 s). The first column reaching the maximum, as the stable sort would pick.
        starts = np.flatnonzero(np.r_[True, col_case[1:] != col_case[:-1]])
        best = np.maximum.reduceat(reduced, starts)
        at_best = np.flatnonzero(reduced == np.repeat(best, np.diff(np.r_[starts, len(col_case)])))
        first = at_best[np.r_[True, col_case[at_best][1:] != col_case[at_best][:-1]]]
    else:
        order = np.lexsort((-reduced, col_case))
        first = order[np.r_[True, col_case[order][1:] != col_case[order][:-1]]]
    take = np.ones(len(first), dtype=bool) if every_case else (reduced[first] > 0) | (model.col_lower[first] > 0.5)
    chosen = np.zeros(model.num_col)
    chosen[first[take]] = 1.0
    chosen[model.col_lower > 0.5] = 1.0
    return chosen
