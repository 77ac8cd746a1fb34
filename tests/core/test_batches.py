"""The per-record batch runner: every record in its own savepoint, failures named, valid records kept."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import translation

from nyinorge.core.batches import Outcome, RecordRefused, batch_run
from nyinorge.core.models import Person
from nyinorge.core.services.people import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_failing_record_is_named_and_rolled_back_alone(caseworker):
    records = [
        {"ref": "a", "duf": "201900000001"},
        {"ref": "b", "duf": "not-a-number"},   # invalid: ValidationError from the service
        {"ref": "c", "duf": "201900000003", "refuse": True},
        {"ref": "d", "duf": "201900000004", "forbid": True},
        {"ref": "a", "duf": "201900000005"},  # the same client_ref twice
        {"ref": "e", "duf": "201900000006"},
    ]

    def carry_out(index, record):
        person = person_create(actor=caseworker, given_name="T", family_name=record["ref"],
                               birth_date=datetime.date(1990, 1, 1), duf_number=record["duf"])
        if record.get("refuse"):
            raise RecordRefused("person not resident", status=403)
        if record.get("forbid"):
            raise PermissionDenied("no access")
        return Outcome.CREATED, person.pk

    batch = batch_run(records, instance="/api/x", client_ref=lambda r: r["ref"], carry_out=carry_out)
    statuses = [r.status for r in batch.results]
    assert statuses == [Outcome.CREATED, Outcome.FAILED, Outcome.FAILED, Outcome.FAILED, Outcome.FAILED,
                        Outcome.CREATED]
    # Only the valid records' rows are there: the refused ones' person rows were rolled back with their savepoint.
    assert sorted(Person.objects.values_list("family_name", flat=True)) == ["a", "e"]
    body = batch.as_dict()
    assert (body["received"], body["created"], body["failed"]) == (6, 2, 4)
    errors = {r["index"]: r["error"] for r in body["results"] if r["error"]}
    assert errors[1]["status"] == 422 and "duf_number" in errors[1]["errors"]
    assert errors[2]["status"] == 403 and "client_ref “c”" in errors[2]["detail"] and "not resident" in errors[2]["detail"]
    assert errors[3]["status"] == 403
    assert errors[4]["status"] == 409 and "record 0" in errors[4]["detail"]
    assert all(e["instance"] == f"/api/x#/records/{i}" for i, e in errors.items())


def test_a_database_error_fails_its_record_and_the_batch_goes_on(caseworker):
    def carry_out(index, record):
        if record == "bad":
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1/0")
        person = person_create(actor=caseworker, given_name="T", family_name=record,
                               birth_date=datetime.date(1990, 1, 1), duf_number=f"20190000001{index}")
        return Outcome.CREATED, person.pk

    batch = batch_run(["x", "bad", "y"], instance="/api/x", client_ref=str, carry_out=carry_out)
    assert [r.status for r in batch.results] == [Outcome.CREATED, Outcome.FAILED, Outcome.CREATED]
    assert batch.results[1].error["status"] == 500
    assert Person.objects.count() == 2
