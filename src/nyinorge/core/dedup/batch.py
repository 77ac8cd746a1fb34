"""The whole-registry batch: Splink (DuckDB) predictions over the blocked pairs, then clusters."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from nyinorge.core.dedup.records import PersonRecord


@dataclass(frozen=True)
class ScoredPair:
    id_l: str
    id_r: str
    match_weight: float
    match_probability: float
    cluster: str  # the cluster both belong to at the threshold


def find_duplicates(records: Iterable[PersonRecord], artefact: dict[str, Any], *,
                    threshold_probability: float | None = None) -> list[ScoredPair]:
    """Every pair at or above the threshold (default: the artefact's review threshold), highest weight first."""
    raise NotImplementedError
