"""Loading many register entries at once (past years, synthetic data): the same rules, set-based.

Each record is validated as `record_upsert` validates it (fields, the model's invariants) and checked with
the same residence rule (`residence_refusal`) against the periods loaded for the whole batch; then rows,
version 1 of each record and one audit entry naming every person are written in one transaction. All or
nothing: a bad record fails the batch with the record's number. Records carry no client (source: system).
"""

from collections import defaultdict
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from nyinorge.core.access import require
from nyinorge.core.models import AuditEntry, Person, User
from nyinorge.core.services.audit import audit_record
from nyinorge.register.access import may_record_facts
from nyinorge.register.errors import RegisterScopeError, RegisterValidationError
from nyinorge.register.models import (
    LegalBasis,
    PlanElement,
    ProgrammeParticipation,
    RecordVersion,
    RegisterRecord,
    ResidencePeriod,
    ResidencePermit,
    Source,
)
from nyinorge.register.rules import derive
from nyinorge.register.services.legal_basis import DERIVED_FIELDS
from nyinorge.register.services.programme import PARTICIPATION_CHILDREN
from nyinorge.register.services.records import _full_snapshot, _validate, residence_refusal


def facts_load_bulk(
    *,
    actor: User,
    periods: Sequence[ResidencePeriod],
    permits: Sequence[ResidencePermit],
) -> list[LegalBasis]:
    """Residence periods for persons with none yet and permits for persons with none yet (settled persons already
    have their residence from the settlement), and the legal basis derived for each."""
    require(may_record_facts(actor=actor))
    residence_ids, permit_ids = {p.person_id for p in periods}, {p.person_id for p in permits}
    person_ids = residence_ids | permit_ids
    already = set(ResidencePeriod.objects.filter(person_id__in=residence_ids).values_list("person_id", flat=True)) | set(
        ResidencePermit.objects.filter(person_id__in=permit_ids).values_list("person_id", flat=True))
    if already:
        raise RegisterValidationError({"person": [f"{len(already)} persons already have residence or permits"]})
    births = dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "birth_date"))
    for period in periods:
        period.source, period.registered_by = Source.SYSTEM, actor
    for permit in permits:
        permit.source, permit.registered_by = Source.SYSTEM, actor
    first_residence: dict[int, object] = dict(
        ResidencePeriod.objects.filter(person_id__in=permit_ids - residence_ids).values("person_id")
        .annotate(first=Min("valid_from")).values_list("person_id", "first"))
    for period in sorted(periods, key=lambda p: p.valid_from):
        first_residence.setdefault(period.person_id, period.valid_from)
    latest: dict[int, ResidencePermit] = {}
    with transaction.atomic():
        ResidencePeriod.objects.bulk_create(periods)
        ResidencePermit.objects.bulk_create(permits)
        for permit in sorted(permits, key=lambda p: p.permit_date):
            latest[permit.person_id] = permit
        bases = []
        for person_id, permit in latest.items():
            settled = first_residence.get(person_id)
            derivation = derive(permit_type=permit.permit_type, permit_date=permit.permit_date,
                                birth_date=births[person_id],
                                settled_on=settled if settled is None or settled >= permit.permit_date else permit.permit_date,
                                permanent_basis=permit.permanent_basis)
            bases.append(LegalBasis(person_id=person_id, permit=permit, derived_from=derivation.facts,
                                    **{name: getattr(derivation, name) for name in DERIVED_FIELDS}))
        LegalBasis.objects.bulk_create(bases)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="register.facts.bulk",
                     person_ids=sorted(person_ids),
                     detail=f"bulk load: {len(periods)} residence periods, {len(permits)} permits, {len(bases)} bases")
    return bases


def records_load_bulk(
    *,
    actor: User,
    records: Sequence[RegisterRecord],
    plan_elements: dict[int, list[PlanElement]] | None = None,
) -> list[RegisterRecord]:
    """Validate and insert records (unsaved, with person and municipality set); plan elements by record index."""
    require(may_record_facts(actor=actor))
    plan_elements = plan_elements or {}
    person_ids = {record.person_id for record in records}
    periods: dict[int, list[ResidencePeriod]] = defaultdict(list)
    for period in ResidencePeriod.objects.filter(person_id__in=person_ids):
        periods[period.person_id].append(period)
    persons = Person.objects.in_bulk(person_ids)
    errors: dict[str, list[str]] = {}
    for index, record in enumerate(records, start=1):
        record.source, record.client, record.client_ref = Source.SYSTEM, None, None
        for name, messages in _validate(record, type(record).WRITABLE_FIELDS).items():
            errors[f"{index}.{name}"] = messages
        refusal = residence_refusal(person=persons[record.person_id], municipality=record.municipality,
                                    record=record, periods=periods[record.person_id])
        if refusal:
            raise RegisterScopeError(f"{index}: {refusal}")
    if errors:
        raise RegisterValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        by_model: dict[type, list[RegisterRecord]] = defaultdict(list)
        for record in records:
            by_model[type(record)].append(record)
        for model, group in by_model.items():
            model.objects.bulk_create(group)
        elements = []
        for index, group in plan_elements.items():
            for element in group:
                element.participation = records[index]
                elements.append(element)
        PlanElement.objects.bulk_create(elements)
        elements_of: dict[int, list[PlanElement]] = defaultdict(list)
        for element in elements:
            elements_of[element.participation_id].append(element)
        versions = []
        for record in records:
            model = type(record)
            if model is ProgrammeParticipation:
                snapshot = _full_snapshot(record, model, PARTICIPATION_CHILDREN,
                                          {"plan_elements": elements_of[record.pk], "interruptions": []})
            else:
                snapshot = _full_snapshot(record, model, {})
            versions.append(RecordVersion(model_label=model._meta.label_lower, object_id=record.pk,
                                          person_id=record.person_id, version=1, snapshot=snapshot, changed_by=actor,
                                          source=Source.SYSTEM, changed_at=now))
        RecordVersion.objects.bulk_create(versions)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="register.records.bulk",
                     person_ids=sorted(person_ids), detail=f"bulk load of {len(records)} records")
    return list(records)

