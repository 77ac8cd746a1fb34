"""WS4 and merges of persons: lookups by a merged record's number reach the survivor, and GET /records reports
the survivor, the merged identifiers and the merges of the window, so municipal systems' copies follow."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from nyinorge.core.models import AuditEntry, AuditSubject
from nyinorge.core.roles import Role
from nyinorge.core.services.merges import person_merge, person_unmerge
from nyinorge.register.models import TrainingHours
from tests.register.api.helpers import hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_user):
    return make_user(Role.DATA_QUALITY_OFFICER)


@pytest.fixture
def merged_pair(oslo_ws4, resident, officer):
    """Oslo's client wrote hours for two records of one person; a day later they are merged."""
    survivor, merged = resident(), resident()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert oslo_ws4.post("/hours", hours(survivor, ref="h-s", month="2019-03-01")).status_code == 201
        assert oslo_ws4.post("/hours", hours(merged, ref="h-m", month="2019-04-01")).status_code == 201
    merged_at = start + datetime.timedelta(days=1)
    with time_machine.travel(merged_at, tick=False):
        merge = person_merge(actor=officer, survivor=survivor, merged=merged, reason="Same person.")
    return survivor, merged, merge, start, merged_at


def test_records_report_the_survivor_and_the_merge(oslo_ws4, merged_pair):
    survivor, merged, merge, start, merged_at = merged_pair
    with time_machine.travel(merged_at + datetime.timedelta(minutes=5)):
        page = oslo_ws4.get("/records", changed_since=(start + datetime.timedelta(hours=1)).isoformat()).json()
    # Only the record that moved changed since then: it comes again, under the survivor, naming the merged number.
    assert [item["client_ref"] for item in page["items"]] == ["h-m"]
    item = page["items"][0]
    assert item["person"] == {"national_id": survivor.national_id, "duf_number": None}
    assert item["merged_from"] == [{"national_id": merged.national_id, "duf_number": None}]
    [reported] = page["merges"]
    assert (reported["survivor"], reported["merged"], reported["undone_at"]) == (
        {"national_id": survivor.national_id, "duf_number": None},
        {"national_id": merged.national_id, "duf_number": None}, None)
    assert abs(parse_datetime(reported["merged_at"]) - merge.created_at) < datetime.timedelta(milliseconds=1)
    entry = AuditEntry.objects.filter(object_type="register.ws4_reconciliation").latest("pk")
    assert {survivor.pk, merged.pk} <= {entry.person_id, *AuditSubject.objects.filter(entry=entry)
                                        .values_list("person_id", flat=True)}


def test_a_window_before_the_merge_shows_no_merge(oslo_ws4, merged_pair):
    _survivor, _merged, _merge, start, merged_at = merged_pair
    with time_machine.travel(merged_at + datetime.timedelta(minutes=5)):
        page = oslo_ws4.get("/records", changed_since=(merged_at + datetime.timedelta(seconds=1)).isoformat()).json()
    assert page["items"] == [] and page["merges"] == []


def test_writes_by_the_merged_number_reach_the_survivor(oslo_ws4, merged_pair):
    survivor, merged, _merge, _start, _merged_at = merged_pair
    response = oslo_ws4.post("/hours", hours(merged, ref="h-new", month="2019-05-01"))
    assert response.status_code == 201
    assert TrainingHours.objects.get(client_ref="h-new").person == survivor


def test_an_undone_merge_is_reported_and_the_records_go_back(oslo_ws4, merged_pair, officer):
    survivor, merged, merge, _start, merged_at = merged_pair
    undone_at = merged_at + datetime.timedelta(days=1)
    with time_machine.travel(undone_at, tick=False):
        person_unmerge(actor=officer, merge=merge, reason="Twins.")
    with time_machine.travel(undone_at + datetime.timedelta(minutes=5)):
        page = oslo_ws4.get("/records", changed_since=(merged_at + datetime.timedelta(hours=1)).isoformat()).json()
    assert [(item["client_ref"], item["person"]["national_id"], item["merged_from"]) for item in page["items"]] == [
        ("h-m", merged.national_id, [])]
    assert [m["undone_at"] is not None for m in page["merges"]] == [True]


def test_merges_of_other_municipalities_people_are_not_listed(oslo_ws4, resident, bergen, officer, issue):
    from tests.register.api.helpers import Ws4

    a, b = resident(bergen), resident(bergen)
    _client, bergen_token = issue("4601")
    assert Ws4(bergen_token).post("/hours", hours(a, ref="b-1")).status_code == 201
    merged_at = timezone.now()
    with time_machine.travel(merged_at, tick=False):
        person_merge(actor=officer, survivor=a, merged=b, reason="Same person.")
    with time_machine.travel(merged_at + datetime.timedelta(minutes=5)):
        page = oslo_ws4.get("/records").json()
        bergen_page = Ws4(bergen_token).get("/records").json()
    assert page["merges"] == []
    assert len(bergen_page["merges"]) == 1
