"""WS4 orchestration: municipal systems' records, one by one or in batches of up to 1,000.

A batch first sorts out what can be told from the request alone (a malformed record, a client_ref sent
twice, a municipality the client does not act for) and looks up all its persons in one query. The rest go
through the register's rules in one set-based pass (`ws4_bulk`): every record is checked on its own and
only the records that pass are written, so an invalid or refused record fails alone, named by its position
and the client's id, and every valid record is kept. Should the bulk write fail, those records are carried
out one by one through the register's upsert services, each in its own savepoint.

A client writes only for the municipalities it acts for (`ApiClient.may_act_for`), and only for persons
who lived there on the record's dates. An unknown person goes through the same checks as a known one with
no residence, so the answer is the same as for a person who lives elsewhere: nobody can probe who is in
the register.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from nyinorge.core.access import person_survivor
from nyinorge.core.batches import BatchResult, Outcome, RecordRefused, RecordResult, batch_run, refusal_result
from nyinorge.core.models import ApiClient, Municipality, Person
from nyinorge.register.errors import RegisterValidationError
from nyinorge.register.models import RECORD_MODELS, RegisterRecord
from nyinorge.register.services.programme import PARTICIPATION_CHILDREN, participation_upsert
from nyinorge.register.services.records import Children
from nyinorge.register.services.ws4_bulk import BulkItem, records_upsert_bulk
from nyinorge.register.services.training import (
    absence_upsert, exemption_upsert, hours_upsert, test_result_upsert, training_period_upsert,
)


@dataclass(frozen=True)
class RecordKind:
    """One kind of record municipal systems send: its name, its upsert service and its dependent rows."""

    name: str
    upsert: Callable[..., tuple[RegisterRecord, bool]]
    children: dict[str, Children] = field(default_factory=dict)

    @property
    def model(self) -> type[RegisterRecord]:
        return RECORD_MODELS[self.name]


RECORD_KINDS: dict[str, RecordKind] = {
    kind.name: kind
    for kind in [
        RecordKind("participation", participation_upsert, PARTICIPATION_CHILDREN),
        RecordKind("training_period", training_period_upsert),
        RecordKind("hours", hours_upsert),
        RecordKind("absence", absence_upsert),
        RecordKind("exemption", exemption_upsert),
        RecordKind("test_result", test_result_upsert),
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
    # Only what the rules and messages read: the identifiers and the reception centre's host municipality.
    persons = Person.objects.select_related("reception_centre").only(
        "national_id", "duf_number", "merged_into_id", "reception_centre__municipality_id").filter(
        Q(national_id__in=national_ids) | Q(duf_number__in=duf_numbers))
    found: dict[str, Person] = {}
    for person in persons:
        # A merged record's number is the person it was merged into: the record is written there.
        resolved = person_survivor(person) if person.merged_into_id is not None else person
        for identifier in (person.national_id, person.duf_number):
            if identifier:
                found[identifier] = resolved
    return found


def _unknown_person(record: RecordInput) -> Person:
    """A stand-in with no residence for an identifier nobody in the register has (never saved)."""
    return Person(pk=0, national_id=record.national_id, duf_number=record.duf_number)


def ws4_records_upsert(
    *, client: ApiClient, kind: str, records: Sequence[RecordInput], instance: str
) -> BatchResult:
    """Upsert a client's records of one kind (see the module); one result per record, in the order sent."""
    record_kind = RECORD_KINDS[kind]
    actor = client.user
    acting = {m.number: m for m in Municipality.objects.filter(number__in=client.municipality_numbers)}
    persons = _persons_by_identifier([r for r in records if r.invalid is None])
    results: list[RecordResult | None] = [None] * len(records)

    def refuse(index: int, ref: str, error: Exception) -> None:
        if isinstance(error, RegisterValidationError):
            error = RecordRefused(_("The record has invalid values."), errors=error.field_errors)
        result = refusal_result(index=index, client_ref=ref, instance=instance, error=error)
        if result is None:
            raise error
        results[index] = result

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

    items: list[BulkItem] = []
    first_index: dict[str, int] = {}
    for index, record in enumerate(records):
        try:
            if record.client_ref in first_index:
                raise RecordRefused(_("the same client_ref is already record %(first)d of this batch; send each "
                                      "record once.") % {"first": first_index[record.client_ref]}, status=409)
            first_index[record.client_ref] = index
            if record.invalid is not None:
                raise RecordRefused(_("The record has invalid values."), errors=record.invalid)
            municipality = municipality_for(record)
        except RecordRefused as refusal:
            refuse(index, record.client_ref, refusal)
            continue
        person = persons.get(record.identifier) or _unknown_person(record)
        items.append(BulkItem(index=index, client_ref=record.client_ref, person=person, municipality=municipality,
                              data=record.data))

    outcome = records_upsert_bulk(model=record_kind.model, children=record_kind.children, actor=actor, client=client,
                                  items=items)
    for index, (created, unchanged, pk) in outcome.done.items():
        status = Outcome.CREATED if created else Outcome.UNCHANGED if unchanged else Outcome.UPDATED
        results[index] = RecordResult(index=index, client_ref=records[index].client_ref, status=status, id=pk)
    for index, error in outcome.refused.items():
        refuse(index, records[index].client_ref, error)
    if outcome.retry:
        for result in _one_by_one(record_kind, client=client, items=outcome.retry, instance=instance).results:
            results[result.index] = result
    return BatchResult(results=[result for result in results if result is not None])


def _one_by_one(record_kind: RecordKind, *, client: ApiClient, items: Sequence[BulkItem], instance: str) -> BatchResult:
    """The records through the register's upsert services, each in its own savepoint."""
    existing = dict(record_kind.model.objects.filter(client=client, client_ref__in=[i.client_ref for i in items])
                    .values_list("client_ref", "updated_at"))

    def carry_out(index: int, item: BulkItem) -> tuple[Outcome, int | None]:
        try:
            saved, created = record_kind.upsert(actor=client.user, client=client, client_ref=item.client_ref,
                                                person=item.person, municipality=item.municipality, data=item.data)
        except RegisterValidationError as error:
            raise RecordRefused(_("The record has invalid values."), errors=error.field_errors) from None
        if created:
            return Outcome.CREATED, saved.pk
        # The services answer created=False for a change and for no change alike; a change moves updated_at.
        return (Outcome.UNCHANGED if existing.get(item.client_ref) == saved.updated_at else Outcome.UPDATED), saved.pk

    return batch_run(items, instance=instance, client_ref=lambda item: item.client_ref, carry_out=carry_out,
                     indexes=[item.index for item in items])
