"""The set-based path of a WS4 batch: the same rules as `records.record_upsert`, for many records at once.

Through `record_upsert` one record costs some seven round trips to the database; a batch of 1,000 would
take seconds. Here a batch costs a handful of queries in all: the existing rows by client_ref (locked), the
persons' residence periods and the natural-key clashes are read once; each record is then assigned and
validated in memory with the register's own helpers (`_assign`, `_validate`, the model's `clean` and
`validate_children`, `may_write_for`, `residence_refusal`), and the records that pass are written with
bulk inserts and updates, one version row and one audit entry each, as `record_upsert` writes them.

Only records that passed every check are written, so the write itself should not fail; if it does (a
concurrent batch took the same client_ref or month), the savepoint is rolled back and the caller carries
those records out one by one through the upsert services instead.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import DatabaseError, models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import Permission
from nyinorge.core.batches import RecordRefused
from nyinorge.core.models import ApiClient, AuditEntry, Municipality, Person, User
from nyinorge.core.rows import rows_append
from nyinorge.core.services.audit import AuditLine, audit_record_many
from nyinorge.register.access import may_write_for
from nyinorge.register.errors import RegisterScopeError, RegisterValidationError
from nyinorge.register.models import RecordVersion, RegisterRecord, ResidencePeriod, Source
from nyinorge.register.services.records import (
    Children, _assign, _full_snapshot, _validate, residence_refusal,
)

logger = logging.getLogger(__name__)


class Period(NamedTuple):
    """What the residence rules read of a ResidencePeriod (lighter than the model for a whole batch)."""

    pk: int
    person_id: int
    municipality_id: str
    valid_from: datetime.date
    valid_to: datetime.date | None

    def covers(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class BulkItem:
    index: int
    client_ref: str
    person: Person
    municipality: Municipality
    data: dict[str, Any]


@dataclass
class _Prepared:
    item: BulkItem
    record: RegisterRecord
    created: bool
    unchanged: bool
    children: dict[str, list[models.Model]] = field(default_factory=dict)
    snapshot: dict[str, Any] = field(default_factory=dict)


@dataclass
class BulkOutcome:
    """Per index: (created, unchanged, record id) for records done, the exception for records refused."""

    done: dict[int, tuple[bool, bool, int]] = field(default_factory=dict)
    refused: dict[int, Exception] = field(default_factory=dict)
    # Records that passed the checks but whose bulk write failed: to be carried out one by one.
    retry: list[BulkItem] = field(default_factory=list)


class _Batch:
    """One kind's records of one client, checked together and written together."""

    def __init__(self, *, model: type[RegisterRecord], children: dict[str, Children], actor: User,
                 client: ApiClient, items: Sequence[BulkItem]):
        self.model, self.children, self.actor, self.client, self.items = model, children, actor, client, items
        self.label = model._meta.label_lower
        refs = [item.client_ref for item in items]
        self.existing = {record.client_ref: record for record in (
            model.objects.select_for_update(of=("self",)).filter(client=client, client_ref__in=refs)
            .prefetch_related(*children))}
        person_ids = {item.person.pk for item in items if item.person.pk}
        self.periods: dict[int, list[Period]] = defaultdict(list)
        for period in (ResidencePeriod.objects.filter(person_id__in=person_ids)
                       .values_list("pk", "person_id", "municipality_id", "valid_from", "valid_to")):
            self.periods[period[1]].append(Period(*period))
        self.permissions: dict[str, Permission] = {}
        self.natural_key = [model._meta.get_field(name).attname for name in getattr(model, "NATURAL_KEY", ()) or ()]
        self.taken: dict[tuple, tuple[int | None, str | None]] = {}
        if self.natural_key:
            self._load_natural_keys(person_ids)

    def _load_natural_keys(self, person_ids: set[int]) -> None:
        values: dict[str, set] = defaultdict(set)
        for item in self.items:
            for name in self.natural_key:
                if name == "person_id":
                    values[name].add(item.person.pk)
                elif name == "municipality_id":
                    values[name].add(item.municipality.pk)
                elif name in item.data and item.data[name] is not None:
                    values[name].add(item.data[name])
        if not person_ids or any(not values[name] for name in self.natural_key):
            return
        clashes = self.model.objects.filter(**{f"{name}__in": values[name] for name in self.natural_key})
        for pk, ref, *key in clashes.values_list("pk", "client_ref", *self.natural_key):
            self.taken[tuple(key)] = (pk, ref)

    def _permission(self, municipality: Municipality) -> Permission:
        if municipality.pk not in self.permissions:
            self.permissions[municipality.pk] = may_write_for(actor=self.actor, client=self.client,
                                                              municipality=municipality)
        return self.permissions[municipality.pk]

    def prepare(self, item: BulkItem) -> _Prepared:
        """Check one record as `record_upsert` does; raise its refusal, or return what to write."""
        permission = self._permission(item.municipality)
        if not permission:
            raise RegisterScopeError(permission.reason)
        model, current = self.model, self.existing.get(item.client_ref)
        if current is not None:
            if current.person_id != item.person.pk:
                raise RegisterValidationError({"client_ref": [
                    _("The id %(ref)s is already used for another person's record.") % {"ref": item.client_ref}]})
            if current.municipality_id != item.municipality.pk:
                raise RegisterScopeError(_("Record %(ref)s belongs to municipality %(municipality)s.") % {
                    "ref": item.client_ref, "municipality": current.municipality})
        record = current or model(person=item.person, municipality=item.municipality, client=self.client,
                                  client_ref=item.client_ref)
        old_rows = {key: list(getattr(current, key).all()) for key in self.children} if current else {}
        before = _full_snapshot(record, model, self.children, old_rows) if current else None
        _assign(record, model.WRITABLE_FIELDS, item.data)
        errors = _validate(record, model.WRITABLE_FIELDS)
        new_rows: dict[str, list[models.Model]] = {}
        for key, spec in self.children.items():
            if key not in item.data:
                continue
            rows = []
            for index, values in enumerate(item.data[key]):
                row = spec.model(**{spec.parent_field: record})
                _assign(row, spec.fields, dict(values))
                errors.update(_validate(row, spec.fields, prefix=f"{key}[{index}]."))
                rows.append(row)
            new_rows[key] = rows
        if not errors and hasattr(record, "validate_children"):
            errors.update(record.validate_children(new_rows))
        key = tuple(getattr(record, name) for name in self.natural_key) if self.natural_key else None
        if not errors and key is not None and key in self.taken:
            other_pk, other_ref = self.taken[key]
            # Taken by another stored record, or by an earlier new record of this batch with another id.
            clash = other_pk != record.pk if other_pk is not None else other_ref != item.client_ref
            if clash:
                errors["__all__"] = [_("This is already registered as record %(ref)s; change that one instead.")
                                     % {"ref": other_ref or other_pk}]
        if errors:
            raise RegisterValidationError(errors)
        refusal = residence_refusal(person=item.person, municipality=item.municipality, record=record,
                                    periods=self.periods.get(item.person.pk, []))
        if refusal:
            raise RegisterScopeError(refusal)
        if key is not None:
            # Later records of this batch clash with this one; a record moved away frees its old key.
            for taken, (pk, _ref) in list(self.taken.items()):
                if pk is not None and pk == record.pk:
                    del self.taken[taken]
            self.taken[key] = (record.pk, item.client_ref)
        rows = {**old_rows, **new_rows}
        snapshot = _full_snapshot(record, model, self.children, rows)
        unchanged = before is not None and before == snapshot
        return _Prepared(item=item, record=record, created=current is None, unchanged=unchanged,
                         children=new_rows, snapshot=snapshot)

    def write(self, prepared: list[_Prepared]) -> None:
        """Insert and update the records, replace dependent rows, add a version and an audit entry each."""
        model, now = self.model, timezone.now()
        new = [p for p in prepared if p.created]
        changed = [p for p in prepared if not p.created]
        for p in prepared:
            p.record.source = Source.API
        model.objects.bulk_create([p.record for p in new])
        if changed:
            for p in changed:
                p.record.updated_at = now
            fields = [model._meta.get_field(name).name for name in model.WRITABLE_FIELDS]
            model.objects.bulk_update([p.record for p in changed], fields=[*fields, "source", "updated_at"])
        for key, spec in self.children.items():
            parents = [p for p in prepared if key in p.children]
            stale = [p.record.pk for p in parents if not p.created]
            if stale:
                spec.model.objects.filter(**{f"{spec.parent_field}_id__in": stale}).delete()
            spec.model.objects.bulk_create([row for p in parents for row in p.children[key]])
        numbers = dict(RecordVersion.objects.filter(model_label=self.label, object_id__in=[p.record.pk for p in changed])
                       .values("object_id").annotate(n=Max("version")).values_list("object_id", "n")) if changed else {}
        versions, lines = [], []
        for p in prepared:
            record = p.record
            number = 1 if p.created else numbers.get(record.pk, 0) + 1
            snapshot = {**p.snapshot, "person": record.person_id, "municipality": record.municipality_id}
            versions.append((self.label, record.pk, record.person_id, number, snapshot, self.actor.pk, self.client.pk,
                             record.source, now))
            lines.append(AuditLine(action=AuditEntry.Action.CREATE if p.created else AuditEntry.Action.UPDATE,
                                   object_type=self.label, object_id=record.pk, person_id=record.person_id,
                                   detail=f"version {number}, {record.source}, ref {p.item.client_ref}"))
        rows_append(RecordVersion, ("model_label", "object_id", "person_id", "version", "snapshot", "changed_by_id",
                                    "api_client_id", "source", "changed_at"), versions)
        audit_record_many(actor=self.actor, lines=lines, at=now)


def records_upsert_bulk(
    *, model: type[RegisterRecord], children: dict[str, Children], actor: User, client: ApiClient,
    items: Sequence[BulkItem],
) -> BulkOutcome:
    """Check every record, then write those that pass at once (see the module); refusals per index."""
    outcome = BulkOutcome()
    batch = _Batch(model=model, children=children, actor=actor, client=client, items=items)
    to_write: list[_Prepared] = []
    for item in items:
        try:
            prepared = batch.prepare(item)
        except (RegisterValidationError, RegisterScopeError) as refusal:
            outcome.refused[item.index] = refusal
            continue
        except Exception as error:  # a bug one record runs into fails that record, not the batch around it
            logger.error("Unexpected error in record %d of a WS4 batch", item.index, exc_info=error)
            outcome.refused[item.index] = RecordRefused(
                _("Something went wrong on our side; it has been logged. Send the record again later."), status=500)
            continue
        if prepared.unchanged:
            outcome.done[item.index] = (False, True, prepared.record.pk)
        else:
            to_write.append(prepared)
    try:
        with transaction.atomic():
            batch.write(to_write)
    except DatabaseError:  # e.g. a concurrent batch took the same id or month: one by one instead
        outcome.retry = [p.item for p in to_write]
        return outcome
    for p in to_write:
        outcome.done[p.item.index] = (p.created, False, p.record.pk)
    return outcome

