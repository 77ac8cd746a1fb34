"""The municipality's settlement pages: proposals to answer, accepted, settled, capacity, housing, decision."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.core.dates import year_from_query
from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.core.views.forms import copy_errors
from nyinorge.settlement.forms import DecisionForm, HousingNoticeForm, ReasonForm
from nyinorge.settlement.selectors.cases import (
    accepted_for,
    capacity,
    housing_notices_of_municipality,
    proposals_for,
    settled_in,
)
from nyinorge.settlement.selectors.years import current_decisions, settlement_year_current
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.housing import housing_notice_register, housing_notice_withdraw
from nyinorge.settlement.views.lists import case_list_response


def _capacity_context(request: HttpRequest) -> dict:
    year = settlement_year_current()
    municipality = request.user.organisation.municipality
    return {"year": year, "capacity": capacity(year=year, municipality=municipality) if year else None}


@capability_required(Capability.ANSWER_PROPOSALS)
def inbox(request: HttpRequest) -> HttpResponse:
    cases = proposals_for(actor=request.user)
    today = timezone.localdate()
    return case_list_response(request, cases=cases, what="proposals", template="settlement/inbox.html",
                              context={**_capacity_context(request), "today": today, "decline_form": ReasonForm(prefix="decline")})


@capability_required(Capability.ANSWER_PROPOSALS)
def accepted(request: HttpRequest) -> HttpResponse:
    return case_list_response(request, cases=accepted_for(actor=request.user), what="accepted",
                              template="settlement/accepted.html", context={"today": timezone.localdate()})


@capability_required(Capability.ANSWER_PROPOSALS)
def settled(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    cases = settled_in(actor=request.user, year=year_from_query(year))
    return case_list_response(request, cases=cases, what="settled", template="settlement/settled.html",
                              context={"year": year})


@capability_required(Capability.REGISTER_HOUSING_NOTICES)
def housing(request: HttpRequest) -> HttpResponse:
    form = HousingNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            housing_notice_register(actor=request.user, municipality=request.user.organisation.municipality, **form.cleaned_data)
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("The housing notice is registered."))
            return redirect("settlement:housing")
    notices = housing_notices_of_municipality(actor=request.user)
    return render(request, "settlement/housing.html", {"form": form, "notices": notices, "today": timezone.localdate()},
                  status=400 if form.errors else 200)


@require_POST
@capability_required(Capability.REGISTER_HOUSING_NOTICES)
def housing_withdraw(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = get_object_or_404(housing_notices_of_municipality(actor=request.user), pk=notice_id)
    try:
        housing_notice_withdraw(actor=request.user, notice=notice)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The housing notice is withdrawn."))
    return redirect("settlement:housing")


@capability_required(Capability.ANSWER_PROPOSALS)
def decision(request: HttpRequest) -> HttpResponse:
    year = settlement_year_current()
    municipality = request.user.organisation.municipality
    current = current_decisions(year).get(municipality.number) if year else None
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and year is not None and form.is_valid():
        try:
            municipal_decision_register(actor=request.user, year=year, municipality=municipality, **form.cleaned_data)
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("The decision is registered."))
            return redirect("settlement:decision")
    history = year.decisions.filter(municipality=municipality).order_by("-revision") if year else []
    return render(request, "settlement/decision.html", {
        "form": form, "year": year, "current": current, "history": history, **_capacity_context(request),
    }, status=400 if form.errors else 200)

