"""Whether a STYRK-08 occupation code exists: the one question the mission upload asks of the occupation list.

The list (`nyinorge.competence.occupations`, built by the self-registration part of issue 17, `data/styrk08.csv`)
answers where it is installed: a listed unit group (4 digits) exists; an unlisted 4-digit code exists when its
sub-major group (the first two digits) is listed — the file holds all 436 ISCO-08 unit groups, but an officer on a
mission copies the code from SSB's STYRK-08, which adds a few national codes (e.g. 2223 Sykepleiere), and those
must not be refused. Without the list, the ISCO-08 structure answers: four digits, major group 1–9, or
an armed-forces code (0110, 0210, 0310).
"""

import re
from importlib import import_module

ARMED_FORCES = frozenset({"0110", "0210", "0310"})


def _listed():
    try:
        return import_module("nyinorge.competence.occupations")
    except ImportError:
        return None


def occupation_exists(code: str) -> bool:
    code = (code or "").strip()
    if not re.fullmatch(r"\d{4}", code):
        return False
    occupations = _listed()
    if occupations is None or not hasattr(occupations, "occupation"):
        return code in ARMED_FORCES or code[0] != "0"
    unit = occupations.occupation(code)
    if unit is not None:
        return unit.level == 4
    return occupations.occupation(code[:2]) is not None
