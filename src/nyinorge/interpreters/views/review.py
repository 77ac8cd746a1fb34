"""The directorate's review: the queue, one application with the external sources beside the claims, a decision
per piece of evidence, the conclusion; and the document download for reviewers and the applicant."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nyinorge.core.exports import EXPORT_FORMATS, export_response
from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.interpreters.forms_apply import ConcludeForm, ReasonForm
from nyinorge.interpreters.models import EvidenceClaim
from nyinorge.interpreters.selectors.applications import (
    QUEUE_STATES,
    application_for_review,
    document_for,
    expected_categories,
    review_queue,
    review_queue_rows,
)
from nyinorge.interpreters.selectors.sources import sources_report
from nyinorge.interpreters.services import applications as service
from nyinorge.interpreters.storage import stored_document_response
from nyinorge.interpreters.workflows.applications import EVIDENCE_DECISIONS, ApplicationState


EXPORT_COLUMNS = [
    ("id", gettext_lazy("Application")), ("applicant", gettext_lazy("Applicant")),
    ("languages", gettext_lazy("Languages")), ("state", gettext_lazy("State")), ("round", gettext_lazy("Round")),
    ("submitted", gettext_lazy("Submitted")), ("claims", gettext_lazy("Qualifications")),
    ("pending", gettext_lazy("Awaiting decision")),
]

QUEUE_LABELS = {"submitted": gettext_lazy("Awaiting review"), "decided": gettext_lazy("Decided"),
                "draft": gettext_lazy("Drafts"), "all": gettext_lazy("All")}


@capability_required(Capability.REVIEW_INTERPRETER_APPLICATIONS)
def review_queue_page(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "submitted")
    state = state if state in QUEUE_STATES else "submitted"
    query = request.GET.get("q", "").strip()[:100]
    file_format = request.GET.get("format", "")
    if file_format:
        if file_format not in EXPORT_FORMATS:
            return HttpResponseBadRequest(_("Unknown export format “%(format)s”; use csv or xlsx.") % {
                "format": file_format[:10]})
        return export_response(
            actor=request.user, rows=review_queue_rows(actor=request.user, state=state, query=query),
            columns=EXPORT_COLUMNS, filename_stem=f"interpreter-applications-{state}", file_format=file_format,
            object_type="interpreters.application", persons=[])
    page = review_queue(actor=request.user, state=state, query=query, page_number=request.GET.get("page", 1))
    template = "interpreters/review/_queue_results.html" if request.headers.get("HX-Request") else \
        "interpreters/review/queue.html"
    return render(request, template, {
        "page": page, "state": state, "query": query, "query_string": urlencode({"state": state, "q": query}),
        "states": [(key, QUEUE_LABELS[key]) for key in QUEUE_STATES]})


@capability_required(Capability.REVIEW_INTERPRETER_APPLICATIONS)
def review_detail(request: HttpRequest, application_id: int, forms: dict | None = None,
                  status: int = 200) -> HttpResponse:
    application = application_for_review(actor=request.user, application_id=application_id)
    report = sources_report(actor=request.user, interpreter=application.interpreter, purpose="review")
    claims = list(application.claims.all())
    counts = service.review_counts(application)
    reviewing = application.state == ApplicationState.SUBMITTED
    forms = forms or {}
    rows = [{
        "claim": claim, "confirmation": report.confirmation(claim),
        "form": forms.get(claim.pk) or ReasonForm(prefix=f"claim-{claim.pk}"),
    } for claim in claims]
    return render(request, "interpreters/review/detail.html", {
        "application": application, "interpreter": application.interpreter, "report": report, "rows": rows,
        "counts": counts, "reviewing": reviewing, "decisions": EVIDENCE_DECISIONS,
        "conclude_form": forms.get("conclude") or ConcludeForm(),
        "can_conclude": reviewing and counts["pending"] == 0 and bool(claims),
        "general_documents": [d for d in application.documents.all() if d.claim_id is None],
        "categories": expected_categories(application=application, today=timezone.localdate()),
    }, status=status)


@require_POST
@capability_required(Capability.REVIEW_INTERPRETER_APPLICATIONS)
def review_claim_decide(request: HttpRequest, application_id: int, claim_id: int) -> HttpResponse:
    claim = get_object_or_404(EvidenceClaim, pk=claim_id, application_id=application_id)
    form = ReasonForm(request.POST, prefix=f"claim-{claim.pk}")
    decision = request.POST.get("decision", "")
    if form.is_valid():
        try:
            service.claim_decide(actor=request.user, claim=claim, decision=decision,
                                 reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error.messages)
        except service.IllegalApplicationTransition as refused:
            messages.error(request, str(refused))
            return redirect("interpreters:review_detail", application_id=application_id)
        else:
            messages.success(request, _("The decision on “%(claim)s” is saved.") % {"claim": claim})
            return redirect(reverse("interpreters:review_detail", args=[application_id]) + f"#claim-{claim.pk}")
    return review_detail(request, application_id, forms={claim.pk: form}, status=400)


@require_POST
@capability_required(Capability.REVIEW_INTERPRETER_APPLICATIONS)
def review_conclude(request: HttpRequest, application_id: int) -> HttpResponse:
    application = application_for_review(actor=request.user, application_id=application_id)
    form = ConcludeForm(request.POST)
    if form.is_valid():
        try:
            application = service.application_conclude(actor=request.user, application=application,
                                                       note=form.cleaned_data["note"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        except service.IllegalApplicationTransition as refused:
            messages.error(request, str(refused))
            return redirect("interpreters:review_detail", application_id=application_id)
        else:
            messages.success(request, _("The application is %(state)s; the interpreter is told by email.") % {
                "state": ApplicationState(application.state).label.lower()})
            return redirect("interpreters:review_queue")
    return review_detail(request, application_id, forms={"conclude": form}, status=400)


def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    """A document, for its applicant or a reviewer only (404 for anyone else), audited, always as a download."""
    if not request.user.is_authenticated:
        return redirect(f"{_login_url()}?{urlencode({'next': request.get_full_path()})}")
    document = document_for(actor=request.user, document_id=document_id)
    return stored_document_response(document)


def _login_url() -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    return resolve_url(settings.LOGIN_URL)
