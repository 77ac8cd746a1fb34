"""The grants pages: what a municipality is owed (per scheme and instalment, per person, as files and letters),
the directorate's overview of every municipality against the budget, one line, and the rate table."""

from itertools import groupby

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from nyinorge.core.exports import EXPORT_FORMATS
from nyinorge.core.models import AuditEntry, Municipality
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.views.decorators import capability_required
from nyinorge.grants.exports import grant_lines_export
from nyinorge.grants.forms import GrantFilterForm
from nyinorge.grants.letter_pdf import letter_pdf
from nyinorge.grants.models import GrantRate
from nyinorge.grants.selectors.lines import (
    CHAPTER_POSTS, GrantScope, grant_budget_comparison, grant_instalment_table, grant_letter, grant_line_for,
    grant_lines, grant_lines_marked, grant_lines_shown, grant_municipality_for, grant_municipality_totals,
    grant_scope, grant_uses_assumed_rates, grant_years, persons_of,
)

PAGE_SIZE = 50


def _filter(request: HttpRequest, years: list[int], search_label: str) -> tuple[GrantFilterForm, int | None, str]:
    """The chosen year (default: the latest with a run) and search text; a year not offered falls back to the
    default and the form says so."""
    form = GrantFilterForm(request.GET or None, years=years, search_label=search_label)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["year"] or (years[0] if years else None), form.cleaned_data["q"].strip()
    query = request.GET.get("q", "").strip()[:100]
    return form, (years[0] if years else None), query


def _query_string(request: HttpRequest, year: int | None) -> str:
    query = request.GET.copy()
    for key in ("page", "format"):
        query.pop(key, None)
    if year is not None:
        query["year"] = str(year)
    return query.urlencode()


def _wants_fragment(request: HttpRequest, target: str) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == target


@capability_required(Capability.VIEW_GRANTS)
def grants_index(request: HttpRequest) -> HttpResponse:
    scope = grant_scope(request.user)
    if scope.is_directorate:
        return _directorate_overview(request, scope)
    return _municipality_page(request, scope, grant_municipality_for(scope, scope.municipality))


@capability_required(Capability.VIEW_GRANTS)
def grants_municipality(request: HttpRequest, municipality_number: str) -> HttpResponse:
    scope = grant_scope(request.user)
    return _municipality_page(request, scope, grant_municipality_for(scope, municipality_number))


def _directorate_overview(request: HttpRequest, scope: GrantScope) -> HttpResponse:
    years = grant_years(scope)
    form, year, query = _filter(request, years, _("Search by municipality name or number"))
    context = {"form": form, "year": year, "query": query, "chapter_posts": CHAPTER_POSTS,
               "query_string": _query_string(request, year)}
    if year is not None:
        rows = grant_municipality_totals(scope, budget_year=year, query=query)
        context |= {"page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page", 1)),
                    "comparison": grant_budget_comparison(scope, budget_year=year),
                    "assumed": grant_uses_assumed_rates(scope, budget_year=year)}
    if _wants_fragment(request, "grant-municipalities"):
        return render(request, "grants/_municipality_rows.html", context)
    return render(request, "grants/overview.html", context, status=400 if form.errors else 200)


def _municipality_page(request: HttpRequest, scope: GrantScope, municipality: Municipality) -> HttpResponse:
    years = grant_years(scope)
    form, year, query = _filter(request, years, _("Search by name"))
    context = {"form": form, "year": year, "query": query, "municipality": municipality, "scope": scope,
               "query_string": _query_string(request, year)}
    if year is None:
        return render(request, "grants/municipality.html", context)
    lines = grant_lines(scope, budget_year=year, municipality=municipality, query=query)
    file_format = request.GET.get("format", "")
    if file_format:
        if file_format not in EXPORT_FORMATS:
            return HttpResponseBadRequest(_("Unknown export format: choose csv or xlsx."))
        return grant_lines_export(actor=request.user, lines=grant_lines_marked(scope=scope, lines=list(lines)),
                                  municipality=municipality, budget_year=year, file_format=file_format)
    page = Paginator(lines, PAGE_SIZE).get_page(request.GET.get("page", 1))
    shown = grant_lines_shown(scope=scope, lines=list(page.object_list),
                              what=f"{municipality.number} {year}, page {page.number}")
    context |= {"page": page, "lines": shown,
                "table": grant_instalment_table(scope, budget_year=year, municipality=municipality),
                "assumed": grant_uses_assumed_rates(scope, budget_year=year, municipality=municipality)}
    if _wants_fragment(request, "grant-lines"):
        return render(request, "grants/_lines.html", context)
    return render(request, "grants/municipality.html", context, status=400 if form.errors else 200)


@capability_required(Capability.VIEW_GRANTS)
def grants_letter(request: HttpRequest, municipality_number: str, year: int, instalment: int) -> HttpResponse:
    scope = grant_scope(request.user)
    municipality = grant_municipality_for(scope, municipality_number)
    letter = grant_letter(scope, budget_year=year, instalment=instalment, municipality=municipality)
    pdf = letter_pdf(letter=letter)
    audit_record(actor=request.user, action=AuditEntry.Action.EXPORT, object_type="grants.grantrun",
                 object_id=letter.run.pk, persons=persons_of(letter.lines),
                 detail=f"payment letter {municipality.number} {year}/{instalment}: {len(letter.lines)} lines")
    filename = f"tilskudd-{municipality.number}-{year}-termin-{instalment}.pdf"
    return HttpResponse(pdf, content_type="application/pdf",
                        headers={"Content-Disposition": content_disposition_header(True, filename)})


@capability_required(Capability.VIEW_GRANTS)
def grants_line(request: HttpRequest, grant_line_id: int) -> HttpResponse:
    scope = grant_scope(request.user)
    line = grant_line_for(scope, grant_line_id)
    [line] = grant_lines_shown(scope=scope, lines=[line], what=f"line {line.pk}")
    return render(request, "grants/line.html", {"line": line, "scope": scope})


@capability_required(Capability.VIEW_GRANTS)
def grants_rates(request: HttpRequest) -> HttpResponse:
    rates = list(GrantRate.objects.order_by("-budget_year", "scheme", "rate_group", "year_after_settlement"))
    years = [(year, list(rows)) for year, rows in groupby(rates, key=lambda rate: rate.budget_year)]
    return render(request, "grants/rates.html", {"years": years, "assumed": sum(rate.assumed for rate in rates),
                                                 "count": len(rates)})
