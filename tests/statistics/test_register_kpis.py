"""The introduction-register KPIs (participants, SP5, SP6, SP7) on a small register built through the services."""

import datetime

import pytest
from django.urls import reverse

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.register.models import PermitType
from nyinorge.register.services.legal_basis import residence_permit_register
from nyinorge.register.services.programme import participation_upsert
from nyinorge.register.services.residence import residence_move
from nyinorge.register.services.training import exemption_upsert, training_period_upsert
from nyinorge.statistics.register_kpis import register_kpis_compute, training_cohort

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def settle(caseworker, make_person):
    oslo = Municipality.objects.get(number="0301")

    def make(settled: datetime.date, permit_type=PermitType.ASYLUM, born=D(1990, 1, 1)):
        person = make_person(birth_date=born)
        residence_permit_register(actor=caseworker, person=person, permit_type=permit_type,
                                  permit_date=settled - datetime.timedelta(days=20))
        residence_move(actor=caseworker, person=person, to_municipality=oslo, moved_on=settled)
        return person

    return make


def _training(user, person, start, end=None, reason="", kind="norwegian"):
    return training_period_upsert(actor=user, client=None, client_ref=None, person=person,
                                  municipality=Municipality.objects.get(number="0301"),
                                  data={"kind": kind, "start": start, "end": end, "end_reason": reason})


def test_programme_participants_and_sp5(oslo_user, settle):
    oslo = Municipality.objects.get(number="0301")
    people = [settle(D(2018, 6, 1)) for _ in range(4)]
    elements = [[{"kind": "primary_education", "start": D(2019, 1, 1)}],
                [{"kind": "secondary_education", "start": D(2019, 2, 1)},
                 {"kind": "primary_education", "start": D(2018, 9, 1), "end": D(2018, 12, 31)}],  # not in 2019
                [{"kind": "work_practice", "start": D(2019, 1, 1)}], []]
    for person, plan in zip(people[:3], elements):
        participation_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                             data={"start": D(2018, 8, 1), "planned_end": D(2020, 7, 31), "plan_elements": plan})
    # Ended before 2019: not a 2019 participant.
    participation_upsert(actor=oslo_user, client=None, client_ref=None, person=people[3], municipality=oslo,
                         data={"start": D(2018, 7, 1), "planned_end": D(2020, 6, 30), "end": D(2018, 12, 31),
                               "outcome": "work"})
    kpis = register_kpis_compute(year=2019)
    assert kpis["intro_participants"] == 3
    assert kpis["sp5_share_primary_education"] == pytest.approx(1 / 3)
    assert kpis["sp5_share_secondary_education"] == pytest.approx(1 / 3)
    assert kpis["sp5_share_formal_education"] == pytest.approx(2 / 3)
    assert register_kpis_compute(year=2018)["intro_participants"] == 4


def test_sp6_counts_starts_within_three_months_of_the_right(oslo_user, settle):
    on_time = settle(D(2018, 1, 31))
    _training(oslo_user, on_time, D(2018, 4, 30))   # exactly three months (month-end): within
    late = settle(D(2018, 1, 31))
    _training(oslo_user, late, D(2018, 5, 1))
    never = settle(D(2018, 3, 1))
    settle(D(2017, 12, 1))  # another cohort
    labour = settle(D(2018, 3, 1), permit_type=PermitType.LABOUR)  # obligation only: not in the cohort
    cohort = training_cohort(year=2018)
    assert (cohort.persons, cohort.started_within_3_months) == (3, 1)
    assert register_kpis_compute(year=2019)["norwegian_training_started_within_3_months"] == pytest.approx(1 / 3)
    assert never and labour


def test_sp7_counts_completion_or_exemption_by_the_deadline(oslo_user, settle):
    oslo = Municipality.objects.get(number="0301")
    completed = settle(D(2016, 3, 1))
    _training(oslo_user, completed, D(2016, 5, 1), D(2019, 3, 1), "obligation_completed")  # deadline 2019-03-01
    too_late = settle(D(2016, 3, 1))
    _training(oslo_user, too_late, D(2016, 5, 1), D(2019, 3, 2), "obligation_completed")
    exempted = settle(D(2016, 6, 1))
    exemption_upsert(actor=oslo_user, client=None, client_ref=None, person=exempted, municipality=oslo,
                     data={"reason_code": "health", "decided_on": D(2017, 1, 10), "applies_to": "both"})
    settle(D(2016, 9, 1))  # nothing
    cohort = training_cohort(year=2016)
    assert (cohort.persons, cohort.completed_within_3_years) == (4, 2)
    kpis = register_kpis_compute(year=2019)
    assert kpis["training_cohort_sp7"] == 4 and kpis["norwegian_training_completed_within_3_years"] == 0.5
    assert kpis["norwegian_training_participants"] == 2  # the two still in training in 2019


def test_statistics_page_shows_the_register_table_with_suppression(client, make_user, caseworker, oslo_user, settle):
    person = settle(D(2019, 2, 1))
    _training(oslo_user, person, D(2019, 3, 1))
    client.force_login(caseworker)
    response = client.get(reverse("statistics:index"), {"year": 2019})
    assert response.status_code == 200
    table = response.context["tables"].register
    values = dict(zip(table.row_keys, (row[2].raw for row in table.rows)))
    assert values["norwegian_training_participants"] == 1
    client.force_login(make_user(Role.ANALYST))
    table = client.get(reverse("statistics:index"), {"year": 2019}).context["tables"].register
    values = dict(zip(table.row_keys, (row[2].raw for row in table.rows)))
    assert values["norwegian_training_participants"] == "<5"
    response = client.get(reverse("statistics:table", args=["register", "csv"]), {"year": 2019})
    assert response.status_code == 200 and "<5" in response.content.decode("utf-8-sig")
