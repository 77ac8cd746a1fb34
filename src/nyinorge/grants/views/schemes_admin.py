"""The grant officers' pages of the schemes: schemes and their calls with figures, a scheme's detail, new and
changed calls, the directorate's delegations, a call's applications (eligibility, start of review, reviewers),
the ranking with the proposal (live totals with htmx, a full-page POST without it) and the open appeals.

A municipality's officers see and act on the calls their organisation administers; the directorate's officers
see every call (and the combined figures) but act only on the directorate's own (`is_administrator_of`)."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.core.access import require, user_can
from nyinorge.core.models import Organisation
from nyinorge.core.roles import Capability
from nyinorge.core.views.forms import copy_errors
from nyinorge.grants.formdefs import whole_kroner
from nyinorge.grants.application_states import A
from nyinorge.grants.application_workflow import is_administrator_of
from nyinorge.grants.forms_schemes_admin import AssignForm, CallForm, DelegationForm
from nyinorge.grants.models import GrantApplication, GrantScheme, SchemeDelegation
from nyinorge.grants.selectors.administration import (
    APPEAL_TARGET_DAYS, appeals_open, call_state, combined_figures, schemes_overview, with_figures, CALL_STATES,
)
from nyinorge.grants.scheme_exports import EXPORT_LABELS, EXPORTS
from nyinorge.grants.selectors.prize import jury_placings
from nyinorge.grants.selectors.ranking import RULES, proposal_totals
from nyinorge.grants.selectors.ranking import call_ranking as ranking_of
from nyinorge.grants.selectors.schemes import (
    grant_applications_shown, grant_applications_visible_to, grant_call_administered, is_directorate_officer,
)
from nyinorge.grants.services import processing
from nyinorge.grants.services.reviews import review_assign, reviewers_for


def _officer(request: HttpRequest) -> None:
    require(user_can(request.user, Capability.ADMINISTER_GRANT_SCHEMES))


def _acts_on(request: HttpRequest, call) -> bool:
    return bool(is_administrator_of(request.user, call))


def _refusal(request: HttpRequest, call) -> str:
    answer = is_administrator_of(request.user, call)
    return answer.reason if answer is not None and answer.reason else _("Only grant officers act on calls.")


@login_required
def schemes(request: HttpRequest) -> HttpResponse:
    _officer(request)
    return render(request, "grants/schemes/admin/schemes.html", {
        "rows": schemes_overview(actor=request.user), "is_directorate": is_directorate_officer(request.user),
        "may_create": request.user.organisation.kind == Organisation.Kind.DIRECTORATE
        or SchemeDelegation.objects.filter(organisation=request.user.organisation).exists()})


@login_required
def scheme(request: HttpRequest, grant_scheme_id: int) -> HttpResponse:
    _officer(request)
    item = get_object_or_404(GrantScheme.objects.prefetch_related("criteria"), pk=grant_scheme_id)
    row = next(row for row in schemes_overview(actor=request.user) if row.scheme.pk == item.pk)
    return render(request, "grants/schemes/admin/scheme.html", {
        "scheme": item, "row": row, "combined": combined_figures(actor=request.user, scheme=item),
        "is_directorate": is_directorate_officer(request.user)})


def _schemes_for(request: HttpRequest):
    organisation = request.user.organisation
    if organisation.kind == Organisation.Kind.DIRECTORATE:
        return GrantScheme.objects.filter(is_active=True)
    return GrantScheme.objects.filter(is_active=True, pk__in=SchemeDelegation.objects.filter(
        organisation=organisation).values("scheme_id"))


@login_required
def call_new(request: HttpRequest) -> HttpResponse:
    _officer(request)
    available = _schemes_for(request)
    if not available.exists():
        messages.error(request, _("No scheme is delegated to %(organisation)s, so it cannot run calls; the "
                                  "directorate delegates schemes.") % {"organisation": request.user.organisation.name})
        return redirect("grants:schemes")
    year = timezone.localdate().year
    form = CallForm(request.POST or None, schemes=available, initial={
        "budget_year": year, "application_form": {"sections": []}, "review_form": {"sections": []},
        "payment_plan": [{"share": 100, "months_after_acceptance": 0}], "reporting_plan": []})
    if request.method == "POST" and form.is_valid():
        try:
            call = processing.grant_call_create(actor=request.user, **form.values())
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("The call is created."))
            return redirect("grants:call", grant_call_id=call.pk)
    return render(request, "grants/schemes/admin/call_form.html", {"form": form, "call": None},
                  status=400 if form.errors else 200)


@login_required
def call_edit(request: HttpRequest, grant_call_id: int) -> HttpResponse:
    _officer(request)
    call = grant_call_administered(actor=request.user, call_id=grant_call_id)
    if not _acts_on(request, call):
        messages.error(request, _refusal(request, call))
        return redirect("grants:call", grant_call_id=call.pk)
    form = CallForm(request.POST or None, schemes=_schemes_for(request) | GrantScheme.objects.filter(pk=call.scheme_id),

                    initial=CallForm.initial_of(call))
    if request.method == "POST" and form.is_valid():
        try:
            processing.grant_call_update(actor=request.user, call=call, **form.values())
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("The call is saved."))
            return redirect("grants:call", grant_call_id=call.pk)
    return render(request, "grants/schemes/admin/call_form.html", {"form": form, "call": call},
                  status=400 if form.errors else 200)


@login_required
def delegations(request: HttpRequest) -> HttpResponse:
    _officer(request)
    directorate = is_directorate_officer(request.user)
    form = DelegationForm(request.POST or None, initial={"budget_year": timezone.localdate().year}) if directorate \
        else None
    if request.method == "POST":
        if not directorate:
            raise PermissionDenied(_("Only the directorate delegates a scheme to a municipality."))
        if form.is_valid():
            try:
                processing.scheme_delegation_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                copy_errors(form, error)
            else:
                messages.success(request, _("The scheme is delegated."))
                return redirect("grants:delegations")
    items = SchemeDelegation.objects.select_related("scheme", "organisation")
    if not directorate:
        items = items.filter(organisation=request.user.organisation)
    return render(request, "grants/schemes/admin/delegations.html", {
        "form": form, "delegations": items, "is_directorate": directorate},
        status=400 if form is not None and form.errors else 200)


def _call_applications(request: HttpRequest, call) -> list[GrantApplication]:
    applications = list(grant_applications_visible_to(request.user).filter(call=call)
                        .exclude(state=A.DRAFT).prefetch_related("reviews__reviewer")
                        .order_by("submitted_at", "id"))
    grant_applications_shown(actor=request.user, applications=applications, detail=f"call {call.pk} applications")
    for application in applications:
        application.eligibility_failed = [rule for rule in application.eligibility or [] if not rule.get("ok")]
    return applications


@login_required
def call(request: HttpRequest, grant_call_id: int, assign_form=None, status: int = 200) -> HttpResponse:
    _officer(request)
    item = grant_call_administered(actor=request.user, call_id=grant_call_id)
    item = with_figures(type(item).objects.filter(pk=item.pk)).select_related("scheme", "administered_by").get()
    acts = _acts_on(request, item)
    state = call_state(item)
    return render(request, "grants/schemes/admin/call.html", {
        "call": item, "state_label": CALL_STATES[state], "acts": acts,
        "refusal": "" if acts else _refusal(request, item),
        "applications": _call_applications(request, item),
        "assign_form": assign_form or (AssignForm(reviewers=reviewers_for(item)) if acts else None),
        "exports": [(what, EXPORT_LABELS[what]) for what in EXPORTS], "export_formats": ("csv", "xlsx"),
    }, status=status)


def _selected(request: HttpRequest) -> list[int]:
    return [int(value) for value in request.POST.getlist("application") if value.isdigit()]


@require_POST
@login_required
def call_start_review(request: HttpRequest, grant_call_id: int) -> HttpResponse:
    _officer(request)
    item = grant_call_administered(actor=request.user, call_id=grant_call_id)
    if not _acts_on(request, item):
        raise PermissionDenied(_refusal(request, item))
    chosen = _selected(request)
    started, refusals = processing.grant_applications_start_review(actor=request.user, call=item,
                                                                   application_ids=chosen or None)
    messages.success(request, _("The review started for %(count)d application(s).") % {"count": started})
    for refusal in refusals:
        messages.error(request, refusal)
    return redirect("grants:call", grant_call_id=item.pk)


@require_POST
@login_required
def call_assign(request: HttpRequest, grant_call_id: int) -> HttpResponse:
    _officer(request)
    item = grant_call_administered(actor=request.user, call_id=grant_call_id)
    if not _acts_on(request, item):
        raise PermissionDenied(_refusal(request, item))
    form = AssignForm(request.POST, reviewers=reviewers_for(item))
    chosen = _selected(request)
    if not chosen:
        form.is_valid()
        form.add_error(None, _("Choose the applications to assign the reviewer to."))
    if form.errors or not form.is_valid():
        return call(request, grant_call_id, assign_form=form, status=400)
    done = 0
    for application in item.applications.filter(pk__in=chosen):
        try:
            review_assign(actor=request.user, application=application, reviewer=form.cleaned_data["reviewer"])
        except ValidationError as error:
            messages.error(request, f"{application.project_title}: {' '.join(error.messages)}")
        else:
            done += 1
    if done:
        messages.success(request, _("The reviewer is assigned to %(count)d application(s).") % {"count": done})
    return redirect("grants:call", grant_call_id=item.pk)


def _posted_amounts(request: HttpRequest, keys: list[int]) -> tuple[dict[int, Decimal | None], list[str]]:
    amounts, errors = {}, []
    for key in keys:
        raw = request.POST.get(f"amount_{key}", "").replace(" ", "").replace("\u00a0", "")
        if raw == "":
            amounts[key] = None
            continue
        try:
            amounts[key] = whole_kroner(raw)
        except ValueError:
            errors.append(_("“%(value)s” is not an amount in whole kroner.") % {"value": raw[:20]})
    return amounts, errors


def _ranking_page(request: HttpRequest, item, *, amounts=None, errors=(), status: int = 200) -> HttpResponse:
    ranking = ranking_of(item)
    applications = [row.application for row in ranking]
    grant_applications_shown(actor=request.user, applications=applications, detail=f"call {item.pk} ranking")
    for row in ranking:
        row.shown_amount = (amounts or {}).get(row.application.pk, row.application.proposed_amount) \
            if amounts is not None else row.application.proposed_amount
    prize = item.scheme.is_prize
    if prize:
        jury_placings(item, ranking)
    return render(request, "grants/schemes/admin/ranking.html", {
        "call": item, "ranking": ranking, "criteria": list(item.scheme.criteria.all()), "is_prize": prize,
        "totals": proposal_totals(item, amounts), "acts": _acts_on(request, item), "rules": RULES,
        "errors": list(errors), "preview": amounts is not None}, status=status)


@login_required
def call_ranking(request: HttpRequest, grant_call_id: int) -> HttpResponse:
    _officer(request)
    return _ranking_page(request, grant_call_administered(actor=request.user, call_id=grant_call_id))


@require_POST
@login_required
def call_proposal(request: HttpRequest, grant_call_id: int) -> HttpResponse:
    """Preview (htmx: the totals fragment; without JS: the page), save the amounts, or allocate by rank."""
    _officer(request)
    item = grant_call_administered(actor=request.user, call_id=grant_call_id)
    if not _acts_on(request, item):
        raise PermissionDenied(_refusal(request, item))
    if item.scheme.is_prize:
        messages.error(request, _("A prize has no money to propose: the jury's scores rank the nominations, and "
                                  "each is awarded or not on its own page."))
        return redirect("grants:call_ranking", grant_call_id=item.pk)
    action = request.POST.get("action", "preview")
    if action == "allocate":
        rule = request.POST.get("rule", "")
        if rule not in RULES:
            messages.error(request, _("Choose what happens when the frame left is less than the next application "
                                      "needs."))
        else:
            processing.grant_call_proposal_allocate(actor=request.user, call=item, rule=rule)
            messages.success(request, _("The amounts are proposed by rank."))
        return redirect("grants:call_ranking", grant_call_id=item.pk)
    keys = list(item.applications.filter(state=A.IN_REVIEW).values_list("pk", flat=True))
    amounts, errors = _posted_amounts(request, keys)
    if request.headers.get("HX-Request") and action == "preview":
        return render(request, "grants/schemes/admin/_proposal_totals.html", {
            "totals": proposal_totals(item, amounts), "errors": errors, "preview": True, "call": item})
    if action == "save" and not errors:
        try:
            processing.grant_call_proposal_save(actor=request.user, call=item, amounts=amounts)
        except ValidationError as error:
            errors = error.messages
        else:
            totals = proposal_totals(item)
            if totals.over_frame:
                messages.warning(request, _("The proposal is saved, but its total is above the frame: no grant can "
                                            "be decided until it is within the frame."))
            else:
                messages.success(request, _("The proposal is saved."))
            return redirect("grants:call_ranking", grant_call_id=item.pk)
    return _ranking_page(request, item, amounts=amounts, errors=errors, status=400 if errors else 200)


@login_required
def appeals(request: HttpRequest) -> HttpResponse:
    _officer(request)
    rows = appeals_open(actor=request.user)
    grant_applications_shown(actor=request.user, applications=[row.application for row in rows],
                             detail="open appeals")
    return render(request, "grants/schemes/admin/appeals.html", {"rows": rows, "target_days": APPEAL_TARGET_DAYS})
