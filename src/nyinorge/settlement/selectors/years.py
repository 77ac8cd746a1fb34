"""Reading the yearly cycle: current decisions and the requested-vs-decided overview."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from nyinorge.core.models import Municipality
from nyinorge.settlement.models import MunicipalDecision, RequestVersion, SettlementYear


def current_request(year: SettlementYear) -> RequestVersion | None:
    """The newest request version of a year."""
    return RequestVersion.objects.filter(year=year).order_by("-number").first()


def requested_numbers(version: RequestVersion | None) -> dict[str, int]:
    """Municipality number → requested persons in a version (empty without one)."""
    return dict(version.lines.values_list("municipality_id", "requested")) if version else {}


def current_decisions(year: SettlementYear) -> dict[str, MunicipalDecision]:
    """Municipality number → the latest revision of its decision for the year."""
    latest = MunicipalDecision.objects.filter(year=year, municipality=OuterRef("municipality")).order_by("-revision")
    decisions = MunicipalDecision.objects.filter(year=year, pk=Subquery(latest.values("pk")[:1]))
    return {decision.municipality_id: decision for decision in decisions}


@dataclass(frozen=True)
class OverviewRow:
    municipality: Municipality
    requested: int
    decided: int
    decided_unaccompanied_minors: int


def year_overview(year: SettlementYear) -> list[OverviewRow]:
    """Requested (newest version) and decided persons per municipality; settled comes with cases."""
    requested = requested_numbers(current_request(year))
    decisions = current_decisions(year)
    return [
        OverviewRow(
            municipality=municipality,
            requested=requested.get(municipality.number, 0),
            decided=decisions[municipality.number].persons if municipality.number in decisions else 0,
            decided_unaccompanied_minors=decisions[municipality.number].unaccompanied_minors if municipality.number in decisions else 0,
        )
        for municipality in Municipality.objects.select_related("county").order_by("number")
    ]
