"""The automatic eligibility check of an application (where the rule is data): who may apply, the deadline, the
amount against the call's ceiling and frame, the required answers, the budget. Stored on the application at
submission and again when the review starts; the grant officer decides, the check only informs."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from nyinorge.grants.formdefs import budget_check, form_answers_clean, form_fields
from nyinorge.grants.models import GrantApplication
from nyinorge.grants.translated import translated


def _rule(rule: str, ok: bool, message: str) -> dict:
    return {"rule": rule, "ok": ok, "message": message}


def _applicant_kind(application: GrantApplication) -> dict:
    call = application.call
    if application.applicant is None:  # a prize nomination: anyone may nominate
        return _rule("applicant_kind", True, _("A nomination; no applicant organisation is required."))
    kind = application.applicant.kind
    if call.accepts(kind):
        return _rule("applicant_kind", True, _("The applicant's kind (%(kind)s) may apply.")
                     % {"kind": application.applicant.get_kind_display()})
    return _rule("applicant_kind", False, _("The call is not open to the applicant's kind (%(kind)s).")
                 % {"kind": application.applicant.get_kind_display()})


def _deadline(application: GrantApplication) -> dict:
    deadline = application.call.deadline
    shown = formats.date_format(timezone.localtime(deadline), "SHORT_DATETIME_FORMAT")
    if application.submitted_at is None:
        return _rule("deadline", False, _("The application is not submitted (the deadline is %(deadline)s).")
                     % {"deadline": shown})
    if application.submitted_at <= deadline:
        return _rule("deadline", True, _("Submitted before the deadline (%(deadline)s).") % {"deadline": shown})
    return _rule("deadline", False, _("Submitted after the deadline (%(deadline)s).") % {"deadline": shown})


def _amount(application: GrantApplication) -> dict:
    call, amount = application.call, application.amount_applied
    if call.max_amount is not None and amount > call.max_amount:
        return _rule("amount", False, _("The amount applied for (%(amount)s NOK) is above the most one application "
                                        "can be granted (%(max)s NOK).") % {"amount": amount, "max": call.max_amount})
    if amount > call.frame:
        return _rule("amount", False, _("The amount applied for (%(amount)s NOK) is above the call's frame "
                                        "(%(frame)s NOK).") % {"amount": amount, "frame": call.frame})
    return _rule("amount", True, _("The amount applied for is within the call's limits."))


def _complete(application: GrantApplication) -> dict:
    definition = application.call.application_form or {}
    fields = form_fields(definition)
    raw = dict(application.answers or {})
    # The budget table may be kept on the application itself rather than among the answers.
    for key, item in fields.items():
        if item.get("type") == "budget" and key not in raw and application.budget:
            raw[key] = application.budget
    cleaned = form_answers_clean(definition, raw, complete=True)
    if cleaned.is_valid:
        return _rule("complete", True, _("Every required field is answered."))
    missing = [translated(fields[key]["label"]) if key in fields else key for key in cleaned.errors]
    return _rule("complete", False, _("Fields missing or wrong: %(fields)s.") % {"fields": ", ".join(missing)})


def _budget(application: GrantApplication) -> dict:
    if application.applicant is None:
        return _rule("budget", True, _("A nomination has no budget."))
    problems = budget_check(application.budget or {}, application.amount_applied)
    if problems:
        return _rule("budget", False, " ".join(problems))
    return _rule("budget", True, _("The budget adds up."))


def grant_application_eligibility(application: GrantApplication) -> list[dict]:
    """Each rule's outcome: [{"rule", "ok", "message"}] (applicant kind, deadline, amount, completeness, budget)."""
    return [_applicant_kind(application), _deadline(application), _amount(application), _complete(application),
            _budget(application)]
