"""A dense instance family for tests and the benchmark until `generate_family_instance` (branch i19-peers) lands.

Issue 19's counter-example: 300 cases × 356 municipalities, each case allowed in a random half of them, random
values, the generator's three resources, capacities 105 % of demand spread over every municipality by population.
"""

from __future__ import annotations

import numpy as np

from nyinorge.matching.generate import FAMILY_SIZE_SHARES, RESOURCES, municipality_numbers, stand_in_populations
from nyinorge.matching.instance import Case, Instance, Municipality


def dense_instance(*, cases: int = 300, seed: int = 1, share_allowed: float = 0.5) -> Instance:
    """`cases` cases, each allowed in `share_allowed` of the 356 municipalities, capacities 105 % of demand."""
    rng = np.random.default_rng(seed)
    numbers = municipality_numbers()
    m = len(numbers)
    size = rng.choice(np.arange(1, 9), size=cases, p=FAMILY_SIZE_SHARES)
    minor = (size == 1) & (rng.random(cases) < 0.04)
    accessible = rng.random(cases) < 0.06
    demand = np.stack([size, minor, accessible], axis=1).astype(float)
    population = stand_in_populations(numbers)
    capacity = np.zeros((m, 3))
    for r in range(3):
        target = int(np.ceil(1.05 * demand[:, r].sum()))
        exact = target * population / population.sum()
        whole = np.floor(exact)
        whole[np.argsort(-(exact - whole))[: target - int(whole.sum())]] += 1
        capacity[:, r] = whole
    values = rng.random((cases, m)) * size[:, None] * 0.5
    allowed = rng.random((cases, m)) < share_allowed
    return Instance(
        municipalities=tuple(
            Municipality(id=number, capacity={r: float(capacity[j, i]) for i, r in enumerate(RESOURCES)})
            for j, number in enumerate(numbers)
        ),
        cases=tuple(
            Case(
                id=f"d{i + 1}",
                demand={r: float(demand[i, k]) if k else int(size[i]) for k, r in enumerate(RESOURCES) if demand[i, k]},
                values={numbers[j]: round(float(values[i, j]), 6) for j in np.flatnonzero(allowed[i])},
            )
            for i in range(cases)
        ),
    )
