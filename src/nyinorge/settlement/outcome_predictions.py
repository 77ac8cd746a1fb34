"""The suggestions' values from the active trained outcome model, with the indicator baseline's interface.

A case's value in a municipality is the sum over its adults (or the unaccompanied minor) of the model's calibrated
probability that the adult is in work or education after the programme. Its explanation is LightGBM's TreeSHAP
decomposition (`TrainedOutcomeModel.contributions`), each feature's part keyed as the baseline's explanations are
(`outcome_features.contribution_key`) so the page names it in words; "baseline" holds the model's base probability
per adult, and all parts add up to the value.

Every (adult, open municipality) pair is predicted in one batch (`prepare`) before the instance is built: one call
to the booster instead of one per pair. Without an active version, or when it cannot be loaded (an install without
the `research` extra), `outcome_values_for` gives the documented indicator baseline (`outcome_values`).
"""

import datetime
import logging
from collections.abc import Iterable

import numpy as np

from nyinorge.competence.selectors.matching_features import CompetenceFeatures, competence_features
from nyinorge.settlement.models import Case, MunicipalIndicators, OutcomeModelVersion, SettlementYear
from nyinorge.settlement.outcome_features import FEATURES, MunicipalityRow, contribution_key, feature_row
from nyinorge.settlement.outcome_model import TrainedOutcomeModel
from nyinorge.settlement.outcome_values import IndicatorValues, _adult_persons

logger = logging.getLogger(__name__)


class TrainedValues:
    """Values and explanations from a stored model version (see the module docstring)."""

    def __init__(self, version: OutcomeModelVersion, *, municipalities: dict[str, MunicipalityRow],
                 competence: dict[int, CompetenceFeatures]):
        if tuple(version.features) != FEATURES:
            raise ValueError(f"model {version.version} was trained on other features than this platform's")
        self.version = version
        self.model = TrainedOutcomeModel(version.artefact, tuple(version.calibration), FEATURES)
        self.municipalities = municipalities
        self.competence = competence
        rows = list(municipalities.values())
        self.average = MunicipalityRow(
            float(np.mean([r.introduction_results for r in rows])) if rows else 0.5,
            float(np.mean([r.employment for r in rows])) if rows else 0.7,
            int(np.exp(np.mean([np.log(max(r.population, 1)) for r in rows]))) if rows else 5000)
        self._probability: dict[tuple[int, str], float] = {}

    @classmethod
    def for_year(cls, version: OutcomeModelVersion, year: SettlementYear, *, cases: list[Case]) -> "TrainedValues":
        rows = MunicipalIndicators.objects.filter(year=year).values_list(
            "municipality_id", "introduction_results_share", "employment_share", "population")
        members = [member.person_id for case in cases for member in case.members.all()]
        return cls(version, municipalities={number: MunicipalityRow(intro, employment, population)
                                            for number, intro, employment, population in rows},
                   competence=competence_features(person_ids=members) if members else {})

    def _row(self, case: Case, person: int, municipality: str) -> list[float]:
        return feature_row(municipality=self.municipalities.get(municipality, self.average),
                           network=case.network_municipality_id == municipality,
                           competence=self.competence.get(person))

    def prepare(self, cases: Iterable[Case], municipalities: list[str], today: datetime.date) -> None:
        """Predict every adult of the cases in every municipality at once."""
        pairs = [(case, person, number) for case in cases for person in _adult_persons(case, today)
                 for number in municipalities]
        if not pairs:
            return
        x = np.array([self._row(case, person, number) for case, person, number in pairs], dtype=float)
        for (_case, person, number), p in zip(pairs, self.model.predict(x).tolist()):
            self._probability[(person, number)] = p

    def _probabilities(self, case: Case, municipality: str, today: datetime.date) -> list[float]:
        persons = _adult_persons(case, today)
        missing = [person for person in persons if (person, municipality) not in self._probability]
        if missing:
            x = np.array([self._row(case, person, municipality) for person in missing], dtype=float)
            for person, p in zip(missing, self.model.predict(x).tolist()):
                self._probability[(person, municipality)] = p
        return [self._probability[(person, municipality)] for person in persons]

    def probability(self, person: int, municipality: str) -> float | None:
        """The adult's predicted probability in the municipality, when `prepare` or `value` has computed it."""
        return self._probability.get((person, municipality))

    def value(self, case: Case, municipality: str, today: datetime.date) -> float:
        """Expected persons in work or education after the programme (the sum of the adults' probabilities)."""
        return round(sum(self._probabilities(case, municipality, today)), 6)

    def contributions(self, case: Case, municipality: str, today: datetime.date) -> dict[str, float]:
        """Each feature's part of the case's value in the municipality, keyed for `feature_label`; they sum to it."""
        persons = _adult_persons(case, today)
        if not persons:
            return {}
        x = np.array([self._row(case, person, municipality) for person in persons], dtype=float)
        base, phi = self.model.contributions(x)
        parts: dict[str, float] = {"baseline": float(base.sum())}
        for person, row in zip(persons, phi.tolist()):
            competence = self.competence.get(person)
            for feature, value in zip(FEATURES, row):
                key = contribution_key(feature, competence)
                parts[key] = parts.get(key, 0.0) + value
        return parts


def outcome_values_for(*, year: SettlementYear, cases: list[Case]) -> IndicatorValues | TrainedValues:
    """The active trained model's values, or the indicator baseline when none is active or it cannot be loaded."""
    version = OutcomeModelVersion.objects.filter(active=True).first()
    if version is not None:
        try:
            values = TrainedValues.for_year(version, year, cases=cases)
            values.model.booster  # load now, so a missing extra falls back here and not mid-run
            return values
        except Exception:  # a model that cannot be used must not stop the suggestions: the baseline takes over
            logger.exception("the active outcome model %s cannot be used; the indicator baseline is used", version)
    return IndicatorValues.for_year(year, cases=cases)
