"""Why each case went where it did: its value there, the best alternative and the difference.

With an outcome model the explanation also lists the features that drove the value; `competence_phrase` names a
competence feature by the person's own value (education level, experience in an occupation, language levels).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from nyinorge.matching.instance import Instance, Result

# (case id, municipality id) -> [(feature, contribution)], supplied by the outcome model.
Contributions = Callable[[str, str], list[tuple[str, float]]]


@dataclass
class Explanation:
    case_id: str
    municipality: str
    value_chosen: float
    best_alternative: str | None
    value_alternative: float | None
    difference: float | None
    contributions: list[tuple[str, float]] = field(default_factory=list)


def assignment_explanations(
    instance: Instance, result: Result, contributions: Contributions | None = None
) -> dict[str, Explanation]:
    """An explanation per assigned case; contributions sorted by size when a model provides them."""
    municipalities = {m.id: m for m in instance.municipalities}
    explanations = {}
    for case in instance.cases:
        chosen = result.assignment.get(case.id)
        if chosen is None or chosen not in case.values:
            continue
        # An alternative the case could have used on its own: allowed and with capacity for its demand.
        alternatives = [
            m
            for m in case.values
            if m != chosen
            and m in municipalities
            and all(amount <= municipalities[m].capacity.get(r, 0.0) for r, amount in case.demand.items() if amount)
        ]
        best = max(alternatives, key=lambda m: instance.effective_value(case, m), default=None)
        value_chosen = instance.effective_value(case, chosen)
        value_alternative = instance.effective_value(case, best) if best is not None else None
        features = list(contributions(case.id, chosen)) if contributions is not None else []
        explanations[case.id] = Explanation(
            case_id=case.id,
            municipality=chosen,
            value_chosen=value_chosen,
            best_alternative=best,
            value_alternative=value_alternative,
            difference=value_chosen - value_alternative if value_alternative is not None else None,
            contributions=sorted(features, key=lambda item: -abs(item[1])),
        )
    return explanations


# --- Naming the competence features in an explanation (bokmål and English; the platform's .po files are not
# reachable from this pure library, so the few phrases are here). Ranks as in `simulator` (ISCED 0..9, CEFR 0..7).
ISCED_PHRASES: dict[str, tuple[str, ...]] = {
    "nb": ("ingen skolegang", "skolegang under barneskolenivå", "utdanning på barneskolenivå",
           "utdanning på ungdomsskolenivå", "utdanning på videregående nivå", "utdanning på fagskolenivå",
           "kort høyere utdanning (inntil to år)", "utdanning på bachelornivå", "utdanning på masternivå",
           "doktorgrad"),
    "en": ("no schooling", "less than primary school", "primary school", "lower secondary school",
           "upper secondary school", "post-secondary vocational education", "short higher education (up to two years)",
           "education at bachelor's level", "education at master's level", "a doctoral degree"),
}
# STYRK-08 major groups 0..9 (Statistics Norway's names).
OCCUPATION_GROUP_PHRASES: dict[str, tuple[str, ...]] = {
    "nb": ("militære yrker", "lederyrker", "akademiske yrker", "høyskoleyrker", "kontoryrker",
           "salgs- og serviceyrker", "bønder, fiskere og lignende", "håndverkere",
           "prosess- og maskinoperatører, transportarbeidere mv.", "renholdere, hjelpearbeidere mv."),
    "en": ("armed forces occupations", "managers", "professionals", "technicians and associate professionals",
           "clerical support work", "service and sales work", "skilled agricultural, forestry and fishery work",
           "craft and related trades", "plant and machine operation and assembly", "elementary occupations"),
}
# "… years' experience as/in …" per major group.
EXPERIENCE_PHRASES: dict[str, tuple[str, ...]] = {
    "nb": ("erfaring fra militære yrker", "erfaring som leder", "erfaring fra et akademisk yrke",
           "erfaring fra et høyskoleyrke", "erfaring fra kontorarbeid", "erfaring fra salg og service",
           "erfaring fra jordbruk, skogbruk eller fiske", "erfaring som håndverker",
           "erfaring som operatør eller sjåfør", "erfaring fra renhold eller hjelpearbeid"),
    "en": ("experience in the armed forces", "experience as a manager", "experience in a professional occupation",
           "experience as a technician or associate professional", "experience in clerical work",
           "experience in service and sales", "experience in farming, forestry or fishing",
           "experience in a craft or trade", "experience as a machine operator or driver",
           "experience in cleaning or elementary work"),
}
CEFR_BY_RANK = ("0", "A1", "A2", "B1", "B2", "C1", "C2", "native")
_LANGUAGE_NAMES = {"norwegian_level": {"nb": "norsk", "en": "Norwegian"},
                   "english_level": {"nb": "engelsk", "en": "English"}}


def _years(value: float, language: str) -> str:
    shown = f"{value:g}".replace(".", ",") if language == "nb" else f"{value:g}"
    return f"{shown} år" if language == "nb" else f"{shown} year{'s' if value != 1 else ''}"


def competence_phrase(feature: str, values: dict[str, float], *, language: str = "nb") -> str | None:
    """The person's value of a competence feature in words ("utdanning på bachelornivå", "6 år erfaring fra
    håndverkere", "norsk på nivå A2"); None for a feature that is not about competence or a value that is unknown.

    `values` holds the pair's feature values by name (NaN or missing = unknown).
    """
    language = "nb" if language.startswith("nb") or language == "no" else "en"

    def known(name: str) -> float | None:
        value = values.get(name)
        return None if value is None or value != value else float(value)  # NaN is unknown

    value = known(feature)
    if feature == "isced" and value is not None:
        return ISCED_PHRASES[language][int(value)]
    if feature == "schooling_years" and value is not None:
        return f"{_years(value, language)} skolegang" if language == "nb" else f"{_years(value, language)} of schooling"
    if feature in ("work_years", "occupation_group", "occupation_demand"):
        group, years = known("occupation_group"), known("work_years")
        if group is None or group < 1:  # the model's category 0 = no work experience
            return "ingen arbeidserfaring" if language == "nb" and feature != "occupation_demand" else (
                "no work experience" if feature != "occupation_demand" else None)
        occupation = OCCUPATION_GROUP_PHRASES[language][int(group) - 1]
        if feature == "occupation_demand":
            if value is None:
                return None
            index = f"{value:.2f}".replace(".", ",") if language == "nb" else f"{value:.2f}"
            return (f"etterspørsel etter {occupation} i kommunen (indeks {index}, 1 = landsgjennomsnittet)"
                    if language == "nb" else
                    f"demand for {occupation} in the municipality (index {index}, 1 = national average)")
        experience = EXPERIENCE_PHRASES[language][int(group) - 1]
        return f"{experience} ({_years(years, language)})" if years else experience
    if feature in _LANGUAGE_NAMES and value is not None:
        name = _LANGUAGE_NAMES[feature][language]
        rank = int(value)
        if rank == 0:
            return f"nesten ingen {name}kunnskaper" if language == "nb" else f"hardly any {name}"
        if rank == 7:
            return f"{name} som morsmål" if language == "nb" else f"{name} as mother tongue"
        return f"{name} på nivå {CEFR_BY_RANK[rank]}" if language == "nb" else f"{name} at level {CEFR_BY_RANK[rank]}"
    return None


def contributions_named(contributions: list[tuple[str, float]], values: dict[str, float], *,
                        labels: dict[str, str], language: str = "nb") -> list[tuple[str, float]]:
    """The contributions with each feature named: a competence feature by the person's value in words, any other
    by its label (`outcomes.FEATURE_LABELS_NB` or `FEATURE_LABELS`)."""
    return [(competence_phrase(name, values, language=language) or labels.get(name, name), value)
            for name, value in contributions]
