"""Settled cases with recorded outcomes made directly in the database (the training set's raw material): the
workflow's own services are tested elsewhere, and a training set needs hundreds of persons."""

import datetime
import itertools
import random

from nyinorge.competence.models import CompetenceRegistration, LanguageSkill
from nyinorge.core.models import Municipality, Person, User
from nyinorge.register.models import PostProgrammeStatus
from nyinorge.settlement.models import Case, CaseMember, MunicipalIndicators, SettlementYear
from nyinorge.settlement.workflow import State

_serials = itertools.count(1)
MUNICIPALITIES = ("0301", "4601", "5001", "1103")


def person(*, born: datetime.date = datetime.date(1990, 1, 1), sex: str = "female", citizenship: str = "SY") -> Person:
    return Person.objects.create(duf_number=f"{next(_serials) + 700000000000:012d}", given_name="Test",
                                 family_name=f"Trening{next(_serials)}", birth_date=born, sex=sex,
                                 citizenship=citizenship)


def year(number: int, actor: User) -> SettlementYear:
    year, _created = SettlementYear.objects.get_or_create(year=number, defaults={"national_target": 1000})
    return year


def indicators(year: SettlementYear, rows: dict[str, tuple[float, float, int]]) -> None:
    """rows: municipality → (introduction results share, employment share, population)."""
    for number, (intro, employment, population) in rows.items():
        MunicipalIndicators.objects.update_or_create(
            year=year, municipality_id=number, defaults={
                "introduction_results_share": intro, "employment_share": employment, "population": population,
                "immigrant_share": 0.1})


def settled_case(*, municipality: str, settled_on: datetime.date, members: list[Person], minor: bool = False,
                 network: str | None = None, year: SettlementYear | None = None,
                 state: str = State.SETTLED) -> Case:
    case = Case.objects.create(category=Case.Category.RECEPTION, state=state, decision_date=settled_on
                               - datetime.timedelta(days=120), municipality_id=municipality, settlement_date=settled_on,
                               unaccompanied_minor=minor, network_municipality_id=network, year=year,
                               persons_count=len(members))
    CaseMember.objects.bulk_create([CaseMember(case=case, person=member) for member in members])
    return case


def outcome(person: Person, month: datetime.date, status: str) -> PostProgrammeStatus:
    return PostProgrammeStatus.objects.create(person=person, reference_month=month.replace(day=1), status=status)


def competence(person: Person, *, norwegian: str = "B1", consent: bool = True) -> CompetenceRegistration:
    registration = CompetenceRegistration.objects.create(
        person=person, highest_level="3", schooling_years=12, consent_share=consent,
        sections_done=["languages", "schooling", "consent"])
    LanguageSkill.objects.create(registration=registration, language="nb", level=norwegian)
    return registration


def synthetic_history(actor: User, *, years: tuple[int, ...] = (2015, 2016), per_year: int = 150,
                      seed: int = 1) -> None:
    """Single adults settled in four municipalities whose outcome depends on the municipality's results and the
    person's Norwegian (so a model has something to learn), with both sexes and several citizenships."""
    rng = random.Random(seed)
    levels = ["A1", "A2", "B1", "B2"]
    for number in years:
        settlement_year = year(number, actor)
        indicators(settlement_year, {"0301": (0.45, 0.70, 700000), "4601": (0.60, 0.72, 285000),
                                     "5001": (0.75, 0.74, 205000), "1103": (0.55, 0.71, 144000)})
        intro = {"0301": 0.45, "4601": 0.60, "5001": 0.75, "1103": 0.55}
        for index in range(per_year):
            municipality = MUNICIPALITIES[index % len(MUNICIPALITIES)]
            sex = "female" if index % 2 else "male"
            member = person(born=datetime.date(number - 20 - index % 30, 3, 1), sex=sex,
                            citizenship=("SY", "ER", "AF", "SO", "")[index % 5])
            level = levels[rng.randrange(4)]
            competence(member, norwegian=level)
            settled_on = datetime.date(number, 1 + index % 12, 10)
            settled_case(municipality=municipality, settled_on=settled_on, members=[member], year=settlement_year)
            p = 0.15 + 0.9 * (intro[municipality] - 0.45) + 0.18 * levels.index(level)
            status = "employed" if rng.random() < p else "neither"
            outcome(member, datetime.date(number + 3, 11, 1), status)
