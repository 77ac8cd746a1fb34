"""Evidence of qualifications: added (by application, external source or staff), reviewed, revoked.

Every change that can move a category recomputes the interpreter's categories in the same transaction.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import require
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.services.audit import audit_record
from nyinorge.interpreters.access import is_own, may_act_for, may_manage_register
from nyinorge.interpreters.categories import LANGUAGE_FREE_KINDS, EvidenceKind
from nyinorge.interpreters.languages import is_known
from nyinorge.interpreters.models import Evidence, Interpreter
from nyinorge.interpreters.services.categories import categories_recompute

MAX_CREDITS = 600


def _validate(evidence: Evidence) -> None:
    errors: dict[str, list[str]] = {}
    if evidence.kind not in EvidenceKind.values:
        errors["kind"] = [_("Unknown kind of evidence “%(kind)s”.") % {"kind": evidence.kind}]
    elif evidence.kind in LANGUAGE_FREE_KINDS:
        if evidence.language or evidence.variant:
            errors["language"] = [_("The TAO course is not tied to a language; leave the language empty.")]
    elif not evidence.language:
        errors["language"] = [_("Choose the language this evidence is for.")]
    elif not is_known(evidence.language, evidence.variant):
        errors["language"] = [_("“%(language)s” is not a language (or variant) of the register.") % {
            "language": f"{evidence.language}/{evidence.variant}" if evidence.variant else evidence.language}]
    if evidence.kind == EvidenceKind.EDUCATION:
        if not evidence.credits:
            errors["credits"] = [_("Give the credits (studiepoeng) of the interpreting education.")]
        elif evidence.credits > MAX_CREDITS:
            errors["credits"] = [_("At most %(max)s credits.") % {"max": MAX_CREDITS}]
        if not evidence.institution.strip():
            errors["institution"] = [_("Name the institution.")]
    elif evidence.credits is not None:
        errors["credits"] = [_("Only interpreting education has credits.")]
    if evidence.obtained_on and evidence.obtained_on > timezone.localdate():
        errors["obtained_on"] = [_("The date obtained cannot be in the future.")]
    if evidence.valid_until and evidence.obtained_on and evidence.valid_until < evidence.obtained_on:
        errors["valid_until"] = [_("“Valid until” cannot be before the date obtained.")]
    if errors:
        raise ValidationError(errors)


def evidence_add(
    *,
    actor: User | None,
    interpreter: Interpreter,
    kind: str,
    language: str = "",
    variant: str = "",
    obtained_on: datetime.date,
    valid_until: datetime.date | None = None,
    institution: str = "",
    credits: int | None = None,
    status: str = Evidence.Status.PENDING,
    source: str,
    recompute: bool = True,
) -> Evidence:
    """Add evidence; the interpreter's own login may only add it pending review. Approved evidence counts at once
    (`recompute=False` only for loaders that add several and then call `categories_recompute` once)."""
    require(may_act_for(actor, interpreter))
    if status != Evidence.Status.PENDING and not may_manage_register(actor):
        raise PermissionDenied(_("Only the directorate can add evidence that is already reviewed."))
    if source not in Evidence.Source.values:
        raise ValidationError({"source": [_("Unknown source “%(source)s”.") % {"source": source}]})
    if status not in Evidence.Status.values:
        raise ValidationError({"status": [_("Unknown status “%(status)s”.") % {"status": status}]})
    evidence = Evidence(
        interpreter=interpreter, kind=kind, language=language.strip(), variant=variant.strip(), obtained_on=obtained_on,
        valid_until=valid_until, institution=institution.strip(), credits=credits, status=status, source=source,
    )
    if status != Evidence.Status.PENDING:
        evidence.reviewed_by = actor
        evidence.reviewed_at = timezone.now()
    _validate(evidence)
    evidence.full_clean(exclude=["reviewed_by"])
    with transaction.atomic():
        evidence.save()
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="interpreters.evidence",
                     object_id=evidence.pk, username="system" if actor is None else "",
                     detail=f"interpreter {interpreter.pk}: {kind} {evidence.language} ({status}, {source})")
        if recompute:
            categories_recompute(interpreter=interpreter, actor=actor, reason=f"evidence {evidence.pk} added")
    return evidence


def evidence_set_status(*, actor: User | None, evidence: Evidence, status: str, reason: str = "") -> Evidence:
    """Approve or reject evidence (reason required for a rejection), or send it back to pending; recomputes."""
    require(may_manage_register(actor))
    if status not in Evidence.Status.values:
        raise ValidationError({"status": [_("Unknown status “%(status)s”.") % {"status": status}]})
    reason = reason.strip()
    if status == Evidence.Status.REJECTED and not reason:
        raise ValidationError({"reason": [_("Give a reason for the rejection; the interpreter is told it.")]})
    with transaction.atomic():
        evidence = Evidence.objects.select_for_update(of=("self",)).select_related("interpreter").get(pk=evidence.pk)
        if is_own(actor, evidence.interpreter):
            raise PermissionDenied(_("You cannot review your own evidence."))
        before = evidence.status
        evidence.status = status
        evidence.review_reason = reason
        evidence.reviewed_by = actor if status != Evidence.Status.PENDING else None
        evidence.reviewed_at = timezone.now() if status != Evidence.Status.PENDING else None
        evidence.save(update_fields=["status", "review_reason", "reviewed_by", "reviewed_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="interpreters.evidence",
                     object_id=evidence.pk, username="system" if actor is None else "",
                     detail=f"interpreter {evidence.interpreter_id}: {before} → {status}" + (f": {reason}" if reason else ""))
        categories_recompute(interpreter=evidence.interpreter, actor=actor,
                             reason=f"evidence {evidence.pk} {status}")
    return evidence


def evidence_revoke(*, actor: User | None, evidence: Evidence, revoked_on: datetime.date, reason: str) -> Evidence:
    """Revoke evidence from a date (e.g. an authorisation withdrawn); it stops counting that day. Recomputes."""
    require(may_manage_register(actor))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Give a reason.")]})
    with transaction.atomic():
        evidence = Evidence.objects.select_for_update(of=("self",)).select_related("interpreter").get(pk=evidence.pk)
        if evidence.revoked_on is not None:
            raise ValidationError({"revoked_on": [_("This evidence was already revoked on %(date)s.") % {
                "date": evidence.revoked_on.isoformat()}]})
        if revoked_on < evidence.obtained_on:
            raise ValidationError({"revoked_on": [_("The revocation cannot be before the date obtained.")]})
        evidence.revoked_on = revoked_on
        evidence.revoked_reason = reason
        evidence.save(update_fields=["revoked_on", "revoked_reason"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="interpreters.evidence",
                     object_id=evidence.pk, username="system" if actor is None else "",
                     detail=f"interpreter {evidence.interpreter_id}: revoked from {revoked_on}: {reason}")
        # A revocation dated in the future takes effect by the daily recompute on that date.
        categories_recompute(interpreter=evidence.interpreter, actor=actor, reason=f"evidence {evidence.pk} revoked")
    return evidence
