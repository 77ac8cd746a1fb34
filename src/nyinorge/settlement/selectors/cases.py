"""Reading cases: places a municipality has used of its decision."""

from django.db.models import Sum

from nyinorge.core.models import Municipality
from nyinorge.settlement.models import Case, SettlementYear
from nyinorge.settlement.workflow import State


def places_used(*, year: SettlementYear, municipality: Municipality) -> tuple[int, int]:
    """(persons other than unaccompanied minors, unaccompanied minors) accepted or settled this year."""
    cases = Case.objects.filter(year=year, municipality=municipality, state__in=[State.ACCEPTED, State.SETTLED])
    others = cases.filter(unaccompanied_minor=False).aggregate(n=Sum("persons_count"))["n"] or 0
    minors = cases.filter(unaccompanied_minor=True).aggregate(n=Sum("persons_count"))["n"] or 0
    return others, minors
