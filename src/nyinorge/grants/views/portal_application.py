"""The applicant's application: the draft's form (answers, budget table, documents), submission, the application's
page (state, history, answers, eligibility, decision, grant letter, payments and reports), acceptance of the grant
letter, withdrawal and the appeal. Officers and reviewers who open the page see it read-only."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.grants.application_states import APPEALABLE_STATES, A
from nyinorge.grants.application_workflow import TRANSITIONS, is_administrator_of
from nyinorge.grants.forms_answers import answers_from_post, rendered_sections, stored_as_raw
from nyinorge.grants.forms_schemes import AppealForm, DocumentForm, WithdrawForm
from nyinorge.grants.formdefs import budget_totals, form_answers_clean
from nyinorge.grants.selectors.eligibility import (
    application_raw_answers, budget_field_key, grant_application_eligibility,
)
from nyinorge.grants.selectors.portal import days_left, grant_document_for
from nyinorge.grants.selectors.schemes import grant_application_for, grant_application_read, is_directorate_officer
from nyinorge.grants.services import applications as service
from nyinorge.interpreters.storage import stored_document_response

ACTIONS = ("submit", "withdraw", "accept")


def _own(request: HttpRequest, application) -> bool:
    return bool(user_can(request.user, Capability.APPLY_FOR_GRANTS)) and \
        application.applicant_id == request.user.organisation_id


def _error_summary(sections, errors: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """(label, message, anchor) of every error, in the page's order."""
    labels = {"project_title": (_("Project title"), "project_title"),
              "amount_applied": (_("Amount applied for (NOK)"), "amount_applied"),
              "document": (_("Documents"), "id_document"), "__all__": ("", "")}
    for section in sections:
        for item in section.fields:
            labels[item.key] = (item.label, item.anchor)
    order = list(labels)
    summary = []
    for key in sorted(errors, key=lambda key: order.index(key) if key in order else len(order)):
        label, anchor = labels.get(key, (key, ""))
        summary += [(label, message, anchor) for message in errors[key]]
    return summary


def _edit_page(request: HttpRequest, application, *, raw: dict, errors: dict, title: str, amount: str,
               more_rows: str = "", status: int = 200) -> HttpResponse:
    definition = application.call.application_form or {}
    cleaned = form_answers_clean(definition, raw, complete=False)
    sections = rendered_sections(definition, raw, errors, visible_answers=cleaned.answers, more_rows=more_rows)
    budget_key = budget_field_key(definition)
    totals = budget_totals(cleaned.answers.get(budget_key) or {}) if budget_key else None
    return render(request, "grants/schemes/portal/edit.html", {
        "application": application, "call": application.call, "sections": sections,
        "summary": _error_summary(sections, errors), "errors": errors, "title_value": title, "amount_value": amount,
        "totals": totals, "documents": application.documents.all(), "document_form": DocumentForm(),
        "checks": grant_application_eligibility(application), "days_left": days_left(application.call.deadline),
        "submit_refusal": _refusal(request, application, "submit"),
    }, status=status)


def _refusal(request: HttpRequest, application, name: str) -> str | None:
    permission = service.transition_permission(request.user, application, name)
    return None if permission else permission.reason


@login_required
def application_edit(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    require(user_can(request.user, Capability.APPLY_FOR_GRANTS))
    application = grant_application_read(actor=request.user, application_id=grant_application_id,
                                         detail="draft opened")
    if application.state != A.DRAFT or not _own(request, application):
        messages.info(request, _("Only a draft can be changed; this application is “%(state)s”.")
                      % {"state": application.get_state_display()})
        return redirect("grants:application", grant_application_id=application.pk)
    if request.method != "POST":
        raw = stored_as_raw(application_raw_answers(application))
        return _edit_page(request, application, raw=raw, errors={}, title=application.project_title,
                          amount=str(application.amount_applied or ""))
    definition = application.call.application_form or {}
    raw = answers_from_post(definition, request.POST)
    title, amount = request.POST.get("project_title", ""), request.POST.get("amount_applied", "")
    try:
        errors = service.grant_application_update(actor=request.user, application=application, project_title=title,
                                                  amount_applied=amount, raw_answers=raw)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("grants:application", grant_application_id=application.pk)
    more_rows = request.POST.get("more_rows", "")
    if not errors and not more_rows and request.POST.get("then_submit"):
        # "Save and submit": what was typed is saved first, so nothing is lost when the submission is refused.
        return _submit(request, application)
    if not errors and not more_rows:
        messages.success(request, _("The draft is saved."))
        return redirect("grants:application_edit", grant_application_id=application.pk)
    application.refresh_from_db()
    if errors:
        messages.warning(request, _("The draft is saved, except the answers marked with errors: correct them and "
                                    "save again."))
    return _edit_page(request, application, raw=raw, errors=errors, title=title, amount=amount,
                      more_rows=more_rows, status=400 if errors else 200)


@require_POST
@login_required
def application_action(request: HttpRequest, grant_application_id: int, action: str) -> HttpResponse:
    """Submit, withdraw or accept the grant letter; a refusal says why."""
    require(user_can(request.user, Capability.APPLY_FOR_GRANTS))
    application = grant_application_for(actor=request.user, application_id=grant_application_id)
    if action not in ACTIONS:
        raise PermissionDenied(_("Unknown action %(name)s.") % {"name": action[:30]})
    if action == "submit":
        return _submit(request, application)
    try:
        if action == "withdraw":
            form = WithdrawForm(request.POST)
            form.is_valid()
            service.grant_application_withdraw(actor=request.user, application=application,
                                               reason=form.cleaned_data.get("reason", ""))
        else:
            service.grant_application_accept(actor=request.user, application=application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or _("The action is not allowed now."))
    else:
        done = {"withdraw": _("The application is withdrawn."),
                "accept": _("The grant letter is accepted. The payments and reports of the grant are planned below.")}
        messages.success(request, done[action])
    return redirect("grants:application", grant_application_id=application.pk)


def _submit(request: HttpRequest, application) -> HttpResponse:
    """Submit the draft; a refusal of its answers shows them on the draft's form, any other says why."""
    try:
        service.grant_application_submit(actor=request.user, application=application)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            messages.error(request, " ".join(error.messages))
            return redirect("grants:application", grant_application_id=application.pk)
        read = grant_application_read(actor=request.user, application_id=application.pk, detail="submission refused")
        messages.error(request, _("The application is not submitted: correct what is listed first."))
        return _edit_page(request, read, raw=stored_as_raw(application_raw_answers(read)), errors=error.message_dict,
                          title=read.project_title, amount=str(read.amount_applied or ""), status=400)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or _("The action is not allowed now."))
        return redirect("grants:application", grant_application_id=application.pk)
    messages.success(request, _("The application is submitted. You find it, and later the decision, here."))
    return redirect("grants:application", grant_application_id=application.pk)


def _decision_context(application) -> dict:
    decided = application.decided_at is not None
    return {
        "decided": decided,
        "letter_url": reverse("grants:application_letter", kwargs={"grant_application_id": application.pk}) if decided and application.amount_granted
        else None,
    }


@login_required
def application_page(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    application = grant_application_read(actor=request.user, application_id=grant_application_id)
    own = _own(request, application)
    administers = bool(is_administrator_of(request.user, application.call)) or is_directorate_officer(request.user)
    refusals = {}
    if own:
        for name in ("accept", "appeal"):
            if application.state in TRANSITIONS[name].sources:
                refusals[name] = _refusal(request, application, name)
    context = {
        "application": application, "call": application.call, "own": own,
        "definition": application.call.application_form or {},
        "answers": form_answers_clean(application.call.application_form or {},
                                      application_raw_answers(application), complete=False).answers,
        "events": application.events.select_related("actor__organisation"),
        "documents": application.documents.all(),
        "payments": application.payments.order_by("number"),
        "reports": [(report, reverse("grants:report", kwargs={"grant_report_id": report.pk})) for report in application.reports.order_by("due_on")],
        "eligibility": application.eligibility or (grant_application_eligibility(application)
                                                   if application.state == A.DRAFT else []),
        "case_url": reverse("grants:application_case", kwargs={"grant_application_id": application.pk}) if administers else None,
        "may_withdraw": own and application.is_open and not _refusal(request, application, "withdraw"),
        "may_accept": own and "accept" in refusals and refusals["accept"] is None,
        "accept_refusal": refusals.get("accept"),
        "may_appeal": own and application.state in APPEALABLE_STATES and refusals.get("appeal") is None,
        "appeal_refusal": refusals.get("appeal"),
        "withdraw_form": WithdrawForm(),
        **_decision_context(application),
    }
    return render(request, "grants/schemes/portal/application.html", context)


@login_required
def application_appeal(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    require(user_can(request.user, Capability.APPLY_FOR_GRANTS))
    application = grant_application_read(actor=request.user, application_id=grant_application_id,
                                         detail="appeal form")
    refusal = _refusal(request, application, "appeal")
    form = AppealForm(request.POST or None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            service.grant_application_appeal(actor=request.user, application=application,
                                             text=form.cleaned_data["text"])
        except ValidationError as error:
            form.is_valid()
            for field, problems in error.message_dict.items() if hasattr(error, "error_dict") else [
                    (None, error.messages)]:
                form.add_error(field if field in form.fields else None, problems)
        except PermissionDenied as denied:
            refusal = str(denied)
        else:
            messages.success(request, _("The appeal is sent. The body that decided reconsiders the decision first "
                                        "(forvaltningsloven § 33)."))
            return redirect("grants:application", grant_application_id=application.pk)
    status = 400 if form.errors else 403 if (refusal and request.method == "POST") else 200
    return render(request, "grants/schemes/portal/appeal.html", {
        "application": application, "form": form, "refusal": refusal,
        "appeal_body": application.call.appeal_body}, status=status)


@require_POST
@login_required
def application_document_add(request: HttpRequest, grant_application_id: int) -> HttpResponse:
    require(user_can(request.user, Capability.APPLY_FOR_GRANTS))
    application = grant_application_for(actor=request.user, application_id=grant_application_id)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        try:
            service.grant_application_document_add(actor=request.user, application=application,
                                                   upload=form.cleaned_data["document"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as denied:
            messages.error(request, str(denied))
        else:
            messages.success(request, _("The document is uploaded."))
    return _back(application)


def _back(application) -> HttpResponse:
    if application.state == A.DRAFT:
        return redirect("grants:application_edit", grant_application_id=application.pk)
    return redirect("grants:application", grant_application_id=application.pk)


@require_POST
@login_required
def application_document_remove(request: HttpRequest, grant_document_id: int) -> HttpResponse:
    require(user_can(request.user, Capability.APPLY_FOR_GRANTS))
    document = grant_document_for(actor=request.user, document_id=grant_document_id)
    try:
        service.grant_application_document_remove(actor=request.user, document=document)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        messages.success(request, _("The document is removed."))
    return _back(document.application)


@login_required
def application_document(request: HttpRequest, grant_document_id: int) -> HttpResponse:
    """A document, for the applicant, the call's officers and assigned reviewers (404 for anyone else), audited."""
    document = grant_document_for(actor=request.user, document_id=grant_document_id)
    response = stored_document_response(document)
    audit_record(actor=request.user, action=AuditEntry.Action.VIEW, object_type="grants.grantapplicationdocument",
                 object_id=document.pk,
                 detail=f"grant application document downloaded (application {document.application_id})")
    return response
