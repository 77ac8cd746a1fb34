"""WS4 orchestration: municipal systems' records, one by one or in batches of up to 1,000, written through
the register's own upsert services.

A batch looks up all its persons in one query; each record is then carried out in its own savepoint
(`nyinorge.core.batches`), so an invalid or refused record fails alone, named by its position and the
client's id, and every valid record is kept. A client writes only for the municipalities it acts for
(`ApiClient.may_act_for`); the upsert services check that the person lived in that municipality on the
record's dates. An unknown person is refused with the same words as a person who lives elsewhere, so
a client cannot probe who is in the register.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from nyinorge.core.batches import BatchResult, Outcome, RecordRefused, batch_run
from nyinorge.core.models import ApiClient, Municipality, Person
from nyinorge.register.errors import RegisterValidationError
from nyinorge.register.models import RECORD_MODELS, RegisterRecord
from nyinorge.register.services.programme import participation_upsert
from nyinorge.register.services.training import (
    absence_upsert, exemption_upsert, hours_upsert, test_result_upsert, training_period_upsert,
)


@dataclass(frozen=True)
class RecordKind:
    """One kind of record municipal systems send: its name, the upsert service and the date that decides scope."""

    name: str
    upsert: Callable[..., tuple[RegisterRecord, bool]]
    scope_date_field: str

    @property
    def model(self) -> type[RegisterRecord]:
        return RECORD_MODELS[self.name]


RECORD_KINDS: dict[str, RecordKind] = {
    kind.name: kind
    for kind in [
        RecordKind("participation", participation_upsert, "start"),
        RecordKind("training_period", training_period_upsert, "start"),
        RecordKind("hours", hours_upsert, "month"),
        RecordKind("absence", absence_upsert, "date"),
        RecordKind("exemption", exemption_upsert, "decided_on"),
        RecordKind("test_result", test_result_upsert, "taken_on"),
    ]
}


@dataclass(frozen=True)
class RecordInput:
    """A record as the client sent it, checked for shape: whom it concerns, for which municipality, and its data."""

    client_ref: str
    national_id: str | None = None
    duf_number: str | None = None
    municipality: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    # Set instead of the above when the record's shape is wrong: {field: messages}.
    invalid: dict[str, list[str]] | None = None

    @property
    def identifier(self) -> str:
        return self.national_id or self.duf_number or ""


def _persons_by_identifier(records: Sequence[RecordInput]) -> dict[str, Person]:
    national_ids = {r.national_id for r in records if r.national_id}
    duf_numbers = {r.duf_number for r in records if r.duf_number}
    if not national_ids and not duf_numbers:
        return {}
    persons = Person.objects.select_related("reception_centre").filter(
        Q(national_id__in=national_ids) | Q(duf_number__in=duf_numbers))
    found: dict[str, Person] = {}
    for person in persons:
        for identifier in (person.national_id, person.duf_number):
            if identifier:
                found[identifier] = person
    return found


def _scope_date(kind: RecordKind, record: RecordInput) -> str:
    value = record.data.get(kind.scope_date_field)
    return value.isoformat() if isinstance(value, datetime.date) else str(value or "")


def ws4_records_upsert(
    *, client: ApiClient, kind: str, records: Sequence[RecordInput], instance: str
) -> BatchResult:
    """Upsert a client's records of one kind, each in its own savepoint; one result per record, in order."""
    record_kind = RECORD_KINDS[kind]
    actor = client.user
    acting = {m.number: m for m in Municipality.objects.filter(number__in=client.municipality_numbers)}
    persons = _persons_by_identifier([r for r in records if r.invalid is None])
    # The services answer created=False for a change and for no change alike; an update moves updated_at.
    updated_before = dict(record_kind.model.objects.filter(client=client, client_ref__in={r.client_ref for r in records})
                          .values_list("client_ref", "updated_at"))

    def municipality_for(record: RecordInput) -> Municipality:
        if record.municipality is None:
            if len(acting) == 1:
                return next(iter(acting.values()))
            raise RecordRefused(_("Give the municipality: this client acts for several (%(numbers)s).")
                                % {"numbers": ", ".join(sorted(acting))}, errors={"municipality": [
                                    _("This field is required.")]})
        if record.municipality not in acting:
            raise RecordRefused(_("This client does not act for municipality %(number)s.")
                                % {"number": record.municipality}, status=403)
        return acting[record.municipality]

    def carry_out(index: int, record: RecordInput) -> tuple[Outcome, int | None]:
        if record.invalid is not None:
            raise RecordRefused(_("The record has invalid values."), errors=record.invalid)
        municipality = municipality_for(record)
        person = persons.get(record.identifier)
        if person is None:
            # The same words as for a person who lives elsewhere: no answer tells who is in the register.
            raise RecordRefused(_("Person %(person)s is not resident in %(municipality)s on %(date)s.") % {
                "person": record.identifier, "municipality": municipality, "date": _scope_date(record_kind, record)},
                status=403)
        try:
            saved, created = record_kind.upsert(actor=actor, client=client, client_ref=record.client_ref,
                                                person=person, municipality=municipality, data=record.data)
        except RegisterValidationError as error:
            raise RecordRefused(_("The record has invalid values."), errors=error.field_errors) from None
        if created:
            return Outcome.CREATED, saved.pk
        unchanged = updated_before.get(record.client_ref) == saved.updated_at
        return (Outcome.UNCHANGED if unchanged else Outcome.UPDATED), saved.pk

    return batch_run(records, instance=instance, client_ref=lambda record: record.client_ref, carry_out=carry_out)
