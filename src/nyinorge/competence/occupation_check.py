"""Whether a STYRK-08 occupation code exists: the one question the mission upload asks of the occupation list.

The full list (codes and labels) is `nyinorge.competence.occupations`, built by the self-registration part of
issue 17; where it is installed it answers. Until then the structure of ISCO-08/STYRK-08 answers: four digits, a
major group 1–9, or an armed-forces code (0110, 0210, 0310).
"""

import re
from importlib import import_module

ARMED_FORCES = frozenset({"0110", "0210", "0310"})


def _listed():
    try:
        return import_module("nyinorge.competence.occupations").occupation_exists
    except (ImportError, AttributeError):
        return None


def occupation_exists(code: str) -> bool:
    listed = _listed()
    if listed is not None:
        return bool(listed(code))
    return code in ARMED_FORCES or bool(re.fullmatch(r"[1-9]\d{3}", code or ""))
