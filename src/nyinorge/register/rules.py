"""Who has a right or an obligation, as data: one rule table per law version, and the derivation.

Sources (read with the seed, chapter 3.2, and the acts as we know them; a jurist should review):

- **Introduction Act of 2003** (introduksjonsloven, LOV-2003-07-04-80), for permits granted before
  1 January 2021 (the Integration Act's transitional rule, § 51):
  - Programme (§§ 2–3): right and obligation for refugees (asylum § 28, resettlement § 35, strong humanitarian
    grounds after an asylum application § 38, collective protection § 34) and those reunified with them,
    aged 18–55, settled in a municipality; start within three months of settlement; two years, extendable to three.
  - Norwegian and social studies (§ 17): right and obligation aged 16–55 for refugees, their families and
    other family immigrants with a permit that can lead to permanent residence; right only aged 55–67;
    obligation only (training at their own cost) for labour immigrants from outside the EEA and their
    families aged 16–55. 600 hours (550 Norwegian, 50 social studies) for permits from 2012; the obligation
    must be fulfilled within three years, the right to free training lasts five years; the municipality
    offers training within three months of settlement (or of the claim).
- **Integration Act of 2021** (integreringsloven, LOV-2020-11-06-127), for permits from 1 January 2021:
  - Programme (§§ 8, 13): right and obligation for refugees and those reunified with them aged 18–55;
    three months to two years, extendable to three (to four for upper secondary education).
  - Training (§§ 28–30): right and obligation aged 18–67 for refugees and their families, and for other
    family immigrants; Norwegian until a target level rather than a number of hours (A2 for family
    immigrants, B1 for refugees), social studies 80 hours (refugees and their families), 75 hours (other
    family immigrants); labour immigrants from outside the EEA only an obligation to 50 hours of social studies.
- **Asylum seekers in reception** (seed 3.2, both acts): 175 hours of Norwegian and 50 hours of culture and
  values given by the host municipality; an obligation from 1 September 2018 (voluntary before), from age 16.

Simplifications, deliberately: ages are whole years on the day the right begins (from the birthday
that reaches the lower limit, up to but not including the upper limit: "18–55" means 18 ≤ age < 55);
the right begins on the permit date, or on settlement when that is later; the programme's two-year
claim window and individual extensions are not modelled; a permit that cannot lead to permanent
residence gives no training right or obligation (nor programme).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nyinorge.register.dates import add_months, add_years, age_on
from nyinorge.register.models import LawVersion, PermitType

INTEGRATION_ACT_FROM = datetime.date(2021, 1, 1)
RECEPTION_OBLIGATION_FROM = datetime.date(2018, 9, 1)

REFUGEE_PERMITS = frozenset({
    PermitType.ASYLUM, PermitType.RESETTLEMENT, PermitType.HUMANITARIAN, PermitType.COLLECTIVE_PROTECTION,
    PermitType.FAMILY_OF_REFUGEE,
})
FAMILY_PERMITS = frozenset({PermitType.FAMILY_OF_NORWEGIAN, PermitType.FAMILY_OF_OTHER})
LABOUR_PERMITS = frozenset({PermitType.LABOUR, PermitType.FAMILY_OF_LABOUR})
NO_RIGHTS_PERMITS = frozenset({PermitType.EEA, PermitType.STUDY})


@dataclass(frozen=True)
class AgeBand:
    """From `from_age` (included) to `to_age` (excluded), in whole years."""

    from_age: int
    to_age: int

    def __contains__(self, age: int) -> bool:
        return self.from_age <= age < self.to_age


@dataclass(frozen=True)
class CategoryRule:
    code: str
    label: Promise
    permit_types: frozenset[str]
    programme: AgeBand | None = None  # right and obligation
    training_right_and_obligation: AgeBand | None = None
    training_right_only: AgeBand | None = None
    training_obligation_only: AgeBand | None = None
    norwegian_hours: int = 0
    social_studies_hours: int = 0
    norwegian_target_level: str = ""


@dataclass(frozen=True)
class LawRules:
    law_version: str
    applies_from: datetime.date | None
    applies_until: datetime.date | None  # excluded
    categories: tuple[CategoryRule, ...]
    programme_start_months: int = 3
    programme_years: int = 2
    programme_max_years: int = 3
    training_offer_months: int = 3
    obligation_years: int = 3
    right_years: int | None = 5

    def applies_on(self, day: datetime.date) -> bool:
        return (self.applies_from is None or day >= self.applies_from) and (
            self.applies_until is None or day < self.applies_until)


INTRODUCTION_ACT_2003 = LawRules(
    law_version=LawVersion.INTRODUCTION_ACT_2003,
    applies_from=None,
    applies_until=INTEGRATION_ACT_FROM,
    categories=(
        CategoryRule("refugee", _("Refugee or reunified with a refugee"), REFUGEE_PERMITS,
                     programme=AgeBand(18, 55), training_right_and_obligation=AgeBand(16, 55),
                     training_right_only=AgeBand(55, 67), norwegian_hours=550, social_studies_hours=50),
        CategoryRule("family", _("Family immigrant"), FAMILY_PERMITS,
                     training_right_and_obligation=AgeBand(16, 55), training_right_only=AgeBand(55, 67),
                     norwegian_hours=550, social_studies_hours=50),
        CategoryRule("labour", _("Labour immigrant from outside the EEA, or family"), LABOUR_PERMITS,
                     training_obligation_only=AgeBand(16, 55), norwegian_hours=550, social_studies_hours=50),
        CategoryRule("none", _("No right or obligation"), NO_RIGHTS_PERMITS),
    ),
)

INTEGRATION_ACT_2021 = LawRules(
    law_version=LawVersion.INTEGRATION_ACT_2021,
    applies_from=INTEGRATION_ACT_FROM,
    applies_until=None,
    categories=(
        CategoryRule("refugee", _("Refugee or reunified with a refugee"), REFUGEE_PERMITS,
                     programme=AgeBand(18, 55), training_right_and_obligation=AgeBand(18, 67),
                     social_studies_hours=80, norwegian_target_level="b1"),
        CategoryRule("family", _("Family immigrant"), FAMILY_PERMITS,
                     training_right_and_obligation=AgeBand(18, 67), social_studies_hours=75,
                     norwegian_target_level="a2"),
        CategoryRule("labour", _("Labour immigrant from outside the EEA, or family"), LABOUR_PERMITS,
                     training_obligation_only=AgeBand(18, 67), social_studies_hours=50),
        CategoryRule("none", _("No right or obligation"), NO_RIGHTS_PERMITS),
    ),
    right_years=None,
)

LAWS: tuple[LawRules, ...] = (INTRODUCTION_ACT_2003, INTEGRATION_ACT_2021)

# Asylum seekers in reception: the same under both acts (seed 3.2).
RECEPTION_TRAINING_FROM_AGE = 16
RECEPTION_CATEGORY = "asylum_seeker"
RECEPTION_CATEGORY_LABEL = _("Asylum seeker in reception")
OUTSIDE_AGE_CATEGORY_SUFFIX = "_outside_age"


def law_for(permit_date: datetime.date) -> LawRules:
    """The law version that governs a permit granted on the date."""
    return next(law for law in LAWS if law.applies_on(permit_date))


@dataclass(frozen=True)
class Derivation:
    """The outcome of the rules for one set of facts (what a LegalBasis row stores)."""

    law_version: str
    category: str
    programme_right: bool = False
    programme_obligation: bool = False
    training_right: bool = False
    training_obligation: bool = False
    reception_training: bool = False
    reception_obligation: bool = False
    norwegian_hours: int = 0
    social_studies_hours: int = 0
    norwegian_target_level: str = ""
    valid_from: datetime.date | None = None
    programme_start_deadline: datetime.date | None = None
    training_start_deadline: datetime.date | None = None
    obligation_deadline: datetime.date | None = None
    right_ends: datetime.date | None = None
    facts: dict = field(default_factory=dict)


def derive(
    *,
    permit_type: str,
    permit_date: datetime.date,
    birth_date: datetime.date,
    settled_on: datetime.date | None = None,
    permanent_basis: bool = True,
) -> Derivation:
    """Apply the rule table of the law version in force on the permit date to the facts."""
    law = law_for(permit_date)
    facts = {"permit_type": str(permit_type), "permit_date": permit_date.isoformat(),
             "birth_date": birth_date.isoformat(), "settled_on": settled_on.isoformat() if settled_on else None,
             "permanent_basis": permanent_basis}
    if permit_type == PermitType.ASYLUM_SEEKER:
        age = age_on(birth_date, permit_date)
        in_target_group = age >= RECEPTION_TRAINING_FROM_AGE
        return Derivation(
            law_version=law.law_version, category=RECEPTION_CATEGORY, valid_from=permit_date, facts=facts,
            reception_training=in_target_group,
            reception_obligation=in_target_group and permit_date >= RECEPTION_OBLIGATION_FROM,
        )
    rule = next((r for r in law.categories if permit_type in r.permit_types), None)
    if rule is None:
        raise ValueError(f"no rule for permit type {permit_type!r}")
    starts = max(permit_date, settled_on) if settled_on else permit_date
    age = age_on(birth_date, starts)
    eligible = permanent_basis
    programme = eligible and rule.programme is not None and age in rule.programme
    right_and_obligation = eligible and rule.training_right_and_obligation is not None \
        and age in rule.training_right_and_obligation
    right_only = eligible and rule.training_right_only is not None and age in rule.training_right_only
    obligation_only = eligible and rule.training_obligation_only is not None and age in rule.training_obligation_only
    training_right = right_and_obligation or right_only
    training_obligation = right_and_obligation or obligation_only
    anything = programme or training_right or training_obligation
    category = rule.code if anything or rule.code == "none" else rule.code + OUTSIDE_AGE_CATEGORY_SUFFIX
    return Derivation(
        law_version=law.law_version,
        category=category,
        programme_right=programme,
        programme_obligation=programme,
        training_right=training_right,
        training_obligation=training_obligation,
        norwegian_hours=rule.norwegian_hours if training_right or training_obligation else 0,
        social_studies_hours=rule.social_studies_hours if training_right or training_obligation else 0,
        norwegian_target_level=rule.norwegian_target_level if training_right or training_obligation else "",
        valid_from=starts,
        programme_start_deadline=add_months(settled_on, law.programme_start_months) if programme and settled_on else None,
        training_start_deadline=add_months(starts, law.training_offer_months) if training_right and settled_on else None,
        obligation_deadline=add_years(starts, law.obligation_years) if training_obligation else None,
        right_ends=add_years(starts, law.right_years) if training_right and law.right_years else None,
        facts=facts,
    )


def category_label(category: str) -> str:
    """The translated name of a category code."""
    if category == RECEPTION_CATEGORY:
        return str(RECEPTION_CATEGORY_LABEL)
    outside = category.endswith(OUTSIDE_AGE_CATEGORY_SUFFIX)
    code = category.removesuffix(OUTSIDE_AGE_CATEGORY_SUFFIX)
    for law in LAWS:
        for rule in law.categories:
            if rule.code == code:
                return str(_("%(category)s, outside the age limits") % {"category": rule.label}) if outside else str(rule.label)
    return category
