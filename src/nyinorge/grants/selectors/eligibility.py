"""The automatic eligibility check of an application: the rules that are data (who may apply, the deadline, the
amount within the call's ceiling and frame, the form's required answers, a budget that adds up, the documents the
form asks for). A pure function of the application: the submission stores its result on `application.eligibility`
(`grant_application_eligibility_stored`: each message in both languages, since the officers read in their own
language what the applicant's submission stored), and the review's start stores it again."""

from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nyinorge.grants.formdefs import budget_check, form_answers_clean, form_fields
from nyinorge.grants.translated import LANGUAGES, translated


def budget_field_key(definition: dict) -> str | None:
    """The key of the form's budget table (the first, if a form had several)."""
    return next((key for key, item in form_fields(definition).items() if item.get("type") == "budget"), None)


def application_raw_answers(application) -> dict:
    """The stored answers with the budget table where the form has one (`application.budget` mirrors it)."""
    raw = dict(application.answers or {})
    key = budget_field_key(application.call.application_form or {})
    if key and key not in raw and application.budget:
        raw[key] = application.budget
    return raw


def documents_required(definition: dict) -> int:
    """How many documents the form asks for: {"documents": {"required": true, "min": 1}} in the definition."""
    documents = (definition or {}).get("documents") or {}
    if not documents.get("required"):
        return 0
    return max(int(documents.get("min", 1)), 1)


def amount_problem(application) -> str | None:
    """Why the amount applied for is out of bounds (above 0, within the call's ceiling and frame), or None."""
    call, amount = application.call, application.amount_applied or Decimal(0)
    if amount <= 0:
        return _("Give the amount applied for (more than 0 NOK).")
    if call.max_amount is not None and amount > call.max_amount:
        return _("The most one application can be granted in this call is %(max)s NOK; %(amount)s NOK is applied "
                 "for.") % {"max": call.max_amount, "amount": amount}
    if amount > call.frame:
        return _("The call's whole frame is %(frame)s NOK; %(amount)s NOK is applied for.") % {
            "frame": call.frame, "amount": amount}
    return None


def _rule(rule: str, problem: str | None, ok_message: str) -> dict:
    return {"rule": rule, "ok": problem is None, "message": problem or ok_message}


def grant_application_eligibility(application) -> list[dict]:
    """Each rule's result: {"rule", "ok", "message"}, in a fixed order."""
    call = application.call
    definition = call.application_form or {}
    results = []

    applicant = application.applicant
    kind_problem = None
    if applicant is None and call.scheme.is_prize:
        results.append(_rule("applicant_kind", None, _("A nomination; no applicant organisation is required.")))
    elif applicant is None:
        kind_problem = _("The application has no applicant organisation.")
    elif not call.accepts(applicant.kind):
        kind_problem = _("%(kind)s may not apply to this call.") % {"kind": applicant.get_kind_display()}
    if applicant is not None or not call.scheme.is_prize:
        results.append(_rule("applicant_kind", kind_problem, _("%(kind)s may apply to this call.") % {
            "kind": applicant.get_kind_display() if applicant else "–"}))

    moment = application.submitted_at or timezone.now()
    # As every page writes dates (d.m.Y H:i): the English locale's m/d/Y would read 06.01 as 1 June.
    deadline = timezone.localtime(call.deadline).strftime("%d.%m.%Y %H:%M")
    late = moment > call.deadline or moment < call.opens_at
    results.append(_rule("deadline", _("Not within the call's period (the deadline was %(deadline)s).")
                         % {"deadline": deadline} if late else None,
                         _("Within the deadline (%(deadline)s).") % {"deadline": deadline}))

    if not call.scheme.is_prize:  # a nomination asks for no money
        results.append(_rule("amount", amount_problem(application),
                             _("The amount is within the call's ceiling and frame.")))

    cleaned = form_answers_clean(definition, application_raw_answers(application), complete=True)
    fields = form_fields(definition)
    missing = [translated(fields[key]["label"]) for key in cleaned.errors if key in fields]
    results.append(_rule("required_fields", _("Not answered or not valid: %(fields)s.") % {
        "fields": ", ".join(missing)} if missing else None, _("Every required field is answered.")))

    key = budget_field_key(definition)
    if key:
        budget = cleaned.answers.get(key) or {}
        problems = budget_check(budget, application.amount_applied or Decimal(0))
        results.append(_rule("budget", " ".join(problems) or None, _("The budget adds up.")))

    needed = documents_required(definition)
    if needed:
        count = application.documents.count() if application.pk else 0
        results.append(_rule("documents", _("The form asks for at least %(needed)d document(s); %(count)d attached.")
                             % {"needed": needed, "count": count} if count < needed else None,
                             _("The documents the form asks for are attached.")))
    return results


def grant_application_eligibility_stored(application) -> list[dict]:
    """The check as the application stores it: each rule's message in both languages ({"nb", "en"}, shown with
    `translated`), so whoever reads it later sees it in their own language, not in the submitter's."""
    checks = {}
    for language in LANGUAGES:
        with translation.override(language):
            checks[language] = grant_application_eligibility(application)
    return [{**check, "message": {language: checks[language][index]["message"] for language in LANGUAGES}}
            for index, check in enumerate(checks[LANGUAGES[0]])]
