"""The facts the grant rules need, read in bulk from settlement, the register and family relations: nothing is
typed for the grants; a settlement, a move, a permit or a late family member changes the next run by itself."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Q

from nyinorge.core.models import FamilyRelation, Person
from nyinorge.grants.models import GrantLine, GrantRun
from nyinorge.grants.rules import FAMILY_PERMIT, PROTECTION_PERMITS, UNACCOMPANIED_MINOR_LAST_AGE, GrantPerson, Residence, age_on
from nyinorge.register.models import LegalBasis, PermitType, ResidencePeriod, ResidencePermit
from nyinorge.settlement.models import CaseMember
from nyinorge.settlement.workflow import State

TARGET_PERMITS = PROTECTION_PERMITS | {FAMILY_PERMIT}
CATEGORY_PERMITS = {"resettlement": "resettlement", "reception": "asylum", "family_reunification": FAMILY_PERMIT}


def _first_permits() -> tuple[dict[int, tuple[str, datetime.date]], set[int]]:
    """Each person's first permit of the target group (type, date), and everyone with any permit: one pass."""
    permits: dict[int, tuple[str, datetime.date]] = {}
    with_any: set[int] = set()
    rows = (ResidencePermit.objects.order_by("person_id", "permit_date", "id")
            .values_list("person_id", "permit_type", "permit_date"))
    for person_id, permit_type, permit_date in rows.iterator(chunk_size=20000):
        with_any.add(person_id)
        if permit_type in TARGET_PERMITS:
            permits.setdefault(person_id, (permit_type, permit_date))
    return permits, with_any


def _settlements() -> dict[int, dict]:
    """Each settled person's case facts: date, municipality, unaccompanied minor, the case's adults."""
    members = (CaseMember.objects.filter(case__state=State.SETTLED, case__settlement_date__isnull=False)
               .values_list("person_id", "case_id", "case__settlement_date", "case__municipality_id",
                            "case__unaccompanied_minor", "person__birth_date", "case__category"))
    by_case: dict[int, list] = defaultdict(list)
    for row in members.iterator(chunk_size=20000):
        by_case[row[1]].append(row)
    settled: dict[int, dict] = {}
    for rows in by_case.values():
        adults = sum(1 for r in rows if age_on(r[5], r[2]) >= 18)
        for person_id, _case, date, municipality, minor, _born, category in rows:
            current = settled.get(person_id)
            if current is None or date < current["date"]:
                settled[person_id] = {"date": date, "municipality": municipality, "minor": minor, "adults": adults,
                                      "category": category}
    return settled


def _residences() -> dict[int, list[Residence]]:
    """Everyone's residence periods in date order, in one pass (cheaper than naming 100,000 persons in a query)."""
    residences: dict[int, list[Residence]] = defaultdict(list)
    rows = (ResidencePeriod.objects.order_by("person_id", "valid_from")
            .values_list("person_id", "municipality_id", "valid_from", "valid_to"))
    for person_id, municipality, valid_from, valid_to in rows.iterator(chunk_size=50000):
        residences[person_id].append(Residence(municipality, valid_from, valid_to))
    return residences


def _year_one_paid(settlement_years: set[int]) -> tuple[set[int], set[int]]:
    """The settlement years whose grants the platform paid, and the persons whose year 1 it paid."""
    paid_years = set(GrantRun.objects.filter(status__in=[GrantRun.Status.APPROVED, GrantRun.Status.EXPORTED],
                                             budget_year__in=settlement_years)
                     .values_list("budget_year", flat=True))
    # Only the settlement year's own runs: a late year 1 paid with year 2 must not make the person look paid on time.
    paid_people = set(GrantLine.objects.filter(run__status__in=[GrantRun.Status.APPROVED, GrantRun.Status.EXPORTED],
                                               run__budget_year__in=settlement_years,
                                               scheme="integration", year_after_settlement=1, amount__gt=0)
                      .values_list("person_id", flat=True)) if paid_years else set()
    return paid_years, paid_people


def grant_people(*, budget_year: int) -> Iterator[GrantPerson]:
    """Every person who may be owed a per-capita grant in the budget year (settled in the five years before it,
    or born to a mother who was), with the facts the rules read."""
    earliest = datetime.date(budget_year - 5, 1, 1)
    permits, with_any_permit = _first_permits()
    settled = _settlements()
    all_residences = _residences()
    first_residence = {person_id: (periods[0].municipality, periods[0].valid_from)
                       for person_id, periods in all_residences.items() if person_id in permits}

    def settlement_of(person_id: int) -> tuple[datetime.date, str] | None:
        if person_id in settled:
            return settled[person_id]["date"], settled[person_id]["municipality"]
        if person_id in first_residence and permits.get(person_id, ("",))[0] == FAMILY_PERMIT:
            municipality, day = first_residence[person_id]
            return day, municipality  # family reunified later: settled on arrival in the municipality
        return None

    # An unaccompanied minor's grant runs until the year they turn 20, which may be more than five years on.
    minors_earliest = datetime.date(budget_year - UNACCOMPANIED_MINOR_LAST_AGE, 1, 1)
    candidates = {pid for pid in set(permits) | set(settled) if (s := settlement_of(pid))
                  and (s[0] >= earliest or settled.get(pid, {}).get("minor") and s[0] >= minors_earliest)}
    # The queries below filter by subqueries or in Python, never by a list of ids: a list of 100,000 ids costs
    # seconds to build and send, more than reading the whole table.
    mothers = {}
    relations = (FamilyRelation.objects.filter(kind=FamilyRelation.Kind.PARENT, person__sex=Person.Sex.FEMALE)
                 .values_list("relative_id", "person_id"))
    for child_id, mother_id in relations.iterator(chunk_size=20000):
        if mother_id in candidates:
            mothers[child_id] = mother_id
    humanitarian_permits = ResidencePermit.objects.filter(permit_type=PermitType.HUMANITARIAN).values("person_id")
    humanitarian = set(humanitarian_permits.values_list("person_id", flat=True))
    family_of_humanitarian = set()
    for person_id, relative_id in (FamilyRelation.objects.filter(Q(person_id__in=humanitarian_permits)
                                                                 | Q(relative_id__in=humanitarian_permits))
                                   .values_list("person_id", "relative_id").iterator(chunk_size=20000)):
        family_of_humanitarian |= {person_id, relative_id} - humanitarian
    everyone = candidates | set(mothers)
    residences = all_residences
    training = set(LegalBasis.objects.filter(superseded_at__isnull=True)
                   .filter(Q(training_right=True) | Q(training_obligation=True))
                   .values_list("person_id", flat=True))
    with_basis = set(LegalBasis.objects.filter(superseded_at__isnull=True).values_list("person_id", flat=True))
    paid_years, paid_people = _year_one_paid({budget_year - 1})
    # Everyone has a permit, a settlement or a mother who does: a superset by subqueries, the rest skipped here.
    people = (Person.objects.filter(Q(pk__in=ResidencePermit.objects.filter(permit_type__in=TARGET_PERMITS)
                                          .values("person_id"))
                                    | Q(pk__in=CaseMember.objects.filter(case__state=State.SETTLED).values("person_id"))
                                    | Q(pk__in=FamilyRelation.objects.filter(kind=FamilyRelation.Kind.PARENT)
                                        .values("relative_id")))
              .values_list("pk", "birth_date", "citizenship", "left_on"))
    for person_id, birth_date, citizenship, left_on in people.iterator(chunk_size=20000):
        if person_id not in everyone:
            continue
        mother = mothers.get(person_id)
        own = settlement_of(person_id)
        mother_settlement = settlement_of(mother) if mother else None
        if own is None and mother_settlement is None:
            continue
        if own is None or (mother_settlement and birth_date > mother_settlement[0] and person_id not in permits):
            date, municipality = mother_settlement
            mother_date, mother_municipality = mother_settlement
        else:
            date, municipality = own
            mother_date = mother_municipality = None
        facts = settled.get(person_id, {})
        # A settlement by the directorate presupposes a permit of the target group: until the permit reaches the
        # register, the case's category stands for it (a fact entered once, at settlement).
        permit_type = permits.get(person_id, ("", None))[0] or (
            "" if person_id in with_any_permit else CATEGORY_PERMITS.get(facts.get("category"), ""))
        yield GrantPerson(
            person_id=person_id,
            birth_date=birth_date,
            citizenship=citizenship,
            permit_type=permit_type,
            settlement_date=date,
            settlement_municipality=municipality,
            residences=tuple(residences.get(person_id, ())),
            single_adult=facts.get("adults") == 1,
            unaccompanied_minor=bool(facts.get("minor")),
            family_of_humanitarian=permit_type == FAMILY_PERMIT and person_id in family_of_humanitarian,
            left_on=left_on,
            late_registration=(date.year == budget_year - 1 and date.year in paid_years
                               and person_id not in paid_people),
            # Without a legal basis yet (not derived), the permit decides: the target group has the right.
            training_right=person_id in training or person_id not in with_basis,
            mother_settlement_date=mother_date,
            mother_settlement_municipality=mother_municipality,
        )



def settlements_of(person_ids: Iterable[int]) -> dict[int, tuple[datetime.date, str]]:
    """Each person's settlement (date, municipality) by the rules `grant_people` uses: their earliest settled
    case, or, for family reunified later, their arrival in a municipality (absent: not settled by the platform)."""
    person_ids = set(person_ids)
    found: dict[int, tuple[datetime.date, str]] = {}
    for person_id, date, municipality in (CaseMember.objects.filter(person_id__in=person_ids, case__state=State.SETTLED,
                                                                    case__settlement_date__isnull=False)
                                          .order_by("person_id", "case__settlement_date")
                                          .values_list("person_id", "case__settlement_date", "case__municipality_id")):
        found.setdefault(person_id, (date, municipality))
    rest = person_ids - set(found)
    first_permits: dict[int, str] = {}
    for person_id, permit_type in (ResidencePermit.objects.filter(person_id__in=rest, permit_type__in=TARGET_PERMITS)
                                   .order_by("person_id", "permit_date", "id").values_list("person_id", "permit_type")):
        first_permits.setdefault(person_id, permit_type)
    family = {person_id for person_id, permit_type in first_permits.items() if permit_type == FAMILY_PERMIT}
    for person_id, valid_from, municipality in (ResidencePeriod.objects.filter(person_id__in=family)
                                                .order_by("person_id", "valid_from")
                                                .values_list("person_id", "valid_from", "municipality_id")):
        found.setdefault(person_id, (valid_from, municipality))
    return found


def settlement_of_person(person_id: int) -> tuple[datetime.date, str] | None:
    """One person's settlement (see `settlements_of`), or None."""
    return settlements_of([person_id]).get(person_id)
