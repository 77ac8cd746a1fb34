"""The set-based batch path gives the same answers and writes the same rows as the register's services."""

import datetime

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from nyinorge.core.models import AuditEntry
from nyinorge.register.models import RecordVersion, TrainingHours
from nyinorge.register.services import ws4 as ws4_services
from nyinorge.register.services.residence import residence_move
from nyinorge.register.services.ws4 import RecordInput, ws4_records_upsert
from nyinorge.register.services.ws4_bulk import BulkOutcome, _Batch

pytestmark = pytest.mark.django_db


def _records(people, moved) -> dict[str, list[RecordInput]]:
    """A mix of valid, invalid, refused, clashing and unchanged records of several kinds."""
    def person(p):
        return {"national_id": p.national_id}

    hours = [
        RecordInput(client_ref="h-ok", **person(people[0]), data={
            "month": datetime.date(2019, 3, 1), "hours_type": "norwegian", "hours": 10}),
        RecordInput(client_ref="h-bad-month", **person(people[0]), data={
            "month": datetime.date(2019, 3, 5), "hours_type": "norwegian", "hours": 10}),
        RecordInput(client_ref="h-clash", **person(people[0]), data={  # same person, month and type as h-ok
            "month": datetime.date(2019, 3, 1), "hours_type": "norwegian", "hours": 3}),
        RecordInput(client_ref="h-moved-may", **person(moved), data={
            "month": datetime.date(2019, 5, 1), "hours_type": "norwegian", "hours": 8}),
        RecordInput(client_ref="h-moved-july", **person(moved), data={
            "month": datetime.date(2019, 7, 1), "hours_type": "norwegian", "hours": 8}),
        RecordInput(client_ref="h-unknown", national_id="01010150165", data={
            "month": datetime.date(2019, 3, 1), "hours_type": "norwegian", "hours": 8}),
    ]
    participations = [
        RecordInput(client_ref="p-ok", **person(people[1]), data={
            "start": datetime.date(2019, 2, 1), "planned_end": datetime.date(2021, 1, 31), "end": None, "outcome": "",
            "interruptions": [{"start": datetime.date(2019, 6, 1), "end": None, "reason": "illness"}],
            "plan_elements": [{"kind": "primary_education", "start": datetime.date(2019, 3, 1), "end": None}]}),
        RecordInput(client_ref="p-child-outside", **person(people[1]), data={
            "start": datetime.date(2019, 2, 1), "planned_end": datetime.date(2021, 1, 31), "end": None, "outcome": "",
            "plan_elements": [{"kind": "work_practice", "start": datetime.date(2018, 3, 1), "end": None}]}),
        RecordInput(client_ref="p-moved-out", **person(moved), data={  # runs past the move to Bergen
            "start": datetime.date(2019, 2, 1), "planned_end": datetime.date(2021, 1, 31),
            "end": datetime.date(2019, 9, 1), "outcome": "work"}),
        RecordInput(client_ref="p-too-long", **person(people[0]), data={
            "start": datetime.date(2019, 2, 1), "planned_end": datetime.date(2029, 1, 31), "end": None, "outcome": ""}),
    ]
    return {"hours": hours, "participation": participations}


def _summary(batch) -> list[tuple]:
    return [(r.client_ref, r.status.value, r.error and r.error["status"], r.error and sorted(r.error.get("errors", {})),
             r.error and r.error["detail"].split(": ", 1)[1]) for r in batch.results]


@pytest.fixture
def two_worlds(resident, issue, bergen, caseworker):
    """Two clients with the same situation: persons in Oslo, one of whom moved to Bergen on 1 June 2019."""
    worlds = []
    for number in ("0301", "0301"):
        people = [resident(), resident()]
        moved = resident()
        residence_move(actor=caseworker, person=moved, to_municipality=bergen, moved_on=datetime.date(2019, 6, 1))
        client, _token = issue(number)
        worlds.append((client, people, moved))
    return worlds


def _one_by_one_only(monkeypatch):
    def everything_one_by_one(*, items, **kwargs):
        return BulkOutcome(retry=list(items))

    monkeypatch.setattr(ws4_services, "records_upsert_bulk", everything_one_by_one)


def test_the_bulk_path_answers_as_the_services_do(two_worlds, monkeypatch):
    (bulk_client, bulk_people, bulk_moved), (single_client, single_people, single_moved) = two_worlds
    bulk = {kind: ws4_records_upsert(client=bulk_client, kind=kind, records=records, instance="/x")
            for kind, records in _records(bulk_people, bulk_moved).items()}
    _one_by_one_only(monkeypatch)
    single = {kind: ws4_records_upsert(client=single_client, kind=kind, records=records, instance="/x")
              for kind, records in _records(single_people, single_moved).items()}

    for kind in bulk:
        assert _replace_all(_summary(bulk[kind]), bulk_people, bulk_moved) == _replace_all(
            _summary(single[kind]), single_people, single_moved), kind
    statuses = [r.status.value for r in bulk["hours"].results]
    assert statuses == ["created", "failed", "failed", "created", "failed", "failed"]
    assert [r.status.value for r in bulk["participation"].results] == ["created", "failed", "failed", "failed"]
    # The same versions (content) and audit entries are written.
    for client in (bulk_client, single_client):
        versions = RecordVersion.objects.filter(api_client=client).order_by("model_label", "snapshot__client_ref")
        assert versions.count() == 3
    bulk_versions = [_neutral_snapshot(v.snapshot) for v in RecordVersion.objects.filter(api_client=bulk_client)
                     .order_by("model_label", "object_id")]
    single_versions = [_neutral_snapshot(v.snapshot) for v in RecordVersion.objects.filter(api_client=single_client)
                       .order_by("model_label", "object_id")]
    assert bulk_versions == single_versions
    for client in (bulk_client, single_client):
        assert AuditEntry.objects.filter(user=client.user, action="create").count() == 3


def _replace(row: tuple, names: dict[str, str]) -> tuple:
    out = []
    for value in row:
        if isinstance(value, str):
            for number, name in names.items():
                value = value.replace(number, name)
        out.append(value)
    return tuple(out)


def _replace_all(summary: list[tuple], people, moved) -> list[tuple]:
    names = {p.national_id: f"person{i}" for i, p in enumerate([*people, moved])}
    return [_replace(row, names) for row in summary]


def _neutral_snapshot(snapshot: dict) -> dict:
    return {key: value for key, value in snapshot.items() if key not in ("person",)}


def test_a_second_send_is_unchanged_and_a_change_is_an_update_with_a_new_version(two_worlds):
    client, people, moved = two_worlds[0]
    records = _records(people, moved)["hours"][:1]
    assert ws4_records_upsert(client=client, kind="hours", records=records, instance="/x").results[0].status == "created"
    assert ws4_records_upsert(client=client, kind="hours", records=records, instance="/x").results[0].status == "unchanged"
    changed = [RecordInput(client_ref="h-ok", national_id=people[0].national_id,
                           data={**records[0].data, "hours": 11})]
    assert ws4_records_upsert(client=client, kind="hours", records=changed, instance="/x").results[0].status == "updated"
    record = TrainingHours.objects.get(client=client)
    assert record.hours == 11
    assert list(RecordVersion.objects.filter(object_id=record.pk, model_label="register.traininghours")
                .values_list("version", flat=True).order_by("version")) == [1, 2]


def test_a_failed_bulk_write_falls_back_to_the_services_and_loses_nothing(two_worlds, monkeypatch):
    client, people, moved = two_worlds[0]

    def broken(self, prepared):
        TrainingHours.objects.bulk_create([p.record for p in prepared])
        raise IntegrityError("a concurrent batch took the same month")

    monkeypatch.setattr(_Batch, "write", broken)
    batch = ws4_records_upsert(client=client, kind="hours", records=_records(people, moved)["hours"], instance="/x")
    assert [r.status.value for r in batch.results] == ["created", "failed", "failed", "created", "failed", "failed"]
    assert sorted(TrainingHours.objects.filter(client=client).values_list("client_ref", flat=True)) == [
        "h-moved-may", "h-ok"]
    assert RecordVersion.objects.filter(api_client=client).count() == 2


def test_a_batch_costs_a_fixed_number_of_queries_whatever_its_size(two_worlds):
    client, people, moved = two_worlds[0]

    def batch(size: int, offset: int) -> list[RecordInput]:
        return [RecordInput(client_ref=f"a-{offset + n}", national_id=people[n % 2].national_id, data={
            "date": datetime.date(2019, 3, 1) + datetime.timedelta(days=n % 200), "hours": 2, "reason": "illness"})
            for n in range(size)]

    ws4_records_upsert(client=client, kind="absence", records=batch(1, 5000), instance="/x")  # warms the client's caches
    counts = []
    for size, offset in ((10, 0), (200, 1000)):
        with CaptureQueriesContext(connection) as queries:
            result = ws4_records_upsert(client=client, kind="absence", records=batch(size, offset), instance="/x")
        assert result.count("created") == size
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[1] < 20


def test_a_clash_with_a_stored_month_is_refused_before_writing(two_worlds, monkeypatch):
    client, people, moved = two_worlds[0]
    first = _records(people, moved)["hours"][:1]
    ws4_records_upsert(client=client, kind="hours", records=first, instance="/x")

    def not_expected(*args, **kwargs):
        raise AssertionError("the clash should be found before the bulk write")

    monkeypatch.setattr(ws4_services, "_one_by_one", not_expected)
    again = [RecordInput(client_ref="h-other", national_id=people[0].national_id, data=dict(first[0].data))]
    result = ws4_records_upsert(client=client, kind="hours", records=again, instance="/x").results[0]
    assert result.status == "failed" and "h-ok" in result.error["errors"]["__all__"][0]
