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
