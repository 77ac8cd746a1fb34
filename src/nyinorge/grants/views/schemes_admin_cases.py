"""The grant officer's case page of one application (answers, documents, eligibility, reviews with the weighted
score, the actions they may take, the decision and appeal forms), its POSTs, and the decision/grant letter as
PDF (for the applicant and the officers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.views.forms import copy_errors
from nyinorge.core.workflow import workflow_actions
from nyinorge.grants.application_states import A
from nyinorge.grants.application_workflow import (
    APPEAL_DECISIONS, DECISIONS, GRANT_APPLICATION_WORKFLOW, TRANSITIONS, is_administrator_of,
)
from nyinorge.grants.forms_schemes_admin import AppealDecisionForm, AssignForm, DecisionForm, PrizeDecisionForm
from nyinorge.grants.scheme_letter import LETTER_STATES, scheme_letter_pdf
from nyinorge.grants.selectors.prize import nomination_award, prize_categories, prize_placings
from nyinorge.grants.selectors.ranking import application_scores, proposal_totals
from nyinorge.grants.selectors.schemes import grant_application_for, grant_application_read
from nyinorge.grants.services import decisions, processing
from nyinorge.grants.services.prize import PRIZE_DECISIONS, prize_nomination_decide
from nyinorge.grants.services.reviews import review_assign, reviewers_for


def _allowed(request: HttpRequest, application) -> list[str]:
    return workflow_actions(workflow=GRANT_APPLICATION_WORKFLOW, record=application, user=request.user)


def _appeal_choices(allowed: list[str]) -> list[tuple[str, str]]:
    return [(name, TRANSITIONS[name].label) for name in APPEAL_DECISIONS if name in allowed]


def _award_shown(application) -> dict:
    """The awarded placing and category as labels, for the case page."""
    award = nomination_award(application)
    if not award:
        return {}
    call = application.call
    return {"placing": dict(prize_placings(call)).get(award.get("placing"), award.get("placing")),
            "category": dict(prize_categories(call)).get(award.get("category"), award.get("category"))}


def _case(request: HttpRequest, application, bound: dict | None = None, status: int = 200) -> HttpResponse:
    bound = bound or {}
    allowed = _allowed(request, application)
    answer = is_administrator_of(request.user, application.call)
    acts = bool(answer)
    scheme = application.call.scheme
    # The guards already keep grant decisions off a nomination and awards off a grant; the forms follow them.
    deciding = not scheme.is_prize and any(name in allowed for name in DECISIONS)
    awarding = scheme.is_prize and any(name in allowed for name in PRIZE_DECISIONS)
    initial = {"amount": application.proposed_amount or application.amount_applied}
    reviews = list(application.reviews.select_related("reviewer__organisation"))
    criteria = list(scheme.criteria.all())
    for review in reviews:
        review.rows = [(criterion, (review.scores or {}).get(criterion.key) or {}) for criterion in criteria]
    return render(request, "grants/schemes/admin/case.html", {
        "application": application, "call": application.call, "scheme": scheme, "acts": acts,
        "refusal": "" if acts or answer is None else answer.reason,
        "allowed": allowed, "simple_actions": [name for name in ("start_review",) if name in allowed],
        "documents": application.documents.all(), "events": application.events.select_related("actor"),
        "reviews": reviews, "scores": application_scores(application, criteria),
        "totals": proposal_totals(application.call),
        "assign_form": bound.get("assign") or (AssignForm(reviewers=reviewers_for(application.call))
                                               if acts and application.state in (A.SUBMITTED, A.IN_REVIEW) else None),
        "decision_form": bound.get("decide") or (DecisionForm(scheme=scheme, initial=initial) if deciding else None),
        "appeal_form": bound.get("appeal") or (AppealDecisionForm(actions=_appeal_choices(allowed))
                                               if _appeal_choices(allowed) else None),
        "prize_form": bound.get("prize") or (PrizeDecisionForm(placings=prize_placings(application.call))
                                             if awarding else None),
        "award": _award_shown(application), "is_prize": scheme.is_prize,
        "letter": application.state in LETTER_STATES,
    }, status=status)


def _read(request: HttpRequest, grant_application_id: int):
    require(user_can(request.user, Capability.ADMINISTER_GRANT_SCHEMES))
    return grant_application_read(actor=request.user, application_id=grant_application_id, detail="case page")


@login_required
def application_case(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    return _case(request, _read(request, grant_application_id))


@require_POST
@login_required
def application_start_review(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    require(user_can(request.user, Capability.ADMINISTER_GRANT_SCHEMES))
    application = grant_application_for(actor=request.user, application_id=grant_application_id)
    processing.grant_application_start_review(actor=request.user, application=application)
    messages.success(request, _("The review has started."))
    return redirect("grants:application_case", grant_application_id=application.pk)


@require_POST
@login_required
def application_assign(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    require(user_can(request.user, Capability.ADMINISTER_GRANT_SCHEMES))
    application = grant_application_for(actor=request.user, application_id=grant_application_id)
    form = AssignForm(request.POST, reviewers=reviewers_for(application.call))
    if form.is_valid():
        try:
            review_assign(actor=request.user, application=application, reviewer=form.cleaned_data["reviewer"])
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("The reviewer is assigned; they declare their impartiality first."))
            return redirect("grants:application_case", grant_application_id=application.pk)
    return _case(request, _read(request, application.pk), {"assign": form}, status=400)


@require_POST
@login_required
def application_decide(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    require(user_can(request.user, Capability.ADMINISTER_GRANT_SCHEMES))
    application = grant_application_for(actor=request.user, application_id=grant_application_id)
    form = DecisionForm(request.POST, scheme=application.call.scheme)
    if form.is_valid():
        data = form.cleaned_data
        try:
            application = decisions.grant_application_decide(
                actor=request.user, application=application, decision=data["decision"], reasons=data["reasons"],
                criteria=list(data["criteria"]), amount=data["amount"], conditions=data["conditions"])
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("The decision is made: %(state)s. The letter is ready for the applicant.")
                             % {"state": application.get_state_display()})
            return redirect("grants:application_case", grant_application_id=application.pk)
    return _case(request, _read(request, application.pk), {"decide": form}, status=400)


@require_POST
@login_required
def application_prize_decide(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    """Award a prize nomination a placing, or not; a grant application is refused by the workflow's guard."""
    require(user_can(request.user, Capability.ADMINISTER_GRANT_SCHEMES))
    application = grant_application_for(actor=request.user, application_id=grant_application_id)
    form = PrizeDecisionForm(request.POST, placings=prize_placings(application.call))
    if form.is_valid():
        data = form.cleaned_data
        try:
            application = prize_nomination_decide(actor=request.user, application=application,
                                                  decision=data["decision"], reasons=data["reasons"],
                                                  placing=data["placing"])
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("Recorded: %(state)s.") % {"state": application.get_state_display()})
            return redirect("grants:application_case", grant_application_id=application.pk)
    return _case(request, _read(request, application.pk), {"prize": form}, status=400)


@require_POST
@login_required
def application_appeal_decide(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    require(user_can(request.user, Capability.ADMINISTER_GRANT_SCHEMES))
    application = grant_application_for(actor=request.user, application_id=grant_application_id)
    choices = [(name, TRANSITIONS[name].label) for name in APPEAL_DECISIONS]
    form = AppealDecisionForm(request.POST, actions=choices)
    if form.is_valid():
        data = form.cleaned_data
        try:
            application = decisions.grant_application_appeal_decide(
                actor=request.user, application=application, action=data["action"], reasons=data["reasons"],
                amount=data["amount"], conditions=data["conditions"] or None)
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("Recorded: %(state)s.") % {"state": application.get_state_display()})
            return redirect("grants:application_case", grant_application_id=application.pk)
    form.fields["action"].choices = _appeal_choices(_allowed(request, application)) or choices
    return _case(request, _read(request, application.pk), {"appeal": form}, status=400)


@login_required
def application_letter(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    """The decision (and for a grant the grant letter) as PDF, for the applicant and the officers; an export."""
    application = grant_application_for(actor=request.user, application_id=grant_application_id)
    if application.state not in LETTER_STATES:
        messages.error(request, _("The application has no decision yet, so there is no letter."))
        if user_can(request.user, Capability.ADMINISTER_GRANT_SCHEMES):
            return redirect("grants:application_case", grant_application_id=application.pk)
        if user_can(request.user, Capability.REVIEW_GRANT_APPLICATIONS):
            return redirect("grants:reviews")
        return redirect("grants:portal")
    pdf = scheme_letter_pdf(application=application)
    audit_record(actor=request.user, action=AuditEntry.Action.EXPORT, object_type="grants.grantapplication",
                 object_id=application.pk, detail=f"grant application {application.call.scheme.code}: decision "
                                                  f"letter (PDF)")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tilskudd-vedtak-{application.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
