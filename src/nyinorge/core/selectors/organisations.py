"""Reading organisations and reference data (no personal data)."""

from django.db.models import Q, QuerySet

from nyinorge.core.models import Organisation


def organisation_search(*, query: str = "", kind: str = "") -> QuerySet[Organisation]:
    """Active organisations matching a name, number or municipality number, optionally of one kind."""
    organisations = Organisation.objects.filter(is_active=True).select_related(
        "municipality", "county", "reception_centre"
    )
    if kind in Organisation.Kind.values:
        organisations = organisations.filter(kind=kind)
    term = query.strip()
    if term:
        organisations = organisations.filter(
            Q(name__icontains=term) | Q(organisation_number=term) | Q(municipality__number=term)
            | Q(municipality__name__icontains=term)
        )
    return organisations.order_by("kind", "name")
