"""Registering and changing people, and their family relations."""

import datetime
from collections import Counter
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.codes import normalise_country_code, normalise_language_code
from nyinorge.core.identifiers import normalise_duf_number, parse_national_identity_number
from nyinorge.core.models import AuditEntry, FamilyRelation, Municipality, Organisation, Person, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.services.duplicates import person_match_keys_refresh

PERSON_FIELDS = (
    "national_id",
    "duf_number",
    "given_name",
    "family_name",
    "birth_date",
    "sex",
    "citizenship",
    "languages",
    "phone",
    "email",
    "residence_municipality",
    "reception_centre",
)


def _normalise_identifiers(person: Person, *, exclude_pk: int | None, check_taken: bool = True) -> None:
    errors: dict[str, list[str]] = {}
    national_id = (person.national_id or "").strip() or None
    duf_number = (person.duf_number or "").strip() or None
    if national_id and duf_number:
        errors["duf_number"] = [_("Give only one identifier: a person with a national identity number has no DUF number here.")]
    elif not national_id and not duf_number:
        errors["national_id"] = [
            _("Give a national identity number or, for someone who has none yet, a DUF number.")
        ]
    try:
        if national_id:
            parsed = parse_national_identity_number(national_id)
            national_id = parsed.value
            if person.birth_date and parsed.birth_date != person.birth_date:
                errors["birth_date"] = [
                    _("The date of birth %(given)s does not match the national identity number (%(encoded)s).")
                    % {"given": person.birth_date.isoformat(), "encoded": parsed.birth_date.isoformat()}
                ]
    except ValidationError as error:
        errors["national_id"] = error.messages
    try:
        if duf_number:
            duf_number = normalise_duf_number(duf_number)
    except ValidationError as error:
        errors["duf_number"] = error.messages
    if check_taken:
        others = Person.objects.exclude(pk=exclude_pk) if exclude_pk else Person.objects.all()
        if national_id and "national_id" not in errors and others.filter(national_id=national_id).exists():
            errors["national_id"] = [_taken_message("national_id", national_id)]
        if duf_number and "duf_number" not in errors and others.filter(duf_number=duf_number).exists():
            errors["duf_number"] = [_taken_message("duf_number", duf_number)]
    if errors:
        raise ValidationError(errors)
    person.national_id, person.duf_number = national_id, duf_number


def _taken_message(field: str, number: str) -> str:
    if field == "national_id":
        return _("A person with national identity number %(number)s is already registered.") % {"number": number}
    return _("A person with DUF number %(number)s is already registered.") % {"number": number}


def _normalise_codes(person: Person) -> None:
    errors: dict[str, list[str]] = {}
    try:
        person.citizenship = normalise_country_code(person.citizenship) if person.citizenship else ""
    except ValidationError as error:
        errors["citizenship"] = error.messages
    try:
        person.languages = list(dict.fromkeys(normalise_language_code(code) for code in person.languages or []))
    except ValidationError as error:
        errors["languages"] = error.messages
    if person.birth_date and person.birth_date > datetime.date.today():
        errors["birth_date"] = [_("The date of birth cannot be in the future.")]
    if errors:
        raise ValidationError(errors)


def _save_validated(person: Person) -> None:
    _normalise_identifiers(person, exclude_pk=person.pk)
    _normalise_codes(person)
    person.full_clean(exclude=["national_id", "duf_number"])
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        # Two registrations of the same number at once: the unique index decides, the message stays clear.
        raise ValidationError(
            {"national_id": [_("A person with this identifier was registered at the same moment; search for them.")]}
        ) from None


def person_create(
    *,
    actor: User,
    given_name: str,
    family_name: str,
    birth_date: datetime.date,
    national_id: str | None = None,
    duf_number: str | None = None,
    sex: str = Person.Sex.UNKNOWN,
    citizenship: str = "",
    languages: list[str] | None = None,
    phone: str = "",
    email: str = "",
    residence_municipality: Municipality | None = None,
    reception_centre: Organisation | None = None,
) -> Person:
    """Register a person with exactly one valid, unused identifier."""
    require(user_can(actor, Capability.EDIT_PEOPLE))
    person = Person(
        national_id=national_id,
        duf_number=duf_number,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        birth_date=birth_date,
        sex=sex,
        citizenship=citizenship,
        languages=languages or [],
        phone=phone.strip(),
        email=email.strip(),
        residence_municipality=residence_municipality,
        reception_centre=reception_centre,
    )
    with transaction.atomic():
        _save_validated(person)
        person_match_keys_refresh(persons=[person], new=True)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="core.person", object_id=person.pk, person=person)
    return person


def persons_create_bulk(*, actor: User, persons: Sequence[Person]) -> list[Person]:
    """Register many unsaved persons at once, validated as person_create; one audit entry names them all."""
    require(user_can(actor, Capability.EDIT_PEOPLE))
    errors: dict[str, list[str]] = {}
    for index, person in enumerate(persons, start=1):
        if person.pk is not None:
            raise TypeError("persons_create_bulk takes unsaved persons")
        try:
            person.given_name, person.family_name = person.given_name.strip(), person.family_name.strip()
            person.phone, person.email = person.phone.strip(), person.email.strip()
            _normalise_identifiers(person, exclude_pk=None, check_taken=False)
            _normalise_codes(person)
            centre = person.reception_centre
            if centre is not None and centre.kind != Organisation.Kind.RECEPTION_CENTRE:
                raise ValidationError({"reception_centre": [_("%(name)s is not a reception centre.") % {"name": centre.name}]})
            # No query per person: the identifier rule (the one check constraint) is checked just above, the
            # foreign keys are given as saved objects, and uniqueness is checked below for the whole batch.
            person.full_clean(exclude=["national_id", "duf_number", "residence_municipality", "reception_centre"],
                              validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors.update(_numbered(index, error))
    for field in ("national_id", "duf_number"):
        numbers = [getattr(person, field) for person in persons if getattr(person, field)]
        repeated = {number for number, n in Counter(numbers).items() if n > 1}
        taken = set(Person.objects.filter(**{f"{field}__in": numbers}).values_list(field, flat=True)) | repeated
        for index, person in enumerate(persons, start=1):
            if getattr(person, field) in taken:
                errors.setdefault(f"{index}.{field}", []).append(_taken_message(field, getattr(person, field)))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                created = Person.objects.bulk_create(persons)
                person_match_keys_refresh(persons=created, new=True)
        except IntegrityError:
            raise ValidationError(
                {"national_id": [_("A person with this identifier was registered at the same moment; search for them.")]}
            ) from None
        if created:
            audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="core.person", persons=created,
                         detail=f"bulk registration of {len(created)} persons")
    return created


def _numbered(index: int, error: ValidationError) -> dict[str, list[str]]:
    """The errors of the index-th person (1-based), keyed "index.field" so a bad row is found at once."""
    if hasattr(error, "error_dict"):
        return {f"{index}.{field}": messages for field, messages in error.message_dict.items()}
    return {f"{index}": error.messages}


def person_update(*, actor: User, person: Person, **changes: object) -> Person:
    """Change a person's details; the audit entry names the fields changed, never their values."""
    require(user_can(actor, Capability.EDIT_PEOPLE))
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"person_update got unknown fields: {sorted(unknown)}")
    changed = sorted(name for name, value in changes.items() if getattr(person, name) != value)
    if not changed:
        return person
    for name in changed:
        setattr(person, name, changes[name])
    with transaction.atomic():
        _save_validated(person)
        person_match_keys_refresh(persons=[person])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            object_type="core.person",
            object_id=person.pk,
            person=person,
            detail="fields: " + ", ".join(changed),
        )
    return person


def family_relation_add(*, actor: User, person: Person, relative: Person, kind: str) -> FamilyRelation:
    """Record that `person` is the <kind> of `relative`; spouse and sibling are stored once, either way."""
    require(user_can(actor, Capability.EDIT_PEOPLE))
    if person.pk == relative.pk:
        raise ValidationError({"relative": [_("A person cannot be their own relative.")]})
    kind = FamilyRelation.Kind(kind)
    if kind in FamilyRelation.SYMMETRIC and relative.pk < person.pk:
        person, relative = relative, person
    if kind == FamilyRelation.Kind.PARENT and FamilyRelation.objects.filter(
        person=relative, relative=person, kind=kind
    ).exists():
        raise ValidationError({"kind": [_("%(relative)s is already registered as the parent of %(person)s.") % {"relative": relative, "person": person}]})
    same = Q(person=person, relative=relative)
    if kind in FamilyRelation.SYMMETRIC:
        same |= Q(person=relative, relative=person)  # a merge may have left one stored the other way round
    if FamilyRelation.objects.filter(same, kind=kind).exists():
        raise ValidationError({"relative": [_("This relation is already registered.")]})
    with transaction.atomic():
        relation = FamilyRelation.objects.create(person=person, relative=relative, kind=kind)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            object_type="core.familyrelation",
            object_id=relation.pk,
            person=person,
            persons=[relative],
            detail=f"relation: {kind}",
        )
    return relation


def family_relation_remove(*, actor: User, relation: FamilyRelation) -> None:
    """Remove a family relation registered in error."""
    require(user_can(actor, Capability.EDIT_PEOPLE))
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditEntry.Action.DELETE,
            object_type="core.familyrelation",
            object_id=relation.pk,
            person=relation.person,
            persons=[relation.relative],
            detail=f"relation: {relation.kind}",
        )
        relation.delete()
