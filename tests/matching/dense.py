"""The dense instance family (issue 19's counter-example) for the solver's tests: `generate_family_instance`."""

from __future__ import annotations

from nyinorge.matching.generate import generate_family_instance
from nyinorge.matching.instance import Instance


def dense_instance(*, cases: int = 300, seed: int = 1) -> Instance:
    """`cases` cases, each allowed in half of the 356 municipalities, capacities 105 % of demand."""
    return Instance.from_json(generate_family_instance("dense", cases=cases, seed=seed))
