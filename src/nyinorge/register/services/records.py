"""The one way register records are written: validate, check the writer's scope on the record's dates,
upsert by (client, client_ref), and write a numbered version and an audit entry, in one transaction.

The kind-specific services (`participation_upsert`, `hours_upsert`, …) call `record_upsert` with their
model; an upsert that changes nothing returns `created=False` and writes no version.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.models import ApiClient, AuditEntry, Municipality, Person, User
from nyinorge.core.services.audit import audit_record
from nyinorge.register.access import may_write_for
from nyinorge.register.errors import RegisterScopeError, RegisterValidationError
from nyinorge.register.models import RecordVersion, RegisterRecord, ResidencePeriod, Source

CLIENT_REF_MAX_LENGTH = 100


@dataclass(frozen=True)
class Children:
    """A list of dependent rows (e.g. a participation's interruptions) replaced as a whole when given."""

    model: type[models.Model]
    parent_field: str
    fields: tuple[str, ...]


def person_label(person: Person) -> str:
    """How a refusal names the person: the identity number the municipal system knows them by."""
    return person.national_id or person.duf_number or f"#{person.pk}"


def _json_value(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.DecimalField):
        return str(Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places)))
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _snapshot(instance: models.Model, fields: Sequence[str]) -> dict[str, Any]:
    return {name: _json_value(instance._meta.get_field(name), getattr(instance, name)) for name in fields}


def _error_dict(error: ValidationError, prefix: str = "") -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {f"{prefix}{'' if field == '__all__' and prefix else field}".rstrip(".") or "__all__":
                [str(m) for m in ValidationError(messages).messages] for field, messages in error.error_dict.items()}
    return {prefix.rstrip(".") or "__all__": [str(m) for m in error.messages]}


def _assign(instance: models.Model, fields: Sequence[str], data: dict[str, Any]) -> None:
    """Full replacement: a writable field missing from the data gets its default (empty)."""
    for name in fields:
        field = instance._meta.get_field(name)
        if name in data:
            value = data[name]
            if value is None and not field.null and field.empty_strings_allowed:
                value = field.get_default()
        else:
            value = field.get_default()
        setattr(instance, name, value)


def _validate(instance: models.Model, fields: Sequence[str], prefix: str = "") -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    exclude = [f.name for f in instance._meta.fields if f.name not in fields]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        errors.update(_error_dict(error, prefix))
    if not errors:
        try:
            instance.clean()
        except ValidationError as error:
            errors.update(_error_dict(error, prefix))
    return errors


def residence_refusal(
    *, person: Person, municipality: Municipality, record: RegisterRecord, periods: Sequence[ResidencePeriod],
) -> str | None:
    """Why the municipality may not write the record for the person (None if it may); `periods` = all of theirs.

    Pure, so a batch can load the periods of all its persons at once and apply the same rule.
    """
    first, last = record.scope_dates()
    if record.in_reception():
        # Training in reception is given by the reception centre's host municipality.
        centre = person.reception_centre
        if centre is None or centre.municipality_id != municipality.pk:
            return _("Person %(person)s does not live in a reception centre in %(municipality)s.") % {
                "person": person_label(person), "municipality": municipality}
        return None
    if record.SCOPE_ANY_DAY:
        # Monthly hours: a municipality reports the month if the person lived there on any day of it
        # (both municipalities report the month of a move).
        if any(p.municipality_id == municipality.pk and p.valid_from <= last
               and (p.valid_to is None or p.valid_to >= first) for p in periods):
            return None
        return _("Person %(person)s was not resident in %(municipality)s between %(first)s and %(last)s.") % {
            "person": person_label(person), "municipality": municipality, "first": first.isoformat(),
            "last": last.isoformat()}
    period = next((p for p in periods if p.covers(first)), None)
    if period is None or period.municipality_id != municipality.pk:
        return _("Person %(person)s is not resident in %(municipality)s on %(date)s.") % {
            "person": person_label(person), "municipality": municipality, "date": first.isoformat()}
    if period.valid_to is not None and (last is None or last > period.valid_to):
        return _("Person %(person)s moved out of %(municipality)s after %(date)s; the record must end by then.") % {
            "person": person_label(person), "municipality": municipality, "date": period.valid_to.isoformat()}
    return None


def require_resident(*, person: Person, municipality: Municipality, record: RegisterRecord) -> None:
    """RegisterScopeError unless the municipality is responsible for the person on all the record's dates."""
    periods = [] if record.in_reception() else list(ResidencePeriod.objects.filter(person=person))
    refusal = residence_refusal(person=person, municipality=municipality, record=record, periods=periods)
    if refusal is not None:
        raise RegisterScopeError(refusal)


def record_upsert(
    *,
    model: type[RegisterRecord],
    actor: User,
    client: ApiClient | None,
    client_ref: str | None,
    person: Person,
    municipality: Municipality,
    data: dict[str, Any],
    instance: RegisterRecord | None = None,
    children: dict[str, Children] | None = None,
) -> tuple[RegisterRecord, bool]:
    """Create or update one record (by client and client_ref, or the given instance) with version and audit."""
    children = children or {}
    unknown = set(data) - set(model.WRITABLE_FIELDS) - set(children)
    unknown_errors = {key: [_("Unknown field.")] for key in sorted(unknown)}
    errors: dict[str, list[str]] = {}
    if client is not None:
        client_ref = (client_ref or "").strip()
        if not client_ref:
            errors["client_ref"] = [_("Give the record's id in your system.")]
        elif len(client_ref) > CLIENT_REF_MAX_LENGTH:
            errors["client_ref"] = [_("The id is longer than %(n)d characters.") % {"n": CLIENT_REF_MAX_LENGTH}]
    else:
        client_ref = None
    if errors:
        raise RegisterValidationError({**unknown_errors, **errors})
    permission = may_write_for(actor=actor, client=client, municipality=municipality)
    if not permission:
        raise RegisterScopeError(permission.reason)

    with transaction.atomic():
        existing = _existing(model=model, client=client, client_ref=client_ref, instance=instance)
        if existing is not None:
            if existing.person_id != person.pk:
                raise RegisterValidationError({"client_ref": [
                    _("The id %(ref)s is already used for another person's record.") % {"ref": client_ref or existing.pk}]})
            if existing.municipality_id != municipality.pk:
                raise RegisterScopeError(_("Record %(ref)s belongs to municipality %(municipality)s.") % {
                    "ref": client_ref or existing.pk, "municipality": existing.municipality})
        record = existing or model(person=person, municipality=municipality, client=client, client_ref=client_ref)
        before = _full_snapshot(record, model, children) if existing is not None else None
        _assign(record, model.WRITABLE_FIELDS, data)
        errors = {**unknown_errors, **_validate(record, model.WRITABLE_FIELDS)}
        new_children = {}
        for key, spec in children.items():
            if key not in data:
                continue
            items = data[key]
            if not isinstance(items, list):
                errors[key] = [_("Give a list.")]
                continue
            rows = []
            for index, item in enumerate(items):
                item = dict(item)
                extra = set(item) - set(spec.fields)
                for name in sorted(extra):
                    errors[f"{key}[{index}].{name}"] = [_("Unknown field.")]
                row = spec.model(**{spec.parent_field: record})
                _assign(row, spec.fields, item)
                errors.update(_validate(row, spec.fields, prefix=f"{key}[{index}]."))
                rows.append(row)
            new_children[key] = rows
        if not errors and hasattr(record, "validate_children"):
            errors.update(record.validate_children({k: v for k, v in new_children.items()}))
        if not errors:
            errors.update(_natural_key_conflicts(record))
        if errors:
            raise RegisterValidationError(errors)
        require_resident(person=person, municipality=municipality, record=record)

        after = {**_snapshot(record, model.WRITABLE_FIELDS),
                 **{key: sorted((_snapshot(row, spec.fields) for row in new_children[key]), key=_child_order)
                    for key, spec in children.items() if key in new_children}}
        if before is not None and all(before.get(k) == v for k, v in after.items()):
            return existing, False

        record.source = Source.API if client is not None else Source.SCREEN
        record.save()
        for key, spec in children.items():
            if key in new_children:
                getattr(record, key).all().delete()
                spec.model.objects.bulk_create(new_children[key])
        snapshot = _full_snapshot(record, model, children)
        label = model._meta.label_lower
        number = 1 if existing is None else (
            RecordVersion.objects.filter(model_label=label, object_id=record.pk).aggregate(n=Max("version"))["n"] or 0
        ) + 1
        RecordVersion.objects.create(
            model_label=label, object_id=record.pk, person=person, version=number, snapshot=snapshot,
            changed_by=actor if actor.is_authenticated else None, api_client=client, source=record.source,
            changed_at=timezone.now(),
        )
        audit_record(
            actor=actor, action=AuditEntry.Action.CREATE if existing is None else AuditEntry.Action.UPDATE,
            object_type=label, object_id=record.pk, person=person,
            detail=f"version {number}, {record.source}" + (f", ref {client_ref}" if client_ref else ""),
        )
    return record, existing is None


def _existing(*, model, client, client_ref, instance) -> RegisterRecord | None:
    if instance is not None:
        return model.objects.select_for_update().select_related("municipality").get(pk=instance.pk)
    if client is None:
        return None
    return model.objects.select_for_update().filter(client=client, client_ref=client_ref).first()


def _full_snapshot(record: RegisterRecord, model, children: dict[str, Children],
                   rows: dict[str, list[models.Model]] | None = None) -> dict[str, Any]:
    """The record and its dependent rows as stored in a version; `rows` gives them from memory (batches)."""
    snapshot = {
        "person": record.person_id, "municipality": record.municipality_id, "client_ref": record.client_ref,
        **_snapshot(record, model.WRITABLE_FIELDS),
    }
    for key, spec in children.items():
        if rows is not None:
            found = rows.get(key, [])
        elif record.pk is not None:
            found = getattr(record, key).all()
        else:
            continue
        snapshot[key] = sorted((_snapshot(row, spec.fields) for row in found), key=_child_order)
    return snapshot


def _child_order(row: dict[str, Any]) -> tuple[str, str]:
    return str(row.get("start") or ""), repr(sorted(row.items()))


def _natural_key_conflicts(record: RegisterRecord) -> dict[str, list[str]]:
    """Records that must be unique beyond the client's id (hours per month and type) get a clear message."""
    fields = getattr(record, "NATURAL_KEY", None)
    if not fields:
        return {}
    clash = type(record).objects.filter(**{name: getattr(record, name) for name in fields})
    if record.pk is not None:
        clash = clash.exclude(pk=record.pk)
    other = clash.first()
    if other is None:
        return {}
    return {"__all__": [_("This is already registered as record %(ref)s; change that one instead.")
                        % {"ref": other.client_ref or other.pk}]}
