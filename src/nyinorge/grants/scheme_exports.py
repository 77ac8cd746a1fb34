"""The exports of a call: applications, reviews, decisions, payments and reports as CSV or XLSX, through the one
audited export path (`core.exports.export_response`). They name organisations and the officers and reviewers who
acted, no persons of the register, so the audit entry names no person; the call and what was exported are in it.

The weighted score of an application is the ranking's (`grants.selectors.ranking.application_scores`, 0–100),
so a file and the ranking page never disagree; empty while no review is submitted."""

from collections.abc import Callable
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyinorge.core.exports import EXPORT_FORMATS, export_response
from nyinorge.core.models import User
from nyinorge.grants.application_states import A
from nyinorge.grants.models import GrantApplication, GrantCall, GrantPayment, GrantReport, ReviewAssignment
from nyinorge.grants.selectors.ranking import application_scores
from nyinorge.grants.selectors.schemes import grant_applications_visible_to
from nyinorge.grants.translated import translated

EXPORTS = ("applications", "reviews", "decisions", "payments", "reports")
EXPORT_LABELS = {"applications": gettext_lazy("Applications"), "reviews": gettext_lazy("Reviews"),
                 "decisions": gettext_lazy("Decisions"), "payments": gettext_lazy("Payments"),
                 "reports": gettext_lazy("Reports")}


def _applications(actor: User, call: GrantCall):
    return (grant_applications_visible_to(actor).filter(call=call).exclude(state=A.DRAFT)
            .select_related("applicant").order_by("id"))


def _score(application: GrantApplication, criteria: list) -> Decimal | None:
    submitted = [review for review in application.reviews.all() if review.state == ReviewAssignment.State.SUBMITTED]
    return application_scores(application, criteria, submitted).score


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else ""


def applications_rows(actor: User, call: GrantCall) -> tuple[list[tuple[str, str]], list[dict]]:
    criteria = list(call.scheme.criteria.all())
    columns = [("id", _("Application")), ("applicant", _("Applicant")), ("org_number", _("Organisation number")),
               ("title", _("Project title")), ("applied", _("Applied for (NOK)")),
               ("proposed", _("Proposed (NOK)")), ("granted", _("Granted (NOK)")), ("state", _("State")),
               ("eligible", _("Eligible")), ("eligibility", _("Eligibility check")),
               ("score", _("Weighted score (0–100)")), ("submitted", _("Submitted"))]
    rows = []
    for application in _applications(actor, call).prefetch_related("reviews"):
        checks = application.eligibility or []
        rows.append({
            "id": application.pk, "applicant": application.applicant.name if application.applicant else
            application.nominator_name, "org_number": getattr(application.applicant, "organisation_number", ""),
            "title": application.project_title, "applied": application.amount_applied,
            "proposed": application.proposed_amount, "granted": application.amount_granted,
            "state": application.get_state_display(),
            "eligible": all(check.get("ok") for check in checks) if checks else None,
            "eligibility": "; ".join(translated(check.get("message")) for check in checks if not check.get("ok")),
            "score": _score(application, criteria), "submitted": application.submitted_at})
    return columns, rows


def reviews_rows(actor: User, call: GrantCall) -> tuple[list[tuple[str, str]], list[dict]]:
    criteria = list(call.scheme.criteria.all())
    columns = [("application", _("Application")), ("title", _("Project title")), ("reviewer", _("Reviewer")),
               ("state", _("State")), ("conflict", _("Conflict of interest"))]
    for criterion in criteria:
        label = translated(criterion.label)
        columns += [(f"score_{criterion.key}", _("%(criterion)s: score") % {"criterion": label}),
                    (f"comment_{criterion.key}", _("%(criterion)s: comment") % {"criterion": label})]
    columns.append(("submitted", _("Submitted")))
    reviews = (ReviewAssignment.objects.filter(application__in=_applications(actor, call))
               .select_related("application", "reviewer").order_by("application_id", "id"))
    rows = []
    for review in reviews:
        row = {"application": review.application_id, "title": review.application.project_title,
               "reviewer": _name(review.reviewer), "state": review.get_state_display(),
               "conflict": review.conflict_note, "submitted": review.submitted_at}
        for criterion in criteria:
            given = review.scores.get(criterion.key) or {}
            row[f"score_{criterion.key}"] = given.get("score")
            row[f"comment_{criterion.key}"] = given.get("comment", "")
        rows.append(row)
    return columns, rows


def decisions_rows(actor: User, call: GrantCall) -> tuple[list[tuple[str, str]], list[dict]]:
    labels = {c.key: translated(c.label) for c in call.scheme.criteria.all()}
    columns = [("id", _("Application")), ("applicant", _("Applicant")), ("title", _("Project title")),
               ("decision", _("Decision")), ("granted", _("Granted (NOK)")), ("conditions", _("Conditions")),
               ("reasons", _("Reasons")), ("criteria", _("Criteria the decision rests on")),
               ("decided", _("Decided")), ("appeal_deadline", _("Appeal deadline")),
               ("appealed", _("Appealed")), ("appeal_reasons", _("Reasons for the appeal decision"))]
    rows = []
    for application in _applications(actor, call).filter(decided_at__isnull=False):
        rows.append({
            "id": application.pk, "applicant": application.applicant.name if application.applicant else
            application.nominator_name, "title": application.project_title,
            "decision": application.get_state_display(), "granted": application.amount_granted,
            "conditions": application.conditions, "reasons": application.decision_reasons,
            "criteria": [labels.get(key, key) for key in application.decision_criteria or []],
            "decided": application.decided_at, "appeal_deadline": application.appeal_deadline,
            "appealed": application.appealed_at, "appeal_reasons": application.appeal_reasons})
    return columns, rows


def payments_rows(actor: User, call: GrantCall) -> tuple[list[tuple[str, str]], list[dict]]:
    columns = [("application", _("Application")), ("applicant", _("Applicant")),
               ("org_number", _("Organisation number")), ("instalment", _("Instalment")), ("due", _("Due")),
               ("amount", _("Amount (NOK)")), ("state", _("State")), ("prepared_by", _("Prepared by")),
               ("approved_by", _("Approved by")), ("approved", _("Approved")), ("run", _("Payout file of run")),
               ("exported", _("Exported")), ("note", _("Note"))]
    payments = (GrantPayment.objects.filter(application__in=_applications(actor, call))
                .select_related("application__applicant", "created_by", "approved_by", "run")
                .order_by("application_id", "number"))
    rows = [{"application": p.application_id, "applicant": p.application.applicant.name,
             "org_number": p.application.applicant.organisation_number, "instalment": p.number, "due": p.due_on,
             "amount": p.amount, "state": p.get_state_display(), "prepared_by": _name(p.created_by),
             "approved_by": _name(p.approved_by), "approved": p.approved_at, "run": str(p.run) if p.run else "",
             "exported": p.exported_at, "note": p.note} for p in payments if p.application.applicant]
    return columns, rows


def reports_rows(actor: User, call: GrantCall) -> tuple[list[tuple[str, str]], list[dict]]:
    keys = ("summary", "results", "spent", "own_contribution", "other_income", "unspent", "participants",
            "completed", "to_work", "to_education", "to_work_or_education")
    labels = {"summary": _("Summary"), "results": _("Results"), "spent": _("Spent of the grant (NOK)"),
              "own_contribution": _("Own contribution (NOK)"), "other_income": _("Other income (NOK)"),
              "unspent": _("Unspent (NOK)"), "participants": _("Participants"), "completed": _("Completed"),
              "to_work": _("Went to work"), "to_education": _("Went to education"),
              "to_work_or_education": _("Went to work or education")}
    columns = [("application", _("Application")), ("applicant", _("Applicant")), ("kind", _("Report")),
               ("due", _("Due")), ("state", _("State")), ("submitted", _("Submitted")),
               ("reviewed", _("Reviewed")), ("note", _("Review")), *((key, labels[key]) for key in keys)]
    reports = (GrantReport.objects.filter(application__in=_applications(actor, call))
               .select_related("application__applicant").order_by("application_id", "due_on", "id"))
    rows = [{"application": r.application_id, "applicant": r.application.applicant.name
             if r.application.applicant else "", "kind": r.get_kind_display(), "due": r.due_on,
             "state": r.get_state_display(), "submitted": r.submitted_at, "reviewed": r.reviewed_at,
             "note": r.review_note, **{key: r.content.get(key) for key in keys}} for r in reports]
    return columns, rows


BUILDERS: dict[str, Callable] = {"applications": applications_rows, "reviews": reviews_rows,
                                 "decisions": decisions_rows, "payments": payments_rows, "reports": reports_rows}


def scheme_export(*, actor: User, call: GrantCall, what: str, file_format: str) -> HttpResponse:
    """One of the call's exports as a download (audited by `export_response`); ValueError for an unknown one."""
    if what not in BUILDERS or file_format not in EXPORT_FORMATS:
        raise ValueError(what)
    columns, rows = BUILDERS[what](actor, call)
    return export_response(actor=actor, rows=rows, columns=columns,
                           filename_stem=f"{call.scheme.code}-{call.budget_year}-{what}", file_format=file_format,
                           object_type=f"grants.grantcall.{what}", persons=[])
