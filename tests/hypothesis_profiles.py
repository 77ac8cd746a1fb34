"""Hypothesis profiles: `dev` (the default for `make test` on a laptop) runs a quarter of the examples,
`ci` (set by .ci/run) the full numbers each test was tuned with.

Explicit `max_examples=` in a test's `@settings` would override any profile, so tests write
`max_examples=examples(120)` and the profile scales it.
"""

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "dev")
_SCALE = {"ci": 1.0, "dev": 0.25}
if PROFILE not in _SCALE:
    raise RuntimeError(f"HYPOTHESIS_PROFILE must be one of {sorted(_SCALE)}, not {PROFILE!r}")

# "too_slow" measures the machine, not the code: on a shared two-core machine under load, generating a few
# hundred municipalities' figures can pass its one-second budget, and a red suite would then say nothing.
_QUIET = [HealthCheck.too_slow]
settings.register_profile("ci", max_examples=100, suppress_health_check=_QUIET)
settings.register_profile("dev", max_examples=25, suppress_health_check=_QUIET)
settings.load_profile(PROFILE)


def examples(tuned: int) -> int:
    """The number of examples for a test tuned with `tuned` examples, under the active profile."""
    return max(5, round(tuned * _SCALE[PROFILE]))
