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
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from nyinorge.settlement.models import Case, MunicipalIndicators, SettlementYear
from nyinorge.settlement.models.cases import age_on

NETWORK_BONUS = 0.10
EMPLOYMENT_WEIGHT = 0.5
FEATURE_LABELS = {
    "baseline": _("national average result"),
    "introduction_results": _("the municipality's results with former participants"),
    "employment": _("the municipality's employment share"),
    "network": _("close family in the municipality"),
}


@dataclass(frozen=True)
class IndicatorValues:
    intro: dict[str, float]
    employment: dict[str, float]
    mean_intro: float
    mean_employment: float

    @classmethod
    def for_year(cls, year: SettlementYear) -> "IndicatorValues":
        """The year's indicators (empty when none are imported)."""
        rows = list(MunicipalIndicators.objects.filter(year=year).values_list(
            "municipality_id", "introduction_results_share", "employment_share"))
        intro = {number: share for number, share, _ in rows}
        employment = {number: share for number, _, share in rows}
        return cls(intro, employment, sum(intro.values()) / len(rows) if rows else 0.5,
                   sum(employment.values()) / len(rows) if rows else 0.7)

    def contributions(self, case: Case, municipality: str, today: datetime.date) -> dict[str, float]:
        """Each feature's part of the case's value in the municipality (they sum to the value, before clamping)."""
        adults = _adults(case, today)
        intro = self.intro.get(municipality, self.mean_intro)
        employment = self.employment.get(municipality, self.mean_employment)
        return {
            "baseline": adults * self.mean_intro,
            "introduction_results": adults * (intro - self.mean_intro),
            "employment": adults * EMPLOYMENT_WEIGHT * (employment - self.mean_employment),
            "network": adults * NETWORK_BONUS if case.network_municipality_id == municipality else 0.0,
        }

    def value(self, case: Case, municipality: str, today: datetime.date) -> float:
        """Expected persons in work or education a year after the programme."""
        adults = _adults(case, today)
        per_adult = sum(self.contributions(case, municipality, today).values()) / adults
        return round(adults * min(max(per_adult, 0.02), 0.98), 6)


def _adults(case: Case, today: datetime.date) -> int:
    if case.unaccompanied_minor:
        return 1
    return max(1, sum(1 for member in case.members.all() if age_on(member.person.birth_date, today) >= 18))
