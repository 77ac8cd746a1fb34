"""The statistics section: KPI page, table downloads, SVG charts and the PDF report (aggregates only)."""

import datetime

from django import forms
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyinorge.core.access import user_can
from nyinorge.core.exports import EXPORT_FORMATS, export_response
from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.views.decorators import capability_required
from nyinorge.statistics.figures import FIGURES, figure_alt, figure_svg
from nyinorge.statistics.report_pdf import report_pdf
from nyinorge.statistics.suppression import THRESHOLD
from nyinorge.statistics.tables import StatisticsTables, statistics_default_year, statistics_tables

FIRST_YEAR = 2000


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=FIRST_YEAR)
    published = forms.BooleanField(required=False)

    def clean_year(self) -> int | None:
        year = self.cleaned_data["year"]
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("Choose a year up to %(year)s.") % {"year": timezone.localdate().year})
        return year


def _may_see_exact(request: HttpRequest) -> bool:
    # Those who may work with the cases themselves see exact figures; everyone else the published ones.
    return bool(user_can(request.user, Capability.MANAGE_SETTLEMENT_CASES))


def _tables(request: HttpRequest) -> tuple[StatisticsTables | None, YearForm]:
    form = YearForm(request.GET)
    if not form.is_valid():
        return None, form
    year = form.cleaned_data["year"] or statistics_default_year()
    suppress = form.cleaned_data["published"] or not _may_see_exact(request)
    return statistics_tables(year=year, suppress=suppress), form


def _bad_request(form: YearForm) -> HttpResponse:
    messages = [str(message) for errors in form.errors.values() for message in errors]
    return HttpResponseBadRequest(" ".join(messages), content_type="text/plain; charset=utf-8")


def _page_context(request: HttpRequest, tables: StatisticsTables) -> dict:
    query = f"year={tables.year}" + ("&published=1" if tables.suppressed and _may_see_exact(request) else "")
    return {
        "tables": tables,
        "query": query,
        "threshold": THRESHOLD,
        "may_see_exact": _may_see_exact(request),
        "figures": [{"figure": f, "alt": figure_alt(figure=f)} for f in FIGURES.values()],
        "years": list(range(timezone.localdate().year, 2014, -1)),
        "generated": timezone.localtime(),
    }


@capability_required(Capability.VIEW_AGGREGATES)
def statistics_index(request: HttpRequest) -> HttpResponse:
    tables, form = _tables(request)
    if tables is None:
        tables = statistics_tables(year=statistics_default_year(), suppress=not _may_see_exact(request))
        context = _page_context(request, tables) | {"form_errors": form.errors.get("year", [])}
        return render(request, "statistics/index.html", context, status=400)
    return render(request, "statistics/index.html", _page_context(request, tables))


@capability_required(Capability.VIEW_AGGREGATES)
def statistics_table_export(request: HttpRequest, table: str, file_format: str) -> HttpResponse:
    if file_format not in EXPORT_FORMATS:
        raise Http404(_("Unknown export format: choose csv or xlsx."))
    tables, form = _tables(request)
    if tables is None:
        return _bad_request(form)
    found = tables.by_slug(table)
    if found is None:
        raise Http404(_("No such table."))
    # Aggregates name no person; the export is logged all the same.
    return export_response(actor=request.user, rows=found.export_rows(), columns=found.export_columns(),
                           filename_stem=f"{found.slug}-{tables.year}", file_format=file_format,
                           object_type="statistics", persons=[])


@capability_required(Capability.VIEW_AGGREGATES)
def statistics_chart(request: HttpRequest, figure: str) -> HttpResponse:
    if figure not in FIGURES:
        raise Http404(_("No such figure."))
    tables, form = _tables(request)
    if tables is None:
        return _bad_request(form)
    svg = figure_svg(figure=FIGURES[figure], tables=tables)
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8", headers={"Cache-Control": "private, no-store"})


@capability_required(Capability.VIEW_AGGREGATES)
def statistics_report(request: HttpRequest) -> HttpResponse:
    tables, form = _tables(request)
    if tables is None:
        return _bad_request(form)
    pdf = report_pdf(tables=tables, context=_page_context(request, tables))
    audit_record(actor=request.user, action=AuditEntry.Action.EXPORT, object_type="statistics", object_id=tables.year,
                 detail=f"pdf report {tables.year}{' (published figures)' if tables.suppressed else ''}")
    filename = f"settlement-statistics-{tables.year}-{datetime.date.today().isoformat()}.pdf"
    return HttpResponse(pdf, content_type="application/pdf",
                        headers={"Content-Disposition": content_disposition_header(True, filename)})
