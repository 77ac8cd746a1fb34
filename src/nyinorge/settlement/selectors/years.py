"""Reading the yearly cycle: current decisions and the requested-vs-decided overview."""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.models import Municipality
from nyinorge.settlement.models import Case, MunicipalDecision, RequestVersion, SettlementYear
from nyinorge.settlement.workflow import State


def settlement_year_current() -> SettlementYear | None:
    """This calendar year's settlement year, else the newest one (None before any is created)."""
    this_year = SettlementYear.objects.filter(year=timezone.localdate().year).first()
    return this_year or SettlementYear.objects.order_by("-year").first()


def settled_numbers(year: SettlementYear) -> dict[str, int]:
    """Municipality number → persons settled with a settlement date in the calendar year."""
    rows = (Case.objects.filter(state=State.SETTLED, settlement_date__year=year.year)
            .values("municipality_id").annotate(n=Sum("persons_count")))
    return {row["municipality_id"]: row["n"] for row in rows}


def accepted_numbers(year: SettlementYear, municipality: Municipality | None = None) -> dict[str, tuple[int, int]]:
    """Municipality number → (persons other than minors, unaccompanied minors) accepted or settled for the year."""
    cases = Case.objects.filter(year=year, state__in=[State.ACCEPTED, State.SETTLED])
    if municipality is not None:
        cases = cases.filter(municipality=municipality)
    rows = (cases.values("municipality_id", "unaccompanied_minor").annotate(n=Sum("persons_count")))
    used: dict[str, tuple[int, int]] = {}
    for row in rows:
        others, minors = used.get(row["municipality_id"], (0, 0))
        used[row["municipality_id"]] = (others, minors + row["n"]) if row["unaccompanied_minor"] else (others + row["n"], minors)
    return used


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
    settled: int = 0


@dataclass(frozen=True)
class OverviewTotal:
    label: str
    requested: int
    decided: int
    decided_unaccompanied_minors: int
    settled: int


def overview_totals(rows: list[OverviewRow]) -> tuple[list[OverviewTotal], OverviewTotal]:
    """Sums per county (by county name) and for the nation."""
    by_county: dict[str, list[OverviewRow]] = {}
    for row in rows:
        by_county.setdefault(row.municipality.county.name, []).append(row)

    def total(label: str, part: list[OverviewRow]) -> OverviewTotal:
        return OverviewTotal(label, sum(r.requested for r in part), sum(r.decided for r in part),
                             sum(r.decided_unaccompanied_minors for r in part), sum(r.settled for r in part))

    return [total(name, part) for name, part in sorted(by_county.items())], total(_("Norway"), rows)


def year_overview(year: SettlementYear) -> list[OverviewRow]:
    """Requested (newest version), decided and settled persons per municipality (seed figure 3-1-1)."""
    requested = requested_numbers(current_request(year))
    decisions = current_decisions(year)
    settled = settled_numbers(year)
    return [
        OverviewRow(
            municipality=municipality,
            requested=requested.get(municipality.number, 0),
            decided=decisions[municipality.number].persons if municipality.number in decisions else 0,
            decided_unaccompanied_minors=decisions[municipality.number].unaccompanied_minors if municipality.number in decisions else 0,
            settled=settled.get(municipality.number, 0),
        )
        for municipality in Municipality.objects.select_related("county").order_by("number")
    ]
