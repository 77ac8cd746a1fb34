"""Residence over time: the first registration and moves between municipalities.

A move on date D closes the old period on D − 1 and opens the new one on D; from D the new
municipality is responsible and the old one can no longer write for the person (its records end by
D − 1: open training periods and programme participations there are closed as "moved", versioned).
`Person.residence_municipality` follows the current period.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.models import AuditEntry, Municipality, Person, User
from nyinorge.core.services.audit import audit_record
from nyinorge.register.access import may_record_facts
from nyinorge.register.errors import RegisterScopeError, RegisterValidationError
from nyinorge.register.models import (
    ProgrammeOutcome,
    ProgrammeParticipation,
    RecordVersion,
    ResidencePeriod,
    Source,
    TrainingEndReason,
    TrainingPeriod,
)
from nyinorge.register.services.legal_basis import legal_basis_derive
from nyinorge.register.services.records import person_label


def residence_move(
    *,
    actor: User,
    person: Person,
    to_municipality: Municipality,
    moved_on: datetime.date,
    source: str = Source.SCREEN,
    check_permission: bool = True,
) -> ResidencePeriod:
    """Register that the person lives in `to_municipality` from `moved_on` (the first registration, or a move)."""
    if check_permission:
        permission = may_record_facts(actor=actor, municipality=to_municipality)
        if not permission:
            raise RegisterScopeError(permission.reason)
    if moved_on > timezone.localdate():
        raise RegisterValidationError({"moved_on": [_("A move cannot be registered ahead of its date.")]})
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        current = ResidencePeriod.objects.select_related("municipality").filter(
            person=person, valid_to__isnull=True).first()
        latest = current or ResidencePeriod.objects.filter(person=person).order_by("-valid_from").first()
        if current is not None and current.municipality_id == to_municipality.pk:
            raise RegisterValidationError({"to_municipality": [
                _("Person %(person)s already lives in %(municipality)s (since %(date)s).")
                % {"person": person_label(person), "municipality": to_municipality, "date": current.valid_from}]})
        if latest is not None and moved_on <= (latest.valid_to or latest.valid_from):
            raise RegisterValidationError({"moved_on": [
                _("The move must come after the residence registered from %(date)s.") % {"date": latest.valid_from}]})
        if current is not None:
            last_day = moved_on - datetime.timedelta(days=1)
            current.valid_to = last_day
            current.save(update_fields=["valid_to", "updated_at"])
            _close_open_records(actor=actor, person=person, municipality=current.municipality, last_day=last_day)
        period = ResidencePeriod.objects.create(
            person=person, municipality=to_municipality, valid_from=moved_on, source=source,
            registered_by=actor if actor.is_authenticated else None)
        Person.objects.filter(pk=person.pk).update(residence_municipality=to_municipality, updated_at=timezone.now())
        # The first residence after the permit sets the municipality's deadlines.
        legal_basis_derive(actor=actor, person=person)
        audit_record(
            actor=actor, action=AuditEntry.Action.CREATE, object_type="register.residenceperiod", object_id=period.pk,
            person=person,
            detail=(f"moved from {current.municipality_id} to {to_municipality.pk} on {moved_on}" if current
                    else f"resident in {to_municipality.pk} from {moved_on}"),
        )
    return period


def _close_open_records(*, actor: User, person: Person, municipality: Municipality, last_day: datetime.date) -> None:
    """The old municipality's open training and programme end the day before the move (a new version each)."""
    updates = [
        (TrainingPeriod, {"end": last_day, "end_reason": TrainingEndReason.MOVED}),
        (ProgrammeParticipation, {"end": last_day, "outcome": ProgrammeOutcome.MOVED}),
    ]
    for model, changes in updates:
        for record in model.objects.select_for_update().filter(
                person=person, municipality=municipality, end__isnull=True, start__lte=last_day):
            for name, value in changes.items():
                setattr(record, name, value)
            record.save()
            from nyinorge.register.services.records import _full_snapshot
            from nyinorge.register.services.programme import PARTICIPATION_CHILDREN

            children = PARTICIPATION_CHILDREN if model is ProgrammeParticipation else {}
            label = model._meta.label_lower
            number = RecordVersion.objects.filter(model_label=label, object_id=record.pk).count() + 1
            RecordVersion.objects.create(
                model_label=label, object_id=record.pk, person=person, version=number,
                snapshot=_full_snapshot(record, model, children), changed_by=actor if actor.is_authenticated else None,
                source=Source.SYSTEM, changed_at=timezone.now())
            audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type=label, object_id=record.pk,
                         person=person, detail=f"version {number}, ended by move on {last_day + datetime.timedelta(days=1)}")
