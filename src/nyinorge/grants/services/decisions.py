"""Decisions on applications and on appeals. Each decision is an individual decision (enkeltvedtak): written
reasons (forvaltningsloven §§ 24–25) resting on the scheme's criteria, the right to appeal within three weeks
(§§ 28–29) to the call's appeal body; the body that decided reconsiders an appeal first (§ 33). Amounts are
checked against what was applied for, the call's ceiling and what is left of the call's frame; a proposal whose
total is above the frame blocks further grants until it is brought within it."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyinorge.core.dates import deadline_after
from nyinorge.core.models import User
from nyinorge.core.workflow import workflow_move, workflow_require
from nyinorge.grants.application_workflow import APPEAL_DECISIONS, DECISIONS, GRANT_APPLICATION_WORKFLOW
from nyinorge.grants.models import GrantApplication, GrantCall
from nyinorge.grants.selectors.ranking import call_granted_total, proposal_totals

APPEAL_WEEKS = 3  # forvaltningsloven § 29
GRANTING = ("approve", "approve_partly")
NEW_AMOUNT = ("reconsider_uphold", "appeal_body_uphold")
REOPENING = ("reconsider_reopen", "appeal_body_reopen")
REASONS_REQUIRED = gettext_lazy("An individual decision gives its reasons in writing (forvaltningsloven §§ 24–25).")


def _lock_call(application: GrantApplication) -> GrantCall:
    """The call, locked: two decisions at once must not both take the frame's last kroner."""
    return GrantCall.objects.select_for_update().get(pk=application.call_id)


def _frame_errors(application: GrantApplication, call: GrantCall, amount: Decimal) -> list[str]:
    errors = []
    if amount > application.amount_applied:
        errors.append(_("More than the %(amount)s NOK applied for cannot be granted.")
                      % {"amount": application.amount_applied})
    if call.max_amount is not None and amount > call.max_amount:
        errors.append(_("The most one application can be granted in this call is %(max)s NOK.")
                      % {"max": call.max_amount})
    granted = call_granted_total(call, excluding=application.pk)
    if granted + amount > call.frame:
        errors.append(_("The call's frame is %(frame)s NOK and %(granted)s NOK is granted: at most %(left)s NOK is "
                        "left.") % {"frame": call.frame, "granted": granted, "left": max(call.frame - granted, 0)})
    return errors


def _locked_for(application: GrantApplication, *, name: str, actor: User,
                reasons: str) -> tuple[GrantCall, GrantApplication, dict[str, list[str]]]:
    """Inside the caller's transaction: the call locked (its frame), the application read again and the transition
    allowed to the actor now; with the first error of every individual decision, reasons missing (fvl. § 24)."""
    call = _lock_call(application)
    application = GrantApplication.objects.select_related("call__scheme").get(pk=application.pk)
    workflow_require(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name=name, user=actor)
    errors: dict[str, list[str]] = {}
    if not reasons.strip():
        errors["reasons"] = [str(REASONS_REQUIRED)]
    return call, application, errors


def grant_application_decide(*, actor: User, application: GrantApplication, decision: str, reasons: str,
                             criteria: list[str], amount: Decimal | None = None,
                             conditions: str = "") -> GrantApplication:
    """Approve (all applied for), approve in part (less), reject or dismiss, with reasons and the criteria they
    rest on; the appeal deadline runs three weeks from today and the grant period is the call's."""
    if decision not in DECISIONS:
        raise ValidationError({"decision": [_("Choose a decision.")]})
    with transaction.atomic():
        call, application, errors = _locked_for(application, name=decision, actor=actor, reasons=reasons)
        keys = set(call.scheme.criteria.values_list("key", flat=True))
        chosen = [key for key in criteria if key in keys]
        if len(chosen) != len(criteria):
            errors["criteria"] = [_("Choose among the scheme's criteria.")]
        elif decision != "dismiss" and not chosen:
            errors["criteria"] = [_("Name the criteria the assessment rests on (the scheme's award criteria).")]
        granted = Decimal(0)
        if decision in GRANTING:
            granted = amount if amount is not None else Decimal(-1)
            if granted <= 0:
                errors["amount"] = [_("Give the amount granted (more than 0); to grant nothing, reject.")]
            elif decision == "approve" and granted != application.amount_applied:
                errors["amount"] = [_("Approving grants the %(amount)s NOK applied for; grant less with “Approve in "
                                      "part”.") % {"amount": application.amount_applied}]
            elif decision == "approve_partly" and granted >= application.amount_applied:
                errors["amount"] = [_("A partial approval grants less than the %(amount)s NOK applied for.")
                                    % {"amount": application.amount_applied}]
            else:
                problems = _frame_errors(application, call, granted)
                if problems:
                    errors["amount"] = problems
            totals = proposal_totals(call)
            if totals.over_frame and "amount" not in errors:
                errors["amount"] = [_("The proposal adds up to %(total)s NOK, above the frame of %(frame)s NOK: "
                                      "bring it within the frame on the ranking page before granting.")
                                    % {"total": totals.total, "frame": call.frame}]
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        return workflow_move(
            workflow=GRANT_APPLICATION_WORKFLOW, record=application, name=decision, actor=actor, reason=reasons,
            amount_granted=granted, conditions=conditions.strip() if decision in GRANTING else "",
            decision_reasons=reasons.strip(), decision_criteria=chosen, decided_by=actor, decided_at=now,
            appeal_deadline=deadline_after(timezone.localdate(now), weeks=APPEAL_WEEKS),
            period_start=call.project_start if decision in GRANTING else None,
            period_end=call.project_end if decision in GRANTING else None)


def _last_decision(application: GrantApplication) -> str | None:
    event = application.events.filter(name__in=DECISIONS).order_by("-at", "-id").first()
    return event.name if event else None


def grant_application_appeal_decide(*, actor: User, application: GrantApplication, action: str, reasons: str,
                                    amount: Decimal | None = None, conditions: str | None = None) -> GrantApplication:
    """The administering body's reconsideration (§ 33: change the decision, reverse a dismissal, or maintain it
    and send the appeal to the appeal body), or the appeal body's outcome recorded; reasons always."""
    if action not in APPEAL_DECISIONS:
        raise ValidationError({"action": [_("Choose what happens with the appeal.")]})
    with transaction.atomic():
        call, application, errors = _locked_for(application, name=action, actor=actor, reasons=reasons)
        changes: dict = {}
        if action in NEW_AMOUNT:
            # Upholding the appeal changes the decision in the applicant's favour: more money, other conditions (an
            # appeal of a full approval is about its conditions), or both; never less than was granted.
            before = application.amount_granted or Decimal(0)
            new_amount = before if amount is None else amount
            new_conditions = application.conditions if conditions is None else conditions.strip()
            if new_amount < before:
                errors["amount"] = [_("Upholding the appeal does not grant less than the decision did (%(amount)s "
                                      "NOK).") % {"amount": before}]
            elif new_amount == before and new_conditions == application.conditions:
                errors["amount"] = [_("Upholding the appeal changes the decision: a higher amount than %(amount)s NOK, "
                                      "or other conditions.") % {"amount": before}]
            elif new_amount > before:
                problems = _frame_errors(application, call, new_amount)
                if problems:
                    errors["amount"] = problems
            if not new_amount:
                errors["amount"] = [_("Upholding the appeal grants an amount; to reverse a dismissal, reopen the "
                                      "application instead.")]
            changes = {"amount_granted": new_amount, "conditions": new_conditions,
                       "period_start": application.period_start or call.project_start,
                       "period_end": application.period_end or call.project_end}
        if action in REOPENING and _last_decision(application) != "dismiss":
            errors["action"] = [_("Only a dismissal is reversed so the application can be assessed; change the "
                                  "decision instead.")]
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        if action.startswith("reconsider") or action == "send_to_appeal_body":
            changes["reconsideration_reasons"] = reasons.strip()
        if action == "send_to_appeal_body":
            changes["sent_to_appeal_body_at"] = now
        if action.startswith("appeal_body"):
            changes.update(appeal_reasons=reasons.strip(), appeal_decided_at=now)
        elif action != "send_to_appeal_body":
            changes["appeal_decided_at"] = now
        if action in REOPENING:
            # Back in review: the dismissal no longer stands (it stays in the history).
            changes.update(amount_granted=None, appeal_deadline=None, decided_at=None, decided_by=None,
                           decision_reasons="", decision_criteria=[], conditions="", period_start=None,
                           period_end=None)
        if action == "reconsider_uphold":
            # The body that decided changes its decision (§ 33 second paragraph): a new individual decision, which
            # can be appealed in its turn, within three weeks from today. The appeal body's reasons stay empty.
            changes.update(decided_by=actor, decided_at=now,
                           appeal_deadline=deadline_after(timezone.localdate(now), weeks=APPEAL_WEEKS))
        return workflow_move(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name=action, actor=actor,
                             reason=reasons, **changes)
