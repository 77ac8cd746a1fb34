"""Special grant applications: the municipality's draft (with documentation), submission, the directorate's
decision with reasons and the appeal. Every step moves through `SPECIAL_GRANT_WORKFLOW` (history and audit in
one transaction); the draft's own edits are audited here."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.dates import deadline_after
from nyinorge.core.models import AuditEntry, Organisation, Person, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.workflow import workflow_move, workflow_permission, workflow_require
from nyinorge.grants.models import SpecialGrantApplication, SpecialGrantDocument
from nyinorge.grants.models.special import MAX_YEARS
from nyinorge.grants.selectors.special import special_grant_rate
from nyinorge.grants.special_states import S
from nyinorge.grants.services.draft_documents import draft_document_add, draft_document_remove
from nyinorge.grants.special_workflow import SPECIAL_GRANT_WORKFLOW

APPEAL_WEEKS = 3  # forvaltningsloven § 29; counted from the decision, which reaches the municipality that day
EDITABLE_FIELDS = ("kind", "budget_year", "years", "amount_applied", "needs", "costs")


def transition_permission(user: User, application: SpecialGrantApplication, name: str):
    return workflow_permission(workflow=SPECIAL_GRANT_WORKFLOW, record=application, name=name, user=user)


def _audit(*, actor: User, action: str, application: SpecialGrantApplication, detail: str) -> None:
    audit_record(actor=actor, action=action, object_type="grants.specialgrantapplication", object_id=application.pk,
                 person=application.person, detail=f"special grant {application.kind} {application.budget_year}: "
                                                   f"{detail}")


def _clean_fields(*, kind: str, budget_year: int, years: int, amount_applied: Decimal) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in SpecialGrantApplication.Kind.values:
        errors["kind"] = [_("Choose grant 1 or grant 2.")]
    if kind == SpecialGrantApplication.Kind.ONE_OFF and years != 1:
        errors["years"] = [_("Grant 1 is paid once: apply for one year.")]
    elif not 1 <= years <= MAX_YEARS:
        errors["years"] = [_("Apply for one to five years.")]
    if amount_applied is None or amount_applied <= 0:
        errors["amount_applied"] = [_("Give the amount applied for.")]
    elif kind in SpecialGrantApplication.Kind.values:
        rate = special_grant_rate(kind=kind, year=budget_year)
        if rate is not None and amount_applied > rate.amount:
            errors["amount_applied"] = [_("The most that can be granted for %(year)d is %(amount)s NOK per year.")
                                        % {"year": budget_year, "amount": rate.amount}]
    return errors


def _require_own_draft(*, actor: User, application: SpecialGrantApplication) -> None:
    require(user_can(actor, Capability.APPLY_SPECIAL_GRANTS))
    if actor.organisation.municipality_id != application.municipality_id:
        raise ValidationError(_("The application is another municipality's."))
    if application.state != S.DRAFT:
        raise ValidationError(_("Only a draft can be changed; this application is “%(state)s”.")
                              % {"state": application.get_state_display()})


def special_grant_create(*, actor: User, person: Person, kind: str, budget_year: int, years: int,
                         amount_applied: Decimal, needs: str, costs: str) -> SpecialGrantApplication:
    """A draft application by the actor's municipality (the person must be one the actor may see)."""
    require(user_can(actor, Capability.APPLY_SPECIAL_GRANTS))
    organisation = actor.organisation
    if organisation.kind != Organisation.Kind.MUNICIPALITY or not organisation.municipality_id:
        raise ValidationError(_("Only a municipality applies for the special grant."))
    errors = _clean_fields(kind=kind, budget_year=budget_year, years=years, amount_applied=amount_applied)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application = SpecialGrantApplication.objects.create(
            municipality_id=organisation.municipality_id, person=person, kind=kind, budget_year=budget_year,
            years=years, amount_applied=amount_applied, needs=needs.strip(), costs=costs.strip(), created_by=actor)
        _audit(actor=actor, action=AuditEntry.Action.CREATE, application=application, detail="draft created")
    return application


def special_grant_update(*, actor: User, application: SpecialGrantApplication, **fields) -> SpecialGrantApplication:
    """Change the draft's grant, years, amount and descriptions."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        application = SpecialGrantApplication.objects.select_for_update(of=("self",)).select_related(
            "person", "municipality").get(pk=application.pk)
        _require_own_draft(actor=actor, application=application)
        for name, value in fields.items():
            setattr(application, name, value.strip() if isinstance(value, str) else value)
        errors = _clean_fields(kind=application.kind, budget_year=application.budget_year, years=application.years,
                               amount_applied=application.amount_applied)
        if errors:
            raise ValidationError(errors)
        application.save()
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, application=application,
               detail=f"draft changed ({', '.join(sorted(fields))})")
    return application


def special_grant_document_add(*, actor: User, application: SpecialGrantApplication,
                               upload: UploadedFile) -> SpecialGrantDocument:
    """Check (type by content, size, active PDF content) and store a document for the draft."""
    return draft_document_add(actor=actor, application=application, upload=upload,
                              document_model=SpecialGrantDocument, related=("person",),
                              require_draft=_require_own_draft, audit=_audit)


def special_grant_document_remove(*, actor: User, document: SpecialGrantDocument) -> None:
    draft_document_remove(actor=actor, document=document, related=("application__person",),
                          require_draft=_require_own_draft, audit=_audit)


def _move(application: SpecialGrantApplication, name: str, actor: User, reason: str = "", **changes):
    return workflow_move(workflow=SPECIAL_GRANT_WORKFLOW, record=application, name=name, actor=actor,
                         reason=reason, **changes)


def special_grant_submit(*, actor: User, application: SpecialGrantApplication) -> SpecialGrantApplication:
    return _move(application, "submit", actor, submitted_at=timezone.now())


def special_grant_start_review(*, actor: User, application: SpecialGrantApplication) -> SpecialGrantApplication:
    return _move(application, "start_review", actor)


def special_grant_withdraw(*, actor: User, application: SpecialGrantApplication,
                           reason: str = "") -> SpecialGrantApplication:
    return _move(application, "withdraw", actor, reason)


def _check_amount(application: SpecialGrantApplication, amount: Decimal | None, years: int | None,
                  *, better_than: tuple[Decimal, int] | None = None) -> dict[str, list[str]]:
    """Errors of a granted amount per year and number of years: within what was applied for and the rates."""
    errors: dict[str, list[str]] = {}
    if amount is None or amount < 0:
        return {"amount_granted": [_("Give the amount granted per year (0 to refuse).")]}
    if amount > application.amount_applied:
        errors["amount_granted"] = [_("More than the %(amount)s NOK per year applied for cannot be granted.")
                                    % {"amount": application.amount_applied}]
    if amount and not (years and 1 <= years <= application.years):
        errors["years_granted"] = [_("Grant between one and %(years)d years.") % {"years": application.years}]
    if better_than is not None and (amount, years or 0) <= better_than:
        errors["amount_granted"] = [_("Upholding the appeal grants more than the decision did (%(amount)s NOK per "
                                      "year for %(years)d years).") % {"amount": better_than[0],
                                                                       "years": better_than[1]}]
    if not amount:
        return errors
    for year in range(application.budget_year, application.budget_year + (years or 1)):
        rate = special_grant_rate(kind=application.kind, year=year)
        if rate is None:
            errors.setdefault("amount_granted", []).append(
                _("No rate for %(year)d is loaded; the ceiling cannot be checked.") % {"year": year})
        elif amount > rate.amount:
            errors.setdefault("amount_granted", []).append(
                _("The most that can be granted for %(year)d is %(amount)s NOK (rate for %(rate_year)d).")
                % {"year": year, "amount": rate.amount, "rate_year": rate.budget_year})
    return errors


def decision_for(application: SpecialGrantApplication, amount: Decimal, years: int | None) -> str:
    """Which decision the amount makes: all of it (granted), some (partly granted) or nothing (refused)."""
    if not amount:
        return "refuse"
    return "grant" if amount == application.amount_applied and years == application.years else "grant_partly"


def special_grant_decide(*, actor: User, application: SpecialGrantApplication, amount_granted: Decimal,
                         years_granted: int | None, reasons: str) -> SpecialGrantApplication:
    """The directorate's decision: the amount per year and the years, with written reasons (fvl. §§ 24–25);
    the appeal deadline runs three weeks from today."""
    if application.is_one_off:
        years_granted = 1
    name = decision_for(application, amount_granted or Decimal(0), years_granted)
    workflow_require(workflow=SPECIAL_GRANT_WORKFLOW, record=application, name=name, user=actor)
    errors = _check_amount(application, amount_granted, years_granted)
    if not reasons.strip():
        errors["reasons"] = [_("An individual decision gives its reasons in writing (forvaltningsloven § 24).")]
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    granted = amount_granted if name != "refuse" else Decimal(0)
    return _move(application, name, actor, reasons, amount_granted=granted,
                 years_granted=years_granted if granted else None, decision_reasons=reasons.strip(),
                 decided_by=actor, decided_at=now,
                 appeal_deadline=deadline_after(timezone.localdate(now), weeks=APPEAL_WEEKS))


def special_grant_appeal(*, actor: User, application: SpecialGrantApplication, text: str) -> SpecialGrantApplication:
    """The municipality's appeal, within three weeks of the decision (the workflow's guard refuses later)."""
    if not text.strip():
        workflow_require(workflow=SPECIAL_GRANT_WORKFLOW, record=application, name="appeal", user=actor)
        raise ValidationError({"text": [_("Say what the appeal is about and why the decision should change.")]})
    return _move(application, "appeal", actor, text, appeal_text=text.strip(), appealed_at=timezone.now())


def special_grant_decide_appeal(*, actor: User, application: SpecialGrantApplication, uphold: bool, reasons: str,
                                amount_granted: Decimal | None = None,
                                years_granted: int | None = None) -> SpecialGrantApplication:
    """Uphold the appeal (a new, higher amount) or reject it (the decision stands), with written reasons."""
    name = "uphold_appeal" if uphold else "reject_appeal"
    workflow_require(workflow=SPECIAL_GRANT_WORKFLOW, record=application, name=name, user=actor)
    errors: dict[str, list[str]] = {}
    changes: dict = {}
    if uphold:
        years_granted = 1 if application.is_one_off else years_granted
        errors = _check_amount(application, amount_granted, years_granted,
                               better_than=(application.amount_granted or Decimal(0), application.years_granted or 0))
        changes = {"amount_granted": amount_granted, "years_granted": years_granted}
    if not reasons.strip():
        errors["reasons"] = [_("An individual decision gives its reasons in writing (forvaltningsloven § 24).")]
    if errors:
        raise ValidationError(errors)
    return _move(application, name, actor, reasons, appeal_reasons=reasons.strip(), appeal_decided_by=actor,
                 appeal_decided_at=timezone.now(), **changes)
