"""Reconciliation: what the register holds for my municipalities' persons, changed since T, page by page."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from nyinorge.core.models import AuditEntry, AuditSubject
from nyinorge.register.selectors.ws4 import SETTLE
from nyinorge.register.services.training import hours_upsert
from tests.register.api.helpers import Ws4, assert_problem, hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(oslo_ws4, issue, resident, bergen, oslo_user, oslo):
    """Oslo's client writes three records; a caseworker one on screen; Bergen's client one for Bergen."""
    people = [resident(), resident()]
    start = timezone.now()
    for index, month in enumerate(["2019-03-01", "2019-04-01", "2019-05-01"]):
        with time_machine.travel(start + datetime.timedelta(minutes=index), tick=False):
            assert oslo_ws4.post("/hours", hours(people[index % 2], ref=f"h-{index}", month=month)).status_code == 201
    with time_machine.travel(start + datetime.timedelta(minutes=3), tick=False):
        hours_upsert(actor=oslo_user, client=None, client_ref=None, person=people[0], municipality=oslo,
                     data={"month": datetime.date(2019, 6, 1), "hours_type": "social_studies", "hours": 4})
    _client, bergen_token = issue("4601")
    with time_machine.travel(start + datetime.timedelta(minutes=4), tick=False):
        assert Ws4(bergen_token).post("/hours", hours(resident(bergen), ref="b-0")).status_code == 201
    return start, people


def test_all_records_of_my_municipality_page_by_page(oslo_ws4, written):
    start, people = written
    seen, cursor, pages = [], None, 0
    with time_machine.travel(start + datetime.timedelta(minutes=10)):
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = oslo_ws4.get("/records", **params).json()
            seen += page["items"]
            pages += 1
            cursor = page["next_cursor"]
            if cursor is None:
                break
    assert pages == 2 and len(seen) == 4
    assert [item["data"]["month"] for item in seen] == ["2019-03-01", "2019-04-01", "2019-05-01", "2019-06-01"]
    assert all(item["municipality"] == "0301" and item["kind"] == "hours" for item in seen)
    mine, screen = seen[0], seen[3]
    assert (mine["yours"], mine["client_ref"], mine["source"]) == (True, "h-0", "api")
    assert (screen["yours"], screen["client_ref"], screen["source"]) == (False, None, "screen")
    assert mine["person"] == {"national_id": people[0].national_id, "duf_number": None}
    # One audit entry per page, naming every person on it.
    entries = AuditEntry.objects.filter(object_type="register.ws4_reconciliation").order_by("at")
    assert entries.count() == 2 and entries[0].user == oslo_ws4.api_client.user
    assert set(AuditSubject.objects.filter(entry=entries[0]).values_list("person_id", flat=True)) == {
        p.pk for p in people}


def test_changed_since_and_the_settle_window(oslo_ws4, written):
    start, _people = written
    with time_machine.travel(start + datetime.timedelta(minutes=10)):
        since = (start + datetime.timedelta(minutes=1, seconds=30)).isoformat()
        page = oslo_ws4.get("/records", changed_since=since).json()
        assert [item["client_ref"] for item in page["items"]] == ["h-2", None]
    # Changes younger than the settle window are left for the next reconciliation (their batch may not have committed).
    with time_machine.travel(start + datetime.timedelta(minutes=3) + SETTLE / 2):
        page = oslo_ws4.get("/records", changed_since=since).json()
        assert [item["client_ref"] for item in page["items"]] == ["h-2"]
        assert page["as_of"]


def test_a_vendor_sees_both_its_municipalities_and_can_narrow_to_one(written, issue_vendor):
    start, _people = written
    _client, token = issue_vendor("0301", "4601")
    vendor = Ws4(token)
    with time_machine.travel(start + datetime.timedelta(minutes=10)):
        everything = vendor.get("/records").json()["items"]
        bergen = vendor.get("/records", municipality="4601").json()["items"]
        assert_problem(vendor.get("/records", municipality="5001"), 403)
    assert {item["municipality"] for item in everything} == {"0301", "4601"} and len(everything) == 5
    assert [item["municipality"] for item in bergen] == ["4601"]
    assert not any(item["yours"] for item in everything)


def test_a_municipality_sees_none_of_another_municipalitys_records(oslo_ws4, written, issue):
    start, _people = written
    with time_machine.travel(start + datetime.timedelta(minutes=10)):
        assert "4601" not in {item["municipality"] for item in oslo_ws4.get("/records").json()["items"]}
        assert_problem(oslo_ws4.get("/records", municipality="4601"), 403)


@pytest.mark.parametrize("params", [{"kind": "nonsense"},
                                    {"changed_since": "2019-01-01T00:00:00"}, {"limit": 0}])
def test_bad_reconciliation_parameters_are_422_problems(oslo_ws4, params):
    assert_problem(oslo_ws4.get("/records", **params), 422)
