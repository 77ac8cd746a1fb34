"""Every municipality's best packing at given case prices: the subproblem of the knapsack Lagrangian (`lagrangian.py`).

For municipality m and case prices u, K_m = max Σ_j (v_j − u_c(j) + λ p_j) x_j over the 0/1 choices x of its columns
that fit its capacity in up to three whole-numbered resources (persons first). This is a small multi-dimensional
0/1 knapsack, solved exactly by dynamic programming over the capacity states.

Compiled with numba (cached on disk after the first call): a pure-numpy loop over items was 4–5× slower on the
benchmark's 5,000-person instance (0.19 s against 0.04 s for all 220 municipalities with places).
"""

from __future__ import annotations

import numpy as np
from numba import njit

# Above this many (items × capacity states) a municipality's extra resources are relaxed (dropped, which can only
# raise K_m, so the bound stays proven) to keep the take table in memory.
MAX_TABLE = 20_000_000


@njit(cache=True)
def price_municipalities(start, col_case, col_persons, value, weight, forced, capacity, case_price, persons_price):
    """(Σ_m K_m, 0/1 per column chosen, feasible) for columns grouped by municipality (`start`: CSR offsets).

    weight: (columns × 3) whole demands; capacity: (municipalities × 3); forced: columns that must be taken (fixed
    pre-assignments). A municipality whose forced columns overflow its capacity makes the result infeasible.
    """
    n_municipalities = len(start) - 1
    chosen = np.zeros(len(value), dtype=np.uint8)
    profit = np.empty(len(value))
    for j in range(len(value)):
        profit[j] = value[j] - case_price[col_case[j]] + persons_price * col_persons[j]
    total = 0.0
    for m in range(n_municipalities):
        first, last = start[m], start[m + 1]
        c0, c1, c2 = capacity[m, 0], capacity[m, 1], capacity[m, 2]
        base = 0.0
        for j in range(first, last):
            if forced[j]:
                c0 -= weight[j, 0]
                c1 -= weight[j, 1]
                c2 -= weight[j, 2]
                base += profit[j]
                chosen[j] = 1
        if c0 < 0 or c1 < 0 or c2 < 0:
            return 0.0, chosen, False
        # Items worth taking: positive profit and fitting alone.
        items = np.empty(last - first, dtype=np.int64)
        k = 0
        need0 = need1 = need2 = 0
        for j in range(first, last):
            if forced[j]:
                continue
            if profit[j] > 1e-12 and weight[j, 0] <= c0 and weight[j, 1] <= c1 and weight[j, 2] <= c2:
                items[k] = j
                k += 1
                need0 += weight[j, 0]
                need1 += weight[j, 1]
                need2 += weight[j, 2]
        total += base
        if k == 0:
            continue
        # A resource the items cannot exhaust does not constrain: its dimension collapses to one state.
        use1 = need1 > c1
        use2 = need2 > c2
        d0 = min(c0, need0)
        d1 = c1 if use1 else 0
        d2 = c2 if use2 else 0
        if not (need0 > c0 or use1 or use2):
            for i in range(k):
                j = items[i]
                total += profit[j]
                chosen[j] = 1
            continue
        if k * (d0 + 1) * (d1 + 1) * (d2 + 1) > MAX_TABLE:
            d2, use2 = 0, False
        if k * (d0 + 1) * (d1 + 1) * (d2 + 1) > MAX_TABLE:
            d1, use1 = 0, False
        s1 = d2 + 1
        s0 = (d1 + 1) * s1
        states = (d0 + 1) * s0
        dp = np.zeros(states)
        take = np.zeros((k, states), dtype=np.uint8)
        for i in range(k):
            j = items[i]
            a0 = weight[j, 0]
            a1 = weight[j, 1] if use1 else 0
            a2 = weight[j, 2] if use2 else 0
            gain = profit[j]
            shift = a0 * s0 + a1 * s1 + a2
            for x0 in range(d0, a0 - 1, -1):
                for x1 in range(d1, a1 - 1, -1):
                    row = x0 * s0 + x1 * s1
                    for x2 in range(d2, a2 - 1, -1):
                        state = row + x2
                        candidate = dp[state - shift] + gain
                        if candidate > dp[state]:
                            dp[state] = candidate
                            take[i, state] = 1
        state = states - 1
        total += dp[state]
        for i in range(k - 1, -1, -1):
            if take[i, state]:
                j = items[i]
                chosen[j] = 1
                state -= weight[j, 0] * s0 + (weight[j, 1] if use1 else 0) * s1 + (weight[j, 2] if use2 else 0)
    return total, chosen, True
