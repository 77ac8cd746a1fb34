"""The directorate's settlement pages: queue, new case, year overview, overdue answers, housing notices."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import person_resolve_identifier
from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.core.views.forms import copy_errors
from nyinorge.settlement.forms import CaseForm, QueueFilterForm
from nyinorge.settlement.models import SettlementYear
from nyinorge.settlement.selectors.cases import QueueFilters, housing_notices_open, overdue_proposals, ready_queue
from nyinorge.settlement.selectors.years import overview_totals, settlement_year_current, year_overview
from nyinorge.settlement.services.cases import case_create
from nyinorge.settlement.views.lists import case_list_response


@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = QueueFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = QueueFilters(category=data["category"], flag=data["flag"], state=data["state"],
                               reception_centre=data["reception_centre"].pk if data["reception_centre"] else None,
                               county=data["county"].pk if data["county"] else "")
    cases = ready_queue(actor=request.user, filters=filters)
    template = "settlement/_queue_results.html" if request.headers.get("HX-Request") else "settlement/queue.html"
    return case_list_response(request, cases=cases, what="queue", template=template,
                              context={"form": form, "today": timezone.localdate()})


@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def case_new(request: HttpRequest) -> HttpResponse:
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        identifiers = data.pop("members")
        # A merged record's number finds the person it was merged into.
        found = {identifier: person_resolve_identifier(request.user, identifier) for identifier in identifiers}
        people = list({p.pk: p for p in found.values() if p is not None}.values())
        missing = [identifier for identifier, person in found.items() if person is None]
        if missing:
            form.add_error("members", _("No registered person has these numbers: %(numbers)s.") % {"numbers": ", ".join(missing)})
        else:
            try:
                case = case_create(actor=request.user, members=people, **data)
            except ValidationError as error:
                copy_errors(form, error)
            else:
                messages.success(request, _("Case %(number)s is registered.") % {"number": case.pk})
                return redirect("settlement:case", case_id=case.pk)
    return render(request, "settlement/case_form.html", {"form": form})


@capability_required(Capability.MANAGE_SETTLEMENT_YEAR)
def overview(request: HttpRequest) -> HttpResponse:
    years = list(SettlementYear.objects.order_by("-year"))
    chosen = request.GET.get("year", "")
    year = next((y for y in years if str(y.year) == chosen), None) or settlement_year_current()
    rows = year_overview(year) if year else []
    counties, nation = overview_totals(rows) if rows else ([], None)
    shown = [row for row in rows if row.requested or row.decided or row.settled]
    return render(request, "settlement/overview.html", {
        "year": year, "years": years, "rows": shown, "counties": counties, "nation": nation,
    })


@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def overdue(request: HttpRequest) -> HttpResponse:
    cases = overdue_proposals(actor=request.user)
    return case_list_response(request, cases=cases, what="overdue", template="settlement/overdue.html",
                              context={"today": timezone.localdate()})


@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def notices(request: HttpRequest) -> HttpResponse:
    return render(request, "settlement/notices_open.html", {"notices": housing_notices_open(actor=request.user)})
