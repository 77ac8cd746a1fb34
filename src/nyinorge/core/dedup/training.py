"""Training the model with Splink on DuckDB (unsupervised: u by random sampling, m by EM over blocks)."""

from collections.abc import Iterable
from typing import Any

from nyinorge.core.dedup.records import PersonRecord


def train(records: Iterable[PersonRecord], *, seed: int = 1, version: str | None = None) -> dict[str, Any]:
    """Train on the registry's records; the versioned JSON artefact (Splink settings with the trained
    parameters, thresholds, training date and record count)."""
    raise NotImplementedError


def match_weights_chart_svg(artefact: dict[str, Any]) -> str:
    """Splink's match-weights chart of a trained model, rendered to SVG (offline, no JavaScript needed)."""
    raise NotImplementedError
