"""WS4 reconciliation: what the register holds for a client's municipalities, changed since T, page by page.

Pages are ordered by (updated_at, kind, id) and continue from an opaque cursor. A record's updated_at is
set when it is saved, but a batch commits up to some seconds later; so a read includes only records
changed up to `as_of` = now − SETTLE, and a client that starts its next reconciliation from the `as_of` it
got misses nothing. Every page is one audit entry naming each person shown.

Merges of persons (`core.services.merges`) reach the clients too: the records moved in a merge (or back by its
undo) get a new updated_at, so they come again under the survivor's (or the restored person's) identifiers;
each record names the identifiers merged into its person (`merged_from`); and the first page lists the merges
made or undone in the window, so a client can merge its own copies. Records of people hidden from the
client's service user (shielded identities) are left out, as everywhere else.
"""

import base64
import binascii
import datetime
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from nyinorge.core.dates import sane_date_refusal
from nyinorge.core.ids import is_database_id
from nyinorge.core.access import people_hidden_from
from nyinorge.core.models import ApiClient, AuditEntry, Person, PersonMerge
from nyinorge.core.problems import BadRequest
from nyinorge.core.selectors.merges import merged_from_ids
from nyinorge.core.services.audit import audit_record
from nyinorge.register.models import RECORD_MODELS, RegisterRecord
from nyinorge.register.selectors.records import records_for_municipalities

SETTLE = datetime.timedelta(seconds=60)
MAX_PAGE_SIZE = 1000
# Dependent rows shown with their record, by record kind.
CHILDREN = {"participation": {"interruptions": ("start", "end", "reason"), "plan_elements": ("kind", "start", "end")}}


def _aware(value: object) -> datetime.datetime:
    """A time as a cursor holds it: ISO 8601 with its time zone, within the shared date range."""
    if not isinstance(value, str):
        raise TypeError
    moment = parse_datetime(value)
    if moment is None or moment.tzinfo is None or sane_date_refusal(moment) is not None:
        raise ValueError
    return moment


@dataclass(frozen=True)
class Cursor:
    updated_at: datetime.datetime
    kind: str
    id: int
    as_of: datetime.datetime

    def encode(self) -> str:
        raw = json.dumps([self.updated_at.isoformat(), self.kind, self.id, self.as_of.isoformat()])
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> "Cursor":
        """The cursor of a previous page; anything else (forged, truncated, naive times) is a 400 problem."""
        try:
            raw = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
            updated_at, kind, pk, as_of = raw
            cursor = cls(_aware(updated_at), str(kind), int(pk), _aware(as_of))
            if kind not in RECORD_MODELS or not is_database_id(pk):
                raise ValueError
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise BadRequest(_("This is not a cursor from a previous page."),
                             errors={"cursor": [_("This is not a cursor from a previous page.")]}) from None
        return cursor

    def key(self) -> tuple:
        return self.updated_at, self.kind, self.id


@dataclass(frozen=True)
class RecordsPage:
    records: list[RegisterRecord]
    next_cursor: str | None
    as_of: datetime.datetime
    # person id → the records merged into that person (their identifiers are the person's old ones).
    merged_from: dict[int, list[Person]] = field(default_factory=dict)
    # Merges and undone merges in the window, of people with records in the municipalities (first page only).
    merges: list[PersonMerge] = field(default_factory=list)


def _merged_from(person_ids: set[int]) -> dict[int, list[Person]]:
    ids = merged_from_ids(person_ids)
    tombstones = Person.objects.only("national_id", "duf_number").in_bulk([pk for pks in ids.values() for pk in pks])
    return {person: [tombstones[pk] for pk in sorted(pks)] for person, pks in ids.items()}


def _merges_in_window(*, client: ApiClient, municipalities: Iterable[str], since: datetime.datetime | None,
                      as_of: datetime.datetime) -> list[PersonMerge]:
    """Merges made or undone in (since, as_of] of people with records in the municipalities, none hidden."""
    made = Q(created_at__lte=as_of) & (Q(created_at__gt=since) if since else Q())
    undone = Q(undone_at__isnull=False, undone_at__lte=as_of) & (Q(undone_at__gt=since) if since else Q())
    merges = list(PersonMerge.objects.filter(made | undone).select_related("survivor", "merged")
                  .order_by("created_at", "pk"))
    if not merges:
        return []
    ids = {pk for merge in merges for pk in (merge.survivor_id, merge.merged_id)}
    numbers = sorted(municipalities)
    concerned: set[int] = set()
    for model in RECORD_MODELS.values():
        concerned |= set(model.objects.filter(municipality_id__in=numbers, person_id__in=ids)
                         .values_list("person_id", flat=True).distinct())
    hidden_condition = people_hidden_from(client.user)
    hidden = set(Person.objects.filter(hidden_condition, pk__in=ids).values_list("pk", flat=True)) \
        if hidden_condition is not None else set()
    return [merge for merge in merges if {merge.survivor_id, merge.merged_id} & concerned
            and not {merge.survivor_id, merge.merged_id} & hidden]


def _value(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def record_data(record: RegisterRecord) -> dict[str, Any]:
    """The record's writable fields (and dependent rows), as in an upsert body."""
    data = {name: _value(getattr(record, name)) for name in record.WRITABLE_FIELDS}
    for key, fields in CHILDREN.get(record.KIND, {}).items():
        data[key] = [{name: _value(getattr(row, name)) for name in fields} for row in getattr(record, key).all()]
    return data


def ws4_records_page(
    *, client: ApiClient, municipalities: Iterable[str], changed_since: datetime.datetime | None,
    kinds: set[str] | None, cursor: str | None, limit: int,
) -> RecordsPage:
    """One page of the client's municipalities' records changed since T, and the cursor for the next one."""
    position = Cursor.decode(cursor) if cursor else None
    as_of = position.as_of if position else timezone.now() - SETTLE
    since = changed_since
    if position is not None:
        # Records at the cursor's very time may come after it in (kind, id) order; the rest are skipped below.
        since = position.updated_at - datetime.timedelta(microseconds=1)
    stream = records_for_municipalities(actor=client.user, municipalities=sorted(municipalities), changed_since=since,
                                        kinds=kinds)
    if position is not None:
        stream = itertools.dropwhile(lambda r: (r.updated_at, r.KIND, r.pk) <= position.key(), stream)
    stream = itertools.takewhile(lambda r: r.updated_at <= as_of, stream)
    records = list(itertools.islice(stream, limit + 1))
    more = len(records) > limit
    records = records[:limit]
    next_cursor = None
    if more:
        last = records[-1]
        next_cursor = Cursor(last.updated_at, last.KIND, last.pk, as_of).encode()
    merged_from = _merged_from({r.person_id for r in records}) if records else {}
    merges = _merges_in_window(client=client, municipalities=municipalities, since=changed_since,
                               as_of=as_of) if position is None else []
    shown = {r.person_id for r in records} | {pk for pks in merged_from.values() for pk in (p.pk for p in pks)}
    shown |= {pk for merge in merges for pk in (merge.survivor_id, merge.merged_id)}
    if shown:
        audit_record(actor=client.user, action=AuditEntry.Action.VIEW, object_type="register.ws4_reconciliation",
                     person_ids=sorted(shown),
                     detail=f"{len(records)} records, {len(merges)} merges of {', '.join(sorted(municipalities))}")
    return RecordsPage(records=records, next_cursor=next_cursor, as_of=as_of, merged_from=merged_from, merges=merges)

