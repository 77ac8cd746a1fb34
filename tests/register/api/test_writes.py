"""Upserts one by one and in batches: created, updated, unchanged; idempotent retries; partial failures."""

import datetime

import pytest

from nyinorge.core.models import AuditEntry
from nyinorge.register.models import (
    Absence, Exemption, ProgrammeParticipation, RecordVersion, TestResult, TrainingHours, TrainingPeriod,
)
from tests.register.api.helpers import assert_problem, hours

pytestmark = pytest.mark.django_db


def test_an_upsert_creates_then_updates_then_leaves_unchanged(oslo_ws4, resident):
    person = resident()
    created = oslo_ws4.post("/hours", hours(person, hours="12.5"))
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "created" and body["client_ref"] == "h-1" and body["error"] is None
    record = TrainingHours.objects.get(pk=body["id"])
    assert (record.person, record.municipality_id, record.hours, record.client, record.source) == (
        person, "0301", 12.5, oslo_ws4.api_client, "api")

    updated = oslo_ws4.post("/hours", hours(person, hours="14.0"))
    assert (updated.status_code, updated.json()["status"], updated.json()["id"]) == (200, "updated", record.pk)
    unchanged = oslo_ws4.post("/hours", hours(person, hours="14.0"))
    assert (unchanged.status_code, unchanged.json()["status"]) == (200, "unchanged")
    record.refresh_from_db()
    assert record.hours == 14 and TrainingHours.objects.count() == 1
    assert RecordVersion.objects.filter(object_id=record.pk, model_label="register.traininghours").count() == 2
    # Each change is audited under the client's service user, naming the person.
    entries = AuditEntry.objects.filter(object_type="register.traininghours", object_id=str(record.pk))
    assert {(e.action, e.user_id, e.person_id) for e in entries} == {
        ("create", oslo_ws4.api_client.user_id, person.pk), ("update", oslo_ws4.api_client.user_id, person.pk)}


def test_a_retry_with_the_same_key_replays_the_answer_and_creates_nothing(oslo_ws4, resident):
    person = resident()
    batch = {"records": [hours(person, ref="h-1"), hours(person, ref="h-2", month="2019-04-01")]}
    first = oslo_ws4.post("/hours/batch", batch, key="key-1")
    retry = oslo_ws4.post("/hours/batch", batch, key="key-1")
    assert first.status_code == retry.status_code == 200
    assert retry.json() == first.json() and first.json()["created"] == 2
    assert retry["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert TrainingHours.objects.count() == 2 and RecordVersion.objects.count() == 2
    # A new key for the same records is a new request: nothing to change.
    again = oslo_ws4.post("/hours/batch", batch, key="key-2")
    assert again.json()["unchanged"] == 2 and TrainingHours.objects.count() == 2


def test_a_single_upsert_retried_with_its_key_is_replayed_with_its_status(oslo_ws4, resident):
    person = resident()
    first = oslo_ws4.post("/hours", hours(person), key="single-1")
    retry = oslo_ws4.post("/hours", hours(person), key="single-1")
    assert first.status_code == retry.status_code == 201 and retry.json() == first.json()
    assert TrainingHours.objects.count() == 1


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(oslo_ws4, resident):
    person = resident()
    oslo_ws4.post("/hours", hours(person, hours="10.0"), key="key-1")
    problem = assert_problem(oslo_ws4.post("/hours", hours(person, hours="20.0"), key="key-1"), 422)
    assert "key-1" in problem["detail"] and "Idempotency-Key" in problem["errors"]
    assert TrainingHours.objects.get().hours == 10


def test_a_half_failed_batch_keeps_every_valid_record_and_names_each_failure(oslo_ws4, resident):
    person, other = resident(), resident()
    records = [
        hours(person, ref="ok-1"),
        hours(person, ref="bad-month", month="2019-03-15"),               # the service refuses: not a first day
        {"client_ref": "malformed", "person": {"national_id": person.national_id}, "hours": "x"},  # shape
        hours(other, ref="ok-2"),
        hours(person, ref="ok-1", month="2019-05-01"),                   # the same client_ref twice
        {"client_ref": "no-person", "month": "2019-03-01", "hours_type": "norwegian", "hours": "1"},
        hours(other, ref="ok-3", month="2019-04-01"),
    ]
    response = oslo_ws4.post("/hours/batch", {"records": records})
    assert response.status_code == 200
    body = response.json()
    assert (body["received"], body["created"], body["failed"]) == (7, 3, 4)
    assert [r["status"] for r in body["results"]] == [
        "created", "failed", "failed", "created", "failed", "failed", "created"]
    assert sorted(TrainingHours.objects.values_list("client_ref", flat=True)) == ["ok-1", "ok-2", "ok-3"]
    errors = {r["client_ref"]: r["error"] for r in body["results"] if r["error"]}
    assert errors["bad-month"]["status"] == 422 and "month" in errors["bad-month"]["errors"]
    assert "“bad-month”" in errors["bad-month"]["detail"] and errors["bad-month"]["instance"].endswith("#/records/1")
    assert errors["malformed"]["status"] == 422
    assert {"month", "hours_type", "hours"} <= set(errors["malformed"]["errors"])
    assert errors["ok-1"]["status"] == 409 and "record 0" in errors["ok-1"]["detail"]
    assert "person" in errors["no-person"]["errors"]


def test_a_batch_of_more_than_1000_records_is_refused_whole(oslo_ws4, resident):
    person = resident()
    records = [hours(person, ref=f"h-{n}") for n in range(1001)]
    problem = assert_problem(oslo_ws4.post("/hours/batch", {"records": records}), 422)
    assert "records" in problem["errors"]
    assert not TrainingHours.objects.exists()


def test_an_empty_batch_and_a_body_that_is_not_json_are_problems(oslo_ws4):
    assert "records" in assert_problem(oslo_ws4.post("/hours/batch", {"records": []}), 422)["errors"]
    assert_problem(oslo_ws4.post("/hours/batch", raw="{not json"), 400)


def test_every_record_kind_can_be_written(oslo_ws4, resident):
    person = resident()
    who = {"national_id": person.national_id}
    bodies = {
        "/participations": {"client_ref": "p-1", "person": who, "start": "2019-02-01", "planned_end": "2021-01-31",
                            "interruptions": [{"start": "2019-06-01", "end": "2019-08-01", "reason": "parental_leave"}],
                            "plan_elements": [{"kind": "secondary_education", "start": "2019-08-15"}]},
        "/training-periods": {"client_ref": "t-1", "person": who, "kind": "norwegian", "start": "2019-02-01"},
        "/absences": {"client_ref": "a-1", "person": who, "date": "2019-03-04", "hours": "2.5", "reason": "illness"},
        "/exemptions": {"client_ref": "e-1", "person": who, "reason_code": "health", "decided_on": "2019-05-01"},
        "/test-results": {"client_ref": "r-1", "person": who, "test": "norwegian_oral", "taken_on": "2019-12-01",
                          "result": "b1"},
    }
    for path, body in bodies.items():
        response = oslo_ws4.post(path, body)
        assert response.status_code == 201, (path, response.content)
    participation = ProgrammeParticipation.objects.get()
    assert participation.interruptions.get().reason == "parental_leave"
    assert participation.plan_elements.get().kind == "secondary_education"
    assert participation.outcome == "" and participation.end is None
    assert TrainingPeriod.objects.get().kind == "norwegian"
    assert Absence.objects.get().hours == 2.5
    assert Exemption.objects.get().applies_to == "both"
    assert TestResult.objects.get().result == "b1"

    ended = {**bodies["/participations"], "end": "2020-12-01", "outcome": "work"}
    del ended["interruptions"]  # left out: the interruptions stay as they are
    assert oslo_ws4.post("/participations", ended).json()["status"] == "updated"
    participation.refresh_from_db()
    assert (participation.end, participation.outcome) == (datetime.date(2020, 12, 1), "work")
    assert participation.interruptions.count() == 1


def test_a_single_invalid_record_is_a_problem_naming_it(oslo_ws4, resident):
    person = resident()
    body = {"client_ref": "p-1", "person": {"national_id": person.national_id}, "start": "2019-02-01",
            "planned_end": "2019-01-01"}
    problem = assert_problem(oslo_ws4.post("/participations", body), 422)
    assert "“p-1”" in problem["detail"] and "planned_end" in problem["errors"]
    assert not ProgrammeParticipation.objects.exists()


def test_a_person_without_a_national_identity_number_is_named_by_duf_number(oslo_ws4, resident):
    person = resident(duf_number="201912345678")
    body = {"client_ref": "a-1", "person": {"duf_number": "201912345678"}, "date": "2019-03-04", "hours": "1",
            "reason": "illness"}
    assert oslo_ws4.post("/absences", body).status_code == 201
    assert Absence.objects.get().person == person
    both = {**body, "person": {"duf_number": "201912345678", "national_id": "01010150165"}}
    assert "person" in assert_problem(oslo_ws4.post("/absences", both), 422)["errors"]


def test_a_body_over_the_servers_limit_is_a_413_problem(oslo_ws4, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = {"records": [{"client_ref": f"h-{n}", "padding": "x" * 100} for n in range(200)]}
    problem = assert_problem(oslo_ws4.post("/hours/batch", body), 413)
    assert "1,000" in problem["detail"]
