"""A person the platform settles in a municipality is that municipality's in the register from the same day."""

import datetime

import pytest
from django.utils import timezone

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.register.models import TrainingKind, TrainingPeriod
from nyinorge.settlement.services.cases import case_accept, case_create, case_make_ready, case_propose, case_settle
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.requests import settlement_year_create

pytestmark = pytest.mark.django_db


def test_settled_today_the_municipality_registers_norwegian_training_through_ws4_today(
        caseworker, make_user, municipality_org, make_person, oslo_ws4):
    today = timezone.localdate()
    oslo = Municipality.objects.get(number="0301")
    year = settlement_year_create(actor=caseworker, year=today.year, national_target=100)
    municipal_decision_register(actor=caseworker, year=year, municipality=oslo, persons=10, unaccompanied_minors=0,
                                decided_on=today)
    parent, child = make_person(birth_date=datetime.date(1990, 1, 1)), make_person(birth_date=datetime.date(2015, 1, 1))
    case = case_create(actor=caseworker, category="reception", members=[parent, child],
                       decision_date=today - datetime.timedelta(days=60))
    case = case_propose(actor=caseworker, case=case_make_ready(actor=caseworker, case=case), municipality=oslo,
                        year=year)
    oslo_user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))
    case_settle(actor=oslo_user, case=case_accept(actor=oslo_user, case=case), settlement_date=today)

    response = oslo_ws4.post("/training-periods", {
        "client_ref": "norsk-1", "person": {"national_id": parent.national_id}, "kind": "norwegian",
        "start": today.isoformat()})

    assert response.status_code == 201, response.content
    record = TrainingPeriod.objects.get(pk=response.json()["id"])
    assert (record.person, record.municipality_id, record.kind, record.start, record.client) == (
        parent, "0301", TrainingKind.NORWEGIAN, today, oslo_ws4.api_client)
