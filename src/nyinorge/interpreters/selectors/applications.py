"""Reading applications: the applicant's own, the reviewers' queue and one application for review; audited."""

import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nyinorge.core.access import require
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.services.audit import audit_record
from nyinorge.interpreters.access_review import may_read_document, may_review
from nyinorge.interpreters.categories import category_label, rule_table_current
from nyinorge.interpreters.models import Application, ApplicationDocument, Evidence, Interpreter
from nyinorge.interpreters.services.categories import qualifications_from
from nyinorge.interpreters.workflows.applications import ApplicationState

PAGE_SIZE = 25


def interpreter_of(user: User) -> Interpreter | None:
    """The interpreter whose login this is, or None."""
    if not user.is_authenticated:
        return None
    return Interpreter.objects.filter(user=user).select_related("municipality").first()


def _with_details(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.select_related("interpreter__municipality", "decided_by").prefetch_related(
        "languages", "claims__evidence", "claims__previous_evidence", "claims__documents", "documents", "events__actor")


def application_own(*, actor: User, application_id: int | None = None) -> Application | None:
    """The applicant's application (the open one, else the latest; or the one asked for), audited as a read."""
    interpreter = interpreter_of(actor)
    if interpreter is None:
        return None
    applications = _with_details(interpreter.applications.all())
    if application_id is not None:
        application = applications.filter(pk=application_id).first()
        if application is None:
            raise Http404(_("No such application, or not one of yours."))
    else:
        application = (applications.filter(state__in=[ApplicationState.DRAFT, ApplicationState.SUBMITTED]).first()
                       or applications.order_by("-created_at", "-id").first())
    if application is not None:
        audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="interpreters.application",
                     object_id=application.pk, detail=f"interpreter {interpreter.pk}: own application")
    return application


QUEUE_STATES = {
    "submitted": [ApplicationState.SUBMITTED],
    "decided": [ApplicationState.APPROVED, ApplicationState.PARTLY_APPROVED, ApplicationState.REJECTED],
    "draft": [ApplicationState.DRAFT],
    "all": list(ApplicationState.values),
}


def _queue(*, state: str, query: str) -> QuerySet[Application]:
    states = QUEUE_STATES.get(state, QUEUE_STATES["submitted"])
    applications = Application.objects.filter(state__in=states).select_related("interpreter").annotate(
        claim_count=Count("claims", distinct=True),
        pending_count=Count("claims", filter=Q(claims__evidence__status="pending"), distinct=True),
    ).prefetch_related("languages")
    for word in query.split()[:5]:
        applications = applications.filter(Q(interpreter__given_name__icontains=word)
                                           | Q(interpreter__family_name__icontains=word))
    return applications.order_by("submitted_at", "created_at", "id")


def review_queue(*, actor: User, state: str = "submitted", query: str = "", page_number: int | str = 1) -> Page:
    """Applications for reviewers, oldest submission first; one audit entry naming the applications shown."""
    require(may_review(actor))
    applications = _queue(state=state, query=query)
    page = Paginator(applications, PAGE_SIZE).get_page(page_number)
    shown = [application.pk for application in page.object_list]
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="interpreters.application",
                 detail=f"review queue ({state}{', search' if query else ''}): applications "
                        + ", ".join(str(pk) for pk in shown))
    return page


def application_for_review(*, actor: User, application_id: int) -> Application:
    """One application with everything the reviewer needs; audited."""
    require(may_review(actor))
    application = _with_details(Application.objects.all()).filter(pk=application_id).first()
    if application is None:
        raise Http404(_("No such application."))
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="interpreters.application",
                 object_id=application.pk, detail=f"interpreter {application.interpreter_id}: review")
    return application


def document_for(*, actor: User, document_id: int) -> ApplicationDocument:
    """A document the actor may read (the applicant's own, or any for reviewers); 404 otherwise (no existence
    leak), audited as a read."""
    document = ApplicationDocument.objects.select_related("application__interpreter").filter(pk=document_id).first()
    if document is None or not may_read_document(actor, document):
        raise Http404(_("No such document, or not one you have access to."))
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="interpreters.application_document",
                 object_id=document.pk,
                 detail=f"interpreter {document.application.interpreter_id}: application {document.application_id}, "
                        f"{document.content_type}")
    return document


def review_queue_rows(*, actor: User, state: str = "submitted", query: str = "") -> list[dict]:
    """Every application in the queue as export rows (the export itself is audited by `core.exports`)."""
    require(may_review(actor))
    return [{
        "id": application.pk, "applicant": application.interpreter.full_name,
        "languages": [str(language.display) for language in application.languages.all()],
        "state": application.get_state_display(), "round": application.round,
        "submitted": application.submitted_at, "claims": application.claim_count, "pending": application.pending_count,
    } for application in _queue(state=state, query=query)]


def expected_categories(*, application: Application, today: datetime.date) -> list[dict]:
    """Per language applied for: the category now, and the one it would have if every claim not rejected were
    approved (the same rule table and counting as the register's, so applicants and reviewers see the effect)."""
    table = rule_table_current()
    approved = [item for item in application.interpreter.evidence.all() if item.counts_on(today)]
    hoped = approved + [
        Evidence(kind=claim.kind, language=claim.language, variant=claim.variant, obtained_on=claim.obtained_on,
                 valid_until=claim.valid_until, credits=claim.credits, status=Evidence.Status.APPROVED)
        for claim in application.claims.all() if claim.status != Evidence.Status.REJECTED
    ]
    rows = []
    for row in application.languages.all():
        now = table.category_for(qualifications_from(approved, language=row.language, variant=row.variant, on=today))
        then = table.category_for(qualifications_from(hoped, language=row.language, variant=row.variant, on=today))
        rows.append({"language": row.display, "now": category_label(now.code) if now else "",
                     "if_approved": category_label(then.code) if then else "",
                     "description": str(then.description) if then else ""})
    return rows
