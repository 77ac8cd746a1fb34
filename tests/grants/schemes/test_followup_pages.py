"""The follow-up pages: every route opens for whom it is for (and 404 for another organisation's grant), the
actions go through the services with clear messages, and the exports are audited files."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from nyinorge.core.models import AuditEntry
from nyinorge.grants.models import ControlSample, GrantPayment, GrantReport, RepaymentClaim
from tests.grants.schemes.followup_helpers import accepted_grant
from tests.grants.schemes_fixtures import *  # noqa: F403
from tests.grants.test_pages import _routes_of_the_other_grant_parts  # noqa: F401 (the menu's missing parts)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client, settings):
    """The pages in English (bokmål is the default language), so the texts are matched as the code has them."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def grant(call, volunteer_org, applicant):
    return accepted_grant(call, volunteer_org, user=applicant)


def _page(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode() if status == 200 else ""


def test_the_officer_prepares_and_a_second_officer_approves_from_the_payments_page(client, grant, officer,
                                                                                     second_officer):
    grant.reports.update(state=GrantReport.State.APPROVED)
    payment = grant.payments.get(number=1)
    page = _page(client, officer, reverse("grants:payments"))
    assert "Språkkafé" in page and reverse("grants:payment_prepare", args=[payment.pk]) in page
    assert client.post(reverse("grants:payment_prepare", args=[payment.pk])).status_code == 302
    response = client.post(reverse("grants:payment_approve", args=[payment.pk]), follow=True)
    assert "second person must approve" in response.content.decode()
    client.force_login(second_officer)
    response = client.post(reverse("grants:payment_approve", args=[payment.pk]), follow=True)
    assert "approved; it goes into the next payout file" in response.content.decode()
    assert GrantPayment.objects.get(pk=payment.pk).state == GrantPayment.State.APPROVED
    assert AuditEntry.objects.filter(object_type="grants.grantapplication", detail__contains="grant payments").exists()


def test_another_organisations_grant_is_not_found(client, grant, employer_applicant, municipal_officer, reviewer):
    report = grant.reports.first()
    payment = grant.payments.first()
    for user in (employer_applicant, municipal_officer):
        _page(client, user, reverse("grants:followup", args=[grant.pk]), 404)
        _page(client, user, reverse("grants:report", args=[report.pk]), 404)
    _page(client, municipal_officer, reverse("grants:repayment_new", args=[grant.pk]), 404)
    assert client.post(reverse("grants:payment_prepare", args=[payment.pk])).status_code == 404
    assert client.post(reverse("grants:report_review", args=[report.pk])).status_code == 404
    _page(client, municipal_officer, reverse("grants:control", args=[grant.call_id]), 404)
    _page(client, municipal_officer, reverse("grants:scheme_export", args=[grant.call_id, "payments", "csv"]), 404)
    # No officer's capability: refused.
    _page(client, employer_applicant, reverse("grants:payments"), 403)
    _page(client, reviewer, reverse("grants:reports"), 403)


def test_the_recipient_fills_the_report_and_the_officer_reviews_it(client, grant, applicant, officer):
    report = grant.reports.get(kind="accounts")
    url = reverse("grants:report", args=[report.pk])
    assert "Submit the report" in _page(client, applicant, url)
    response = client.post(url, {"spent": "90000", "own_contribution": "0", "other_income": "0", "unspent": "1"})
    assert response.status_code == 400 and "does not add up" in response.content.decode()
    response = client.post(url, {"spent": "90000", "own_contribution": "0", "other_income": "0"}, follow=True)
    assert "The report is submitted" in response.content.decode()
    page = _page(client, officer, url)
    assert "Review the report" in page and "90000" in page
    response = client.post(reverse("grants:report_review", args=[report.pk]), {"decision": "return", "note": ""},
                           follow=True)
    assert "Say what the recipient must correct." in response.content.decode()
    response = client.post(reverse("grants:report_review", args=[report.pk]), {"decision": "approve"}, follow=True)
    page = response.content.decode()
    assert "The report is approved." in page and "10000 NOK unspent" in page.replace("\u00a0", "")
    assert reverse("grants:repayment_new", args=[grant.pk]) + f"?report={report.pk}" in page
    assert "Grant reports" in _page(client, officer, reverse("grants:reports"))


def test_a_repayment_claim_from_the_reports_unspent_funds(client, grant, officer):
    report = grant.reports.get(kind="accounts")
    GrantReport.objects.filter(pk=report.pk).update(state="approved", content={"spent": 90_000, "unspent": 10_000})
    GrantPayment.objects.filter(application=grant, number=1).update(state=GrantPayment.State.EXPORTED)
    url = reverse("grants:repayment_new", args=[grant.pk]) + f"?report={report.pk}"
    page = _page(client, officer, url)
    assert 'value="10000"' in page and "unspent" in page
    response = client.post(url, {"amount": "80000", "reason": "unspent", "explanation": "Ubrukt.",
                                 "due_on": timezone.localdate().isoformat(), "report": report.pk})
    assert response.status_code == 400 and "At most what was paid" in response.content.decode()
    response = client.post(url, {"amount": "10000", "reason": "unspent", "explanation": "Ubrukt.",
                                 "due_on": timezone.localdate().isoformat(), "report": report.pk}, follow=True)
    assert "The repayment claim is recorded." in response.content.decode()
    claim = RepaymentClaim.objects.get()
    assert claim.report == report and claim.amount == Decimal(10_000)
    response = client.post(reverse("grants:repayment_settle", args=[grant.pk]), {"claim": claim.pk,
                                                                                 "state": "repaid"}, follow=True)
    assert "The repayment claim is settled." in response.content.decode()
    assert RepaymentClaim.objects.get().state == "repaid"


def test_the_applicant_sees_the_follow_up_without_the_officers_buttons(client, grant, applicant):
    page = _page(client, applicant, reverse("grants:followup", args=[grant.pk]))
    assert "Instalments" in page and "Progress report" in page
    assert reverse("grants:payment_prepare", args=[grant.payments.first().pk]) not in page


def test_the_control_pages_draw_and_record(client, grant, officer, municipal_officer, delegated_call):
    url = reverse("grants:control", args=[grant.call_id])
    assert "Draw a sample" in _page(client, officer, url)
    response = client.post(url, {"method": "risk_weighted", "size": "5", "seed": ""})
    assert response.status_code == 400 and "Draw between 1 and 1" in response.content.decode()
    response = client.post(url, {"method": "risk_weighted", "size": "1", "seed": "42"})
    sample = ControlSample.objects.get()
    assert response.status_code == 302 and sample.seed == 42
    sample_url = reverse("grants:control_sample", args=[grant.call_id, sample.pk])
    assert "Språkkafé" in _page(client, officer, sample_url)
    finding = sample.findings.get()
    response = client.post(reverse("grants:control_finding", args=[grant.call_id, sample.pk]),
                           {"finding_id": finding.pk, f"f{finding.pk}-outcome": "remarks",
                            f"f{finding.pk}-finding": ""})
    assert response.status_code == 400 and "Describe the finding." in response.content.decode()
    response = client.post(reverse("grants:control_finding", args=[grant.call_id, sample.pk]),
                           {"finding_id": finding.pk, f"f{finding.pk}-outcome": "remarks",
                            f"f{finding.pk}-finding": "Mangler bilag."}, follow=True)
    assert "The finding is recorded." in response.content.decode()
    # The directorate sees the delegated call's control page but draws nothing there.
    page = _page(client, officer, reverse("grants:control", args=[delegated_call.pk]))
    assert "Draw a sample" not in page
    response = client.post(reverse("grants:control", args=[delegated_call.pk]), {"method": "random", "size": "1"},
                           follow=True)
    assert "administered by" in response.content.decode()
    # Another call's sample is not found under this call.
    _page(client, officer, reverse("grants:control_sample", args=[delegated_call.pk, sample.pk]), 404)


@pytest.mark.parametrize("what", ["applications", "reviews", "decisions", "payments", "reports"])
def test_every_export_is_an_audited_file(client, grant, officer, what):
    client.force_login(officer)
    response = client.get(reverse("grants:scheme_export", args=[grant.call_id, what, "csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    if what in ("applications", "decisions", "payments", "reports"):
        assert any("Språkkafé" in row or str(grant.pk) in row for row in rows[1:])
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT,
                                     object_type=f"grants.grantcall.{what}").exists()
    xlsx = client.get(reverse("grants:scheme_export", args=[grant.call_id, what, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert client.get(reverse("grants:scheme_export", args=[grant.call_id, what, "pdf"])).status_code == 404


def test_the_directorate_sees_a_delegated_calls_payments_without_acting_on_them(client, officer, delegated_call,
                                                                                 volunteer_org, applicant):
    oslo_grant = accepted_grant(delegated_call, volunteer_org, user=applicant, title="Oslo-kafé")
    page = _page(client, officer, reverse("grants:payments"))
    assert "Oslo-kafé" in page and "Administered by Oslo" in page
    assert reverse("grants:payment_prepare", args=[oslo_grant.payments.first().pk]) not in page


def test_the_exported_score_is_the_rankings(client, grant, officer, reviewer):
    from nyinorge.grants.models import ReviewAssignment
    from nyinorge.grants.selectors.ranking import application_scores

    ReviewAssignment.objects.create(application=grant, reviewer=reviewer, assigned_by=officer, state="submitted",
                                    scores={"relevance": {"score": 7}, "quality": {"score": 4},
                                            "cost": {"score": 1}})
    client.force_login(officer)
    response = client.get(reverse("grants:scheme_export", args=[grant.call_id, "applications", "csv"]))
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    [row] = [row for row in rows if row[0] == str(grant.pk)]
    expected = application_scores(grant).score  # (50·7/7 + 30·4/7 + 20·1/7) / 100 · 100 = 70.00
    assert expected == Decimal("70.00") and Decimal(row[header.index("Weighted score (0–100)")]) == expected
