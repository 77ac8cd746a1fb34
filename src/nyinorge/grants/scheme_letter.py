"""The decision letter of an application to a scheme as PDF (WeasyPrint), and for a grant the grant letter
(tilskuddsbrev): purpose, amount, period, payment plan, conditions, reporting, the control right of the
administering body and Riksrevisjonen (bevilgningsreglementet § 10, riksrevisjonsloven § 12), the consequences of
a breach and the acceptance in the portal; the reasons with the criteria they rest on, the appeal right, deadline
and body (forvaltningsloven §§ 24–25, 28–29). In bokmål, the directorate's official language, or in English when
the reader uses English. Nothing is fetched from outside."""

import datetime

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from nyinorge.grants.application_states import A, GRANTED_STATES
from nyinorge.grants.models import GrantApplication, GrantReport
from nyinorge.grants.services.followup_plan import payment_plan_amounts

LETTER_STATES = frozenset({A.APPROVED, A.PARTLY_APPROVED, A.REJECTED, A.DISMISSED, A.ACCEPTED, A.COMPLETED,
                           A.APPEALED, A.APPEAL_UPHELD, A.WITH_APPEAL_BODY, A.APPEAL_REJECTED})


def letter_language() -> str:
    """English for a reader who uses English; else bokmål."""
    return "en" if (translation.get_language() or "").startswith("en") else "nb"


def _instalments(application: GrantApplication) -> list[dict]:
    plan = application.call.payment_plan or [{"share": 100, "months_after_acceptance": 0}]
    amounts = payment_plan_amounts(plan, application.amount_granted)
    return [{"number": number, "share": step.get("share"), "months": int(step.get("months_after_acceptance", 0)),
             "amount": amount} for number, (step, amount) in enumerate(zip(plan, amounts), start=1)]


def _reports(application: GrantApplication) -> list[dict]:
    reports = [{"kind": GrantReport.Kind(step["kind"]).label, "due": datetime.date.fromisoformat(step["due"])}
               for step in application.call.reporting_plan if step.get("kind") in GrantReport.Kind.values]
    kinds = {step.get("kind") for step in application.call.reporting_plan}
    if application.call.scheme.reports_participants and GrantReport.Kind.PARTICIPANTS not in kinds:
        due = max((report["due"] for report in reports), default=None)
        reports.append({"kind": GrantReport.Kind.PARTICIPANTS.label, "due": due})
    return reports


def scheme_letter_html(*, application: GrantApplication, language: str | None = None) -> str:
    """The letter as HTML, in the language given (else the reader's: English, or bokmål)."""
    language = language or letter_language()
    with translation.override(language):
        call = application.call
        criteria = {criterion.key: criterion for criterion in call.scheme.criteria.all()}
        granted = application.state in GRANTED_STATES and bool(application.amount_granted)
        return render_to_string("grants/schemes/admin/letter.html", {
            "application": application, "call": call, "scheme": call.scheme, "granted": granted,
            "state_label": A(application.state).label, "language": language,
            "criteria": [criteria[key] for key in application.decision_criteria if key in criteria],
            "instalments": _instalments(application) if granted else [],
            "reports": _reports(application) if granted else [],
            "appeal_open": application.state in (A.PARTLY_APPROVED, A.REJECTED, A.DISMISSED),
        })


def scheme_letter_pdf(*, application: GrantApplication, language: str | None = None) -> bytes:
    """The letter as PDF bytes (tagged, for screen readers), only for a decided application."""
    html = scheme_letter_html(application=application, language=language)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf(pdf_tags=True)
