"""The yearly cycle for the directorate: open a year, import indicators, compute and override the request."""

import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.core.dates import year_from_query
from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.core.views.forms import copy_errors
from nyinorge.settlement.forms import IndicatorImportForm, OverrideForm, SettlementYearForm
from nyinorge.settlement.models import SettlementYear
from nyinorge.settlement.selectors.years import current_request, settlement_year_current
from nyinorge.settlement.services.requests import (
    indicators_import,
    request_compute,
    request_override,
    settlement_year_create,
)

MAX_CSV_BYTES = 2_000_000


def _chosen_year(request: HttpRequest) -> SettlementYear | None:
    chosen = year_from_query(request.GET.get("year") or request.POST.get("year_of_request") or "")
    return SettlementYear.objects.filter(year=chosen).first() if chosen else settlement_year_current()


def _page(request: HttpRequest, year: SettlementYear | None, status: int = 200, **forms) -> HttpResponse:
    version = current_request(year) if year else None
    lines = version.lines.select_related("municipality").filter(requested__gt=0).order_by("-requested") if version else []
    excluded = version.lines.select_related("municipality").exclude(excluded_reason="") if version else []
    return render(request, "settlement/year_manage.html", {
        "year": year, "years": SettlementYear.objects.order_by("-year"), "version": version,
        "versions": year.request_versions.select_related("created_by").order_by("-number") if year else [],
        "lines": lines, "excluded": excluded, "indicator_count": year.indicators.count() if year else 0,
        "year_form": forms.get("year_form") or SettlementYearForm(),
        "import_form": forms.get("import_form") or IndicatorImportForm(),
        "override_form": forms.get("override_form") or OverrideForm(),
    }, status=status)


def _back(year: SettlementYear) -> HttpResponse:
    return redirect(f"{reverse('settlement:year_manage')}?year={year.year}")


@capability_required(Capability.MANAGE_SETTLEMENT_YEAR)
def year_manage(request: HttpRequest) -> HttpResponse:
    return _page(request, _chosen_year(request))


@require_POST
@capability_required(Capability.MANAGE_SETTLEMENT_YEAR)
def year_create(request: HttpRequest) -> HttpResponse:
    form = SettlementYearForm(request.POST)
    if form.is_valid():
        if SettlementYear.objects.filter(year=form.cleaned_data["year"]).exists():
            form.add_error("year", _("This settlement year already exists."))
        else:
            year = settlement_year_create(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Settlement year %(year)s is opened.") % {"year": year.year})
            return _back(year)
    return _page(request, _chosen_year(request), status=400, year_form=form)


@require_POST
@capability_required(Capability.MANAGE_SETTLEMENT_YEAR)
def year_indicators(request: HttpRequest, year: int) -> HttpResponse:
    settlement_year = SettlementYear.objects.filter(year=year).first()
    form = IndicatorImportForm(request.POST, request.FILES)
    if settlement_year and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            form.add_error("file", _("The file is larger than 2 MB; one row per municipality is far less."))
        else:
            try:
                text = upload.read().decode("utf-8-sig")
                count = indicators_import(actor=request.user, year=settlement_year, file=io.StringIO(text))
            except UnicodeDecodeError:
                form.add_error("file", _("The file is not UTF-8 text. Save it as CSV UTF-8."))
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                messages.success(request, _("%(count)d municipalities' indicators are imported.") % {"count": count})
                return _back(settlement_year)
    return _page(request, settlement_year, status=400, import_form=form)


@require_POST
@capability_required(Capability.MANAGE_SETTLEMENT_YEAR)
def year_compute(request: HttpRequest, year: int) -> HttpResponse:
    settlement_year = SettlementYear.objects.filter(year=year).first()
    if settlement_year is None or not settlement_year.indicators.exists():
        messages.error(request, _("Import the indicators before computing the request."))
        return redirect("settlement:year_manage")
    version = request_compute(actor=request.user, year=settlement_year)
    messages.success(request, _("Request version %(number)s is computed.") % {"number": version.number})
    return _back(settlement_year)


@require_POST
@capability_required(Capability.MANAGE_SETTLEMENT_YEAR)
def year_override(request: HttpRequest, year: int) -> HttpResponse:
    settlement_year = SettlementYear.objects.filter(year=year).first()
    form = OverrideForm(request.POST)
    if settlement_year and form.is_valid():
        if current_request(settlement_year) is None:
            form.add_error(None, _("Compute the request before overriding it."))
        else:
            try:
                version = request_override(actor=request.user, year=settlement_year, reason=form.cleaned_data["reason"],
                                           overrides={form.cleaned_data["municipality"].number: form.cleaned_data["requested"]})
            except ValidationError as error:
                copy_errors(form, error)
            else:
                messages.success(request, _("Request version %(number)s is saved.") % {"number": version.number})
                return _back(settlement_year)
    return _page(request, settlement_year, status=400, override_form=form)
