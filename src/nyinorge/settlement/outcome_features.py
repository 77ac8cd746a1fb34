"""The features of the platform's trained outcome model: one row per adult and municipality, the same for training
(the municipality the person was settled in) and for the suggestions (every open municipality).

Municipality: its former participants' results (`introduction_results`), employment share (`employment`) and
ln population (`log_population`), from the indicators of the settlement year. Network: 1 when the case records
close family in the municipality (`Case.network_municipality`). Competence: the adult's Kompass/KomBo
registration, read only with consent to share it (`competence.selectors.matching_features`); unknown features are
NaN, which the gradient boosting routes on their own branch (an unknown value is not read as "none").

No protected ground of likestillings- og diskrimineringsloven § 6 is a feature — not sex, age, citizenship or
country of birth, nor household composition (care responsibilities): `FEATURES` passes
`nyinorge.matching.protected.features_require_lawful` when this module is imported, so a feature added by mistake
fails at once. Those attributes are recorded beside the rows only for the model card's group metrics.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from nyinorge.competence.selectors.matching_features import CompetenceFeatures
from nyinorge.matching.protected import features_require_lawful

MUNICIPALITY_FEATURES = ("introduction_results", "employment", "log_population")
COMPETENCE_FEATURES = ("isced", "schooling_years", "work_years", "norwegian_level", "english_level",
                       "occupation_group")
FEATURES: tuple[str, ...] = (*MUNICIPALITY_FEATURES, "network", *COMPETENCE_FEATURES)
CATEGORICAL_FEATURES: tuple[str, ...] = ("occupation_group",)
features_require_lawful(FEATURES)

FEATURE_NAMES = {
    "introduction_results": _("Former participants in work or education (municipality)"),
    "employment": _("Employment share (municipality)"),
    "log_population": _("Population (municipality, logarithm)"),
    "network": _("Close family in the municipality"),
    "isced": _("Highest completed education (ISCED)"),
    "schooling_years": _("Years of schooling"),
    "work_years": _("Years of work experience"),
    "norwegian_level": _("Norwegian level (CEFR)"),
    "english_level": _("English level (CEFR)"),
    "occupation_group": _("Occupation (STYRK-08 major group)"),
}


@dataclass(frozen=True)
class MunicipalityRow:
    """One municipality's indicators of one settlement year."""

    introduction_results: float
    employment: float
    population: int


def feature_row(*, municipality: MunicipalityRow, network: bool, competence: CompetenceFeatures | None) -> list[float]:
    """The model's features for one adult in one municipality, in `FEATURES` order (NaN = unknown)."""
    c = competence or CompetenceFeatures()

    def known(value) -> float:
        return math.nan if value is None else float(value)

    return [municipality.introduction_results, municipality.employment, math.log(max(municipality.population, 1)),
            1.0 if network else 0.0, known(c.isced), known(c.schooling_years), known(c.work_years),
            known(c.norwegian_level), known(c.english_level), known(c.occupation_group)]


def contribution_key(feature: str, competence: CompetenceFeatures | None) -> str:
    """The explanation key of a feature's contribution for one adult: the keys `outcome_values.feature_label` names
    in words ("competence:education:7" → "education at bachelor's level"), or the feature's own name."""
    c = competence or CompetenceFeatures()
    if feature in ("introduction_results", "employment", "network"):
        return feature
    if feature == "log_population":
        return "population"
    if feature in ("isced", "schooling_years"):
        return f"competence:education:{c.isced}" if c.isced is not None else "competence_unknown"
    if feature in ("norwegian_level", "english_level"):
        level = c.norwegian_level if feature == "norwegian_level" else c.english_level
        kind = feature.partition("_")[0]
        return f"competence:{kind}:{level}" if level is not None else "competence_unknown"
    if feature in ("work_years", "occupation_group"):
        if c.work_years is None:
            return "competence_unknown"
        group = "" if c.occupation_group is None else str(c.occupation_group)
        return f"competence:work:{group}:{c.work_years:g}"
    return feature
