"""Input that once made WS4 answer 500: far-off dates, forged cursors, unknown paths. Each is a 4xx problem now."""

import base64
import json

import pytest

from nyinorge.register.models import ProgrammeParticipation
from tests.register.api.helpers import BASE, assert_problem

pytestmark = pytest.mark.django_db


def participation(person, ref: str, start: str, planned_end: str) -> dict:
    return {"client_ref": ref, "person": {"national_id": person.national_id}, "start": start,
            "planned_end": planned_end}


def test_a_participation_in_year_9996_fails_alone_and_the_rest_of_the_batch_is_kept(oslo_ws4, resident):
    person = resident()
    body = {"records": [participation(person, "p-ok", "2019-02-01", "2021-01-31"),
                        participation(person, "p-far", "9996-01-01", "9998-12-31")]}
    response = oslo_ws4.post("/participations/batch", body)
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["created"], answer["failed"]) == (1, 1)
    failed = answer["results"][1]
    assert failed["status"] == "failed" and failed["error"]["status"] == 422
    assert set(failed["error"]["errors"]) == {"start", "planned_end"}
    assert list(ProgrammeParticipation.objects.values_list("client_ref", flat=True)) == ["p-ok"]


@pytest.mark.parametrize("start", ["1899-12-31", "9999-12-31"])
def test_a_single_record_outside_the_date_range_is_a_422_naming_the_field(oslo_ws4, resident, start):
    problem = assert_problem(oslo_ws4.post("/participations", participation(resident(), "p-1", start, "2021-01-31")),
                             422)
    assert "start" in problem["errors"]


def _cursor(*parts) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(parts)).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", [
    _cursor("2019-01-01T00:00:00", "hours", 1, "2019-01-02T00:00:00"),  # naive datetimes
    _cursor("2019-01-01T00:00:00+00:00", "hours", 1, "2019-01-02T00:00:00"),
    _cursor("0001-01-01T00:00:00+01:00", "hours", 1, "2019-01-02T00:00:00+00:00"),
    _cursor("2019-01-01T00:00:00+00:00", "hours", 2 ** 63, "2019-01-02T00:00:00+00:00"),
    _cursor("2019-01-01T00:00:00+00:00", "hours", 1),
    _cursor({"a": 1}, "hours", 1, "x"),
    base64.urlsafe_b64encode(b'{"updated_at": 1}').decode(),
    base64.urlsafe_b64encode(b"\xff\xfe not json").decode(),
    "!!!not base64!!!",
    "not-a-cursor",
])
def test_a_malformed_cursor_is_a_400_problem(oslo_ws4, cursor):
    problem = assert_problem(oslo_ws4.get("/records", cursor=cursor), 400)
    assert "cursor" in problem["errors"]


@pytest.mark.parametrize("changed_since", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_changed_since_outside_the_date_range_is_a_422_problem(oslo_ws4, changed_since):
    assert "changed_since" in assert_problem(oslo_ws4.get("/records", changed_since=changed_since), 422)["errors"]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("path", [f"{BASE}/no-such-thing", f"{BASE}/hours/batch/extra", "/api/v1/no-such-thing",
                                  "/api/ws4/v2/hours"])
def test_an_unknown_api_path_is_a_404_problem_for_any_method(oslo_ws4, method, path):
    client = oslo_ws4.client  # CSRF checks on, like a real client without a CSRF cookie
    if method == "post":
        response = client.post(path, "{}", content_type="application/json", headers=oslo_ws4.headers)
    else:
        response = client.get(path, headers=oslo_ws4.headers)
    assert_problem(response, 404)


def test_a_bug_one_record_of_a_batch_runs_into_fails_that_record_alone(oslo_ws4, resident, monkeypatch):
    from nyinorge.register.services import ws4_bulk

    checked = ws4_bulk.residence_refusal

    def overflowing(*, record, **kwargs):
        if record.client_ref == "p-bug":
            raise OverflowError("date value out of range")
        return checked(record=record, **kwargs)

    monkeypatch.setattr(ws4_bulk, "residence_refusal", overflowing)
    person = resident()
    body = {"records": [participation(person, "p-bug", "2019-02-01", "2021-01-31"),
                        participation(person, "p-ok", "2020-02-01", "2022-01-31")]}
    answer = oslo_ws4.post("/participations/batch", body).json()
    assert [r["status"] for r in answer["results"]] == ["failed", "created"]
    assert answer["results"][0]["error"]["status"] == 500 and "p-bug" in answer["results"][0]["error"]["detail"]
