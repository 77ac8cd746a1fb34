"""nyinorge.matching: settle cases where they do best, exactly and explainably. Pure Python, no Django."""

from nyinorge.matching.check import CheckReport, check
from nyinorge.matching.greedy import greedy
from nyinorge.matching.instance import (
    Case,
    CategoryCap,
    Instance,
    InvalidInstance,
    Municipality,
    Options,
    Result,
)
from nyinorge.matching.solver import solve

__all__ = [
    "Case",
    "CategoryCap",
    "CheckReport",
    "Instance",
    "InvalidInstance",
    "Municipality",
    "Options",
    "Result",
    "check",
    "greedy",
    "solve",
]
