"""The trained model, loaded from its JSON artefact, scoring pairs in pure Python with the reasons."""

from dataclasses import dataclass
from typing import Any

from nyinorge.core.dedup.records import PersonRecord


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


class DedupModel:
    """A trained model: Splink's settings with m/u probabilities, the thresholds, the version and training date."""

    version: str
    trained_at: str  # ISO 8601
    warn_probability: float  # at registration: show candidates at or above this
    review_probability: float  # in the batch: put pairs at or above this in the review queue

    @classmethod
    def from_json(cls, artefact: dict[str, Any]) -> "DedupModel":
        """Load a model from its artefact (as written by `training.train`)."""
        raise NotImplementedError

    @classmethod
    def default(cls) -> "DedupModel":
        """The model shipped with the platform (data/dedup_model.json), trained on synthetic data."""
        raise NotImplementedError

    def score(self, a: PersonRecord, b: PersonRecord) -> PairScore:
        """The pair's match weight and probability, as Splink would compute them, with the reasons."""
        raise NotImplementedError
