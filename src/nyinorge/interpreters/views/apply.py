"""The applicant's pages: the application with its state, details and languages, evidence and documents,
evidence fetched from the external sources, and the workflow actions (submit, amend, withdraw, start anew)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.core.views.forms import copy_errors
from nyinorge.interpreters.categories import EvidenceKind
from nyinorge.interpreters.forms_apply import ClaimForm, CommentForm, DetailsForm, DocumentForm, ReasonForm, join_language
from nyinorge.interpreters.models.applications import language_display
from nyinorge.interpreters.models import Application, ApplicationDocument, EvidenceClaim, Interpreter
from nyinorge.interpreters.selectors.applications import application_own, expected_categories
from nyinorge.interpreters.selectors.notices import notices_about_own
from nyinorge.interpreters.services.notices import COMMENTABLE_STATES, IllegalNoticeTransition, notice_comment
from nyinorge.interpreters.selectors.sources import sources_report, unclaimed_source_results
from nyinorge.interpreters.services import applications as service
from nyinorge.interpreters.services.register import interpreter_set_status, interpreter_update
from nyinorge.interpreters.sources import EducationRecord
from nyinorge.interpreters.uploads import max_document_bytes
from nyinorge.interpreters.views._helpers import interpreter_required
from nyinorge.interpreters.workflows.applications import TRANSITIONS, ApplicationState


def _draft_of(interpreter: Interpreter) -> Application:
    application = interpreter.applications.filter(state=ApplicationState.DRAFT).first()
    if application is None:
        raise Http404(_("You have no application being drafted."))
    return application


@interpreter_required
def apply_overview(request: HttpRequest, interpreter: Interpreter) -> HttpResponse:
    application = application_own(actor=request.user)
    notices = notices_about_own(actor=request.user)
    if application is None:
        return render(request, "interpreters/apply/none.html", {"interpreter": interpreter, "notices": notices})
    allowed = [name for name in TRANSITIONS if service.application_permission(request.user, application, name)]
    return render(request, "interpreters/apply/overview.html", {
        "interpreter": interpreter, "application": application, "allowed": allowed,
        "claims": application.claims.all(), "documents": application.documents.all(),
        "general_documents": [d for d in application.documents.all() if d.claim_id is None],
        "withdraw_form": ReasonForm(), "is_draft": application.state == ApplicationState.DRAFT,
        "earlier": interpreter.applications.exclude(pk=application.pk).order_by("-created_at")[:10],
        "categories": expected_categories(application=application, today=timezone.localdate()),
        "notices": notices,
    })


@interpreter_required
def apply_notice(request: HttpRequest, interpreter: Interpreter, notice_id: int) -> HttpResponse:
    """A notice about the interpreter, and their comment while it is under assessment."""
    notice = next((n for n in notices_about_own(actor=request.user) if n.pk == notice_id), None)
    if notice is None:
        raise Http404(_("No such notice, or not one you have access to."))
    form = CommentForm(request.POST or None, initial={"comment": notice.interpreter_comment})
    if request.method == "POST" and form.is_valid():
        try:
            notice_comment(actor=request.user, notice=notice, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            copy_errors(form, error)
        except IllegalNoticeTransition as refused:
            messages.error(request, str(refused))
            return redirect("interpreters:apply_notice", notice_id=notice.pk)
        else:
            messages.success(request, _("Your comment is saved; the directorate reads it before deciding."))
            return redirect("interpreters:apply_notice", notice_id=notice.pk)
    return render(request, "interpreters/apply/notice.html", {
        "notice": notice, "form": form, "commentable": notice.state in COMMENTABLE_STATES})


@require_POST
@interpreter_required
def apply_start(request: HttpRequest, interpreter: Interpreter) -> HttpResponse:
    service.application_start(actor=request.user, interpreter=interpreter)
    return redirect("interpreters:apply_details")


@interpreter_required
def apply_details(request: HttpRequest, interpreter: Interpreter) -> HttpResponse:
    """Contact details, remote interpreting and what to publish (any time); languages and message (in a draft)."""
    application = interpreter.applications.filter(state=ApplicationState.DRAFT).first()
    initial = {field: getattr(interpreter, field) for field in DetailsForm.INTERPRETER_FIELDS}
    if application is not None:
        initial["languages"] = [join_language(row.language, row.variant) for row in application.languages.all()]
        initial["message"] = application.message
    form = DetailsForm(request.POST or None, initial=initial, with_application=application is not None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                interpreter_update(actor=request.user, interpreter=interpreter, **form.interpreter_changes())
                if application is not None:
                    service.application_update(actor=request.user, application=application,
                                               languages=form.language_pairs(), message=form.cleaned_data["message"])
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("Your details are saved."))
            return redirect("interpreters:apply_overview")
    return render(request, "interpreters/apply/details.html", {"form": form, "interpreter": interpreter,
                                                               "with_application": application is not None})


@require_POST
@interpreter_required
def apply_leave(request: HttpRequest, interpreter: Interpreter) -> HttpResponse:
    """The interpreter takes themselves off the register (the directorate can list them again on a new application)."""
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you want to leave the register."))
        return redirect("interpreters:apply_overview")
    try:
        interpreter_set_status(actor=request.user, interpreter=interpreter, status=Interpreter.Status.WITHDRAWN,
                               reason=_("Withdrawn by the interpreter"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You are no longer listed in the register."))
    return redirect("interpreters:apply_overview")


def _claim_save(request, form, *, application, claim=None) -> EvidenceClaim | None:
    try:
        with transaction.atomic():
            if claim is None:
                claim = service.claim_add(actor=request.user, application=application, **form.service_arguments())
            else:
                claim = service.claim_update(actor=request.user, claim=claim, **form.service_arguments())
            if form.cleaned_data.get("document"):
                service.document_add(actor=request.user, application=application, claim=claim,
                                     upload=form.cleaned_data["document"])
    except ValidationError as error:
        copy_errors(form, error)
        return None
    return claim


# Room for the form fields beside the file, so a request can be refused by its size before it is read.
FORM_OVERHEAD_BYTES = 64 * 1024


def _too_large(request: HttpRequest) -> bool:
    """Whether the upload is over the limit by the request's declared length (then its body is never parsed)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return request.method == "POST" and length > max_document_bytes() + FORM_OVERHEAD_BYTES


def _refused_as_too_large(request: HttpRequest, template: str, form, context: dict) -> HttpResponse:
    messages.error(request, _("The file is larger than the limit of %(limit)s.") % {
        "limit": filesizeformat(max_document_bytes())})
    return render(request, template, {"form": form, **context}, status=413)


@interpreter_required
def apply_claim_new(request: HttpRequest, interpreter: Interpreter) -> HttpResponse:
    application = _draft_of(interpreter)
    if _too_large(request):
        return _refused_as_too_large(request, "interpreters/apply/claim_form.html", ClaimForm(), {"claim": None})
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data.get("document"):
            form.add_error("document", _("Upload the diploma or certificate."))
        elif _claim_save(request, form, application=application):
            messages.success(request, _("The qualification is added."))
            return redirect("interpreters:apply_overview")
    return render(request, "interpreters/apply/claim_form.html", {"form": form, "claim": None})


@interpreter_required
def apply_claim_edit(request: HttpRequest, interpreter: Interpreter, claim_id: int) -> HttpResponse:
    application = _draft_of(interpreter)
    claim = get_object_or_404(application.claims.select_related("evidence"), pk=claim_id)
    if _too_large(request):
        return _refused_as_too_large(request, "interpreters/apply/claim_form.html",
                                     ClaimForm(initial=ClaimForm.initial_from(claim)), {"claim": claim})
    form = ClaimForm(request.POST or None, request.FILES or None, initial=ClaimForm.initial_from(claim))
    if request.method == "POST" and form.is_valid() and _claim_save(request, form, application=application,
                                                                     claim=claim):
        messages.success(request, _("The qualification is changed."))
        return redirect("interpreters:apply_overview")
    return render(request, "interpreters/apply/claim_form.html", {"form": form, "claim": claim})


@require_POST
@interpreter_required
def apply_claim_delete(request: HttpRequest, interpreter: Interpreter, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(EvidenceClaim.objects.filter(application__interpreter=interpreter), pk=claim_id)
    try:
        service.claim_remove(actor=request.user, claim=claim)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The qualification is removed."))
    return redirect("interpreters:apply_overview")


@interpreter_required
def apply_document_new(request: HttpRequest, interpreter: Interpreter) -> HttpResponse:
    application = _draft_of(interpreter)
    claims = [claim for claim in application.claims.select_related("evidence") if not claim.locked]
    if _too_large(request):
        return _refused_as_too_large(request, "interpreters/apply/document_form.html", DocumentForm(claims=claims), {})
    form = DocumentForm(request.POST or None, request.FILES or None, claims=claims)
    if request.method == "POST" and form.is_valid():
        claim = next((c for c in claims if c.pk == form.cleaned_data["claim"]), None)
        try:
            service.document_add(actor=request.user, application=application, claim=claim,
                                 upload=form.cleaned_data["document"])
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("The document is uploaded."))
            return redirect("interpreters:apply_overview")
    return render(request, "interpreters/apply/document_form.html", {"form": form})


@require_POST
@interpreter_required
def apply_document_delete(request: HttpRequest, interpreter: Interpreter, document_id: int) -> HttpResponse:
    document = get_object_or_404(ApplicationDocument.objects.filter(application__interpreter=interpreter),
                                 pk=document_id)
    try:
        service.document_remove(actor=request.user, document=document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The document is removed."))
    return redirect("interpreters:apply_overview")


@interpreter_required
def apply_sources(request: HttpRequest, interpreter: Interpreter) -> HttpResponse:
    """Results the diploma portal and the university hold about the applicant; one click adds one as a claim.

    The page sends back only a key; the server asks the source again, so no posted data becomes evidence."""
    application = _draft_of(interpreter)
    report = sources_report(actor=request.user, interpreter=interpreter, purpose="applicant fetches own results")
    found = unclaimed_source_results(report=report, claims=list(application.claims.all()),
                                     today=timezone.localdate())
    if request.method == "POST":
        chosen = dict(found).get(request.POST.get("key", ""))
        if chosen is None:
            messages.error(request, _("That result is no longer available from the source."))
            return redirect("interpreters:apply_sources")
        try:
            if isinstance(chosen, EducationRecord):
                service.claim_add(actor=request.user, application=application, kind="education",
                                  language=chosen.language, variant=chosen.variant, obtained_on=chosen.completed_on,
                                  institution=chosen.institution, credits=chosen.credits,
                                  origin=EvidenceClaim.Origin.SOURCE)
            else:
                service.claim_add(actor=request.user, application=application, kind=str(chosen.kind),
                                  language=chosen.language, variant=chosen.variant, obtained_on=chosen.result_date,
                                  valid_until=chosen.valid_until, origin=EvidenceClaim.Origin.SOURCE)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The qualification is added from the source; no document is needed."))
        return redirect("interpreters:apply_sources")
    return render(request, "interpreters/apply/sources.html", {"report": report, "rows": [
        _source_row(key, item) for key, item in found]})


def _source_row(key: str, item) -> dict:
    if isinstance(item, EducationRecord):
        return {"key": key, "kind": EvidenceKind.EDUCATION.label, "date": item.completed_on,
                "language": language_display(item.language, item.variant),
                "details": _("%(programme)s, %(institution)s, %(credits)d credits") % {
                    "programme": item.programme, "institution": item.institution, "credits": item.credits}}
    return {"key": key, "kind": EvidenceKind(str(item.kind)).label, "date": item.result_date,
            "language": language_display(item.language, item.variant), "details": ""}


def _act(request: HttpRequest, interpreter: Interpreter, action, success: str, **arguments) -> HttpResponse:
    application = application_own(actor=request.user)
    if application is None:
        raise Http404(_("You have no application."))
    try:
        action(actor=request.user, application=application, **arguments)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    except service.IllegalApplicationTransition as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, success)
    return redirect("interpreters:apply_overview")


@require_POST
@interpreter_required
def apply_submit(request: HttpRequest, interpreter: Interpreter) -> HttpResponse:
    return _act(request, interpreter, service.application_submit,
                _("Your application is submitted. You get an email when it is decided."))


@require_POST
@interpreter_required
def apply_amend(request: HttpRequest, interpreter: Interpreter) -> HttpResponse:
    return _act(request, interpreter, service.application_amend,
                _("You can now change the rejected qualifications and submit again."))


@require_POST
@interpreter_required
def apply_withdraw(request: HttpRequest, interpreter: Interpreter) -> HttpResponse:
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(request, interpreter, service.application_withdraw, _("Your application is withdrawn."), reason=reason)
