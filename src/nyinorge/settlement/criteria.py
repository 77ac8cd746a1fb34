"""The request criteria: from municipal indicators to a weight per municipality. Pure Python.

weight = population × (w_emp·z(employment share) + w_intro·z(share of former introduction-programme
participants in work or education) + w_ready·ready + w_record·z(settled per inhabitant, last years)),
where z() scales an indicator to [0, 1] over the municipalities that are not excluded (min–max).
A municipality whose immigrant share is above the year's threshold is excluded (seed 3.1: as a rule
no settlement in areas with a high immigrant share).
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Indicators:
    municipality: str
    population: int
    employment_share: float
    introduction_results_share: float
    immigrant_share: float
    ready: bool
    settled_last_years: int


@dataclass(frozen=True)
class Criteria:
    immigrant_share_threshold: float
    weight_employment: float
    weight_introduction_results: float
    weight_readiness: float
    weight_settlement_record: float


def _scaled(values: dict[str, float]) -> dict[str, float]:
    low, high = min(values.values()), max(values.values())
    if high == low:
        return {key: 1.0 for key in values}
    return {key: (value - low) / (high - low) for key, value in values.items()}


def request_weights(rows: Iterable[Indicators], criteria: Criteria) -> tuple[dict[str, float], dict[str, str]]:
    """Weights for the municipalities that get a request, and the reason each other one is excluded."""
    rows = list(rows)
    excluded = {
        row.municipality: f"immigrant share {row.immigrant_share:.1%} above {criteria.immigrant_share_threshold:.1%}"
        for row in rows
        if row.immigrant_share > criteria.immigrant_share_threshold
    }
    included = [row for row in rows if row.municipality not in excluded]
    if not included:
        return {}, excluded
    employment = _scaled({r.municipality: r.employment_share for r in included})
    results = _scaled({r.municipality: r.introduction_results_share for r in included})
    record = _scaled({r.municipality: r.settled_last_years / max(r.population, 1) for r in included})
    weights = {
        row.municipality: row.population
        * (
            criteria.weight_employment * employment[row.municipality]
            + criteria.weight_introduction_results * results[row.municipality]
            + criteria.weight_readiness * (1.0 if row.ready else 0.0)
            + criteria.weight_settlement_record * record[row.municipality]
        )
        for row in included
    }
    return weights, excluded
