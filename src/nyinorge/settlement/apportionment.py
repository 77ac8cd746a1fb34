"""Spreading a national number over municipalities so the parts sum to it exactly.

Method: largest remainder (Hamilton). Each municipality first gets the whole part of its
proportional quota; the seats left over go, one each, to the largest fractional remainders.
Ties are broken by the larger weight, then by the key, so the result is deterministic.
Overrides are taken as given and the rest of the target is spread over the others; excluded
keys get 0. Pure Python, no Django.
"""

from collections.abc import Iterable, Mapping
from fractions import Fraction


class ApportionmentError(ValueError):
    """The inputs cannot be apportioned (e.g. overrides exceed the target)."""


def apportion(
    target: int,
    weights: Mapping[str, float],
    *,
    overrides: Mapping[str, int] | None = None,
    excluded: Iterable[str] = (),
) -> dict[str, int]:
    """Integers per key, proportional to weight, summing to `target` exactly."""
    overrides = dict(overrides or {})
    excluded = set(excluded)
    if target < 0:
        raise ApportionmentError("the target cannot be negative")
    if any(value < 0 for value in overrides.values()):
        raise ApportionmentError("an override cannot be negative")
    unknown = (set(overrides) | excluded) - set(weights)
    if unknown:
        raise ApportionmentError(f"overrides or exclusions for unknown keys: {sorted(unknown)[:10]}")
    if any(weight < 0 or weight != weight for weight in weights.values()):
        raise ApportionmentError("weights must be non-negative numbers")
    remaining = target - sum(overrides.values())
    if remaining < 0:
        raise ApportionmentError(f"the overrides ({sum(overrides.values())}) exceed the target ({target})")
    result = {key: 0 for key in weights}
    result.update(overrides)
    free = {key: Fraction(weight) for key, weight in weights.items() if key not in overrides and key not in excluded}
    total = sum(free.values(), Fraction(0))
    if remaining == 0:
        return result
    if total == 0:
        raise ApportionmentError(f"{remaining} places are left to spread but no municipality has a positive weight")
    quotas = {key: weight * remaining / total for key, weight in free.items()}
    for key, quota in quotas.items():
        result[key] = int(quota)  # floor: quotas are non-negative
    left = remaining - sum(int(quota) for quota in quotas.values())
    by_remainder = sorted(quotas, key=lambda key: (-(quotas[key] - int(quotas[key])), -free[key], key))
    for key in by_remainder[:left]:
        result[key] += 1
    return result
