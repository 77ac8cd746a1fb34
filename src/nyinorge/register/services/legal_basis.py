"""Residence-permit facts and the legal basis derived from them (rules in `nyinorge.register.rules`).

The category is never typed: registering or correcting a permit, or the first residence in a
municipality, re-derives it. A changed outcome supersedes the current row (kept as history, with
`valid_to` the day before the new one applies when it follows in time) and adds a new one.
"""

import dataclasses
import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.models import AuditEntry, Person, User
from nyinorge.core.services.audit import audit_record
from nyinorge.register.access import may_record_facts
from nyinorge.register.errors import RegisterScopeError, RegisterValidationError
from nyinorge.register.models import LegalBasis, PermitType, ResidencePeriod, ResidencePermit, Source
from nyinorge.register.rules import Derivation, derive

# The fields of LegalBasis that the rules decide; a re-derivation that changes none of them keeps the row.
DERIVED_FIELDS = (
    "law_version", "category", "programme_right", "programme_obligation", "training_right", "training_obligation",
    "reception_training", "reception_obligation", "norwegian_hours", "social_studies_hours", "norwegian_target_level",
    "valid_from", "programme_start_deadline", "training_start_deadline", "obligation_deadline", "right_ends",
)


def residence_permit_register(
    *,
    actor: User,
    person: Person,
    permit_type: str,
    permit_date: datetime.date,
    permanent_basis: bool = True,
    source: str = Source.SCREEN,
    permit: ResidencePermit | None = None,
    check_permission: bool = True,
) -> ResidencePermit:
    """Register a permit decision (or correct `permit`), then re-derive the person's legal basis."""
    if check_permission:
        permission = may_record_facts(actor=actor)
        if not permission:
            raise RegisterScopeError(permission.reason)
    errors = {}
    if permit_type not in PermitType.values:
        errors["permit_type"] = [_("Unknown permit type %(type)s.") % {"type": permit_type}]
    if permit_date > timezone.localdate():
        errors["permit_date"] = [_("The permit date cannot be in the future.")]
    elif permit_date < person.birth_date:
        errors["permit_date"] = [_("The permit date cannot be before the date of birth.")]
    if errors:
        raise RegisterValidationError(errors)
    with transaction.atomic():
        if permit is None:
            permit = ResidencePermit.objects.create(
                person=person, permit_type=permit_type, permit_date=permit_date, permanent_basis=permanent_basis,
                source=source, registered_by=actor if actor.is_authenticated else None)
            action, detail = AuditEntry.Action.CREATE, f"{permit_type} {permit_date}"
        else:
            permit = ResidencePermit.objects.select_for_update().get(pk=permit.pk, person=person)
            detail = f"{permit.permit_type} {permit.permit_date} -> {permit_type} {permit_date}"
            permit.permit_type, permit.permit_date, permit.permanent_basis = permit_type, permit_date, permanent_basis
            permit.save()
            action = AuditEntry.Action.UPDATE
        audit_record(actor=actor, action=action, object_type="register.residencepermit", object_id=permit.pk,
                     person=person, detail=detail)
        legal_basis_derive(actor=actor, person=person)
    return permit


def legal_basis_derive(*, actor: User, person: Person) -> LegalBasis | None:
    """Derive the legal basis from the person's latest permit and first residence; keep history on a change."""
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=person.pk).first()
        permit = ResidencePermit.objects.filter(person=person).order_by("-permit_date", "-id").first()
        current = LegalBasis.objects.select_for_update().filter(person=person, superseded_at__isnull=True).first()
        if permit is None:
            return current
        first_residence = (ResidencePeriod.objects.filter(person=person, valid_from__gte=permit.permit_date)
                           .order_by("valid_from").values_list("valid_from", flat=True).first())
        living_before = ResidencePeriod.objects.filter(person=person, valid_from__lt=permit.permit_date).exists()
        settled_on = permit.permit_date if living_before and first_residence is None else first_residence
        derivation = derive(permit_type=permit.permit_type, permit_date=permit.permit_date,
                            birth_date=person.birth_date, settled_on=settled_on,
                            permanent_basis=permit.permanent_basis)
        values = {name: getattr(derivation, name) for name in DERIVED_FIELDS}
        if current is not None and current.permit_id == permit.pk and all(
                getattr(current, name) == value for name, value in values.items()):
            return current
        now = timezone.now()
        if current is not None:
            current.superseded_at = now
            if derivation.valid_from > current.valid_from:
                current.valid_to = derivation.valid_from - datetime.timedelta(days=1)
            current.save(update_fields=["superseded_at", "valid_to"])
        basis = LegalBasis.objects.create(person=person, permit=permit, derived_from=derivation.facts, **values)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="register.legalbasis", object_id=basis.pk,
                     person=person, detail=_summary(derivation))
    return basis


def _summary(derivation: Derivation) -> str:
    flags = [name for name in ("programme_right", "training_right", "training_obligation", "reception_training")
             if getattr(derivation, name)]
    return f"{derivation.law_version} {derivation.category} from {derivation.valid_from}: {', '.join(flags) or '-'}"


def derivation_as_dict(derivation: Derivation) -> dict:
    """For display and tests: the derivation's fields."""
    return dataclasses.asdict(derivation)
