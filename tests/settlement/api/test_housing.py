import datetime

import pytest
from django.utils import timezone

from nyinorge.core.models import AuditEntry
from nyinorge.settlement.models import HousingNotice
from tests.settlement.api.helpers import assert_problem

pytestmark = pytest.mark.django_db


def notice_body(**overrides) -> dict:
    today = timezone.localdate()
    return {"rooms": 3, "accessible": True, "ready_date": str(today + datetime.timedelta(days=10)),
            "available_until": str(today + datetime.timedelta(days=60)), "note": "Nær skole"} | overrides


def test_register_list_and_withdraw(issue, api_as_token):
    api_client, token = issue("0301")
    api = api_as_token(token)
    created = api.post("/housing-notices", notice_body())
    assert created.status_code == 201, created.content
    notice = HousingNotice.objects.get(pk=created.json()["id"])
    assert notice.municipality_id == "0301" and notice.rooms == 3 and notice.registered_by == api_client.user
    assert AuditEntry.objects.filter(object_type="settlement.housing_notice", object_id=str(notice.pk),
                                     action=AuditEntry.Action.CREATE, user=api_client.user).exists()
    listed = api.get("/housing-notices").json()
    assert [item["id"] for item in listed] == [notice.pk] and listed[0]["state"] == "open"
    withdrawn = api.post(f"/housing-notices/{notice.pk}/withdraw")
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    notice.refresh_from_db()
    assert notice.state == HousingNotice.State.WITHDRAWN


def test_another_municipality_neither_lists_nor_withdraws_my_notice(oslo_api, bergen_api):
    notice_id = oslo_api.post("/housing-notices", notice_body()).json()["id"]
    assert bergen_api.get("/housing-notices").json() == []
    assert_problem(bergen_api.post(f"/housing-notices/{notice_id}/withdraw"), 404)
    assert HousingNotice.objects.get(pk=notice_id).state == HousingNotice.State.OPEN


@pytest.mark.parametrize(("overrides", "field"), [
    ({"rooms": 0}, "rooms"),
    ({"rooms": "three"}, "rooms"),
    ({"ready_date": "2025-02-30"}, "ready_date"),
    ({"available_until": str(datetime.date(2000, 1, 1)), "ready_date": str(datetime.date(1999, 1, 1))}, "available_until"),
    ({"ready_date": str(datetime.date.today() + datetime.timedelta(days=90))}, "available_until"),
])
def test_invalid_notices_are_422_problems_naming_the_field(oslo_api, overrides, field):
    problem = assert_problem(oslo_api.post("/housing-notices", notice_body(**overrides)), 422)
    assert problem["errors"][field]
    assert not HousingNotice.objects.exists()


def test_a_missing_field_is_named(oslo_api):
    body = notice_body()
    del body["ready_date"]
    problem = assert_problem(oslo_api.post("/housing-notices", body), 422)
    assert list(problem["errors"]) == ["ready_date"]
