"""Hand-computed KPIs on a small register; every boundary of the definitions has its own case."""

import datetime
import itertools

import pytest

from nyinorge.core.models import Municipality, Person
from nyinorge.settlement.models import Case, CaseMember, MunicipalDecision, RequestLine, RequestVersion, SettlementYear
from nyinorge.settlement.workflow import State
from nyinorge.statistics.kpis import KPI_KEYS, KPI_LABELS, TARGETS, kpis_by_category, kpis_compute, report_figures, request_decided_settled

pytestmark = pytest.mark.django_db
D = datetime.date
MONTH = 365.25 / 12
_duf = itertools.count(1)


@pytest.fixture
def centre(reception_centre):
    return reception_centre()


@pytest.fixture
def register(centre):
    """Cases written straight to the tables: the KPIs read any register, however it was filled."""

    def case(births, decision, settlement=None, *, state=None, category="reception", centre_=centre, **flags) -> Case:
        made = Case.objects.create(
            category=category, decision_date=decision, settlement_date=settlement, reception_centre=centre_,
            state=state or (State.SETTLED if settlement else State.READY), persons_count=len(births), **flags)
        for birth in births:
            person = Person.objects.create(duf_number=f"2019{next(_duf):08d}", given_name="T", family_name="P", birth_date=birth)
            CaseMember.objects.create(case=made, person=person)
        return made

    # Settled in 2019 (days waited in brackets):
    case([D(1985, 1, 1), D(1986, 1, 1), D(2010, 1, 1), D(2015, 1, 1)], D(2019, 1, 1), D(2019, 3, 1),
         category="resettlement")                                         # A family, 2 children (59)
    case([D(1980, 1, 1), D(2001, 6, 1)], D(2018, 10, 1), D(2019, 4, 1))  # B only child 17 at settlement (182)
    case([D(1970, 1, 1), D(2001, 2, 1)], D(2018, 12, 1), D(2019, 3, 1))  # C child turned 18 while waiting (90)
    case([D(2002, 5, 5)], D(2019, 2, 1), D(2019, 5, 3), unaccompanied_minor=True)  # D minor 16 (91)
    case([D(2007, 1, 1)], D(2019, 1, 10), D(2019, 4, 12), unaccompanied_minor=True,
         settled_by=Case.SettledBy.CHILD_WELFARE)                          # E Bufetat minor (92)
    case([D(1990, 1, 1)], D(2018, 6, 1), D(2019, 6, 3), shielded_identity=True)  # F shielded (367)
    case([D(1995, 1, 1)], D(2019, 1, 1), D(2019, 7, 3))                  # G adult (183)
    case([D(1980, 1, 1)], D(2019, 10, 1), D(2019, 12, 31))               # I settled on 31 December (91)
    # Not settled in 2019:
    case([D(1988, 1, 1)], D(2019, 12, 1), D(2020, 1, 1))                 # H waiting on 31 Dec (30), settled 2020
    case([D(1980, 1, 1), D(2002, 6, 1)], D(2018, 11, 30))                 # J family waiting on 31 Dec (396)
    case([D(1980, 1, 1)], D(2019, 5, 1), state=State.WITHDRAWN)          # K withdrawn
    case([D(1980, 1, 1)], D(2019, 6, 1), centre_=None)                   # L private address, not in reception
    case([D(1980, 1, 1)], D(2020, 1, 2))                                 # M decided after 31 December
    case([D(1980, 1, 1)], D(2018, 1, 1), D(2018, 12, 31))                # N settled in 2018
    return case


def test_counts_follow_the_definitions(register):
    kpis = kpis_compute(year=2019)
    assert list(kpis) == ["year", *KPI_KEYS]
    assert kpis["year"] == 2019
    assert kpis["settled_total"] == 13  # A4 B2 C2 D E F G I; the shielded F included, H (2020) and N (2018) not
    assert kpis["settled_resettlement_refugees"] == 4
    assert kpis["unaccompanied_minors_settled"] == 2  # D and the Bufetat minor E
    assert kpis["families_with_children_settled"] == 2  # A and B (only child 17); C's child turned 18
    assert kpis["children_in_families_settled"] == 3
    assert kpis["persons_in_families_with_children_settled"] == 6
    assert kpis["other_adults_settled"] == 4  # C2 G I; the shielded F is left out of the breakdown


def test_means_and_shares(register):
    kpis = kpis_compute(year=2019)
    assert kpis["mean_wait_total"] == round((4 * 59 + 2 * 182 + 2 * 90 + 91 + 92 + 367 + 183 + 91) / 13 / MONTH, 1) == 4.1
    assert kpis["mean_wait_unaccompanied_minors"] == round((91 + 92) / 2 / MONTH, 1) == 3.0
    assert kpis["mean_wait_families_with_children"] == round((4 * 59 + 2 * 182) / 6 / MONTH, 1) == 3.3
    assert kpis["mean_wait_other_adults"] == round((2 * 90 + 183 + 91) / 4 / MONTH, 1) == 3.7
    # Within 6 months = at most 6.0 months: 182 days (5.98) is in, 183 days (6.01) is out; F's 367 is out of both.
    assert kpis["sp1_share_settled_within_6_months"] == round(11 / 13, 4)
    assert kpis["sp1_share_settled_within_12_months"] == round(12 / 13, 4)
    assert kpis["sp2_share_families_with_children_within_3_months"] == 0.5  # A (59) yes, B (182) no
    assert kpis["sp3_share_unaccompanied_minors_within_3_months"] == 0.5  # 91 days (2.99) in, 92 (3.02) out


def test_waiting_in_reception_on_31_december(register):
    kpis = kpis_compute(year=2019)
    assert kpis["waiting_in_reception_dec31"] == 3  # H and J's two; not I (settled that day), K, L, M
    assert kpis["median_wait_ready_in_reception_dec31"] == round(396 / MONTH, 1)  # 30, 396, 396
    assert kpis["waiting_over_12_months_dec31"] == 2
    assert kpis_compute(year=2018)["waiting_in_reception_dec31"] == 7  # B2 C2 F J2 (N settled that day)


def test_by_category(register):
    rows = {row.category: row for row in kpis_by_category(year=2019)}
    assert list(rows) == ["unaccompanied_minors", "families_with_children", "other_adults", "total"]
    assert (rows["families_with_children"].persons, rows["families_with_children"].share_within_3_months,
            rows["families_with_children"].share_within_6_months) == (6, round(4 / 6, 4), 1.0)
    assert rows["other_adults"].mean_wait_months == 3.7
    assert rows["total"].persons == 13 and rows["total"].share_within_6_months == round(11 / 13, 4)
    assert [rows[c].ready_in_reception_dec31 for c in rows] == [0, 2, 1, 3]


def test_an_unaccompanied_minor_who_turned_18_while_waiting_stays_one(register):
    register([D(2001, 3, 1)], D(2018, 12, 1), D(2019, 4, 1), unaccompanied_minor=True)
    kpis = kpis_compute(year=2019)
    assert (kpis["unaccompanied_minors_settled"], kpis["other_adults_settled"]) == (3, 4)


def test_an_empty_year_gives_zero_counts_and_no_means():
    kpis = kpis_compute(year=1999)
    assert kpis["settled_total"] == 0 and kpis["waiting_in_reception_dec31"] == 0
    assert kpis["mean_wait_total"] is None and kpis["sp1_share_settled_within_6_months"] is None
    assert kpis["median_wait_ready_in_reception_dec31"] is None


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(register):
    register([D(1980, 1, 1)], D(2019, 12, 21))  # 10 days on 31 December: 10, 30, 396, 396
    assert kpis_compute(year=2019)["median_wait_ready_in_reception_dec31"] == round((30 + 396) / 2 / MONTH, 1)


def test_request_decided_settled(register, caseworker):
    year = SettlementYear.objects.create(year=2019, national_target=10)
    old = RequestVersion.objects.create(year=year, number=1, created_by=caseworker)
    new = RequestVersion.objects.create(year=year, number=2, created_by=caseworker)
    for version, requested in ((old, (9, 9, 9)), (new, (6, 4, 0))):
        for number, n in zip(("0301", "4601", "5001"), requested):
            RequestLine.objects.create(version=version, municipality_id=number, weight=1, computed=n, requested=n)
    for number, revision, persons in (("0301", 1, 3), ("0301", 2, 5), ("4601", 1, 4), ("5001", 1, 2), ("5001", 2, 0)):
        MunicipalDecision.objects.create(year=year, municipality=Municipality.objects.get(number=number),
                                         revision=revision, persons=persons, decided_on=D(2019, 1, 5),
                                         registered_by=caseworker)
    row_2019, row_2018 = request_decided_settled(years=[2019, 2018])
    assert (row_2019.municipalities_requested, row_2019.refugees_requested) == (2, 10)
    assert (row_2019.municipalities_agreed, row_2019.places_decided, row_2019.settled_total) == (2, 9, 13)
    assert (row_2018.year, row_2018.places_decided, row_2018.settled_total) == (2018, None, 1)


def test_report_figures_and_labels():
    figures = report_figures()
    assert figures[("settled_total", 2019)] == 4822
    assert figures[("sp2_share_families_with_children_within_3_months", 2019)] == 0.60
    assert set(KPI_LABELS) == set(KPI_KEYS)
    assert set(TARGETS) <= set(KPI_KEYS)
    assert all(any(key == k for k, _year in figures) for key in KPI_KEYS)
