"""Who is entitled to which per-capita grant, for which budget year and in which municipality: the rules as
plain functions over facts (no database), so each can be tested against a hand-computed case.

The rules follow IMDi's circular for the integration grant, the grant for the elderly and the kindergarten
grant, the circular for the special grant for unaccompanied minors, and the rules for the grant for Norwegian
training (sources in `data/README.md`). Where the circulars leave a choice, the choice is named here.

- **Target group**: persons settled by agreement with the directorate after a permit as a refugee, resettlement
  refugee, on strong humanitarian grounds or with collective protection, and their family reunified later.
  Family of a person with humanitarian status gives the integration grant for three years only.
- **Years**: year 1 is the calendar year of settlement; years 2–5 the four that follow.
- **Which municipality**: year 1 goes to the settlement municipality; later years to the municipality the person
  lives in on 1 January of the budget year (a move during the year changes the next year's municipality).
- **Births**: a child born within six months after the mother's settlement counts as settled with her.
- **Death or emigration**: no grant for a budget year that starts after it; the year in which it happens is
  paid in full (the 1 January rule).
- **Late registration**: a person whose settlement reaches the register only in their second year gets years 1
  and 2 together in year 2: year 1 in full with the first instalment, at its own year's rates.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

# Permit types (register.PermitType values) that place a person in the target group on their own.
PROTECTION_PERMITS = frozenset({"asylum", "resettlement", "humanitarian", "collective_protection"})
FAMILY_PERMIT = "family_of_refugee"
INTEGRATION_YEARS = 5
INTEGRATION_YEARS_FAMILY_OF_HUMANITARIAN = 3
NORWEGIAN_TRAINING_YEARS = 3
ADULT_AGE = 18
ELDERLY_AGE = 60
KINDERGARTEN_MAX_AGE = 5
UNACCOMPANIED_MINOR_LAST_AGE = 20  # paid until and including the year they turn 20
UNACCOMPANIED_MINOR_HIGHER_RATE_LAST_AGE = 16  # the higher rate until the year they turn 16
BIRTH_AFTER_SETTLEMENT = 6  # months
# Citizenships of the low rate of the Norwegian training grant: Western Europe, North America, Australia and
# New Zealand (the rules name the regions; here as ISO codes). Everyone else has the high rate.
LOW_RATE_CITIZENSHIPS = frozenset({
    "AD", "AT", "BE", "CH", "DE", "DK", "ES", "FI", "FO", "FR", "GB", "GL", "GR", "IE", "IS", "IT", "LI", "LU",
    "MC", "MT", "NL", "PT", "SE", "SM", "VA", "CA", "US", "AU", "NZ",
})


@dataclass(frozen=True)
class Residence:
    municipality: str
    valid_from: datetime.date
    valid_to: datetime.date | None = None

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class GrantPerson:
    """What the grants need to know of one person, read from settlement, the register and family relations."""

    person_id: int
    birth_date: datetime.date
    citizenship: str
    permit_type: str  # the register's PermitType value of the permit that placed them in the target group
    settlement_date: datetime.date
    settlement_municipality: str
    residences: tuple[Residence, ...] = ()
    single_adult: bool = False  # settled as the only adult of the case
    unaccompanied_minor: bool = False
    family_of_humanitarian: bool = False  # reunified with a person whose permit is on humanitarian grounds
    left_on: datetime.date | None = None  # died or emigrated
    # Year 1 was paid by the platform's runs, but not for this person: their settlement reached the register late.
    late_registration: bool = False
    training_right: bool = True  # a right or obligation to Norwegian training (from the legal basis)
    mother_settlement_date: datetime.date | None = None  # a child born in Norway after the mother's settlement
    mother_settlement_municipality: str | None = None


@dataclass(frozen=True)
class Entitlement:
    """One grant a municipality is owed for a person in a budget year, under a rule, at a rate group."""

    scheme: str
    rate_group: str
    year_after_settlement: int
    rate_year: int  # the budget year whose rate applies
    municipality: str
    reason: str
    one_off: bool = False
    # A decided amount instead of a rate (the special grants): the run pays it, not a rate row's amount.
    amount: Decimal | None = None


@dataclass
class Facts:
    """The effective settlement of a person (a child born after the mother's settlement takes hers)."""

    settlement_date: datetime.date
    settlement_municipality: str
    notes: list[str] = field(default_factory=list)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _months_between(start: datetime.date, end: datetime.date) -> float:
    return (end.year - start.year) * 12 + (end.month - start.month) + (end.day - start.day) / 31


def effective_settlement(person: GrantPerson) -> Facts | None:
    """The settlement the grants count from, or None when the person is not in the target group."""
    if person.mother_settlement_date is not None and person.birth_date > person.mother_settlement_date:
        if _months_between(person.mother_settlement_date, person.birth_date) > BIRTH_AFTER_SETTLEMENT:
            return None
        return Facts(person.mother_settlement_date, person.mother_settlement_municipality or person.settlement_municipality,
                     [f"born {person.birth_date} within six months after the mother's settlement"])
    if person.permit_type not in PROTECTION_PERMITS and person.permit_type != FAMILY_PERMIT:
        return None
    return Facts(person.settlement_date, person.settlement_municipality)


def municipality_for_year(person: GrantPerson, facts: Facts, budget_year: int) -> str | None:
    """Year 1: the settlement municipality; later: where the person lives on 1 January (None: nowhere known)."""
    if budget_year == facts.settlement_date.year:
        return facts.settlement_municipality
    first_of_january = datetime.date(budget_year, 1, 1)
    for residence in person.residences:
        if residence.covers(first_of_january):
            return residence.municipality
    if not person.residences:
        return facts.settlement_municipality
    return None


def _gone_before(person: GrantPerson, budget_year: int) -> bool:
    return person.left_on is not None and person.left_on < datetime.date(budget_year, 1, 1)


def _year_one_group(person: GrantPerson, facts: Facts) -> str:
    age = age_on(person.birth_date, facts.settlement_date) if person.birth_date <= facts.settlement_date else 0
    if person.unaccompanied_minor and age < ADULT_AGE:
        return "unaccompanied_minor"
    if age < ADULT_AGE:
        return "child"
    return "single_adult" if person.single_adult else "adult"


def _integration(person: GrantPerson, facts: Facts, budget_year: int, municipality: str) -> list[Entitlement]:
    settled_year = facts.settlement_date.year
    years = INTEGRATION_YEARS_FAMILY_OF_HUMANITARIAN if person.family_of_humanitarian else INTEGRATION_YEARS
    year = budget_year - settled_year + 1
    if not 1 <= year <= years:
        return []
    where = f"settled {facts.settlement_date} in {facts.settlement_municipality}" + "".join(f", {n}" for n in facts.notes)
    if person.family_of_humanitarian:
        where += ", family of a person with humanitarian status (three years)"
    entitlements = []
    late = year == 2 and person.late_registration
    if year == 1 or late:
        group = _year_one_group(person, facts)
        # A late year 1 is owed in full at once (the first instalment of year 2), not spread over year 2.
        entitlements.append(Entitlement(
            "integration", group, 1, settled_year, facts.settlement_municipality,
            f"{where}, year 1, {group.replace('_', ' ')}"
            + ("; registered late, paid with year 2" if late else ""), one_off=late))
        age = age_on(person.birth_date, facts.settlement_date) if person.birth_date <= facts.settlement_date else 0
        if age >= ELDERLY_AGE:
            entitlements.append(Entitlement("elderly", "settled_aged_60_plus", 1, settled_year, facts.settlement_municipality,
                                            f"{where}, aged {age} at settlement", one_off=True))
        if age <= KINDERGARTEN_MAX_AGE:
            entitlements.append(Entitlement("kindergarten", "child_0_5", 1, settled_year,
                                            facts.settlement_municipality,
                                            f"{where}, aged {age} at settlement", one_off=True))
    if year >= 2:
        entitlements.append(Entitlement("integration", "all", year, budget_year, municipality,
                                        f"{where}, year {year}, living in {municipality} on 1 January {budget_year}"))
    return entitlements


def _unaccompanied_minor(person: GrantPerson, facts: Facts, budget_year: int, municipality: str) -> list[Entitlement]:
    if not person.unaccompanied_minor or budget_year < facts.settlement_date.year:
        return []
    if age_on(person.birth_date, facts.settlement_date) >= ADULT_AGE:
        return []
    turns = budget_year - person.birth_date.year
    if turns > UNACCOMPANIED_MINOR_LAST_AGE:
        return []
    group = "to_year_turning_16" if turns <= UNACCOMPANIED_MINOR_HIGHER_RATE_LAST_AGE else "year_turning_17_to_20"
    return [Entitlement("unaccompanied_minor", group, budget_year - facts.settlement_date.year + 1,
                        budget_year, municipality,
                        f"unaccompanied minor settled {facts.settlement_date}, turns {turns} in {budget_year} "
                        f"(paid until the year they turn {UNACCOMPANIED_MINOR_LAST_AGE})")]


def _norwegian_training(person: GrantPerson, facts: Facts, budget_year: int, municipality: str) -> list[Entitlement]:
    year = budget_year - facts.settlement_date.year + 1
    if not person.training_right or not 1 <= year <= NORWEGIAN_TRAINING_YEARS:
        return []
    if age_on(person.birth_date, datetime.date(budget_year, 1, 1)) < 16 and year == 1:
        return []
    if age_on(person.birth_date, max(facts.settlement_date, datetime.date(budget_year, 1, 1))) < 16:
        return []
    group = "low" if person.citizenship.upper() in LOW_RATE_CITIZENSHIPS else "high"
    return [Entitlement("norwegian_training", group, year, budget_year, municipality,
                        f"right to Norwegian training, year {year} after settlement {facts.settlement_date}, "
                        f"{group} rate (citizenship {person.citizenship or 'unknown'})")]


def entitlements_for(person: GrantPerson, budget_year: int) -> list[Entitlement]:
    """Every per-person grant owed for the person in the budget year (empty when none is)."""
    facts = effective_settlement(person)
    if facts is None or budget_year < facts.settlement_date.year or _gone_before(person, budget_year):
        return []
    municipality = municipality_for_year(person, facts, budget_year)
    if municipality is None:
        return []
    return (_integration(person, facts, budget_year, municipality)
            + _unaccompanied_minor(person, facts, budget_year, municipality)
            + _norwegian_training(person, facts, budget_year, municipality))


# The basic grant for Norwegian training by the number of persons the municipality gets the per-person grant for.
BASIC_GRANT_BANDS = [(1, "persons_1_3"), (4, "persons_4_150"), (151, "persons_over_150")]


def basic_grant_band(persons: int) -> str | None:
    """The band of the basic Norwegian training grant for a municipality with this many persons (None for 0)."""
    chosen = None
    for minimum, group in BASIC_GRANT_BANDS:
        if persons >= minimum:
            chosen = group
    return chosen
