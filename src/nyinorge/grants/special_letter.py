"""The decision letter of a special grant application as PDF (WeasyPrint): the decision, its reasons and how
to appeal (three weeks, to the directorate, which sends it on to the ministry unless it changes the decision
itself; forvaltningsloven §§ 27–29 and 33). Nothing is fetched from outside."""

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from nyinorge.grants.models import SpecialGrantApplication
from nyinorge.core.models import User
from nyinorge.grants.selectors.special import special_grant_rate, with_person_labels
from nyinorge.grants.special_workflow import SPECIAL_GRANT_WORKFLOW

LETTER_STATES = frozenset({"granted", "partly_granted", "refused", "appealed", "appeal_upheld", "appeal_rejected"})


def decision_letter_html(*, actor: User, application: SpecialGrantApplication) -> str:
    """The letter as HTML; the person is named only to a reader who may see them (`with_person_labels`)."""
    with_person_labels(actor=actor, applications=[application])
    rate = special_grant_rate(kind=application.kind, year=application.budget_year)
    return render_to_string("grants/special/letter.html", {
        "application": application, "rate": rate,
        "decision_label": SPECIAL_GRANT_WORKFLOW.states(application.state).label,
    })


def decision_letter_pdf(*, actor: User, application: SpecialGrantApplication) -> bytes:
    """The letter as PDF bytes (only for a decided application)."""
    html = decision_letter_html(actor=actor, application=application)
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()
