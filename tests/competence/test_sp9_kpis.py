"""SP9 and the settled-from-reception share on a hand-built register: every boundary of the definitions."""

import datetime
import itertools
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from nyinorge.competence.models import CompetenceRegistration
from nyinorge.core.models import Person
from nyinorge.register.models import PermitType, ResidencePermit
from nyinorge.settlement.models import Case, CaseMember
from nyinorge.settlement.workflow import State
from nyinorge.statistics.competence_kpis import COMPETENCE_KPI_KEYS, competence_kpis_compute
from nyinorge.statistics.suppression import SUPPRESSED
from nyinorge.statistics.tables import competence_table

pytestmark = pytest.mark.django_db
D = datetime.date
_duf = itertools.count(1)


def _completed(person: Person, day: D) -> None:
    CompetenceRegistration.objects.create(
        person=person, completed_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 30))))


@pytest.fixture
def register(reception_centre):
    centre = reception_centre()

    def person(birth: D, *, citizenship: str = "SY", in_reception: bool = True) -> Person:
        return Person.objects.create(duf_number=f"2019{next(_duf):08d}", given_name="T", family_name="P",
                                     birth_date=birth, citizenship=citizenship,
                                     reception_centre=centre if in_reception else None)

    def case(members: list[Person], decision: D, settlement: D | None = None, *, state=None,
             category="reception", from_centre=True) -> Case:
        made = Case.objects.create(
            category=category, decision_date=decision, settlement_date=settlement,
            reception_centre=centre if from_centre else None,
            state=state or (State.SETTLED if settlement else State.READY), persons_count=len(members))
        for member in members:
            CaseMember.objects.create(case=made, person=member)
        return made

    def asylum(birth: D, arrived: D, **kwargs) -> Person:
        made = person(birth, **kwargs)
        ResidencePermit.objects.create(person=made, permit_type=PermitType.ASYLUM_SEEKER, permit_date=arrived,
                                       permanent_basis=False)
        return made

    people = {}
    # Refugees with a permit from reception.
    people["a"] = person(D(1980, 1, 1))                        # settled 1 June; completed 31 May: counts, before
    people["b"] = person(D(1985, 1, 1))                        # settled 1 June; completed 2 June: after settlement
    _completed(people["a"], D(2019, 5, 31))
    _completed(people["b"], D(2019, 6, 2))
    case([people["a"], people["b"]], D(2019, 2, 1), D(2019, 6, 1))
    people["c"] = person(D(2003, 6, 1))                        # 16 on 1 June 2019, settled 1 May (15 then): out
    case([people["c"]], D(2019, 1, 5), D(2019, 5, 1))
    people["d"] = person(D(2003, 6, 1))                        # 16 on 1 June; waiting on 31 Dec: in, not completed
    case([people["d"]], D(2019, 3, 1))
    people["e"] = person(D(1990, 1, 1))                        # decided 2018, settled 2 Jan 2019: in; completed 2018
    _completed(people["e"], D(2018, 12, 20))
    case([people["e"]], D(2018, 11, 1), D(2019, 1, 2))
    people["f"] = person(D(1990, 1, 1))                        # settled 31 Dec 2018: not in 2019
    _completed(people["f"], D(2018, 12, 1))
    case([people["f"]], D(2018, 6, 1), D(2018, 12, 31))
    people["g"] = person(D(1990, 1, 1))                        # decided 2 Jan 2020: not yet
    case([people["g"]], D(2020, 1, 2))
    people["h"] = person(D(1990, 1, 1))                        # withdrawn: out
    case([people["h"]], D(2019, 4, 1), state=State.WITHDRAWN)
    people["i"] = person(D(1990, 1, 1), in_reception=False)    # private address (no centre on the case): out
    case([people["i"]], D(2019, 4, 1), from_centre=False)
    people["j"] = person(D(1990, 1, 1))                        # waiting, completed on 31 Dec (late evening): counts
    _completed(people["j"], D(2019, 12, 31))
    case([people["j"]], D(2019, 8, 1))
    # Resettlement refugees (no reception centre): mapped on the mission or not.
    people["r1"], people["r2"] = person(D(1980, 1, 1), in_reception=False), person(D(1981, 1, 1), in_reception=False)
    _completed(people["r1"], D(2018, 10, 1))
    case([people["r1"], people["r2"]], D(2019, 1, 10), D(2019, 3, 1), category="resettlement", from_centre=False)
    # Asylum seekers in reception.
    people["s1"] = asylum(D(1990, 1, 1), D(2019, 3, 1))                      # in, completed
    _completed(people["s1"], D(2019, 9, 1))
    people["s2"] = asylum(D(1990, 1, 1), D(2019, 3, 1), citizenship="AL")    # low likelihood: out
    _completed(people["s2"], D(2019, 9, 1))
    people["s3"] = asylum(D(1990, 1, 1), D(2020, 2, 1))                      # arrived 2020: out
    people["s4"] = asylum(D(2004, 1, 1), D(2019, 3, 1))                      # 15 on 31 Dec: out
    people["s5"] = asylum(D(1990, 1, 1), D(2019, 3, 1), in_reception=False)  # left reception: out
    people["s6"] = asylum(D(1990, 1, 1), D(2018, 3, 1))                      # got a permit in 2018: a case decided
    case([people["s6"]], D(2018, 9, 1), D(2018, 12, 1))                      # before the year and settled: out
    people["s7"] = asylum(D(1990, 1, 1), D(2018, 3, 1))                      # permit in 2019: counted once
    _completed(people["s7"], D(2019, 2, 1))
    case([people["s7"]], D(2019, 5, 1))
    return people


def test_target_group_completed_and_shares_follow_the_definitions(register):
    kpis = competence_kpis_compute(year=2019)
    assert list(kpis) == list(COMPETENCE_KPI_KEYS)
    # With a permit: a b d e j s7 (c 15 when settled, f 2018, g 2020, h withdrawn, i not in reception).
    assert kpis["sp9_target_group_with_permit"] == 6
    assert kpis["sp9_target_group_asylum_seekers"] == 1  # s1 (s7 is counted with the permit holders)
    assert kpis["sp9_target_group"] == 7
    # a (31 May ≤ 1 June), e (2018, before leaving), j (31 December), s1, s7; b completed after settlement.
    assert kpis["sp9_completed"] == 5
    assert kpis["sp9_share"] == round(5 / 7, 4)
    # Settled from reception in 2019, 16+: a b e (c is 15).
    assert kpis["sp9_settled_from_reception"] == 3
    assert kpis["sp9_settled_from_reception_share"] == round(2 / 3, 4)
    assert kpis["sp9_resettlement_settled"] == 2
    assert kpis["sp9_resettlement_mapped_share"] == 0.5


def test_an_empty_year_gives_no_shares():
    kpis = competence_kpis_compute(year=2019)
    assert kpis["sp9_target_group"] == 0 and kpis["sp9_share"] is None
    assert kpis["sp9_settled_from_reception_share"] is None


def test_small_numbers_are_hidden_from_readers_without_access_and_the_report_is_beside(register):
    shown = competence_table(year=2019, suppress=False)
    hidden = competence_table(year=2019, suppress=True)
    row = {key: cells for key, cells in zip(shown.row_keys, shown.rows)}
    assert row["sp9_target_group"][1].raw == 7
    assert row["sp9_share"][4].raw == 0.52  # the annual report's SP9
    assert row["sp9_completed"][4].raw == 1400
    assert row["sp9_settled_from_reception_share"][4].raw == 0.72
    hidden_row = {key: cells for key, cells in zip(hidden.row_keys, hidden.rows)}
    # One asylum seeker is a small number; 2 of 7 not completed hides the share.
    assert hidden_row["sp9_target_group_asylum_seekers"][1].raw == SUPPRESSED
    assert hidden_row["sp9_share"][1].raw == SUPPRESSED
    # The total and its two parts: a second cell goes, so the one cannot be worked out by subtraction.
    assert SUPPRESSED in (hidden_row["sp9_target_group"][1].raw, hidden_row["sp9_target_group_with_permit"][1].raw)


def test_kpis_command_prints_sp9_keys(register):
    out = StringIO()
    call_command("kpis", year=2019, format="json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["sp9_share"] == round(5 / 7, 4) and printed["sp9_target_group"] == 7
    assert {"sp9_completed", "sp9_settled_from_reception_share"} <= set(printed)
    out = StringIO()
    call_command("kpis", year=2019, format="table", stdout=out)
    assert "sp9_share" in out.getvalue() and "0.52" in out.getvalue()


def test_the_statistics_page_csv_and_pdf_show_sp9(client, make_user, register):
    import csv

    from django.urls import reverse

    from nyinorge.core.roles import Role

    client.force_login(make_user(Role.DIRECTORATE_CASEWORKER))
    page = client.get(reverse("statistics:index") + "?year=2019").content.decode()
    assert "Kompetansekartlegging før bosetting" in page and "SP9: andel av målgruppen" in page
    assert "asylsøkere som venter på vedtak" in page  # the definition
    response = client.get(reverse("statistics:table", args=["competence", "csv"]) + "?year=2019")
    rows = {row[0]: row for row in csv.reader(StringIO(response.content.decode("utf-8-sig")))}
    assert rows["sp9_target_group"][2] == "7" and rows["sp9_completed"][2] == "5"
    assert client.get(reverse("statistics:table", args=["competence", "xlsx"]) + "?year=2019").status_code == 200
    report = client.get(reverse("statistics:report") + "?year=2019")
    assert report.status_code == 200 and report.content.startswith(b"%PDF")
