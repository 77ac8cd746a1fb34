"""Municipal decisions: registered by the municipality (or the directorate for it), revisions kept."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, Municipality, Organisation, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.settlement.models import MunicipalDecision, SettlementYear


def municipal_decision_register(
    *,
    actor: User,
    year: SettlementYear,
    municipality: Municipality,
    persons: int,
    unaccompanied_minors: int = 0,
    decided_on: datetime.date,
) -> MunicipalDecision:
    """Register a decision or a revision of it; earlier revisions stay as history."""
    require(user_can(actor, Capability.REGISTER_MUNICIPAL_DECISION))
    organisation = actor.organisation
    if organisation.kind == Organisation.Kind.MUNICIPALITY and organisation.municipality_id != municipality.number:
        raise PermissionDenied(_("You can register decisions only for your own municipality."))
    if unaccompanied_minors > persons:
        raise ValidationError({"unaccompanied_minors": [_("The unaccompanied minors are part of the persons decided, so they cannot be more.")]})
    if decided_on > datetime.date.today():
        raise ValidationError({"decided_on": [_("The decision date cannot be in the future.")]})
    with transaction.atomic():
        last = (
            MunicipalDecision.objects.select_for_update()
            .filter(year=year, municipality=municipality)
            .order_by("-revision")
            .first()
        )
        decision = MunicipalDecision(
            year=year, municipality=municipality, revision=(last.revision + 1) if last else 1, persons=persons,
            unaccompanied_minors=unaccompanied_minors, decided_on=decided_on, registered_by=actor,
        )
        decision.full_clean()
        decision.save()
        audit_record(
            actor=actor, action=AuditEntry.Action.CREATE if last is None else AuditEntry.Action.UPDATE,
            object_type="settlement.municipaldecision", object_id=decision.pk,
            detail=f"{municipality.number} {year.year} rev {decision.revision}: {persons} persons, {unaccompanied_minors} minors",
        )
    return decision
