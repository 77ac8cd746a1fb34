"""Importing the yearly delivery of former participants' status in work and education (SP8).

The file is CSV, UTF-8 (a byte-order mark is allowed), comma-separated, with a header line naming the columns:

    person_id,reference_month,status
    01018912345,2018-11,employed
    201512345678,2018-11,neither

- `person_id`: the person's national identity number (fødselsnummer or D number, 11 digits) or DUF number
  (12 digits), as the settlement import identifies persons; the person must be registered here (a merged
  record's number stands for the person it was merged into);
- `reference_month`: the month the status was measured, `YYYY-MM` (Statistics Norway measures November of the
  year after the programme ended); not after the current month;
- `status`: `employed`, `education`, `both` (employed and in education) or `neither`.

Other columns are ignored. One line per person and month: a person twice in one month is an error. All or nothing:
every bad line is reported with its line number and nothing is stored. A line for a person and month that has a
status already supersedes it as a new version of that status (`RecordVersion`), so a corrected re-delivery
changes what changed and re-importing the same file changes nothing. Each status is linked to the person's
programme participation that ended last before the reference month (none when the register has none: the
status is kept, and the result counts it). The import is recorded as an `OutcomeDelivery` (who, when, file
name, SHA-256, lines) and audited with one entry per status written and one for the delivery.
"""

import csv
import datetime
import hashlib
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import person_survivor, require
from nyinorge.core.identifiers import normalise_duf_number, parse_national_identity_number
from nyinorge.core.models import AuditEntry, Person, User
from nyinorge.core.services.audit import AuditLine, audit_record, audit_record_many
from nyinorge.register.access import may_record_facts
from nyinorge.register.models import (
    ActivityStatus,
    OutcomeDelivery,
    PostProgrammeStatus,
    ProgrammeOutcome,
    ProgrammeParticipation,
    RecordVersion,
    Source,
)

OUTCOME_COLUMNS = ("person_id", "reference_month", "status")
MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
LABEL = PostProgrammeStatus._meta.label_lower


@dataclass(frozen=True)
class StatusRow:
    """One status to store: the person (by id), the reference month (first day) and the status code."""

    line: int
    person_id: int
    reference_month: datetime.date
    status: str


@dataclass(frozen=True)
class OutcomeImportResult:
    delivery: OutcomeDelivery
    created: int
    updated: int
    unchanged: int
    without_participation: int
    already_imported: bool = False


def _month(raw: str, today: datetime.date, problems: list[str]) -> datetime.date | None:
    raw = raw.strip()
    if not raw:
        problems.append(_("reference_month is missing"))
        return None
    found = MONTH_PATTERN.match(raw)
    month = None
    if found and 1 <= int(found.group(2)) <= 12 and int(found.group(1)) >= 1900:
        month = datetime.date(int(found.group(1)), int(found.group(2)), 1)
    if month is None:
        problems.append(_("reference_month is not a month YYYY-MM: %(value)s") % {"value": raw})
        return None
    if month > today.replace(day=1):
        problems.append(_("reference_month %(value)s is in the future") % {"value": raw})
    return month


def _identifier(raw: str, problems: list[str]) -> str | None:
    raw = "".join(raw.split())
    if not raw:
        problems.append(_("person_id is missing"))
        return None
    try:
        return normalise_duf_number(raw) if len(raw) == 12 else parse_national_identity_number(raw).value
    except ValidationError as error:
        problems.append(_("person_id: %(reason)s") % {"reason": " ".join(error.messages)})
        return None


def _people(identifiers: Iterable[str]) -> dict[str, Person]:
    """Identifier → the person (the survivor for a merged record's number)."""
    wanted = list(set(identifiers))
    people = Person.objects.filter(national_id__in=wanted) | Person.objects.filter(duf_number__in=wanted)
    found: dict[str, Person] = {}
    for person in people:
        survivor = person_survivor(person) if person.merged_into_id else person
        for number in (person.national_id, person.duf_number):
            if number:
                found[number] = survivor
    return found


def statuses_parse(*, file: TextIO, today: datetime.date | None = None) -> list[StatusRow]:
    """The file's lines as rows to store; a ValidationError listing every bad line (with its number) if any."""
    today = today or timezone.localdate()
    reader = csv.DictReader(file)
    fields = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = fields
    missing = [column for column in OUTCOME_COLUMNS if column not in fields]
    if missing:
        raise ValidationError(_("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)})
    parsed: list[tuple[int, str | None, datetime.date | None, str, list[str]]] = []
    for line, row in enumerate(reader, start=2):
        problems: list[str] = []
        identifier = _identifier(row.get("person_id") or "", problems)
        month = _month(row.get("reference_month") or "", today, problems)
        status = (row.get("status") or "").strip().lower()
        if status not in ActivityStatus.values:
            problems.append(_("status must be one of %(choices)s, not %(value)s") % {
                "choices": "|".join(ActivityStatus.values), "value": repr(status)})
        parsed.append((line, identifier, month, status, problems))
    if not parsed:
        raise ValidationError(_("The file has no lines after the header."))
    people = _people(identifier for _line, identifier, _m, _s, _p in parsed if identifier)
    seen: dict[tuple[int, datetime.date], int] = {}
    rows, errors = [], []
    for line, identifier, month, status, problems in parsed:
        person = people.get(identifier) if identifier else None
        if identifier and person is None:
            problems.append(_("no person with the number %(number)s is registered") % {"number": identifier})
        if person is not None and month is not None:
            key = (person.pk, month)
            if key in seen:
                problems.append(_("the person is also on line %(line)d for %(month)s") % {
                    "line": seen[key], "month": f"{month:%Y-%m}"})
            else:
                seen[key] = line
        if problems:
            errors.append(_("line %(line)d: %(problems)s") % {"line": line, "problems": "; ".join(problems)})
        else:
            rows.append(StatusRow(line=line, person_id=person.pk, reference_month=month, status=status))
    if errors:
        raise ValidationError([_("Nothing was imported. Correct these lines:"), *errors])
    return rows


def _ended_participations(person_ids: Iterable[int]) -> dict[int, list[tuple[datetime.date, int]]]:
    """Per person: (end, id) of the participations that ended, not by moving (the programme went on elsewhere)."""
    ended: dict[int, list[tuple[datetime.date, int]]] = defaultdict(list)
    rows = (ProgrammeParticipation.objects.filter(person_id__in=list(person_ids), end__isnull=False)
            .exclude(outcome=ProgrammeOutcome.MOVED).values_list("person_id", "end", "id"))
    for person_id, end, pk in rows.iterator(chunk_size=5000):
        ended[person_id].append((end, pk))
    return ended


def _participation_for(ended: list[tuple[datetime.date, int]], month: datetime.date) -> int | None:
    """The participation that ended last before the reference month."""
    before = [(end, pk) for end, pk in ended if end < month]
    return max(before)[1] if before else None


def _snapshot(status: PostProgrammeStatus) -> dict:
    return {"person": status.person_id, "participation": status.participation_id,
            "reference_month": status.reference_month.isoformat(), "status": status.status,
            "delivery": status.delivery_id}


def statuses_load(
    *, actor: User, rows: Sequence[StatusRow], file_name: str, checksum: str, line_count: int | None = None,
) -> OutcomeImportResult:
    """Store parsed rows as one delivery: new statuses, new versions of changed ones, nothing for unchanged ones."""
    require(may_record_facts(actor=actor))
    person_ids = {row.person_id for row in rows}
    ended = _ended_participations(person_ids)
    now = timezone.now()
    with transaction.atomic():
        existing = {(s.person_id, s.reference_month): s for s in PostProgrammeStatus.objects.select_for_update()
                    .filter(person_id__in=person_ids, reference_month__in={row.reference_month for row in rows})}
        new, changed, unchanged, without = [], [], 0, 0
        for row in rows:
            participation = _participation_for(ended.get(row.person_id, []), row.reference_month)
            without += participation is None
            found = existing.get((row.person_id, row.reference_month))
            if found is None:
                new.append(PostProgrammeStatus(person_id=row.person_id, reference_month=row.reference_month,
                                               status=row.status, participation_id=participation, source=Source.IMPORT))
            elif found.status != row.status or found.participation_id != participation:
                found.status, found.participation_id, found.source = row.status, participation, Source.IMPORT
                found.updated_at = now
                changed.append(found)
            else:
                unchanged += 1
        previous = OutcomeDelivery.objects.filter(checksum=checksum).order_by("-imported_at", "-id").first()
        if not new and not changed and previous is not None:
            return OutcomeImportResult(previous, 0, 0, unchanged, without, already_imported=True)
        delivery = OutcomeDelivery.objects.create(
            imported_by=actor, imported_at=now, file_name=file_name[:255], checksum=checksum,
            line_count=len(rows) if line_count is None else line_count, created_count=len(new),
            updated_count=len(changed), unchanged_count=unchanged)
        for status in (*new, *changed):
            status.delivery = delivery
        PostProgrammeStatus.objects.bulk_create(new)
        PostProgrammeStatus.objects.bulk_update(changed, ["status", "participation", "source", "delivery", "updated_at"])
        numbers = dict(RecordVersion.objects.filter(model_label=LABEL, object_id__in=[s.pk for s in changed])
                       .values("object_id").annotate(n=Max("version")).values_list("object_id", "n"))
        versions = [RecordVersion(model_label=LABEL, object_id=s.pk, person_id=s.person_id,
                                  version=numbers.get(s.pk, 0) + 1, snapshot=_snapshot(s), changed_by=actor,
                                  source=Source.IMPORT, changed_at=now) for s in (*new, *changed)]
        RecordVersion.objects.bulk_create(versions, batch_size=5000)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="register.outcomedelivery",
                     object_id=delivery.pk, detail=f"{delivery.file_name}: {len(rows)} lines, {len(new)} new, "
                                                   f"{len(changed)} changed, {unchanged} unchanged, sha256 {checksum}")
        audit_record_many(actor=actor, at=now, lines=[
            AuditLine(action=AuditEntry.Action.CREATE if version.version == 1 else AuditEntry.Action.UPDATE,
                      object_type=LABEL, object_id=version.object_id, person_id=version.person_id,
                      detail=f"version {version.version}, delivery {delivery.pk}") for version in versions])
    return OutcomeImportResult(delivery, len(new), len(changed), unchanged, without)


def post_programme_statuses_import(*, actor: User, file: TextIO, file_name: str) -> OutcomeImportResult:
    """Import a delivery file (CSV, see the module docstring): all or nothing, one version per changed status."""
    require(may_record_facts(actor=actor))
    text = file.read()
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    rows = statuses_parse(file=io.StringIO(text))
    return statuses_load(actor=actor, rows=rows, file_name=file_name, checksum=checksum)
