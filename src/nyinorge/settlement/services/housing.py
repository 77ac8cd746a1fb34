"""Housing notices: a municipality reports free dwellings; proposing a case reserves one, accepting uses it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, Municipality, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.settlement.models import HousingNotice


def _own_municipality(actor: User, municipality: Municipality) -> None:
    if actor.organisation.municipality_id != municipality.pk:
        raise PermissionDenied(_("You can only register housing for your own municipality."))


def housing_notice_register(
    *,
    actor: User,
    municipality: Municipality,
    rooms: int,
    accessible: bool,
    ready_date: datetime.date,
    available_until: datetime.date,
    note: str = "",
) -> HousingNotice:
    """Register a free dwelling for the actor's municipality."""
    require(user_can(actor, Capability.REGISTER_HOUSING_NOTICES))
    _own_municipality(actor, municipality)
    errors = {}
    if available_until < ready_date:
        errors["available_until"] = [_("“Available until” cannot be before the date the dwelling is ready.")]
    if available_until < timezone.localdate():
        errors.setdefault("available_until", []).append(_("“Available until” has already passed."))
    if errors:
        raise ValidationError(errors)
    notice = HousingNotice(municipality=municipality, rooms=rooms, accessible=accessible, ready_date=ready_date,
                           available_until=available_until, note=note.strip(), registered_by=actor)
    notice.full_clean()
    with transaction.atomic():
        notice.save()
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="settlement.housing_notice",
                     object_id=notice.pk, detail=f"{rooms} rooms, accessible={accessible}, {ready_date}–{available_until}")
    return notice


def housing_notice_withdraw(*, actor: User, notice: HousingNotice) -> HousingNotice:
    """Withdraw an open notice (the dwelling is no longer available)."""
    require(user_can(actor, Capability.REGISTER_HOUSING_NOTICES))
    with transaction.atomic():
        notice = HousingNotice.objects.select_for_update().get(pk=notice.pk)
        _own_municipality(actor, notice.municipality)
        if notice.state != HousingNotice.State.OPEN:
            raise ValidationError(_("Only an open notice can be withdrawn; this one is “%(state)s”.") % {
                "state": notice.get_state_display()})
        notice.state = HousingNotice.State.WITHDRAWN
        notice.save(update_fields=["state"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="settlement.housing_notice",
                     object_id=notice.pk, detail="withdrawn")
    return notice


def housing_notice_reserve(*, notice: HousingNotice, municipality: Municipality) -> HousingNotice:
    """Inside a proposal's transaction: lock an open, still available notice of that municipality."""
    notice = HousingNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.municipality_id != municipality.pk:
        raise ValidationError({"housing_notice": [_("The housing notice belongs to another municipality.")]})
    if notice.state != HousingNotice.State.OPEN:
        raise ValidationError({"housing_notice": [_("The housing notice is no longer open.")]})
    if notice.available_until < timezone.localdate():
        raise ValidationError({"housing_notice": [_("The housing notice has expired.")]})
    notice.state = HousingNotice.State.RESERVED
    notice.save(update_fields=["state"])
    return notice


def housing_notice_consume(*, notice_id: int | None) -> None:
    """Inside an acceptance's transaction: the reserved dwelling is now used."""
    if notice_id is not None:
        HousingNotice.objects.filter(pk=notice_id, state=HousingNotice.State.RESERVED).update(
            state=HousingNotice.State.CONSUMED)


def housing_notice_release(*, notice_id: int | None) -> None:
    """Inside a decline's or withdrawal's transaction: the dwelling is free to offer again."""
    if notice_id is not None:
        HousingNotice.objects.filter(
            pk=notice_id, state__in=[HousingNotice.State.RESERVED, HousingNotice.State.CONSUMED]
        ).update(state=HousingNotice.State.OPEN)
