"""The trained model, loaded from its JSON artefact, scoring pairs in pure Python with the reasons.

The artefact is Splink's own saved model (settings with every level's m and u probability) plus our keys
(`nyinorge`: version, training date, record count, thresholds, normalisation version). A pair is scored as Splink
scores it: the level of each comparison by the Python twin of its SQL condition (`comparisons.py`), then
match weight = log2(prior odds) + Σ log2(m/u) over the non-null levels, probability = 2^w / (1 + 2^w).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

from collections.abc import Callable

from nyinorge.core.dedup.comparisons import BY_NAME, TF_COLUMN, TF_EXACT_LEVEL, Comparison
from nyinorge.core.dedup.features import record_features
from nyinorge.core.dedup.normalise import NORMALISATION_VERSION
from nyinorge.core.dedup.records import PersonRecord

DEFAULT_ARTEFACT = "dedup_model.json"
DEFAULT_CHART = "dedup_model_chart.svg"  # its match-weights chart, written beside it by train_default


class ArtefactError(ValueError):
    """The artefact cannot be used with this code (other normalisation rules, other comparisons, missing fields)."""


@dataclass(frozen=True)
class Reason:
    """One comparison's contribution: `comparison` and `level` are stable codes (e.g. "given_name", "phonetic")
    the pages translate; `weight` is the level's match weight (log2 Bayes factor)."""

    comparison: str
    level: str
    weight: float


@dataclass(frozen=True)
class PairScore:
    match_weight: float
    match_probability: float
    reasons: tuple[Reason, ...]  # strongest first (by absolute weight)


def probability_from_weight(weight: float) -> float:
    """Splink's match probability of a match weight."""
    if weight > 500:
        return 1.0
    odds = 2.0 ** weight
    return odds / (1.0 + odds)


def weight_from_probability(probability: float) -> float:
    """The match weight of a probability (the inverse of `probability_from_weight`)."""
    probability = min(max(probability, 1e-300), 1 - 1e-16)
    return math.log2(probability / (1 - probability))


class DedupModel:
    """A trained model: Splink's settings with m/u probabilities, the thresholds, the version and training date."""

    version: str
    trained_at: str  # ISO 8601
    warn_probability: float  # at registration: show candidates at or above this
    review_probability: float  # in the batch: put pairs at or above this in the review queue

    def __init__(self, artefact: dict[str, Any]) -> None:
        ours = artefact.get("nyinorge")
        if not isinstance(ours, dict):
            raise ArtefactError("The artefact has no 'nyinorge' section (version, thresholds): not a dedup model.")
        if str(ours.get("normalisation_version")) != NORMALISATION_VERSION:
            raise ArtefactError(
                f"The model was trained with normalisation version {ours.get('normalisation_version')!r}, this code "
                f"normalises with version {NORMALISATION_VERSION!r}; retrain it.")
        self.artefact = artefact
        self.version = str(ours["version"])
        self.trained_at = str(ours["trained_at"])
        self.record_count = int(ours.get("record_count", 0))
        self.warn_probability = float(ours["warn_probability"])
        self.review_probability = float(ours["review_probability"])
        self.prior = float(artefact["probability_two_random_records_match"])
        self.prior_weight = weight_from_probability(self.prior)
        self._name_frequencies: dict[str, float] = dict(ours.get("name_frequencies") or {})
        self.name_frequency_default = float(ours.get("name_frequency_default") or 1e-6)
        self._tf_u: float | None = None
        self._comparisons: list[tuple[Comparison, list[float | None]]] = []
        for entry in artefact["comparisons"]:
            name = entry["output_column_name"]
            comparison = BY_NAME.get(name)
            if comparison is None:
                raise ArtefactError(f"The artefact's comparison {name!r} is unknown to this code.")
            levels = entry["comparison_levels"]
            if [level["sql_condition"] for level in levels] != [level.sql for level in comparison.levels]:
                raise ArtefactError(f"The artefact's comparison {name!r} has other levels than this code's.")
            weights: list[float | None] = []
            for level in levels:
                if level.get("is_null_level"):
                    weights.append(None)
                    continue
                m, u = level.get("m_probability"), level.get("u_probability")
                if m is None or u is None:
                    raise ArtefactError(f"The level {level['label_for_charts']!r} of {name!r} is not trained.")
                weights.append(math.log2(m / u))
                if (name, level["label_for_charts"]) == TF_EXACT_LEVEL:
                    self._tf_u = u
            if any(level.tf for level in comparison.levels) and self._tf_u is None:
                raise ArtefactError(f"The artefact's comparison {name!r} has no exact level for its term frequencies.")
            self._comparisons.append((comparison, weights))

    @classmethod
    def from_json(cls, artefact: dict[str, Any]) -> "DedupModel":
        """Load a model from its artefact (as written by `training.train`)."""
        return cls(artefact)

    @classmethod
    def default(cls) -> "DedupModel":
        """The model shipped with the platform (data/dedup_model.json), trained on synthetic data."""
        path = resources.files("nyinorge.core") / "data" / DEFAULT_ARTEFACT
        with path.open(encoding="utf-8") as file:
            return cls(json.load(file))

    @staticmethod
    def default_chart_svg() -> str:
        """Splink's match-weights chart of the shipped model (SVG), for the staff who run it."""
        path = resources.files("nyinorge.core") / "data" / DEFAULT_CHART
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    def name_frequency(self, name_sorted: str) -> float:
        """The share of records with this sorted name, from the training registry (its table keeps the names
        seen at least five times; a rarer name gets `name_frequency_default`)."""
        return self._name_frequencies.get(name_sorted, self.name_frequency_default)

    def score_features(self, left: dict[str, Any], right: dict[str, Any]) -> PairScore:
        """Score two rows of features (`features.record_features`); a row may carry its name's frequency in
        `tf_name_sorted` (as Splink reads a hard-coded term-frequency column), else the artefact's table is used."""
        weight = self.prior_weight
        reasons = []
        for comparison, weights in self._comparisons:
            index = comparison.level_of(left, right)
            level_weight = weights[index]
            if level_weight is None:
                continue
            level = comparison.levels[index]
            if level.tf:
                tf_left = left.get("tf_" + TF_COLUMN)
                tf_right = right.get("tf_" + TF_COLUMN)
                if tf_left is None:
                    tf_left = self.name_frequency(left[TF_COLUMN])
                if tf_right is None:
                    tf_right = self.name_frequency(right[TF_COLUMN])
                level_weight += math.log2(self._tf_u / max(tf_left, tf_right))
            weight += level_weight
            reasons.append(Reason(comparison.name, level.code, level_weight))
        reasons.sort(key=lambda reason: -abs(reason.weight))
        return PairScore(match_weight=weight, match_probability=probability_from_weight(weight),
                         reasons=tuple(reasons))

    def score(self, a: PersonRecord, b: PersonRecord, *,
              name_frequency: Callable[[str], float] | None = None) -> PairScore:
        """The pair's match weight and probability, as Splink would compute them, with the reasons.

        `name_frequency(name_sorted)` gives the share of the registry's records with that (normalised, sorted)
        name; without it, the artefact's table from training is used."""
        left, right = record_features(a), record_features(b)
        if name_frequency is not None:
            for row in (left, right):
                if row[TF_COLUMN] is not None:
                    row["tf_" + TF_COLUMN] = name_frequency(row[TF_COLUMN])
        return self.score_features(left, right)
