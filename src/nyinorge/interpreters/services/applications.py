"""Applications to the interpreter register: the applicant's draft (languages, evidence claims, documents),
submission (claims become pending `Evidence` through `evidence_add`), the reviewer's decision on
each piece of evidence (`evidence_set_status`), the conclusion with an email to the interpreter, amendment and
resubmission, withdrawal. Each write is one transaction with its audit entry; files and emails follow on commit.
"""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nyinorge.core.access import Permission, require
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.services.audit import audit_record
from nyinorge.interpreters.access import is_own
from nyinorge.core.workflow import workflow_move, workflow_permission, workflow_require
from nyinorge.interpreters.access_review import APPLICATION_WORKFLOW, may_review
from nyinorge.interpreters.categories import LANGUAGE_FREE_KINDS
from nyinorge.interpreters.languages import is_known, language_name
from nyinorge.interpreters.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationLanguage,
    Evidence,
    EvidenceClaim,
    Interpreter,
    InterpreterLanguage,
)
from nyinorge.interpreters.services.categories import categories_recompute
from nyinorge.interpreters.services.evidence import _validate as evidence_validate
from nyinorge.interpreters.services.evidence import evidence_add, evidence_set_status
from nyinorge.interpreters.services.register import interpreter_language_add, interpreter_set_status
from nyinorge.interpreters.storage import document_delete
from nyinorge.interpreters.uploads import document_store
from nyinorge.interpreters.workflows.applications import (
    EVIDENCE_DECISIONS,
    OPEN_STATES,
    ApplicationState,
    ClaimStatus,
    IllegalApplicationTransition,
    conclusion_for,
)

logger = logging.getLogger(__name__)

MAX_DOCUMENTS = 20
MAX_LANGUAGES = 10
CLAIM_FIELDS = ("kind", "language", "variant", "obtained_on", "valid_until", "institution", "credits")


def _audit(*, actor: User | None, action: str, application: Application, detail: str) -> None:
    audit_record(actor=actor, action=action, object_type="interpreters.application", object_id=application.pk,
                 username="system" if actor is None else "",
                 detail=f"interpreter {application.interpreter_id}: {detail}")


def application_permission(user: User | None, application: Application, name: str) -> Permission:
    """Whether the user may take this workflow action on the application now, and why (not)."""
    return workflow_permission(workflow=APPLICATION_WORKFLOW, record=application, name=name, user=user)


def _require_transition(*, actor: User | None, application: Application, name: str) -> None:
    """Checked before the work a step does (documents, evidence), which the move itself then checks again."""
    workflow_require(workflow=APPLICATION_WORKFLOW, record=application, name=name, user=actor)


def _locked(application: Application) -> Application:
    return Application.objects.select_for_update(of=("self",)).select_related("interpreter").get(pk=application.pk)


def _require_own_draft(*, actor: User, application: Application) -> None:
    if not is_own(actor, application.interpreter):
        raise PermissionDenied(_("Only the interpreter who applies can change the application."))
    if application.state != ApplicationState.DRAFT:
        raise IllegalApplicationTransition(_("The application is “%(state)s”; only a draft can be changed.") % {
            "state": ApplicationState(application.state).label})


# --- The applicant's draft -------------------------------------------------------------------------------------

def application_start(*, actor: User, interpreter: Interpreter) -> Application:
    """The interpreter's open application, or a new draft (a first application, or a new one after a decision)."""
    if not is_own(actor, interpreter):
        raise PermissionDenied(_("Only the interpreter can apply."))
    with transaction.atomic():
        Interpreter.objects.select_for_update().filter(pk=interpreter.pk).first()  # one draft even on a double click
        open_application = interpreter.applications.filter(state__in=OPEN_STATES).first()
        if open_application is not None:
            return open_application
        application = Application.objects.create(interpreter=interpreter)
        # A further application starts from the languages the interpreter already works in.
        ApplicationLanguage.objects.bulk_create([
            ApplicationLanguage(application=application, language=row.language, variant=row.variant)
            for row in InterpreterLanguage.objects.filter(interpreter=interpreter)
        ])
        ApplicationEvent.objects.create(application=application, name="start", to_state=application.state, actor=actor)
        _audit(actor=actor, action=AuditEntry.Action.CREATE, application=application, detail="draft started")
    return application


def application_update(*, actor: User, application: Application, languages: list[tuple[str, str]],
                       message: str = "") -> Application:
    """Set the languages applied for (code, variant) and the message to the reviewer."""
    _require_own_draft(actor=actor, application=application)
    wanted = []
    for language, variant in languages:
        language, variant = language.strip(), variant.strip()
        if not is_known(language, variant):
            raise ValidationError({"languages": [_("“%(language)s” is not a language (or variant) of the register.")
                                                 % {"language": f"{language}/{variant}" if variant else language}]})
        if (language, variant) not in wanted:
            wanted.append((language, variant))
    if not wanted:
        raise ValidationError({"languages": [_("Choose at least one language you interpret.")]})
    if len(wanted) > MAX_LANGUAGES:
        raise ValidationError({"languages": [_("Choose at most %(max)d languages.") % {"max": MAX_LANGUAGES}]})
    claimed = {(claim.language, claim.variant) for claim in application.claims.exclude(language="")}
    missing = sorted(claimed - set(wanted))
    if missing:
        raise ValidationError({"languages": [_("You have evidence for %(languages)s; keep the language or remove the "
                                               "evidence first.") % {"languages": ", ".join(
                                                   language_name(language) for language, _variant in missing)}]})
    with transaction.atomic():
        application = _locked(application)
        _require_own_draft(actor=actor, application=application)
        application.languages.all().delete()
        ApplicationLanguage.objects.bulk_create([
            ApplicationLanguage(application=application, language=language, variant=variant)
            for language, variant in wanted])
        application.message = message.strip()
        application.save(update_fields=["message", "updated_at"])
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, application=application,
               detail="languages: " + ", ".join(f"{code}/{variant}" if variant else code for code, variant in wanted))
    return application


def _claim_validated(claim: EvidenceClaim) -> EvidenceClaim:
    """The same checks `evidence_add` makes at submission, so a draft never fails later for what could be said now."""
    claim.language, claim.variant = claim.language.strip(), claim.variant.strip()
    claim.institution = claim.institution.strip()
    if claim.kind in LANGUAGE_FREE_KINDS:
        claim.language = claim.variant = ""
    if claim.credits == 0:
        claim.credits = None
    evidence_validate(Evidence(
        kind=claim.kind, language=claim.language, variant=claim.variant, obtained_on=claim.obtained_on,
        valid_until=claim.valid_until, institution=claim.institution, credits=claim.credits))
    claim.full_clean(exclude=["application", "evidence", "previous_evidence"])
    return claim


def _language_joined(application: Application, claim: EvidenceClaim) -> None:
    if claim.language and len({*application.languages.values_list("language", "variant"),
                                (claim.language, claim.variant)}) > MAX_LANGUAGES:
        raise ValidationError({"language": [_("Choose at most %(max)d languages.") % {"max": MAX_LANGUAGES}]})
    if claim.language:
        ApplicationLanguage.objects.get_or_create(application=application, language=claim.language,
                                                  variant=claim.variant)


def claim_add(*, actor: User, application: Application, kind: str, obtained_on: datetime.date, language: str = "",
              variant: str = "", valid_until: datetime.date | None = None, institution: str = "",
              credits: int | None = None, origin: str = EvidenceClaim.Origin.APPLICANT) -> EvidenceClaim:
    """Add a qualification to the draft (its language joins the languages applied for)."""
    _require_own_draft(actor=actor, application=application)
    claim = _claim_validated(EvidenceClaim(
        application=application, kind=kind, language=language, variant=variant, obtained_on=obtained_on,
        valid_until=valid_until, institution=institution, credits=credits, origin=origin))
    with transaction.atomic():
        application = _locked(application)
        _require_own_draft(actor=actor, application=application)
        _language_joined(application, claim)
        claim.save()
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, application=application,
               detail=f"claim {claim.pk} added: {kind} {claim.language}".strip())
    return claim


def _require_changeable(*, actor: User, claim: EvidenceClaim) -> None:
    _require_own_draft(actor=actor, application=claim.application)
    if claim.locked:
        raise ValidationError(_("This evidence is approved and cannot be changed."))


def claim_update(*, actor: User, claim: EvidenceClaim, **changes: object) -> EvidenceClaim:
    """Change a claim that is not yet submitted, or that was rejected (it is then reviewed again)."""
    unknown = set(changes) - set(CLAIM_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        claim = EvidenceClaim.objects.select_for_update(of=("self",)).select_related(
            "application__interpreter", "evidence").get(pk=claim.pk)
        _require_changeable(actor=actor, claim=claim)
        for field, value in changes.items():
            setattr(claim, field, value)
        _claim_validated(claim)
        _language_joined(claim.application, claim)
        claim.save()
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, application=claim.application,
               detail=f"claim {claim.pk} changed: " + ", ".join(sorted(changes)))
    return claim


def claim_remove(*, actor: User, claim: EvidenceClaim) -> None:
    """Remove a claim that is not approved, with the documents that support it."""
    with transaction.atomic():
        claim = EvidenceClaim.objects.select_for_update(of=("self",)).select_related(
            "application__interpreter", "evidence").get(pk=claim.pk)
        _require_changeable(actor=actor, claim=claim)
        names = list(claim.documents.values_list("stored_name", flat=True))
        claim.documents.all().delete()
        claim_id = claim.pk
        claim.delete()
        _audit(actor=actor, action=AuditEntry.Action.DELETE, application=claim.application,
               detail=f"claim {claim_id} removed with {len(names)} documents")
        transaction.on_commit(lambda: [document_delete(name) for name in names])


def document_add(*, actor: User, application: Application, upload: UploadedFile,
                 claim: EvidenceClaim | None = None) -> ApplicationDocument:
    """Check and store an uploaded document for the draft (optionally for one claim); ValidationError if refused."""
    _require_own_draft(actor=actor, application=application)
    if claim is not None and (claim.application_id != application.pk or claim.locked):
        raise ValidationError({"claim": [_("Choose evidence of this application that is not yet approved.")]})

    def record(checked, name: str) -> ApplicationDocument:
        with transaction.atomic():
            locked = _locked(application)
            _require_own_draft(actor=actor, application=locked)
            if locked.documents.count() >= MAX_DOCUMENTS:
                raise ValidationError({"document": [_("An application can have at most %(max)d documents; remove one "
                                                      "first.") % {"max": MAX_DOCUMENTS}]})
            document = ApplicationDocument.objects.create(
                application=locked, claim=claim, stored_name=name, display_name=checked.display_name,
                content_type=checked.content_type, size=checked.size, sha256=checked.sha256, uploaded_by=actor)
            _audit(actor=actor, action=AuditEntry.Action.CREATE, application=locked,
                   detail=f"document {document.pk} uploaded ({checked.content_type}, {checked.size} bytes)")
        return document

    return document_store(upload, record=record)


def document_remove(*, actor: User, document: ApplicationDocument) -> None:
    """Remove a document from the draft (not one that supports approved evidence)."""
    with transaction.atomic():
        document = ApplicationDocument.objects.select_for_update(of=("self",)).select_related(
            "application__interpreter", "claim__evidence").get(pk=document.pk)
        _require_own_draft(actor=actor, application=document.application)
        if document.claim is not None and document.claim.locked:
            raise ValidationError(_("This document supports approved evidence and stays with the application."))
        name, document_id = document.stored_name, document.pk
        document.delete()
        _audit(actor=actor, action=AuditEntry.Action.DELETE, application=document.application,
               detail=f"document {document_id} removed")
        transaction.on_commit(lambda: document_delete(name))


# --- Submission and review -------------------------------------------------------------------------------------

def _submission_errors(application: Application) -> list[str]:
    errors = []
    if not application.languages.exists():
        errors.append(_("Choose at least one language you interpret."))
    claims = list(application.claims.select_related("evidence").prefetch_related("documents"))
    if not claims:
        errors.append(_("Add at least one qualification (evidence) to apply for."))
    for claim in claims:
        needs_review = claim.evidence_id is None or claim.evidence.status == Evidence.Status.REJECTED
        if needs_review and claim.origin == EvidenceClaim.Origin.APPLICANT and not claim.documents.all():
            errors.append(_("Upload a document for “%(claim)s”.") % {"claim": claim})
    if claims and not any(c.evidence_id is None or c.evidence.status == Evidence.Status.REJECTED for c in claims):
        errors.append(_("Nothing new to review: add evidence or change a rejected one."))
    return errors


def application_submit(*, actor: User, application: Application) -> Application:
    """Send the draft to review: each new or changed claim becomes pending evidence in the register."""
    with transaction.atomic():
        application = _locked(application)
        _require_transition(actor=actor, application=application, name="submit")
        errors = _submission_errors(application)
        if errors:
            raise ValidationError(errors)
        interpreter = application.interpreter
        for row in application.languages.all():
            interpreter_language_add(actor=actor, interpreter=interpreter, language=row.language, variant=row.variant)
        for claim in application.claims.select_related("evidence").select_for_update(of=("self",)):
            if claim.evidence_id is not None and claim.evidence.status != Evidence.Status.REJECTED:
                continue
            previous = claim.evidence if claim.evidence_id is not None else claim.previous_evidence
            claim.evidence = evidence_add(
                actor=actor, interpreter=interpreter, kind=claim.kind, language=claim.language, variant=claim.variant,
                obtained_on=claim.obtained_on, valid_until=claim.valid_until, institution=claim.institution,
                credits=claim.credits, status=Evidence.Status.PENDING, recompute=False,
                source=Evidence.Source.ADAPTER if claim.origin == EvidenceClaim.Origin.SOURCE else Evidence.Source.APPLICATION)
            claim.previous_evidence = previous
            claim.save(update_fields=["evidence", "previous_evidence"])
        categories_recompute(interpreter=interpreter, actor=actor, reason=f"application {application.pk} submitted")
        return workflow_move(workflow=APPLICATION_WORKFLOW, record=application, name="submit", actor=actor,
                             submitted_at=timezone.now())


def _require_reviewable(*, actor: User, application: Application) -> None:
    require(may_review(actor))
    if is_own(actor, application.interpreter):
        raise PermissionDenied(_("You cannot review your own application."))
    if application.state != ApplicationState.SUBMITTED:
        raise IllegalApplicationTransition(_("The application is “%(state)s”; only a submitted application is reviewed.")
                                           % {"state": ApplicationState(application.state).label})


def claim_decide(*, actor: User, claim: EvidenceClaim, decision: str, reason: str = "") -> EvidenceClaim:
    """Approve or reject one piece of submitted evidence (a rejection needs a reason the interpreter will read)."""
    if decision not in EVIDENCE_DECISIONS:
        raise ValidationError({"decision": [_("Unknown decision “%(decision)s”.") % {"decision": decision}]})
    rule = EVIDENCE_DECISIONS[decision]
    reason = reason.strip()
    if rule.requires_reason and not reason:
        raise ValidationError({"reason": [_("Give a reason for the rejection; the interpreter is told it.")]})
    with transaction.atomic():
        claim = EvidenceClaim.objects.select_related("application__interpreter", "evidence").get(pk=claim.pk)
        application = _locked(claim.application)
        _require_reviewable(actor=actor, application=application)
        if claim.evidence_id is None:
            raise ValidationError(_("This evidence was not submitted."))
        evidence_set_status(actor=actor, evidence=claim.evidence, status=rule.status, reason=reason)
        claim.evidence.refresh_from_db()
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, application=application,
               detail=f"claim {claim.pk} (evidence {claim.evidence_id}): {decision}")
    return claim


def review_counts(application: Application) -> dict[str, int]:
    """How many claims of the application are approved, rejected and still pending."""
    counts = {ClaimStatus.APPROVED: 0, ClaimStatus.REJECTED: 0, ClaimStatus.PENDING: 0}
    for claim in application.claims.select_related("evidence"):
        counts[claim.status] += 1
    return {str(status): count for status, count in counts.items()}


def application_conclude(*, actor: User, application: Application, note: str = "") -> Application:
    """End the review once every claim is decided: approved, partly approved or rejected follows from the
    decisions; approval lists the interpreter (if a category results); the interpreter is emailed."""
    with transaction.atomic():
        application = _locked(application)
        _require_reviewable(actor=actor, application=application)
        counts = review_counts(application)
        name = conclusion_for(approved=counts["approved"], rejected=counts["rejected"], pending=counts["pending"])
        if name is None:
            raise ValidationError(ngettext(
                "%(count)d piece of evidence still awaits a decision.",
                "%(count)d pieces of evidence still await a decision.", counts["pending"]) % {"count": counts["pending"]})
        application = workflow_move(workflow=APPLICATION_WORKFLOW, record=application, name=name, actor=actor,
                                    reason=note, decided_at=timezone.now(), decided_by=actor, decision_note=note.strip())
        interpreter = Interpreter.objects.get(pk=application.interpreter_id)
        listed = _list_if_qualified(actor=actor, interpreter=interpreter, application=application)
        from nyinorge.core.tasks import enqueue_on_commit
        from nyinorge.interpreters import tasks

        enqueue_on_commit(tasks.application_decision_email, application_id=application.pk, listed=listed,
                          state=application.state, decision_round=application.round)
    return application


def _list_if_qualified(*, actor: User, interpreter: Interpreter, application: Application) -> bool:
    """Approved evidence lists an applicant (or a withdrawn interpreter) once any language has a category."""
    if interpreter.status == Interpreter.Status.ACTIVE:
        return True
    if application.state == ApplicationState.REJECTED or interpreter.status == Interpreter.Status.SUSPENDED:
        return False
    if not InterpreterLanguage.objects.filter(interpreter=interpreter, category_rank__gt=0).exists():
        return False
    interpreter_set_status(actor=actor, interpreter=interpreter, status=Interpreter.Status.ACTIVE,
                           reason=_("Application %(id)s approved") % {"id": application.pk})
    return True


def application_amend(*, actor: User, application: Application) -> Application:
    """Reopen a rejected or partly approved application as a draft, to change the rejected evidence and resubmit."""
    with transaction.atomic():
        application = _locked(application)
        _require_transition(actor=actor, application=application, name="amend")
        if application.interpreter.applications.filter(state__in=OPEN_STATES).exists():
            raise ValidationError(_("You already have an open application; continue that one."))
        return workflow_move(workflow=APPLICATION_WORKFLOW, record=application, name="amend", actor=actor,
                             round=application.round + 1, decided_at=None, decided_by=None)


def application_withdraw(*, actor: User, application: Application, reason: str = "") -> Application:
    """The applicant withdraws a draft or submitted application; evidence still awaiting review is closed."""
    with transaction.atomic():
        application = _locked(application)
        _require_transition(actor=actor, application=application, name="withdraw")
        pending = [claim.evidence for claim in application.claims.select_related("evidence")
                   if claim.evidence_id is not None and claim.evidence.status == Evidence.Status.PENDING]
        for evidence in pending:
            # The system closes it (the applicant may not review evidence, not even to close their own).
            evidence_set_status(actor=None, evidence=evidence, status=Evidence.Status.REJECTED,
                                reason=_("The application was withdrawn by the applicant."))
        return workflow_move(workflow=APPLICATION_WORKFLOW, record=application, name="withdraw", actor=actor,
                             reason=reason)


def application_decision_send(*, application_id: int, listed: bool, state: str, decision_round: int,
                              attempt: int = 1) -> bool:
    """Email the interpreter the outcome (a task, after commit); retried with backoff, the decision stands either
    way. Idempotent: once the application has moved on (amended, decided again) this decision is not sent."""
    from nyinorge.core.tasks import email_send_with_retry
    from nyinorge.interpreters import tasks
    from nyinorge.interpreters.emails import application_decision_message

    application = Application.objects.select_related("interpreter__user").get(pk=application_id)
    if (application.state, application.round) != (state, decision_round):
        logger.info("Application %s moved on before its decision was emailed; not sent", application_id)
        return False
    message = application_decision_message(application=application, listed=listed)
    if message is None:
        logger.warning("Application %s decided, but the interpreter has no email address", application_id)
        return False
    return email_send_with_retry(message=message, job=tasks.application_decision_email, attempt=attempt,
                                 what=f"Emailing the decision on application {application_id}",
                                 application_id=application_id, listed=listed, state=state,
                                 decision_round=decision_round)
