"""nyinorge.matching: settle cases where they do best, exactly and explainably. Pure Python, no Django.

The names below are loaded on first use (PEP 562), so that `python -m nyinorge.matching check ...` and anything
else that only needs the data classes does not pay for numpy, scipy and HiGHS (~0.3 s of start-up).
"""

from __future__ import annotations

import importlib

# `check` and `greedy` are also submodule names: imported here, the functions win over the modules.
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

_WHERE = {"solve": "solver"}

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


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
