"""An organisation's application to a call: the draft (answers to the call's form, documents), submission with
the automatic eligibility check, withdrawal, acceptance of the grant letter (which sets the follow-up plan going)
and the appeal. Every step of the workflow moves through `GRANT_APPLICATION_WORKFLOW` (history and audit in one
transaction); the draft's own edits are audited here."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.workflow import workflow_move, workflow_permission, workflow_require
from nyinorge.grants.application_states import A
from nyinorge.grants.application_workflow import GRANT_APPLICATION_WORKFLOW
from nyinorge.grants.formdefs import budget_check, form_answers_clean, whole_kroner
from nyinorge.grants.models import GrantApplication, GrantApplicationDocument, GrantCall
from nyinorge.grants.selectors.eligibility import (
    amount_problem, application_raw_answers, budget_field_key, grant_application_eligibility,
    grant_application_eligibility_stored,
)
from nyinorge.grants.services.draft_documents import draft_document_add, draft_document_remove
from nyinorge.grants.services.followup_plan import followup_plan_create

TITLE_MAX = 200


def transition_permission(user: User, application: GrantApplication, name: str):
    return workflow_permission(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name=name, user=user)


def _audit(*, actor: User, action: str, application: GrantApplication, detail: str) -> None:
    audit_record(actor=actor, action=action, object_type="grants.grantapplication", object_id=application.pk,
                 detail=f"grant application {application.call.scheme.code} {application.call.budget_year}: {detail}")


def call_refusal(call: GrantCall, organisation) -> str | None:
    """Why the organisation cannot apply to the call now, or None."""
    if call.scheme.is_prize:
        return _("A prize is not applied for; it is nominated on the public pages.")
    if not call.is_open:
        if call.published and timezone.now() > call.deadline:
            return _("The call closed at its deadline; it no longer takes applications.")
        return _("The call is not open for applications.")
    if organisation is None or not call.accepts(organisation.kind):
        kinds = ", ".join(str(label) for value, label in _applicant_kind_choices() if value in call.applicant_kinds)
        return _("Only these may apply to the call: %(kinds)s.") % {"kinds": kinds or "–"}
    return None


def _applicant_kind_choices():
    from nyinorge.grants.models.schemes import ApplicantKind

    return ApplicantKind.choices


def _require_own_draft(*, actor: User, application: GrantApplication) -> None:
    require(user_can(actor, Capability.APPLY_FOR_GRANTS))
    if application.applicant_id != actor.organisation_id:
        raise PermissionDenied(_("The application is another organisation's."))
    if application.state != A.DRAFT:
        raise ValidationError(_("Only a draft can be changed; this application is “%(state)s”.")
                              % {"state": application.get_state_display()})


def grant_application_create(*, actor: User, call: GrantCall) -> GrantApplication:
    """A draft by the actor's organisation to an open call its kind may apply to."""
    require(user_can(actor, Capability.APPLY_FOR_GRANTS))
    refusal = call_refusal(call, actor.organisation)
    if refusal:
        raise ValidationError(refusal)
    with transaction.atomic():
        application = GrantApplication.objects.create(call=call, applicant=actor.organisation, project_title="",
                                                      created_by=actor)
        _audit(actor=actor, action=AuditEntry.Action.CREATE, application=application, detail="draft created")
    return application


def _parse_amount(raw: str) -> Decimal:
    text = str(raw or "").replace("\u00a0", "").replace(" ", "")
    return whole_kroner(text) if text else Decimal(0)


def grant_application_update(*, actor: User, application: GrantApplication, project_title: str,
                             amount_applied: str, raw_answers: dict) -> dict[str, list[str]]:
    """Save what is valid of the draft; return the errors of the rest (whose stored values stay as they were)."""
    with transaction.atomic():
        application = GrantApplication.objects.select_for_update(of=("self",)).select_related(
            "call__scheme").get(pk=application.pk)
        _require_own_draft(actor=actor, application=application)
        errors: dict[str, list[str]] = {}
        title = (project_title or "").strip()
        if len(title) > TITLE_MAX:
            errors["project_title"] = [_("At most %(max)d characters.") % {"max": TITLE_MAX}]
        else:
            application.project_title = title
        try:
            application.amount_applied = _parse_amount(amount_applied)
        except ValueError as problem:
            errors["amount_applied"] = [str(problem)]
        definition = application.call.application_form or {}
        cleaned = form_answers_clean(definition, raw_answers, complete=False)
        answers = dict(cleaned.answers)
        for key in cleaned.errors:
            # A field with an error keeps its stored answer; the page shows what was typed beside the error.
            answers.pop(key, None)
            if key in (application.answers or {}):
                answers[key] = application.answers[key]
        application.answers = answers
        budget_key = budget_field_key(definition)
        if budget_key:
            application.budget = answers.get(budget_key) or {}
        errors.update(cleaned.errors)
        application.save()
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, application=application,
               detail="draft saved" + (f" ({len(errors)} field(s) not valid)" if errors else ""))
    return errors


def grant_application_document_add(*, actor: User, application: GrantApplication,
                                   upload: UploadedFile) -> GrantApplicationDocument:
    """Check (type by content, size, active PDF content) and store a document for the draft."""
    return draft_document_add(actor=actor, application=application, upload=upload,
                              document_model=GrantApplicationDocument, related=("call__scheme",),
                              require_draft=_require_own_draft, audit=_audit)


def grant_application_document_remove(*, actor: User, document: GrantApplicationDocument) -> None:
    draft_document_remove(actor=actor, document=document, related=("application__call__scheme",),
                          require_draft=_require_own_draft, audit=_audit)


def _move(application: GrantApplication, name: str, actor: User, reason: str = "", **changes) -> GrantApplication:
    return workflow_move(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name=name, actor=actor,
                         reason=reason, **changes)


def submission_errors(application: GrantApplication) -> dict[str, list[str]]:
    """What stops the draft from being submitted (the deadline is the workflow's guard): field errors by key."""
    errors: dict[str, list[str]] = {}
    if not application.project_title.strip():
        errors["project_title"] = [_("Give the project a title.")]
    problem = amount_problem(application)
    if problem:
        errors["amount_applied"] = [problem]
    definition = application.call.application_form or {}
    cleaned = form_answers_clean(definition, application_raw_answers(application), complete=True)
    errors.update(cleaned.errors)
    key = budget_field_key(definition)
    if key and key not in cleaned.errors and key in cleaned.answers:
        problems = budget_check(cleaned.answers[key], application.amount_applied)
        if problems:
            errors[key] = problems
    applicant = application.applicant
    if applicant is None or not application.call.accepts(applicant.kind):
        errors["__all__"] = [_("%(kind)s may not apply to this call.") % {
            "kind": applicant.get_kind_display() if applicant else "–"}]
    needed = next((item for item in grant_application_eligibility(application)
                   if item["rule"] == "documents" and not item["ok"]), None)
    if needed:
        errors["document"] = [needed["message"]]
    return errors


def grant_application_submit(*, actor: User, application: GrantApplication) -> GrantApplication:
    """Submit the draft: the deadline (the workflow's guard), then every answer, the budget, the amount and the
    applicant's kind; refused whole with the reasons, or submitted with the eligibility check's result."""
    with transaction.atomic():
        application = GrantApplication.objects.select_for_update(of=("self",)).select_related(
            "call__scheme", "applicant").get(pk=application.pk)
        workflow_require(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name="submit", user=actor)
        errors = submission_errors(application)
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        application.submitted_at = now
        eligibility = grant_application_eligibility_stored(application)
        return _move(application, "submit", actor, submitted_at=now, eligibility=eligibility)


def grant_application_withdraw(*, actor: User, application: GrantApplication, reason: str = "") -> GrantApplication:
    return _move(application, "withdraw", actor, reason)


def grant_application_accept(*, actor: User, application: GrantApplication) -> GrantApplication:
    """Accept the grant letter: the state, and the instalments and reports of the follow-up plan, at once."""
    with transaction.atomic():
        application = _move(application, "accept", actor, accepted_by=actor, accepted_at=timezone.now())
        followup_plan_create(application=application, accepted_on=timezone.localdate(), actor=actor)
    return application


def grant_application_appeal(*, actor: User, application: GrantApplication, text: str) -> GrantApplication:
    """The applicant's appeal, within three weeks of the decision (the workflow's guard refuses later)."""
    if not text.strip():
        workflow_require(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name="appeal", user=actor)
        raise ValidationError({"text": [_("Say what the appeal is about and why the decision should change.")]})
    return _move(application, "appeal", actor, text, appeal_text=text.strip(), appealed_at=timezone.now())
