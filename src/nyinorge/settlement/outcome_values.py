"""Expected outcome of settling a case in a municipality, from the year's municipal indicators.

The matching engine needs, for each case and municipality, the expected number of people in work or
education a year after the introduction programme. Until a model trained on the register's own
history is configured, this documented baseline gives it, per adult (18+, or the minor in an
unaccompanied minor's case):

    p(m) = mean_intro + (intro(m) − mean_intro) + ½·(employment(m) − mean_employment) + network(m)

with intro(m) the municipality's share of former introduction-programme participants in work or
education, employment(m) its employment share, the means over all municipalities with indicators,
and network(m) = 0.10 when close family lives there. p is clamped to [0.02, 0.98]; a case's value is
the sum over its adults. Each term is also the feature's contribution, so explanations add up.

Competence (the adult's Kompass or KomBo registration, read only when the person consented to share it:
`nyinorge.competence.selectors.matching_features`) adds, per adult, in probability units (the simulator's
logit effects times p(1 − p) ≈ 0.23 at p ≈ 0.63; see `nyinorge.matching.simulator`):

    + 0.025 (isced − 4)                         ISCED rank, 4 = upper secondary school
    + 0.07 (min(nor, 5) − 2) + 0.035 (min(eng, 5) − 2)        CEFR ranks, 2 = A2, capped at C1
    + 0.015 (min(years, 10) − 3)                years of work experience
    + 0.6 min(1, years / 4) (employment(m) − mean_employment) experience × the municipality's labour market
    + 0.03 [isced ≥ 7] (ln population(m) − mean) / 1.2       bachelor or more × size of the labour market

An unknown feature (no registration, no consent, the section not filled) adds nothing: the adult is taken as the
average, as before competence was registered. The contributions are keyed by the value ("competence:education:7"),
so `feature_label` names it in words ("education at bachelor's level").
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nyinorge.competence.selectors.matching_features import CompetenceFeatures, competence_features

from nyinorge.settlement.models import Case, MunicipalIndicators, SettlementYear
from nyinorge.settlement.models.cases import age_on

NETWORK_BONUS = 0.10
EMPLOYMENT_WEIGHT = 0.5
FEATURE_LABELS = {
    "baseline": _("national average result"),
    "introduction_results": _("the municipality's results with former participants"),
    "employment": _("the municipality's employment share"),
    "network": _("close family in the municipality"),
    # The trained model's (`outcome_features.contribution_key`).
    "population": _("the municipality's size"),
    "competence_unknown": _("competence not registered or not shared"),
}
EDUCATION_PER_LEVEL = 0.025
NORWEGIAN_PER_LEVEL = 0.07
ENGLISH_PER_LEVEL = 0.035
WORK_PER_YEAR = 0.015
WORK_MARKET = 0.6
HIGHER_EDUCATION_SIZE = 0.03
UPPER_SECONDARY_RANK = 4
BACHELOR_RANK = 7
EDUCATION_PHRASES = {
    0: _("no schooling"), 1: _("schooling below primary level"), 2: _("education at primary school level"),
    3: _("education at lower secondary level"), 4: _("education at upper secondary level"),
    5: _("post-secondary vocational education"), 6: _("short higher education (up to two years)"),
    7: _("education at bachelor's level"), 8: _("education at master's level"), 9: _("a doctoral degree"),
}
# STYRK-08 major groups.
EXPERIENCE_PHRASES = {
    0: _("experience in the armed forces"), 1: _("experience as a manager"),
    2: _("experience in a professional occupation"), 3: _("experience as a technician or associate professional"),
    4: _("experience in clerical work"), 5: _("experience in service and sales"),
    6: _("experience in farming, forestry or fishing"), 7: _("experience in a craft or trade"),
    8: _("experience as a machine operator or driver"), 9: _("experience in cleaning or elementary work"),
}
CEFR_BY_RANK = ("0", "A1", "A2", "B1", "B2", "C1", "C2")


def _language_phrase(language: str, rank: int) -> str:
    if language == "norwegian":
        if rank == 0:
            return gettext("hardly any Norwegian")
        if rank >= 7:
            return gettext("Norwegian as mother tongue")
        return gettext("Norwegian at level %(level)s") % {"level": CEFR_BY_RANK[rank]}
    if rank == 0:
        return gettext("hardly any English")
    if rank >= 7:
        return gettext("English as mother tongue")
    return gettext("English at level %(level)s") % {"level": CEFR_BY_RANK[rank]}


def feature_label(key: str) -> str:
    """A contribution's name in the reader's language; a competence one says the person's value in words."""
    if not key.startswith("competence:"):
        return str(FEATURE_LABELS.get(key, key))
    _prefix, kind, *rest = key.split(":")
    try:
        if kind == "education":
            return str(EDUCATION_PHRASES[int(rest[0])])
        if kind in ("norwegian", "english"):
            return _language_phrase(kind, int(rest[0]))
        if kind in ("work", "work_market"):
            group, years = rest[0], float(rest[1]) if len(rest) > 1 else None
            experience = str(EXPERIENCE_PHRASES[int(group)]) if group else gettext("work experience")
            if kind == "work_market":
                return gettext("%(experience)s, in the municipality's labour market") % {"experience": experience}
            if years is None:
                return experience
            return gettext("%(experience)s (%(years)s years)") % {
                "experience": experience, "years": f"{years:g}"}
        if kind == "higher_education_size":
            return gettext("higher education, in a large labour market")
    except (IndexError, KeyError, ValueError):
        pass
    return key


def competence_contributions(features: CompetenceFeatures, *, employment_gap: float,
                             size_gap: float) -> dict[str, float]:
    """One adult's competence terms (see the module docstring); unknown features give none."""
    parts: dict[str, float] = {}
    if features.isced is not None:
        parts[f"competence:education:{features.isced}"] = EDUCATION_PER_LEVEL * (features.isced - UPPER_SECONDARY_RANK)
        if features.isced >= BACHELOR_RANK:
            parts["competence:higher_education_size"] = HIGHER_EDUCATION_SIZE * size_gap
    if features.norwegian_level is not None:
        parts[f"competence:norwegian:{features.norwegian_level}"] = \
            NORWEGIAN_PER_LEVEL * (min(features.norwegian_level, 5) - 2)
    if features.english_level is not None:
        parts[f"competence:english:{features.english_level}"] = ENGLISH_PER_LEVEL * (min(features.english_level, 5) - 2)
    if features.work_years is not None:
        group = "" if features.occupation_group is None else str(features.occupation_group)
        years = features.work_years
        parts[f"competence:work:{group}:{years:g}"] = WORK_PER_YEAR * (min(years, 10) - 3)
        if years > 0:
            parts[f"competence:work_market:{group}"] = WORK_MARKET * min(1.0, years / 4) * employment_gap
    return parts


@dataclass(frozen=True)
class IndicatorValues:
    intro: dict[str, float]
    employment: dict[str, float]
    mean_intro: float
    mean_employment: float
    log_population: dict[str, float] = field(default_factory=dict)
    mean_log_population: float = 0.0
    # Person id → competence features (shared registrations only), for the cases being valued.
    competence: dict[int, CompetenceFeatures] = field(default_factory=dict)

    @classmethod
    def for_year(cls, year: SettlementYear, *, cases: list[Case] | None = None) -> "IndicatorValues":
        """The year's indicators (empty when none are imported) and the competence of the cases' members."""
        rows = list(MunicipalIndicators.objects.filter(year=year).values_list(
            "municipality_id", "introduction_results_share", "employment_share", "population"))
        intro = {number: share for number, share, _e, _p in rows}
        employment = {number: share for number, _i, share, _p in rows}
        log_population = {number: math.log(max(population, 1)) for number, _i, _e, population in rows}
        members = [member.person_id for case in cases or [] for member in case.members.all()]
        return cls(intro, employment, sum(intro.values()) / len(rows) if rows else 0.5,
                   sum(employment.values()) / len(rows) if rows else 0.7, log_population,
                   sum(log_population.values()) / len(rows) if rows else 0.0,
                   competence_features(person_ids=members) if members else {})

    def probability(self, person: int, municipality: str) -> float | None:
        """None: the baseline values a case as a whole, not each adult (see the module docstring)."""
        return None

    def contributions(self, case: Case, municipality: str, today: datetime.date) -> dict[str, float]:
        """Each feature's part of the case's value in the municipality (they sum to the value, before clamping)."""
        adults = _adults(case, today)
        intro = self.intro.get(municipality, self.mean_intro)
        employment = self.employment.get(municipality, self.mean_employment)
        parts = {
            "baseline": adults * self.mean_intro,
            "introduction_results": adults * (intro - self.mean_intro),
            "employment": adults * EMPLOYMENT_WEIGHT * (employment - self.mean_employment),
            "network": adults * NETWORK_BONUS if case.network_municipality_id == municipality else 0.0,
        }
        if self.competence:
            size_gap = (self.log_population.get(municipality, self.mean_log_population) - self.mean_log_population) / 1.2
            for person in _adult_persons(case, today):
                features = self.competence.get(person)
                if features is None:  # no shared registration: unknown, the average adult
                    continue
                for key, value in competence_contributions(
                        features, employment_gap=employment - self.mean_employment, size_gap=size_gap).items():
                    parts[key] = parts.get(key, 0.0) + value
        return parts

    def value(self, case: Case, municipality: str, today: datetime.date) -> float:
        """Expected persons in work or education a year after the programme."""
        adults = _adults(case, today)
        per_adult = sum(self.contributions(case, municipality, today).values()) / adults
        return round(adults * min(max(per_adult, 0.02), 0.98), 6)


def _adult_persons(case: Case, today: datetime.date) -> list[int]:
    """The person ids whose outcome counts: the adults, or the unaccompanied minor."""
    members = list(case.members.all())
    if case.unaccompanied_minor:
        return [member.person_id for member in members[:1]]
    return [member.person_id for member in members if age_on(member.person.birth_date, today) >= 18]


def _adults(case: Case, today: datetime.date) -> int:
    if case.unaccompanied_minor:
        return 1
    return max(1, sum(1 for member in case.members.all() if age_on(member.person.birth_date, today) >= 18))
