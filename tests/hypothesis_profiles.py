"""Hypothesis profiles: `dev` (the default for `make test` on a laptop) runs a quarter of the examples,
`ci` (set by .ci/run) the full numbers each test was tuned with.

Explicit `max_examples=` in a test's `@settings` would override any profile, so tests write
`max_examples=examples(120)` and the profile scales it.
"""

import os

from hypothesis import settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dev")
_SCALE = {"ci": 1.0, "dev": 0.25}
if PROFILE not in _SCALE:
    raise RuntimeError(f"HYPOTHESIS_PROFILE must be one of {sorted(_SCALE)}, not {PROFILE!r}")

settings.register_profile("ci", max_examples=100)
settings.register_profile("dev", max_examples=25)
settings.load_profile(PROFILE)


def examples(tuned: int) -> int:
    """The number of examples for a test tuned with `tuned` examples, under the active profile."""
    return max(5, round(tuned * _SCALE[PROFILE]))
