import datetime
import io

import pytest

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.settlement.models import Case
from nyinorge.settlement.services.cases import case_create, case_make_ready, case_propose
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.requests import indicators_import, settlement_year_create

HEADER = "municipality_number,population,employment_share,introduction_results_share,immigrant_share,ready,settled_last_years\n"


def indicator_csv(rows: list[tuple]) -> io.StringIO:
    return io.StringIO(HEADER + "".join(",".join(str(v) for v in row) + "\n" for row in rows))


@pytest.fixture
def year_2019(caseworker):
    return settlement_year_create(actor=caseworker, year=2019, national_target=5120)


@pytest.fixture
def all_indicators(caseworker, year_2019):
    """Plausible indicators for all 356 municipalities, derived deterministically from their numbers."""
    rows = []
    for index, municipality in enumerate(Municipality.objects.order_by("number")):
        population = 2_000 + (int(municipality.number) * 37) % 60_000
        immigrant = 0.30 if municipality.number == "0301" else 0.05 + (index % 17) / 100
        rows.append((municipality.number, population, 0.6 + (index % 7) / 50, 0.5 + (index % 11) / 40,
                     f"{immigrant:.2f}", "true" if index % 9 else "false", index % 40))
    indicators_import(actor=caseworker, year=year_2019, file=indicator_csv(rows))
    return rows


DECIDED = datetime.date(2019, 1, 15)


@pytest.fixture
def oslo():
    return Municipality.objects.get(number="0301")


@pytest.fixture
def oslo_user(make_user, municipality_org):
    return make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))


@pytest.fixture
def new_case(caseworker, make_person):
    def make(size: int = 1, minor: bool = False, decision_date=DECIDED, **kwargs) -> Case:
        members = [make_person(birth_date=datetime.date(2003, 1, 1) if minor else datetime.date(1990, 1, 1)) for _ in range(size)]
        return case_create(actor=caseworker, category="reception", members=members, decision_date=decision_date,
                           unaccompanied_minor=minor, **kwargs)

    return make


@pytest.fixture
def proposed(caseworker, year_2019, oslo, new_case):
    def make(**kwargs) -> Case:
        case = case_make_ready(actor=caseworker, case=new_case(**kwargs))
        return case_propose(actor=caseworker, case=case, municipality=oslo, year=year_2019)

    return make


@pytest.fixture
def oslo_decision(caseworker, year_2019, oslo):
    return municipal_decision_register(actor=caseworker, year=year_2019, municipality=oslo, persons=6,
                                       unaccompanied_minors=2, decided_on=DECIDED)
