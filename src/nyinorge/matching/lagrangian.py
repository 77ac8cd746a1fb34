"""A proven value bound stronger than the LP's: relax "each case once", keep each municipality's capacity whole.

With prices u on the case rows (u free when every case must be placed, u ≥ 0 for "at most once") and λ ≥ 0 on
"at least P persons placed":

    value(x) ≤ Σ_c u_c − λ P + Σ_m K_m(u, λ),   K_m = max { Σ_{j ∈ m} (v_j − u_c(j) + λ p_j) x_j : x fits m },

for every feasible assignment x, because each dropped term u_c (1 − Σ_j x_j) and λ (Σ_j p_j x_j − P) is zero or
has the right sign. K_m is an exact 0/1 knapsack over m's capacities (`knapsack.py`), so unlike the LP the bound
knows that a family cannot be split across the last free places — the LP's main weakness here (benchmark,
5,000 persons: LP 1822.60, this bound 1821.56 after ~150 steps; HiGHS's cuts reach 1821.56 after 28 s).
Rows the knapsacks leave out (a minimum fill, category caps, a fourth resource) only relax them: still proven.

The prices start from the LP's duals (or any row prices) and improve by subgradient steps (Polyak steps towards
a known assignment's value, halved when the bound stalls). Every bound along the way is proven; the least is kept.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from nyinorge.matching.knapsack import price_municipalities
from nyinorge.matching.model import Model

STALL_STEPS = 5
MIN_SCALE = 1e-3


@dataclass
class KnapsackBound:
    bound: float  # proven: no feasible assignment placing at least `persons` is worth more
    steps: int
    case_price: np.ndarray
    chosen: np.ndarray  # the packing at the best prices (0/1 per column; a case may appear 0 or several times)


class _Grouped:
    """The model's columns sorted by municipality, as the compiled pricing wants them."""

    def __init__(self, model: Model):
        order = np.argsort(model.col_municipality, kind="stable")
        self.order = order
        counts = np.bincount(model.col_municipality, minlength=len(model.municipality_ids))
        self.start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.col_case = model.col_case[order]
        self.col_persons = model.col_persons[order]
        self.value = model.col_value[order]
        self.weight = np.ascontiguousarray(model.col_weight[order])
        self.forced = (model.col_lower[order] > 0.5).astype(np.uint8)
        self.capacity = np.ascontiguousarray(model.municipality_capacity)

    def price(self, case_price: np.ndarray, persons_price: float) -> tuple[float, np.ndarray, bool]:
        total, chosen, feasible = price_municipalities(self.start, self.col_case, self.col_persons, self.value,
                                                       self.weight, self.forced, self.capacity, case_price,
                                                       float(persons_price))
        back = np.zeros(len(chosen))
        back[self.order] = chosen
        return total, back, feasible


def start_prices(model: Model, case_value: np.ndarray, persons_price: float, *, every_case: bool) -> np.ndarray:
    """Case prices from row prices π: each case's u_c under π (`bounds.LagrangianBound.case_value`, the LP's case
    duals), whose persons-row part is λ p_j with λ = `persons_price`. When every case must be placed λ is folded
    in (λ p_j is the same for all columns of a case), as `knapsack_bound` then keeps λ = 0."""
    if not every_case:
        return case_value
    persons = np.zeros(len(model.case_ids))
    persons[model.col_case] = model.col_persons
    return case_value - persons_price * persons


def persons_price_of(model: Model, row_dual: np.ndarray) -> float:
    """λ ≥ 0 of the persons row from row prices in HiGHS's sign (a binding lower bound has a price ≤ 0)."""
    return max(0.0, -float(row_dual[model.total_row]))


def knapsack_bound(model: Model, *, persons: float, every_case: bool, case_price: np.ndarray,
                   persons_price: float = 0.0, target: float, until: float, max_steps: int = 400,
                   used: np.ndarray | None = None) -> KnapsackBound | None:
    """The least proven bound found from `case_price` (and λ = `persons_price`) by subgradient steps until `until`.

    `target`: the value of a known feasible assignment (steps aim at it). `used`, if given (a boolean mask over the
    columns), gets every column some step's packing took: each municipality's part of a packing fits it. None if the model has no knapsack data
    or fixed cases overflow a capacity (then the instance is infeasible anyway and other code says so).
    """
    if model.col_weight is None or model.num_col == 0:
        return None
    grouped = _Grouped(model)
    fixed = np.zeros(len(model.case_ids), dtype=bool)
    fixed[model.col_case[model.col_lower > 0.5]] = True
    covered = np.zeros(len(model.case_ids), dtype=bool)
    covered[model.col_case] = True
    prices = np.where(fixed | ~covered, 0.0, case_price if every_case else np.maximum(case_price, 0.0))
    lam = 0.0 if every_case else max(0.0, persons_price)
    best: KnapsackBound | None = None
    scale, stalled, steps = 1.0, 0, 0
    while steps < max_steps:
        step_started = time.perf_counter()
        packed, chosen, feasible = grouped.price(prices, lam)
        if not feasible:
            return None
        steps += 1
        if used is not None:
            used |= chosen > 0.5
        bound = float(prices.sum() - lam * persons + packed)
        if best is None or bound < best.bound - 1e-9 * max(1.0, abs(bound)):
            best = KnapsackBound(bound, steps, prices.copy(), chosen)
            stalled = 0
        else:
            stalled += 1
            if stalled >= STALL_STEPS:
                scale, stalled = scale / 2, 0
        # A step cannot be interrupted: stop when the next one would end past `until`.
        now = time.perf_counter()
        if scale < MIN_SCALE or now + (now - step_started) >= until:
            break
        # ∂/∂u_c = 1 − (times c is packed); ∂/∂λ = persons packed − P.
        times = np.bincount(model.col_case, weights=chosen, minlength=len(model.case_ids))
        gradient = np.where(fixed | ~covered, 0.0, 1.0 - times)
        if not every_case:
            gradient = np.where((prices <= 0) & (gradient > 0), 0.0, gradient)  # projected onto u ≥ 0
        persons_gradient = 0.0 if every_case else float(model.col_persons @ chosen - persons)
        if not every_case and lam <= 0 and persons_gradient > 0:
            persons_gradient = 0.0
        norm = float(gradient @ gradient + persons_gradient**2)
        if norm <= 1e-12:
            break  # the packing is a feasible assignment at these prices: the bound is attained
        step = scale * max(bound - target, 1e-6 * max(1.0, abs(bound))) / norm
        prices = prices - step * gradient
        lam = lam - step * persons_gradient
        if not every_case:
            prices = np.maximum(prices, 0.0)
            lam = max(lam, 0.0)
    if best is not None:
        best.steps = steps
    return best
