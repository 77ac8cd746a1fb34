"""Loading many interpreters at once (synthetic register, benchmark, imports of the old register).

The same checks as one by one (`_clean`, `_validate`), the same rule table and status table, set-based and all or
nothing; evidence is taken as already reviewed, categories, history and public listings are computed here, and the
batch is one audit entry. The pages and the API keep using the single-interpreter services.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nyinorge.core.access import require
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.services.audit import audit_record
from nyinorge.interpreters.access import may_manage_register
from nyinorge.interpreters.categories import LANGUAGE_FREE_KINDS, rule_table_current
from nyinorge.interpreters.models import (
    CategoryHistory, Evidence, Interpreter, InterpreterLanguage, Listing, StatusChange,
)
from nyinorge.interpreters.services.categories import qualifications_from
from nyinorge.interpreters.services.evidence import _validate
from nyinorge.interpreters.services.listings import search_name_of
from nyinorge.interpreters.services.register import _clean

BATCH = 2000


@dataclass
class InterpreterRecord:
    interpreter: Interpreter  # unsaved, with its fields set
    evidence: list[Evidence] = field(default_factory=list)  # unsaved; interpreter is set here
    languages: list[tuple[str, str]] = field(default_factory=list)  # (language, variant) without evidence
    listed: bool = True  # active when at least one language has a category


def _numbered(index: int, error: ValidationError) -> ValidationError:
    messages = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
    return ValidationError({f"{index}.{name}": list(texts) for name, texts in messages.items()})


def interpreters_create_bulk(
    *, actor: User | None, records: Sequence[InterpreterRecord], on: datetime.date | None = None, source: str
) -> list[Interpreter]:
    """Create interpreters with their reviewed evidence, computed categories, history and listings; one audit entry."""
    require(may_manage_register(actor))
    on = on or timezone.localdate()
    now = timezone.now()
    table = rule_table_current()
    errors: dict[str, list[str]] = {}
    for index, record in enumerate(records):
        checks = [lambda record=record: _clean(record.interpreter)]
        for item in record.evidence:
            item.status, item.source = Evidence.Status.APPROVED, source
            checks.append(lambda item=item: _validate(item))
        for check in checks:
            try:
                check()
            except ValidationError as error:
                for name, texts in _numbered(index, error).message_dict.items():
                    errors.setdefault(name, []).extend(texts)
    if errors:
        raise ValidationError(errors)
    created: list[Interpreter] = []
    with transaction.atomic():
        for start in range(0, len(records), BATCH):
            created += _create_batch(records[start:start + BATCH], table=table, on=on, now=now, actor=actor)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="interpreters.interpreter",
                     username="system" if actor is None else "",
                     detail=f"{len(created)} interpreters loaded ({source}), rule table {table.version}")
    return created


def _create_batch(records, *, table, on, now, actor) -> list[Interpreter]:
    interpreters = Interpreter.objects.bulk_create([record.interpreter for record in records])
    evidence, languages = [], []
    for record, interpreter in zip(records, interpreters, strict=True):
        for item in record.evidence:
            item.interpreter = interpreter
            item.reviewed_at = now
            evidence.append(item)
        keys = dict.fromkeys([*record.languages, *((e.language, e.variant) for e in record.evidence
                                                   if e.kind not in LANGUAGE_FREE_KINDS)])
        for language, variant in keys:
            qualifications = qualifications_from(record.evidence, language=language, variant=variant, on=on)
            category = table.category_for(qualifications)
            languages.append(InterpreterLanguage(
                interpreter=interpreter, language=language, variant=variant, category=category.code if category else "",
                category_rank=category.rank if category else 0, rule_version=table.version, computed_at=now))
    Evidence.objects.bulk_create(evidence)
    languages = InterpreterLanguage.objects.bulk_create(languages)
    CategoryHistory.objects.bulk_create([
        CategoryHistory(interpreter_language=row, category=row.category, valid_from=on, rule_version=table.version,
                        reason="loaded")
        for row in languages if row.category
    ])
    qualified = {row.interpreter_id for row in languages if row.category_rank}
    listed = [interpreter for record, interpreter in zip(records, interpreters, strict=True)
              if record.listed and interpreter.pk in qualified]
    listed_ids = {interpreter.pk for interpreter in listed}
    Interpreter.objects.filter(pk__in=listed_ids).update(status=Interpreter.Status.ACTIVE)
    StatusChange.objects.bulk_create([
        StatusChange(interpreter=interpreter, from_status=Interpreter.Status.APPLICANT, to_status=Interpreter.Status.ACTIVE,
                     actor=actor, reason="loaded") for interpreter in listed])
    by_id = {interpreter.pk: interpreter for interpreter in listed}
    listings = []
    for row in languages:
        interpreter = by_id.get(row.interpreter_id)
        if interpreter is None or not row.category_rank:
            continue
        interpreter.status = Interpreter.Status.ACTIVE
        municipality = interpreter.municipality if interpreter.publish_municipality else None
        listings.append(Listing(
            interpreter_language=row, interpreter=interpreter, language=row.language, variant=row.variant,
            category=row.category, category_rank=row.category_rank, rule_version=row.rule_version,
            name=interpreter.full_name, search_name=search_name_of(interpreter.full_name),
            email=interpreter.email if interpreter.publish_email else "",
            phone=interpreter.phone if interpreter.publish_phone else "",
            municipality_id=municipality.pk if municipality else None,
            county_id=municipality.county_id if municipality else None,
            remote_screen=interpreter.remote_screen, remote_phone=interpreter.remote_phone,
        ))
    Listing.objects.bulk_create(listings)
    return interpreters
