"""The grant officers' processing of calls: creating and changing a call (checked against the scheme's delegation
when a municipality runs it), delegating a scheme to a municipality, starting the review of submitted
applications, and the proposal of amounts that fits the frame. Every write is audited."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.dates import sane_date_refusal
from nyinorge.core.models import AuditEntry, Organisation, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.workflow import workflow_move
from nyinorge.grants.application_states import A
from nyinorge.grants.application_workflow import GRANT_APPLICATION_WORKFLOW, is_administrator_of
from nyinorge.grants.formdefs import form_definition_check
from nyinorge.grants.models import (
    GrantApplication, GrantCall, GrantReport, GrantScheme, ReviewAssignment, SchemeDelegation,
)
from nyinorge.grants.models.schemes import ApplicantKind
from nyinorge.grants.selectors.eligibility import grant_application_eligibility_stored
from nyinorge.grants.selectors.ranking import ProposalRow, call_ranking, call_granted_total, proposal_allocate
from nyinorge.grants.translated import translated_missing

CALL_FIELDS = ("scheme", "budget_year", "title", "description", "opens_at", "deadline", "frame", "max_amount",
               "applicant_kinds", "application_form", "review_form", "payment_plan", "reporting_plan",
               "project_start", "project_end", "appeal_body", "published")


def _audit(*, actor: User, action: str, object_type: str, object_id, detail: str) -> None:
    audit_record(actor=actor, action=action, object_type=object_type, object_id=object_id, detail=detail[:500])


def _officer_organisation(actor: User) -> Organisation:
    require(user_can(actor, Capability.ADMINISTER_GRANT_SCHEMES))
    organisation = actor.organisation
    if organisation is None or organisation.kind not in (Organisation.Kind.DIRECTORATE,
                                                         Organisation.Kind.MUNICIPALITY):
        raise PermissionDenied(_("Only the directorate's and delegated municipalities' grant officers run calls."))
    return organisation


def delegated_frame_left(*, scheme: GrantScheme, organisation: Organisation, budget_year: int,
                         excluding: int | None = None) -> tuple[SchemeDelegation | None, Decimal]:
    """The municipality's delegation of the scheme for the year, and its frame not yet given to its calls."""
    delegation = SchemeDelegation.objects.filter(scheme=scheme, organisation=organisation,
                                                 budget_year=budget_year).first()
    if delegation is None:
        return None, Decimal(0)
    calls = GrantCall.objects.filter(scheme=scheme, administered_by=organisation, budget_year=budget_year)
    if excluding is not None:
        calls = calls.exclude(pk=excluding)
    used = calls.aggregate(total=Sum("frame"))["total"] or Decimal(0)
    return delegation, delegation.frame - used


def _plan_errors(payment_plan: Any, reporting_plan: Any, *, required: bool) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not isinstance(payment_plan, list) or not all(isinstance(step, dict) for step in payment_plan):
        errors["payment_plan"] = [_("The payment plan is a list of instalments, each with a share and the months "
                                    "after acceptance.")]
    else:
        problems = []
        for number, step in enumerate(payment_plan, start=1):
            share, months = step.get("share"), step.get("months_after_acceptance", 0)
            if not isinstance(share, int) or isinstance(share, bool) or not 0 < share <= 100:
                problems.append(_("Instalment %(number)d: the share is a whole per cent from 1 to 100.")
                                % {"number": number})
            if not isinstance(months, int) or isinstance(months, bool) or not 0 <= months <= 60:
                problems.append(_("Instalment %(number)d: the months after acceptance are 0 to 60.")
                                % {"number": number})
        total = sum(step.get("share") for step in payment_plan if isinstance(step.get("share"), int))
        if (payment_plan or required) and not problems and total != 100:
            problems.append(_("The shares of the payment plan add up to %(total)d %%, not 100 %%.") % {"total": total})
        if problems:
            errors["payment_plan"] = problems
    if not isinstance(reporting_plan, list) or not all(isinstance(step, dict) for step in reporting_plan):
        errors["reporting_plan"] = [_("The reporting plan is a list of reports, each with a kind and a due date.")]
    else:
        problems = []
        for number, step in enumerate(reporting_plan, start=1):
            if step.get("kind") not in GrantReport.Kind.values:
                problems.append(_("Report %(number)d: the kind is one of %(kinds)s.")
                                % {"number": number, "kinds": ", ".join(GrantReport.Kind.values)})
            due = step.get("due")
            try:
                # A string in yyyy-mm-dd only: fromisoformat also reads 20991231, which would be stored as a number.
                if not isinstance(due, str) or len(due) != 10:
                    raise ValueError(due)
                refusal = sane_date_refusal(datetime.date.fromisoformat(due))
            except ValueError:
                problems.append(_("Report %(number)d: give the due date as yyyy-mm-dd.") % {"number": number})
            else:
                if refusal:
                    problems.append(_("Report %(number)d: %(problem)s") % {"number": number, "problem": refusal})
        if problems:
            errors["reporting_plan"] = problems
    return errors


def _form_errors(key: str, definition: Any, *, required: bool) -> list[str]:
    if not required and definition in ({}, None):
        return []
    # The definition's problems are said in the definition's own terms (keys, types), for whoever writes it.
    return form_definition_check(definition)


def _call_errors(values: dict, *, organisation: Organisation, call: GrantCall | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    scheme: GrantScheme = values["scheme"]
    grant = not scheme.is_prize
    if translated_missing(values["title"]):
        errors["title"] = [_("Give the title in bokmål and English.")]
    for key in ("opens_at", "deadline"):
        if values[key] and (refusal := sane_date_refusal(values[key].date())):
            errors[key] = [refusal]
    if values["opens_at"] and values["deadline"] and values["deadline"] <= values["opens_at"]:
        errors["deadline"] = [_("The deadline comes after the call opens.")]
    frame, max_amount = values["frame"], values["max_amount"]
    if frame is None or frame < 0:
        errors["frame"] = [_("Give the call's frame (0 or more NOK).")]
    if max_amount is not None and (max_amount <= 0 or (frame is not None and max_amount > frame)):
        errors["max_amount"] = [_("The most one application can be granted is more than 0 and not above the "
                                  "frame.")]
    kinds = values["applicant_kinds"]
    if not isinstance(kinds, list) or not set(kinds) <= set(ApplicantKind.values):
        errors["applicant_kinds"] = [_("Choose among the applicant kinds.")]
    elif grant and not kinds:
        errors["applicant_kinds"] = [_("Choose who may apply.")]
    for key, required in (("application_form", True), ("review_form", False)):
        problems = _form_errors(key, values[key], required=required)
        if problems:
            errors[key] = problems
    errors.update(_plan_errors(values["payment_plan"], values["reporting_plan"], required=grant))
    start, end = values["project_start"], values["project_end"]
    if start and end and end < start:
        errors["project_end"] = [_("The projects end after they start.")]
    if grant and translated_missing(values["appeal_body"]):
        errors["appeal_body"] = [_("Name the appeal body in bokmål and English (forvaltningsloven § 28).")]
    if organisation.kind == Organisation.Kind.MUNICIPALITY and frame is not None:
        delegation, left = delegated_frame_left(scheme=scheme, organisation=organisation,
                                                budget_year=values["budget_year"],
                                                excluding=call.pk if call else None)
        if delegation is None:
            errors["scheme"] = [_("The scheme is not delegated to %(organisation)s for %(year)d; only the "
                                  "directorate can run its calls.") % {"organisation": organisation.name,
                                                                       "year": values["budget_year"]}]
        elif frame > left:
            errors["frame"] = [_("The frame is above what is left of the delegated frame: %(left)s NOK of "
                                 "%(frame)s NOK.") % {"left": left, "frame": delegation.frame}]
    if call is not None and scheme.pk != call.scheme_id and call.applications.exists():
        errors["scheme"] = [_("The call has applications; its scheme cannot change.")]
    return errors


def _clean(values: dict) -> dict:
    cleaned = dict(values)
    for key in ("title", "description", "appeal_body"):
        text = cleaned.get(key) or {}
        cleaned[key] = {language: str(text.get(language, "")).strip() for language in ("nb", "en")}
    for key in ("application_form", "review_form"):
        if cleaned.get(key) in (None, {}):
            cleaned[key] = {"sections": []} if key == "review_form" else cleaned.get(key) or {}
    cleaned["applicant_kinds"] = list(cleaned.get("applicant_kinds") or [])
    return cleaned


def grant_call_create(*, actor: User, **values: Any) -> GrantCall:
    """A call administered by the actor's organisation (a municipality only for a scheme delegated to it, within
    the frame left of the delegation)."""
    unknown = set(values) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"unknown call fields: {sorted(unknown)}")
    organisation = _officer_organisation(actor)
    values = _clean({key: values.get(key) for key in CALL_FIELDS})
    with transaction.atomic():
        # Two calls made at once must not both take the delegation's last kroner.
        SchemeDelegation.objects.select_for_update().filter(scheme=values["scheme"], organisation=organisation).exists()
        errors = _call_errors(values, organisation=organisation, call=None)
        if errors:
            raise ValidationError(errors)
        call = GrantCall.objects.create(administered_by=organisation, created_by=actor, **values)
        _audit(actor=actor, action=AuditEntry.Action.CREATE, object_type="grants.grantcall", object_id=call.pk,
               detail=f"grant call {call.scheme.code} {call.budget_year} created (frame {call.frame})")
    return call


def _errors_once_applied(call: GrantCall, merged: dict) -> dict[str, list[str]]:
    """What a call can no longer change once applications are in: its application form (their answers follow it),
    and a frame below what its decisions already grant."""
    errors: dict[str, list[str]] = {}
    submitted = call.applications.exclude(state=A.DRAFT)
    if merged["application_form"] != call.application_form and submitted.exists():
        errors["application_form"] = [_("Applications are already submitted on this form; it can no longer be "
                                        "changed (their answers follow it). Open a new call instead.")]
    if merged["review_form"] != call.review_form and ReviewAssignment.objects.filter(
            application__call=call, state=ReviewAssignment.State.SUBMITTED).exists():
        errors["review_form"] = [_("Reviews are already submitted on this review form; it can no longer be "
                                   "changed.")]
    granted = call_granted_total(call)
    if merged["frame"] is not None and merged["frame"] < granted:
        errors["frame"] = [_("The call's decisions already grant %(granted)s NOK; the frame cannot be less.")
                           % {"granted": granted}]
    return errors


def grant_call_update(*, actor: User, call: GrantCall, **values: Any) -> GrantCall:
    """Change a call the actor's organisation administers (the same checks as a new one)."""
    unknown = set(values) - set(CALL_FIELDS)
    if unknown:
        raise TypeError(f"unknown call fields: {sorted(unknown)}")
    with transaction.atomic():
        call = GrantCall.objects.select_for_update(of=("self",)).select_related("scheme", "administered_by").get(
            pk=call.pk)
        answer = is_administrator_of(actor, call)
        if not answer:
            raise PermissionDenied(answer.reason if answer is not None else _("Only grant officers change calls."))
        merged = _clean({key: values.get(key, getattr(call, key)) for key in CALL_FIELDS})
        errors = _call_errors(merged, organisation=call.administered_by, call=call)
        errors.update(_errors_once_applied(call, merged))
        if errors:
            raise ValidationError(errors)
        changed = sorted(key for key in CALL_FIELDS if merged[key] != getattr(call, key))
        for key in CALL_FIELDS:
            setattr(call, key, merged[key])
        call.save()
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, object_type="grants.grantcall", object_id=call.pk,
               detail=f"grant call {call.scheme.code} {call.budget_year} changed ({', '.join(changed) or 'nothing'})")
    return call


def scheme_delegation_create(*, actor: User, scheme: GrantScheme, organisation: Organisation, budget_year: int,
                             frame: Decimal) -> SchemeDelegation:
    """The directorate delegates a scheme to a municipality for a year, with its frame."""
    own = _officer_organisation(actor)
    if own.kind != Organisation.Kind.DIRECTORATE:
        raise PermissionDenied(_("Only the directorate delegates a scheme to a municipality."))
    errors: dict[str, list[str]] = {}
    if organisation.kind != Organisation.Kind.MUNICIPALITY:
        errors["organisation"] = [_("A scheme is delegated to a municipality.")]
    if frame is None or frame < 0:
        errors["frame"] = [_("Give the delegated frame (0 or more NOK).")]
    if scheme.is_prize:
        errors["scheme"] = [_("A prize is not delegated.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            delegation = SchemeDelegation.objects.create(scheme=scheme, organisation=organisation,
                                                         budget_year=budget_year, frame=frame, created_by=actor)
            _audit(actor=actor, action=AuditEntry.Action.CREATE, object_type="grants.schemedelegation",
                   object_id=delegation.pk, detail=f"scheme {scheme.code} delegated to {organisation.name} for "
                                                   f"{budget_year} (frame {frame})")
    except IntegrityError:
        raise ValidationError({"organisation": [_("%(organisation)s already administers the scheme in %(year)d.")
                                                % {"organisation": organisation.name, "year": budget_year}]}) from None
    return delegation


def grant_application_start_review(*, actor: User, application: GrantApplication) -> GrantApplication:
    """Start the review of a submitted application; the eligibility check is run again and stored."""
    return workflow_move(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name="start_review", actor=actor,
                         eligibility=grant_application_eligibility_stored(application))


def grant_applications_start_review(*, actor: User, call: GrantCall,
                                    application_ids: list[int] | None = None) -> tuple[int, list[str]]:
    """Start the review of the call's submitted applications (those chosen, or all): how many, and the refusals."""
    answer = is_administrator_of(actor, call)
    if not answer:
        raise PermissionDenied(answer.reason if answer is not None else _("Only grant officers start reviews."))
    applications = call.applications.filter(state=A.SUBMITTED)
    if application_ids is not None:
        applications = applications.filter(pk__in=application_ids)
    started, refusals = 0, []
    for application in applications:
        try:
            grant_application_start_review(actor=actor, application=application)
        except (PermissionDenied, ValidationError) as error:
            refusals.append(f"{application.project_title}: {' '.join(getattr(error, 'messages', [str(error)]))}")
        else:
            started += 1
    return started, refusals


def _require_administrator(actor: User, call: GrantCall) -> None:
    answer = is_administrator_of(actor, call)
    if not answer:
        raise PermissionDenied(answer.reason if answer is not None else
                               _("Only the grant officers administering the call can change its proposal."))


def grant_call_proposal_save(*, actor: User, call: GrantCall, amounts: dict[int, Decimal | None]) -> int:
    """Store proposed amounts of applications in review (none above what was applied for or the ceiling); the
    total may exceed the frame, which the ranking page then warns of and decisions refuse."""
    _require_administrator(actor, call)
    with transaction.atomic():
        applications = {application.pk: application for application in
                        GrantApplication.objects.select_for_update().filter(call=call, state=A.IN_REVIEW,
                                                                            pk__in=list(amounts))}
        errors = []
        for key, amount in amounts.items():
            application = applications.get(key)
            if application is None:
                errors.append(_("Application %(id)s is not in review in this call.") % {"id": key})
            elif amount is not None and amount < 0:
                errors.append(_("%(title)s: the proposed amount is 0 or more.") % {"title": application.project_title})
            elif amount is not None and amount > application.amount_applied:
                errors.append(_("%(title)s: the proposed amount is above the %(amount)s NOK applied for.")
                              % {"title": application.project_title, "amount": application.amount_applied})
            elif amount is not None and call.max_amount is not None and amount > call.max_amount:
                errors.append(_("%(title)s: the proposed amount is above the call's ceiling of %(max)s NOK.")
                              % {"title": application.project_title, "max": call.max_amount})
        if errors:
            raise ValidationError(errors)
        for key, amount in amounts.items():
            applications[key].proposed_amount = amount
        GrantApplication.objects.bulk_update(applications.values(), ["proposed_amount"])
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, object_type="grants.grantcall", object_id=call.pk,
               detail="proposal changed: " + ", ".join(f"{key}={amount}" for key, amount in amounts.items()))
    return len(amounts)


def grant_call_proposal_allocate(*, actor: User, call: GrantCall, rule: str) -> list:
    """Propose amounts by rank within what is left of the frame after the decisions already made."""
    _require_administrator(actor, call)
    ranking = call_ranking(call)
    left = call.frame - call_granted_total(call)
    allocations = proposal_allocate([ProposalRow(row.application.pk, row.application.amount_applied)
                                     for row in ranking], left, rule, max_amount=call.max_amount)
    grant_call_proposal_save(actor=actor, call=call, amounts={item.key: item.amount for item in allocations})
    return allocations
