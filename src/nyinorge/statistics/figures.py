"""The report's figures 3-1-1, 3-1-4, 3-1-5 and 3-1-6 as charts drawn from the page's (suppressed) tables."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyinorge.statistics.charts import bar_chart_svg
from nyinorge.statistics.tables import StatisticsTables, Table


@dataclass(frozen=True)
class Figure:
    slug: str
    title: Promise
    table: str  # slug of the table holding its data
    columns: tuple[int, ...]  # which of the table's columns are the series
    percent: bool = False
    decimals: int = 0


FIGURES: dict[str, Figure] = {
    figure.slug: figure
    for figure in (
        Figure("figure-3-1-1", gettext_lazy("Figure 3-1-1: refugees requested, places decided and refugees settled"),
               "figure-3-1-1", (2, 4, 5)),
        Figure("figure-3-1-4", gettext_lazy("Figure 3-1-4: share settled within 3 and 6 months, by category"),
               "categories", (2, 3), percent=True),
        Figure("figure-3-1-5", gettext_lazy("Figure 3-1-5: mean waiting time in months, by category"),
               "categories", (4,), decimals=1),
        Figure("figure-3-1-6", gettext_lazy("Figure 3-1-6: settlement-ready in reception centres on 31 December, by category"),
               "categories", (5,)),
        Figure("grants-schemes", gettext_lazy("Per-capita grants paid by scheme, million NOK (approved runs; "
                                              "most rates are assumed estimates)"),
               "grants-schemes", (4,), decimals=1),
    )
}


def _description(table: Table, columns: tuple[int, ...]) -> str:
    """The chart's data in words: its text alternative."""
    groups = []
    for row in table.rows:
        values = ", ".join(f"{table.columns[c][1]} {row[c].text}" for c in columns)
        groups.append(f"{row[0].text}: {values}")
    return "; ".join(groups) + "."


def figure_svg(*, figure: Figure, tables: StatisticsTables) -> str:
    """The figure as an SVG document."""
    table = tables.by_slug(figure.table)
    return bar_chart_svg(
        title=str(figure.title),
        description=_description(table, figure.columns),
        categories=[row[0].text for row in table.rows],
        series=[(table.columns[c][1], [row[c].raw for row in table.rows]) for c in figure.columns],
        percent=figure.percent,
        decimals=figure.decimals,
    )


def figure_alt(*, figure: Figure) -> str:
    """A short alternative text; the figures themselves are in the table beside the chart."""
    return _("%(title)s. The figures are in the table below the chart.") % {"title": figure.title}
