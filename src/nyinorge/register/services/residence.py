"""Residence over time: the first registration and moves between municipalities.

A move on date D closes the old period on D − 1 and opens the new one on D; from D the new
municipality is responsible and the old one can no longer write for the person (its records end by
D − 1: open training periods and programme participations there are closed as "moved", versioned).
`Person.residence_municipality` follows the current period.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

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
    ResidencePermit,
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


@dataclass(frozen=True)
class Settlement:
    """One person settled in a municipality on a date (by the settlement workflow)."""

    person_id: int
    municipality: Municipality
    settled_on: datetime.date


def residence_settle(*, actor: User, settlements: Sequence[Settlement]) -> list[ResidencePeriod]:
    """Register the residence a settlement means: each person lives in the municipality from the settlement date.

    As a move: a period elsewhere ends the day before (with the open records there), `Person.residence_municipality`
    follows, and the legal basis is derived again. Someone already living in the municipality keeps their period.
    Set-based, for a family and for a bulk settlement alike; who may settle was checked by the settlement workflow.
    """
    if not settlements:
        return []
    today = timezone.localdate()
    ids = sorted({settlement.person_id for settlement in settlements})
    with transaction.atomic():
        persons = {person.pk: person for person in Person.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
        current: dict[int, ResidencePeriod] = {}
        latest: dict[int, ResidencePeriod] = {}
        for period in ResidencePeriod.objects.select_related("municipality").filter(person_id__in=ids).order_by("valid_from"):
            latest[period.person_id] = period
            if period.valid_to is None:
                current[period.person_id] = period
        opened, closed = [], []
        for settlement in settlements:
            person, on = persons[settlement.person_id], settlement.settled_on
            here = current.get(person.pk)
            if on > today:
                raise RegisterValidationError({"settled_on": [_("A move cannot be registered ahead of its date.")]})
            if here is not None and here.municipality_id == settlement.municipality.pk:
                continue
            last = latest.get(person.pk)
            if last is not None and on <= (last.valid_to or last.valid_from):
                raise RegisterValidationError({"settled_on": [
                    _("Person %(person)s is registered as living in %(municipality)s from %(date)s; the settlement "
                      "must come after that.") % {"person": person_label(person), "municipality": last.municipality,
                                                  "date": last.valid_from}]})
            if here is not None:
                here.valid_to = on - datetime.timedelta(days=1)
                closed.append(here)
            opened.append(ResidencePeriod(person=person, municipality=settlement.municipality, valid_from=on,
                                          source=Source.SYSTEM, registered_by=actor))
        now = timezone.now()
        for period in closed:
            period.updated_at = now
        ResidencePeriod.objects.bulk_update(closed, ["valid_to", "updated_at"])
        for period in closed:
            _close_open_records(actor=actor, person=persons[period.person_id], municipality=period.municipality,
                                last_day=period.valid_to)
        ResidencePeriod.objects.bulk_create(opened)
        by_municipality: dict[str, list[int]] = {}
        for settlement in settlements:
            by_municipality.setdefault(settlement.municipality.pk, []).append(settlement.person_id)
        for number, person_ids in by_municipality.items():
            Person.objects.filter(pk__in=person_ids).update(residence_municipality_id=number, updated_at=now)
        with_permit = set(ResidencePermit.objects.filter(person_id__in=[p.person_id for p in opened])
                          .values_list("person_id", flat=True))
        for person_id in sorted(with_permit):
            legal_basis_derive(actor=actor, person=persons[person_id])
        if opened:
            audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="register.residenceperiod",
                         person_ids=[period.person_id for period in opened],
                         detail=f"settlement: {len(opened)} residence periods, {len(closed)} ended by the move")
    return opened


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
