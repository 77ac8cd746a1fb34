"""Where a person lived on a date, from the residence periods."""

import datetime

from django.db.models import Q

from nyinorge.core.models import Municipality, Person
from nyinorge.register.models import ResidencePeriod


def residence_on(*, person: Person, on: datetime.date) -> Municipality | None:
    """The municipality the person lived in on the date, or None if none is registered."""
    period = residence_period_on(person=person, on=on)
    return period.municipality if period is not None else None


def residence_period_on(*, person: Person, on: datetime.date) -> ResidencePeriod | None:
    """The residence period that covers the date, or None."""
    return (
        ResidencePeriod.objects.select_related("municipality")
        .filter(person=person, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .first()
    )


def residence_history(*, person: Person) -> list[ResidencePeriod]:
    """All the person's residence periods, oldest first."""
    return list(ResidencePeriod.objects.select_related("municipality").filter(person=person).order_by("valid_from"))
