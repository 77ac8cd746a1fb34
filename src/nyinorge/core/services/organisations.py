"""Creating organisations that are not reference data: reception centres and others."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyinorge.core.models import Municipality, Organisation, ReceptionCentre


def reception_centre_create(
    *,
    name: str,
    operator: str,
    host_municipality: Municipality,
    centre_type: str = ReceptionCentre.CentreType.ORDINARY,
    capacity: int | None = None,
    organisation_number: str | None = None,
) -> ReceptionCentre:
    """Register a reception centre as an organisation with its operator, host and type."""
    if centre_type not in ReceptionCentre.CentreType.values:
        raise ValidationError({"centre_type": [_("Unknown reception-centre type %(type)s.") % {"type": centre_type}]})
    with transaction.atomic():
        organisation = Organisation(
            kind=Organisation.Kind.RECEPTION_CENTRE,
            name=name.strip(),
            municipality=host_municipality,
            organisation_number=organisation_number or None,
        )
        organisation.full_clean()
        organisation.save()
        centre = ReceptionCentre(organisation=organisation, operator=operator.strip(), centre_type=centre_type, capacity=capacity)
        centre.full_clean()
        centre.save()
    return centre


def vendor_organisation_create(*, name: str, organisation_number: str) -> Organisation:
    """Register a case-system vendor (kind "other"), whose API client acts for the municipalities it serves."""
    organisation = Organisation(kind=Organisation.Kind.OTHER, name=name.strip(),
                                organisation_number=organisation_number.strip())
    if not organisation.organisation_number:
        raise ValidationError({"organisation_number": [_("A vendor needs its organisation number.")]})
    organisation.full_clean()
    organisation.save()
    return organisation


# Checked in the Central Coordinating Register for Legal Entities (and by the mod-11 check digit): the demo and
# synthetic data use these real municipalities' numbers, so a payout file can be made for them.
VERIFIED_MUNICIPALITY_ORGANISATION_NUMBERS = {"0301": "958935420", "4601": "964338531"}


def municipality_organisation_numbers_fill() -> int:
    """Give the municipalities' organisations the verified numbers they lack; returns how many were filled."""
    filled = 0
    for municipality, number in VERIFIED_MUNICIPALITY_ORGANISATION_NUMBERS.items():
        if Organisation.objects.filter(organisation_number=number).exists():
            continue
        filled += Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, municipality_id=municipality,
                                              organisation_number__isnull=True).update(organisation_number=number)
    return filled
