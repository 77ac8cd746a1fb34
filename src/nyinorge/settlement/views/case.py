"""One case: facts, people (as much as the viewer may know), history, and the actions open to the viewer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.competence.models import SettlementInterview
from nyinorge.competence.selectors.interviews import case_competence
from nyinorge.core.access import user_can
from nyinorge.core.models import Organisation
from nyinorge.core.roles import Capability
from nyinorge.core.views.forms import copy_errors
from nyinorge.settlement.forms import ProposeForm, ReasonForm, SettleForm
from nyinorge.settlement.selectors.cases import (
    capacity,
    capacity_by_municipality,
    case_for,
    case_history,
    case_read,
    may_see_names,
    need_to_know,
)
from nyinorge.settlement.selectors.years import settlement_year_current
from nyinorge.settlement.services import cases as case_services
from nyinorge.settlement.services.cases import QuotaExceeded, transition_permission
from nyinorge.settlement.workflow import TRANSITIONS, State


def _forms(request: HttpRequest, case, bound: dict | None = None) -> dict:
    """The form for every action the viewer may take now (bound ones carry errors)."""
    bound = bound or {}
    allowed = {name for name in TRANSITIONS if transition_permission(request.user, case, name)}
    forms = {}
    ready_refusal = case_services.transition_needs_reason(request.user, case, "make_ready")
    if ready_refusal is not None:
        # Only the interview guard stands in the way: say why, and take a reason for going on without it.
        forms["make_ready"] = bound.get("make_ready") or ReasonForm(prefix="make_ready")
        forms["make_ready_refusal"] = ready_refusal.reason
    if "propose" in allowed:
        year = settlement_year_current()
        forms["propose"] = bound.get("propose") or ProposeForm(
            capacities=capacity_by_municipality(year=year) if year else {},
            initial={"municipality": case.network_municipality_id})
    if "decline" in allowed:
        forms["decline"] = bound.get("decline") or ReasonForm(prefix="decline")
    if "withdraw" in allowed:
        forms["withdraw"] = bound.get("withdraw") or ReasonForm(prefix="withdraw")
    if "settle" in allowed:
        forms["settle"] = bound.get("settle") or SettleForm(initial={"settlement_date": timezone.localdate()})
    return {"allowed": allowed, "forms": forms}


def _page(request: HttpRequest, case, bound: dict | None = None, status: int = 200) -> HttpResponse:
    organisation = request.user.organisation
    # A municipality answering a proposal gets need-to-know only; names come once it has accepted.
    answering = organisation.kind == Organisation.Kind.MUNICIPALITY and case.state == State.PROPOSED
    view = need_to_know(case) if answering else None
    municipality = organisation.kind == Organisation.Kind.MUNICIPALITY
    # Before accepting: coded facts without names; after: the full registrations the members agreed to share.
    competence = view.competence if view else case_competence(
        case=case, full=True, names=may_see_names(request.user, case), shared_only=municipality)
    context = {
        "competence": competence,
        "can_interview": bool(user_can(request.user, Capability.HOLD_SETTLEMENT_INTERVIEWS)),
        "interview_status": SettlementInterview.objects.filter(case_id=case.pk).values_list("status", flat=True).first(),
        "case": case,
        "members": [
            {"person": m.person, "name": m.person.full_name if may_see_names(request.user, case) else _("Shielded identity")}
            for m in case.members.all()
        ],
        "need_to_know": view,
        "transitions": case_history(actor=request.user, case=case),
        "waiting_months": case.waiting_months(timezone.localdate()),
        "capacity": capacity(year=case.year, municipality=case.municipality) if case.year_id and case.municipality_id else None,
        "is_directorate": organisation.kind == Organisation.Kind.DIRECTORATE,
        **_forms(request, case, bound),
    }
    return render(request, "settlement/case_detail.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    return _page(request, case_read(actor=request.user, case_id=case_id))


@require_POST
@login_required
def case_action(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    case = case_for(request.user, case_id)
    bound: dict = {}
    try:
        match action:
            case "make_ready":
                reason = request.POST.get("make_ready-reason", "")
                refusal = case_services.transition_needs_reason(request.user, case, "make_ready")
                if refusal is not None:
                    bound["make_ready"] = ReasonForm(request.POST, prefix="make_ready")
                    if not reason.strip():
                        raise ValidationError({"reason": [refusal.reason]})
                case_services.case_make_ready(actor=request.user, case=case, reason=reason)
            case "propose":
                year = settlement_year_current()
                form = bound["propose"] = ProposeForm(request.POST, capacities=capacity_by_municipality(year=year) if year else {})
                if year is None:
                    raise ValidationError(_("No settlement year exists yet; create one first."))
                if not form.is_valid():
                    raise ValidationError(_("Check the form."))
                case_services.case_propose(actor=request.user, case=case, year=year, **form.cleaned_data)
            case "accept":
                case_services.case_accept(actor=request.user, case=case)
            case "decline" | "withdraw":
                form = bound[action] = ReasonForm(request.POST, prefix=action)
                reason = form.data.get(f"{action}-reason", "")
                service = case_services.case_decline if action == "decline" else case_services.case_withdraw
                service(actor=request.user, case=case, reason=reason)
            case "settle":
                form = bound["settle"] = SettleForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Check the form."))
                case_services.case_settle(actor=request.user, case=case, **form.cleaned_data)
            case _:
                raise PermissionDenied(_("Unknown action %(name)s.") % {"name": action[:30]})
    except QuotaExceeded as error:
        messages.error(request, " ".join(error.messages))
        return redirect("settlement:case", case_id=case.pk)
    except ValidationError as error:
        form = bound.get(action)
        if form is None:
            messages.error(request, " ".join(error.messages))
            return redirect("settlement:case", case_id=case.pk)
        form.is_valid()  # field errors first; a service error adds to them unless it only repeats "check the form"
        if hasattr(error, "error_dict") or not form.errors:
            copy_errors(form, error)
        return _page(request, case_read(actor=request.user, case_id=case.pk), bound, status=400)
    messages.success(request, _("Done: %(action)s.") % {"action": TRANSITIONS[action].label})
    if request.user.organisation.kind == Organisation.Kind.MUNICIPALITY and action in ("accept", "decline"):
        return redirect("settlement:inbox")
    return redirect("settlement:case", case_id=case.pk)
