"""The statistics section's tables, built from `kpis` and suppressed for readers who see no personal data.

Every figure of a year sits in one flat dict of cells (KPI keys, plus per-category cells), so small-number
suppression (`suppression.py`) runs once per year over all of them and every table and chart agrees.
"""

import datetime
import functools
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyinorge.settlement.models import Case
from nyinorge.settlement.workflow import State
from nyinorge.statistics.kpis import (
    KPI_KEYS,
    KPI_LABELS,
    TARGETS,
    kpis_by_category,
    kpis_compute,
    report_figures,
    request_decided_settled,
)
from nyinorge.statistics.register_kpis import (
    REGISTER_KPI_KEYS,
    REGISTER_KPI_LABELS,
    REGISTER_RELATIONS,
    REGISTER_SHARE_GROUP,
    REGISTER_TARGETS,
    kpi_year,
    register_kpis_compute,
    register_report_figure,
)
from nyinorge.statistics.competence_kpis import (
    COMPETENCE_KPI_KEYS,
    COMPETENCE_KPI_LABELS,
    COMPETENCE_SHARE_GROUP,
    COMPETENCE_TARGETS,
    competence_kpis_compute,
    competence_report_figure,
)
from nyinorge.statistics.suppression import SUPPRESSED, Relation, cells_to_suppress, mean_hidden, share_hidden

SCHEME_TABLE_SLUGS = ("schemes-kpis", "table-3-2-1", "table-3-3-1", "table-3-3-2")
HISTORY_YEARS = 5  # Tabell 3-1 and figure 3-1-1 show the chosen year and the four before it
CATEGORY_LABELS: dict[str, Promise] = {
    "unaccompanied_minors": gettext_lazy("Unaccompanied minors"),
    "families_with_children": gettext_lazy("Persons in families with children"),
    "other_adults": gettext_lazy("Other adults"),
    "total": gettext_lazy("All settled"),
}
CATEGORY_PERSONS_KEY = {
    "unaccompanied_minors": "unaccompanied_minors_settled",
    "families_with_children": "persons_in_families_with_children_settled",
    "other_adults": "other_adults_settled",
    "total": "settled_total",
}
# The group each mean, median or share describes, by KPI key.
MEAN_GROUP = {
    "mean_wait_total": "settled_total",
    "mean_wait_unaccompanied_minors": "unaccompanied_minors_settled",
    "mean_wait_families_with_children": "persons_in_families_with_children_settled",
    "mean_wait_other_adults": "other_adults_settled",
    "median_wait_ready_in_reception_dec31": "waiting_in_reception_dec31",
}
SHARE_GROUP = {
    "sp1_share_settled_within_6_months": "settled_total",
    "sp1_share_settled_within_12_months": "settled_total",
    "sp2_share_families_with_children_within_3_months": "families_with_children_settled",
    "sp3_share_unaccompanied_minors_within_3_months": "unaccompanied_minors_settled",
}
RELATIONS = (
    # The rest of the first is the shielded identities, left out of the breakdown (Tabell 3-1).
    Relation("settled_total", ("unaccompanied_minors_settled", "persons_in_families_with_children_settled",
                               "other_adults_settled")),
    Relation("settled_total", ("settled_resettlement_refugees",)),
    Relation("persons_in_families_with_children_settled", ("children_in_families_settled",)),
    Relation("waiting_in_reception_dec31", ("ready:unaccompanied_minors", "ready:families_with_children",
                                            "ready:other_adults")),
    Relation("waiting_in_reception_dec31", ("waiting_over_12_months_dec31",)),
)
UNITS: dict[str, Promise] = {
    "count": gettext_lazy("persons"),
    "families": gettext_lazy("families"),
    "months": gettext_lazy("months"),
    "share": gettext_lazy("share"),
}


def kpi_kind(key: str) -> str:
    """How a KPI is measured: count, families, months or share."""
    if key in SHARE_GROUP:
        return "share"
    if key in MEAN_GROUP:
        return "months"
    return "families" if key == "families_with_children_settled" else "count"


@dataclass(frozen=True)
class Cell:
    raw: Any  # what the CSV/Excel file holds: a number, SUPPRESSED, text or None
    kind: str = "text"  # text, count, families, share, months, amount (whole NOK) or decimal

    @property
    def text(self) -> str:
        """The value as the page shows it, in the reader's language."""
        if self.raw is None:
            return "–"
        if self.raw == SUPPRESSED or self.kind == "text":
            return str(self.raw)
        if self.kind == "share":
            return f"{number_format(self.raw * 100, 1)}\u00a0%"
        if self.kind == "months":
            return number_format(self.raw, 1)
        if self.kind == "decimal":
            return number_format(self.raw, 1, force_grouping=True)
        if self.kind == "decimal2":
            return number_format(self.raw, 2, force_grouping=True)
        return number_format(self.raw, 0, force_grouping=True)

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    columns: list[tuple[str, str]]  # (key, label); the first is the row heading
    rows: list[list[Cell]]
    row_keys: list[str] = field(default_factory=list)

    def export_columns(self) -> list[tuple[str, str]]:
        """The columns of the CSV/Excel file: the row key first, for machines."""
        return [("key", _("Key")), *self.columns]

    def export_rows(self) -> list[dict]:
        """One dict per row, keyed like `export_columns`."""
        return [
            {"key": key, **{column: cell.raw for (column, _label), cell in zip(self.columns, row)}}
            for key, row in zip(self.row_keys, self.rows)
        ]


@dataclass(frozen=True)
class YearFigures:
    year: int
    values: dict[str, Any]
    hidden: frozenset[str]

    def cell(self, key: str, kind: str) -> Cell:
        """A figure as a cell, "<5" when suppressed."""
        return Cell(SUPPRESSED if key in self.hidden else self.values.get(key), kind)

    def shown(self, key: str) -> Any:
        """The value a reader may see (None when suppressed)."""
        return None if key in self.hidden else self.values.get(key)


def statistics_default_year() -> int:
    """The latest year with a settlement, or last year when nothing is settled yet."""
    latest = Case.objects.filter(state=State.SETTLED).aggregate(latest=Max("settlement_date"))["latest"]
    return latest.year if latest else datetime.date.today().year - 1


def year_figures(*, year: int, suppress: bool) -> YearFigures:
    """All figures of a year in one flat dict, with the cells to hide when `suppress`."""
    values: dict[str, Any] = dict(kpis_compute(year=year))
    for row in kpis_by_category(year=year):
        if row.category != "total":  # the total is waiting_in_reception_dec31
            values[f"ready:{row.category}"] = row.ready_in_reception_dec31
        values[f"share3:{row.category}"] = row.share_within_3_months
        values[f"share6:{row.category}"] = row.share_within_6_months
        values[f"mean:{row.category}"] = row.mean_wait_months
    if not suppress:
        return YearFigures(year, values, frozenset())
    counts = {key: values[key] for key in KPI_KEYS if kpi_kind(key) in ("count", "families")}
    counts.update({key: value for key, value in values.items() if key.startswith("ready:")})
    hidden = set(cells_to_suppress(values=counts, relations=RELATIONS))
    for key, group in MEAN_GROUP.items():
        if mean_hidden(group=values[group]):
            hidden.add(key)
    for key, group in SHARE_GROUP.items():
        if share_hidden(share=values[key], group=values[group]):
            hidden.add(key)
    for category, group_key in CATEGORY_PERSONS_KEY.items():
        group = values[group_key]
        if mean_hidden(group=group):
            hidden.add(f"mean:{category}")
        for share in ("share3", "share6"):
            if share_hidden(share=values[f"{share}:{category}"], group=group):
                hidden.add(f"{share}:{category}")
    return YearFigures(year, values, frozenset(hidden))


def history_years(year: int) -> list[int]:
    """The years Tabell 3-1 and figure 3-1-1 show: the chosen one and the four before it."""
    return list(range(year - HISTORY_YEARS + 1, year + 1))


def kpi_table(*, figures: YearFigures) -> Table:
    """The year's KPIs against the targets and the annual report's figures."""
    reported = report_figures()
    rows, keys = [], []
    for key in KPI_KEYS:
        kind = kpi_kind(key)
        value = figures.shown(key)
        target = TARGETS.get(key)
        met = "" if target is None or value is None else (_("Yes") if value >= target else _("No"))
        rows.append([Cell(str(KPI_LABELS[key])), figures.cell(key, kind), Cell(target, "share"),
                     Cell(met or None), Cell(reported.get((key, figures.year)), kind), Cell(str(UNITS[kind]))])
        keys.append(key)
    columns = [("indicator", _("Indicator")), ("value", str(figures.year)), ("target", _("Target")),
               ("target_met", _("Target met")), ("report", _("Annual report %(year)s") % {"year": figures.year}),
               ("unit", _("Unit"))]
    return Table("kpis", _("Key figures %(year)s") % {"year": figures.year}, columns, rows, keys)


def table_3_1(*, figures_by_year: dict[int, YearFigures]) -> Table:
    """Tabell 3-1: every KPI for each of the years."""
    years = sorted(figures_by_year)
    rows = [[Cell(str(KPI_LABELS[key])), *(figures_by_year[y].cell(key, kpi_kind(key)) for y in years)]
            for key in KPI_KEYS]
    columns = [("indicator", _("Indicator")), *((str(y), str(y)) for y in years)]
    title = _("Table 3-1: settlement %(first)s–%(last)s") % {"first": years[0], "last": years[-1]}
    return Table("table-3-1", title, columns, rows, list(KPI_KEYS))


def figure_3_1_1_table(*, figures_by_year: dict[int, YearFigures]) -> Table:
    """Figure 3-1-1: the request, the municipalities' decisions and the persons settled, by year."""
    years = sorted(figures_by_year)
    rows = []
    for row in request_decided_settled(years=years):
        rows.append([Cell(str(row.year)), Cell(row.municipalities_requested, "count"),
                     Cell(row.refugees_requested, "count"), Cell(row.municipalities_agreed, "count"),
                     Cell(row.places_decided, "count"), figures_by_year[row.year].cell("settled_total", "count")])
    columns = [("year", _("Year")), ("municipalities_requested", _("Municipalities requested")),
               ("refugees_requested", _("Refugees requested")), ("municipalities_agreed", _("Municipalities agreed")),
               ("places_decided", _("Places decided")), ("settled_total", _("Refugees settled"))]
    return Table("figure-3-1-1", _("Figure 3-1-1: request, decisions and settlements by year"), columns, rows,
                 [str(y) for y in years])


def category_table(*, figures: YearFigures) -> Table:
    """Figures 3-1-4 to 3-1-6: per category, the shares within 3 and 6 months, the mean wait, and 31 December."""
    rows = []
    for category, label in CATEGORY_LABELS.items():
        ready_key = "waiting_in_reception_dec31" if category == "total" else f"ready:{category}"
        rows.append([Cell(str(label)), figures.cell(CATEGORY_PERSONS_KEY[category], "count"),
                     figures.cell(f"share3:{category}", "share"), figures.cell(f"share6:{category}", "share"),
                     figures.cell(f"mean:{category}", "months"), figures.cell(ready_key, "count")])
    columns = [("category", _("Category")), ("persons", _("Settled")),
               ("share_within_3_months", _("Share within 3 months")),
               ("share_within_6_months", _("Share within 6 months")),
               ("mean_wait_months", _("Mean waiting time (months)")),
               ("ready_in_reception_dec31", _("Settlement-ready in reception on 31 December"))]
    title = _("Figures 3-1-4 to 3-1-6: settlement by category, %(year)s") % {"year": figures.year}
    return Table("categories", title, columns, rows, list(CATEGORY_LABELS))


def register_table(*, year: int, suppress: bool) -> Table:
    """The introduction register's KPIs (programme, training, SP5–SP8) against the targets and the report."""
    values = register_kpis_compute(year=year)
    hidden: set[str] = set()
    if suppress:
        counts = {key: values[key] for key in REGISTER_KPI_KEYS if key not in REGISTER_SHARE_GROUP}
        hidden |= set(cells_to_suppress(values=counts, relations=REGISTER_RELATIONS))
        hidden |= {key for key, group in REGISTER_SHARE_GROUP.items()
                   if share_hidden(share=values[key], group=values[group])}
    reported = report_figures()
    rows, keys = [], []
    for key in REGISTER_KPI_KEYS:
        kind = "share" if key in REGISTER_SHARE_GROUP else "count"
        value = None if key in hidden else values[key]
        target = REGISTER_TARGETS.get(key)
        met = "" if target is None or value is None else (_("Yes") if value >= target else _("No"))
        rows.append([Cell(str(REGISTER_KPI_LABELS[key])), Cell(str(kpi_year(key, year))),
                     Cell(SUPPRESSED if key in hidden else values[key], kind), Cell(target, "share"), Cell(met or None),
                     Cell(register_report_figure(reported, key, year), kind), Cell(str(UNITS[kind]))])
        keys.append(key)
    columns = [("indicator", _("Indicator")), ("measured_year", _("Year or cohort")), ("value", _("Value")),
               ("target", _("Target")), ("target_met", _("Target met")),
               ("report", _("Annual report %(year)s") % {"year": year}), ("unit", _("Unit"))]
    title = _("Introduction programme and Norwegian training %(year)s (introduction register)") % {"year": year}
    return Table("register", title, columns, rows, keys)


def competence_table(*, year: int, suppress: bool) -> Table:
    """Competence mapping before settlement: SP9 and the share of those settled from reception who had completed it."""
    values = competence_kpis_compute(year=year)
    hidden: set[str] = set()
    if suppress:
        counts = {key: values[key] for key in COMPETENCE_KPI_KEYS if key not in COMPETENCE_SHARE_GROUP}
        hidden |= set(cells_to_suppress(values=counts, relations=(Relation(
            "sp9_target_group", ("sp9_target_group_with_permit", "sp9_target_group_asylum_seekers")),)))
        hidden |= {key for key, group in COMPETENCE_SHARE_GROUP.items()
                   if share_hidden(share=values[key], group=values[group])}
    reported = report_figures()
    rows, keys = [], []
    for key in COMPETENCE_KPI_KEYS:
        kind = "share" if key in COMPETENCE_SHARE_GROUP else "count"
        value = None if key in hidden else values[key]
        target = COMPETENCE_TARGETS.get(key)
        met = "" if target is None or value is None else (_("Yes") if value >= target else _("No"))
        rows.append([Cell(str(COMPETENCE_KPI_LABELS[key])), Cell(SUPPRESSED if key in hidden else values[key], kind),
                     Cell(target, "share"), Cell(met or None),
                     Cell(competence_report_figure(reported, key, year), kind), Cell(str(UNITS[kind]))])
        keys.append(key)
    columns = [("indicator", _("Indicator")), ("value", _("Value")), ("target", _("Target")),
               ("target_met", _("Target met")), ("report", _("Annual report %(year)s") % {"year": year}),
               ("unit", _("Unit"))]
    title = _("Competence mapping before settlement %(year)s (Kompass and selection missions)") % {"year": year}
    return Table("competence", title, columns, rows, keys)


@dataclass(frozen=True)
class StatisticsTables:
    year: int
    suppressed: bool
    kpis: Table
    table_3_1: Table
    figure_3_1_1: Table
    categories: Table

    @functools.cached_property
    def register(self) -> Table:
        """The introduction register's table, computed when first shown (the charts never need it)."""
        return register_table(year=self.year, suppress=self.suppressed)

    @functools.cached_property
    def competence(self) -> Table:
        """Competence mapping (SP9), computed when first shown."""
        return competence_table(year=self.year, suppress=self.suppressed)

    @functools.cached_property
    def grants_municipalities(self) -> Table:
        from nyinorge.statistics.grant_tables import grants_municipality_table

        return grants_municipality_table(year=self.year, suppress=self.suppressed)

    @functools.cached_property
    def grants_schemes(self) -> Table:
        from nyinorge.statistics.grant_tables import grants_scheme_table

        return grants_scheme_table(year=self.year, suppress=self.suppressed)

    @functools.cached_property
    def grants_assumed_rates(self) -> tuple[int, int]:
        from nyinorge.statistics.grant_tables import assumed_rates

        return assumed_rates(self.year)

    @functools.cached_property
    def schemes(self) -> list[Table]:
        """The application-based schemes' tables (3-2-1, 3-3-1, 3-3-2 and SP11), computed when first shown."""
        from nyinorge.statistics.scheme_tables import scheme_kpi_table, table_3_2_1, table_3_3_1, table_3_3_2

        return [scheme_kpi_table(year=self.year, suppress=self.suppressed), table_3_2_1(year=self.year),
                table_3_3_1(year=self.year), table_3_3_2(year=self.year)]

    def by_slug(self, slug: str) -> Table | None:
        """The table with this slug, or None."""
        if slug == "register":
            return self.register
        if slug == "competence":
            return self.competence
        if slug in SCHEME_TABLE_SLUGS:
            return next(table for table in self.schemes if table.slug == slug)
        if slug == "grants-municipalities":
            return self.grants_municipalities
        if slug == "grants-schemes":
            return self.grants_schemes
        return {t.slug: t for t in (self.kpis, self.table_3_1, self.figure_3_1_1, self.categories)}.get(slug)


def statistics_tables(*, year: int, suppress: bool) -> StatisticsTables:
    """Every table of the statistics page for a year (and the four years before it)."""
    by_year = {y: year_figures(year=y, suppress=suppress) for y in history_years(year)}
    figures = by_year[year]
    return StatisticsTables(year=year, suppressed=suppress, kpis=kpi_table(figures=figures),
                            table_3_1=table_3_1(figures_by_year=by_year),
                            figure_3_1_1=figure_3_1_1_table(figures_by_year=by_year),
                            categories=category_table(figures=figures))
