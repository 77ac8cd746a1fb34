"""Register statistics for analysts and the directorate: page with charts, tables as CSV/Excel, charts as SVG."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from nyinorge.core.exports import EXPORT_FORMATS, export_response
from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.interpreters.selectors.statistics import RegisterStatistics, register_statistics
from nyinorge.statistics.charts import bar_chart_svg

TOP_LANGUAGES = 10


def _tables(stats: RegisterStatistics) -> dict[str, tuple[str, list[tuple[str, str]], list[dict]]]:
    """slug: (title, columns, rows) for every table on the page; the downloads are these tables."""
    categories = stats.category_labels
    return {
        "languages": (
            _("Listed interpreters by language and category"),
            [("code", _("Code")), ("language", _("Language")), *categories, ("total", _("Total")),
             ("qualified", _("With authorisation and/or education")), ("share", _("Share"))],
            [{"code": row.code, "language": row.name, **{code: row.by_category.get(code, 0) for code, _l in categories},
              "total": row.total, "qualified": row.qualified,
              "share": round(row.share_qualified, 3) if row.share_qualified is not None else None}
             for row in stats.languages],
        ),
        "categories": (
            _("Listed interpreter languages by category"),
            [("code", _("Category")), ("description", _("Qualification")), ("count", _("Interpreter languages"))],
            [{"code": label, "description": str(c.description), "count": stats.by_category[c.code]}
             for (code, label), c in zip(categories, stats.table.categories, strict=True)],
        ),
        "without-qualified": (
            _("Languages with no interpreter with authorisation or education"),
            [("code", _("Code")), ("language", _("Language")), ("total", _("Listed interpreters"))],
            [{"code": row.code, "language": row.name, "total": row.total} for row in stats.without_qualified],
        ),
    }


def _charts(stats: RegisterStatistics) -> dict[str, tuple[str, str]]:
    """slug: (title, svg)."""
    categories = stats.category_labels
    top = stats.languages[:TOP_LANGUAGES]
    by_category = _("Listed interpreter languages by category")
    by_language = _("The %(count)s languages with most interpreters") % {"count": len(top)}
    return {
        "categories": (by_category, bar_chart_svg(
            title=by_category, description=_("%(title)s. The figures are in the table below the chart.") % {"title": by_category},
            categories=[label for _c, label in categories],
            series=[(_("Interpreter languages"), [stats.by_category[code] for code, _l in categories])])),
        "languages": (by_language, bar_chart_svg(
            title=by_language, description=_("%(title)s. The figures are in the table below the chart.") % {"title": by_language},
            categories=[row.name for row in top],
            series=[(_("With authorisation and/or education"), [row.qualified for row in top]),
                    (_("Bilingual test and course"), [row.total - row.qualified for row in top])])),
    }


@capability_required(Capability.VIEW_INTERPRETER_STATISTICS)
def statistics_page(request: HttpRequest) -> HttpResponse:
    stats = register_statistics()
    tables = _tables(stats)
    return render(request, "interpreters/statistics.html", {
        "stats": stats, "gap_table": tables["without-qualified"],
        "charts": [(slug, title) for slug, (title, _svg) in _charts(stats).items()],
        "language_table": tables["languages"], "category_table": tables["categories"],
    })


@capability_required(Capability.VIEW_INTERPRETER_STATISTICS)
def statistics_export(request: HttpRequest, table: str, file_format: str) -> HttpResponse:
    if file_format not in EXPORT_FORMATS:
        raise Http404(_("Unknown export format: choose csv or xlsx."))
    tables = _tables(register_statistics())
    if table not in tables:
        raise Http404(_("No such table."))
    _title, columns, rows = tables[table]
    # Aggregates of the public register name no person; the download is logged all the same.
    return export_response(actor=request.user, rows=rows, columns=columns, filename_stem=f"interpreters-{table}",
                           file_format=file_format, object_type="interpreters.statistics", persons=[])


@capability_required(Capability.VIEW_INTERPRETER_STATISTICS)
def statistics_chart(request: HttpRequest, figure: str) -> HttpResponse:
    charts = _charts(register_statistics())
    if figure not in charts:
        raise Http404(_("No such figure."))
    return HttpResponse(charts[figure][1], content_type="image/svg+xml; charset=utf-8",
                        headers={"Cache-Control": "private, no-store"})
