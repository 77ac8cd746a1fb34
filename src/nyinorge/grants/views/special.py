"""The special grant pages: the municipality's applications (new, edit, documents, submit, appeal) and the
directorate's queue (review, decision, appeal decision); one detail page with the history and the actions the
viewer may take; the decision letter as PDF."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, Organisation
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.views.forms import copy_errors
from nyinorge.grants.forms_special import (
    AppealDecisionForm,
    AppealForm,
    ApplicationForm,
    DecisionForm,
    DocumentForm,
    NewApplicationForm,
    ReasonForm,
)
from nyinorge.grants.selectors.special import (
    QUEUES,
    special_grant_document_for,
    special_grant_eligibility,
    special_grant_for,
    special_grant_list,
    special_grant_person,
    special_grant_rate,
    special_grant_read,
    special_grants_shown,
    with_person_labels,
)
from nyinorge.grants.services import special as service
from nyinorge.grants.special_letter import LETTER_STATES, decision_letter_pdf
from nyinorge.grants.special_workflow import APPEAL_DECISIONS, DECISIONS, TRANSITIONS
from nyinorge.interpreters.storage import stored_document_response

PAGE_SIZE = 50
SIMPLE_ACTIONS = {"submit": service.special_grant_submit, "start_review": service.special_grant_start_review}


def _is_directorate(request: HttpRequest) -> bool:
    return request.user.organisation is not None and request.user.organisation.kind == Organisation.Kind.DIRECTORATE


@login_required
def special_list(request: HttpRequest) -> HttpResponse:
    directorate = _is_directorate(request)
    queue = request.GET.get("queue", "open" if directorate else "all")
    if queue not in QUEUES:
        queue = "all"
    page = Paginator(special_grant_list(actor=request.user, queue=queue), PAGE_SIZE).get_page(request.GET.get("page"))
    applications = with_person_labels(actor=request.user, applications=list(page))
    special_grants_shown(actor=request.user, applications=applications, detail=f"special grants list ({queue})")
    return render(request, "grants/special/list.html", {
        "page": page, "applications": applications, "queue": queue, "queues": list(QUEUES),
        "is_directorate": directorate, "query": f"queue={queue}",
        "may_apply": not directorate and user_can(request.user, Capability.APPLY_SPECIAL_GRANTS),
    })


def _rate_note(kind: str | None, year: int | None):
    return special_grant_rate(kind=kind, year=year) if kind and year else None


@login_required
def special_create(request: HttpRequest) -> HttpResponse:
    require(user_can(request.user, Capability.APPLY_SPECIAL_GRANTS))
    form = NewApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        person = special_grant_person(actor=request.user, identifier=data.pop("person"))
        if person is None:
            form.add_error("person", _("No person with this number lives in your municipality or is one you "
                                       "have access to."))
        else:
            try:
                application = service.special_grant_create(actor=request.user, person=person, **data)
            except ValidationError as error:
                copy_errors(form, error)
            else:
                messages.success(request, _("The draft is saved; upload the documentation, then submit it."))
                return redirect("grants:special_detail", special_grant_id=application.pk)
    return render(request, "grants/special/form.html", {"form": form, "application": None},
                  status=400 if form.errors else 200)


@login_required
def special_edit(request: HttpRequest, special_grant_id: int) -> HttpResponse:
    application = special_grant_for(actor=request.user, application_id=special_grant_id)
    if application.state != "draft" or _is_directorate(request):
        messages.error(request, _("Only the municipality's draft can be changed."))
        return redirect("grants:special_detail", special_grant_id=application.pk)
    initial = {name: getattr(application, name) for name in service.EDITABLE_FIELDS}
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.special_grant_update(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("grants:special_detail", special_grant_id=application.pk)
    shown = with_person_labels(actor=request.user, applications=[_read(request, application)])[0]
    return render(request, "grants/special/form.html", {"form": form, "application": shown},
                  status=400 if form.errors else 200)


def _forms(request: HttpRequest, application, bound: dict) -> dict:
    allowed = {name for name in TRANSITIONS if service.transition_permission(request.user, application, name)}
    refusals = {}
    # The municipality's steps whose guard may say no where the state allows them: say why, not just hide them.
    for name in ("submit", "appeal"):
        if application.state not in TRANSITIONS[name].sources or _is_directorate(request):
            continue
        permission = service.transition_permission(request.user, application, name)
        if not permission:
            refusals[name] = permission.reason
    own_draft = application.state == "draft" and not _is_directorate(request)
    initial = {"amount_granted": application.amount_applied, "years_granted": application.years}
    return {
        "allowed": allowed,
        "refusals": refusals,
        "document_form": bound.get("document") or (DocumentForm() if own_draft else None),
        "decision_form": bound.get("decide") or (DecisionForm(initial=initial)
                                                 if allowed & set(DECISIONS) else None),
        "appeal_form": bound.get("appeal") or (AppealForm() if "appeal" in allowed else None),
        "appeal_decision_form": bound.get("appeal_decide") or (AppealDecisionForm(initial=initial)
                                                               if allowed & set(APPEAL_DECISIONS) else None),
        "withdraw_form": bound.get("withdraw") or (ReasonForm(prefix="withdraw") if "withdraw" in allowed else None),
    }


def _page(request: HttpRequest, application, bound: dict | None = None, status: int = 200) -> HttpResponse:
    with_person_labels(actor=request.user, applications=[application])
    context = {
        "application": application,
        "events": application.events.select_related("actor__organisation"),
        "documents": application.documents.all(),
        "rate": _rate_note(application.kind, application.budget_year),
        "eligibility": special_grant_eligibility(application) if _is_directorate(request) else None,
        "is_directorate": _is_directorate(request),
        "letter": application.state in LETTER_STATES,
        "editable": application.state == "draft" and not _is_directorate(request),
        **_forms(request, application, bound or {}),
    }
    return render(request, "grants/special/detail.html", context, status=status)


@login_required
def special_detail(request: HttpRequest, special_grant_id: int) -> HttpResponse:
    return _page(request, special_grant_read(actor=request.user, application_id=special_grant_id))


def _refused(request: HttpRequest, application, key: str, form, error: ValidationError) -> HttpResponse:
    form.is_valid()
    copy_errors(form, error)
    return _page(request, _read(request, application), {key: form}, status=400)


def _read(request: HttpRequest, application):
    """The application afresh, for a page that shows it again (the read is audited)."""
    return special_grant_read(actor=request.user, application_id=application.pk)


@require_POST
@login_required
def special_action(request: HttpRequest, special_grant_id: int, action: str) -> HttpResponse:
    """Submit, start the review or withdraw (the steps without a form of their own, but a reason to withdraw)."""
    application = special_grant_for(actor=request.user, application_id=special_grant_id)
    if action == "withdraw":
        form = ReasonForm(request.POST, prefix="withdraw")
        form.is_valid()
        service.special_grant_withdraw(actor=request.user, application=application,
                                       reason=form.cleaned_data.get("reason", ""))
    elif action in SIMPLE_ACTIONS:
        SIMPLE_ACTIONS[action](actor=request.user, application=application)
    else:
        raise PermissionDenied(_("Unknown action %(name)s.") % {"name": action[:30]})
    messages.success(request, _("Done: %(action)s.") % {"action": TRANSITIONS[action].label})
    return redirect("grants:special_detail", special_grant_id=application.pk)


@require_POST
@login_required
def special_decide(request: HttpRequest, special_grant_id: int) -> HttpResponse:
    application = special_grant_for(actor=request.user, application_id=special_grant_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, _read(request, application), {"decide": form}, status=400)
    try:
        application = service.special_grant_decide(actor=request.user, application=application, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, application, "decide", form, error)
    messages.success(request, _("The decision is made: %(state)s.") % {"state": application.get_state_display()})
    return redirect("grants:special_detail", special_grant_id=application.pk)


@require_POST
@login_required
def special_appeal(request: HttpRequest, special_grant_id: int) -> HttpResponse:
    application = special_grant_for(actor=request.user, application_id=special_grant_id)
    form = AppealForm(request.POST)
    try:
        service.special_grant_appeal(actor=request.user, application=application, text=form.data.get("text", ""))
    except ValidationError as error:
        return _refused(request, application, "appeal", form, error)
    messages.success(request, _("The appeal is sent to the directorate."))
    return redirect("grants:special_detail", special_grant_id=application.pk)


@require_POST
@login_required
def special_appeal_decide(request: HttpRequest, special_grant_id: int) -> HttpResponse:
    application = special_grant_for(actor=request.user, application_id=special_grant_id)
    form = AppealDecisionForm(request.POST)
    if not form.is_valid():
        return _page(request, _read(request, application), {"appeal_decide": form}, status=400)
    data = form.cleaned_data
    try:
        application = service.special_grant_decide_appeal(
            actor=request.user, application=application, uphold=data["outcome"] == "uphold", reasons=data["reasons"],
            amount_granted=data["amount_granted"], years_granted=data["years_granted"])
    except ValidationError as error:
        return _refused(request, application, "appeal_decide", form, error)
    messages.success(request, _("The appeal is decided: %(state)s.") % {"state": application.get_state_display()})
    return redirect("grants:special_detail", special_grant_id=application.pk)


@require_POST
@login_required
def special_document_add(request: HttpRequest, special_grant_id: int) -> HttpResponse:
    application = special_grant_for(actor=request.user, application_id=special_grant_id)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, _read(request, application), {"document": form}, status=400)
    try:
        service.special_grant_document_add(actor=request.user, application=application,
                                           upload=form.cleaned_data["document"])
    except ValidationError as error:
        return _refused(request, application, "document", form, error)
    messages.success(request, _("The document is uploaded."))
    return redirect("grants:special_detail", special_grant_id=application.pk)


@require_POST
@login_required
def special_document_remove(request: HttpRequest, special_grant_document_id: int) -> HttpResponse:
    document = special_grant_document_for(actor=request.user, document_id=special_grant_document_id)
    try:
        service.special_grant_document_remove(actor=request.user, document=document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The document is removed."))
    return redirect("grants:special_detail", special_grant_id=document.application_id)


@login_required
def special_document(request: HttpRequest, special_grant_document_id: int) -> HttpResponse:
    """A document, for the applying municipality or the directorate (404 for anyone else), audited, a download."""
    document = special_grant_document_for(actor=request.user, document_id=special_grant_document_id)
    response = stored_document_response(document)
    audit_record(actor=request.user, action=AuditEntry.Action.VIEW, object_type="grants.specialgrantdocument",
                 object_id=document.pk, person=document.application.person,
                 detail=f"special grant document downloaded (application {document.application_id})")
    return response


@login_required
def special_letter(request: HttpRequest, special_grant_id: int) -> HttpResponse:
    """The decision letter as PDF (audited as an export of the person's data)."""
    application = special_grant_for(actor=request.user, application_id=special_grant_id)
    if application.state not in LETTER_STATES:
        messages.error(request, _("The application has no decision yet."))
        return redirect("grants:special_detail", special_grant_id=application.pk)
    pdf = decision_letter_pdf(actor=request.user, application=application)
    audit_record(actor=request.user, action=AuditEntry.Action.EXPORT, object_type="grants.specialgrantapplication",
                 object_id=application.pk, person=application.person, detail="decision letter (PDF)")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="vedtak-saerskilt-tilskudd-{application.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
