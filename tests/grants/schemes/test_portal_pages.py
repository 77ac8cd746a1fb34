"""The applicant's pages: signup, portal, call, draft form (errors kept, budget rows without JavaScript, conditional
sections), documents, submission, the application page (also read-only for the call's officers and an assigned
reviewer), acceptance, appeal; another organisation gets 404 on every one of them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from nyinorge.core.models import AuditEntry
from nyinorge.grants.application_states import A
from nyinorge.grants.models import GrantApplication, GrantCall, ReviewAssignment
from nyinorge.grants.services import applications as service
from tests.grants.schemes.portal_helpers import AMOUNT, ANSWERS, decide, draft_for, english, private_root  # noqa: F401
from tests.grants.schemes_fixtures import *  # noqa: F401,F403
from tests.interpreters.documents import pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pages(client, settings):
    """The pages in English, so the tests read as the code's texts (bokmål is the default)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _form_post(answers: dict, *, title="Språkkafé", amount=AMOUNT, **extra) -> dict:
    """The edit page's POST for these answers (as the browser sends it)."""
    data = {"project_title": title, "amount_applied": amount, **extra}
    for key, value in answers.items():
        if key == "budget":
            for part, label in (("costs", "item"), ("income", "source")):
                rows = value.get(part, [])
                data[f"f-budget-{part}-rows"] = str(max(len(rows), 3))
                for index, row in enumerate(rows):
                    data[f"f-budget-{part}-{index}-{label}"] = row[label]
                    data[f"f-budget-{part}-{index}-amount"] = row["amount"]
        else:
            data[f"f-{key}"] = value
    return data


@pytest.fixture
def logged_in(client, applicant):
    client.force_login(applicant)
    return client


def test_signup_creates_the_organisation_logs_in_and_opens_the_portal(client, settings, call):
    settings.GRANTS_LOCAL_SIGNUP = True
    url = reverse("grants:applicant_signup")
    assert client.get(url).status_code == 200
    data = {"organisation_number": "974760673", "name": "Frivillig Vest", "kind": "voluntary",
            "contact_name": "Kari Nordmann", "email": "kari@example.org", "password": "et-langt-passord-2019",
            "password_again": "et-langt-passord-2019"}
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("grants:portal")
    assert "Frivillig Vest" in response.content.decode() and str(call.title["en"]) in response.content.decode()
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the logout clears every cookie
    again = client.post(url, {**data, "email": "per@example.org"})
    assert again.status_code == 400 and "This organisation number is registered already" in again.content.decode()


def test_signup_is_closed_without_the_setting(client, settings):
    settings.GRANTS_LOCAL_SIGNUP, settings.DEBUG = False, False
    assert client.get(reverse("grants:applicant_signup")).status_code == 404


def test_the_portal_lists_open_calls_applications_and_what_needs_doing(logged_in, call, applicant, officer):
    draft_for(call, applicant, title="Utkastet")
    granted = service.grant_application_submit(actor=applicant, application=draft_for(call, applicant, title="Innvilget"))
    decide(granted, officer)
    GrantCall.objects.filter(pk=call.pk).update(deadline=timezone.now() + datetime.timedelta(days=2))
    page = logged_in.get(reverse("grants:portal")).content.decode()
    assert "Call volunteer" in page and call.administered_by.name in page
    assert "Submit “Utkastet”: the deadline is in 2 day(s)." in page
    assert "Accept the grant letter for “Innvilget”." in page
    assert "150\u00a0000" in page  # the decision's amount
    assert AuditEntry.objects.filter(object_type="grants.grantapplication", object_id="list",
                                     detail__startswith="applicant's portal").exists()


def test_the_call_page_shows_the_five_elements_and_starts_a_draft(logged_in, call):
    page = logged_in.get(reverse("grants:portal_call", args=[call.pk])).content.decode()
    for text in ("Increase participation", "Immigrants", "Participants in activities", "Ranked by weighted criteria",
                 "Report and accounts", "Relevance", "Voluntary organisation, Employer"):
        assert text in page
    response = logged_in.post(reverse("grants:application_new", args=[call.pk]))
    application = GrantApplication.objects.get()
    assert response.url == reverse("grants:application_edit", args=[application.pk])


def test_a_closed_call_refuses_a_draft_with_the_reason(logged_in, call):
    GrantCall.objects.filter(pk=call.pk).update(opens_at=timezone.now() - datetime.timedelta(days=30),
                                                deadline=timezone.now() - datetime.timedelta(days=1))
    assert logged_in.get(reverse("grants:portal_call", args=[call.pk])).status_code == 404
    response = logged_in.post(reverse("grants:application_new", args=[call.pk]))
    assert response.status_code == 403 and "closed at its deadline" in response.content.decode()
    assert not GrantApplication.objects.exists()


def test_a_kind_that_may_not_apply_does_not_see_the_call(client, call, employer_applicant):
    GrantCall.objects.filter(pk=call.pk).update(applicant_kinds=["voluntary"])
    client.force_login(employer_applicant)
    assert client.get(reverse("grants:portal_call", args=[call.pk])).status_code == 404
    response = client.post(reverse("grants:application_new", args=[call.pk]))
    assert response.status_code == 403 and "Only these may apply" in response.content.decode()


def test_saving_a_draft_keeps_invalid_input_and_names_the_errors(logged_in, call, applicant):
    application = draft_for(call, applicant)
    url = reverse("grants:application_edit", args=[application.pk])
    page = logged_in.get(url).content.decode()
    assert 'value="Lønn"' in page and 'name="f-has_partner"' in page and "f-partner_name" not in page
    response = logged_in.post(url, _form_post({**ANSWERS, "participants_planned": "førti"}, amount="abc"))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="error-summary"' in page and 'href="#f-participants_planned"' in page
    assert 'value="førti"' in page and 'value="abc"' in page  # what was typed is kept on the page
    application.refresh_from_db()
    assert application.answers["participants_planned"] == 40


def test_a_conditional_section_appears_after_saving_and_more_rows_work_without_javascript(logged_in, call, applicant):
    application = draft_for(call, applicant)
    url = reverse("grants:application_edit", args=[application.pk])
    response = logged_in.post(url, _form_post({**ANSWERS, "has_partner": "true"}, more_rows="budget"))
    page = response.content.decode()
    assert response.status_code == 200 and 'name="f-partner_name"' in page
    # Two saved cost rows, two empty ones and three more.
    assert 'name="f-budget-costs-6-item"' in page and 'name="f-budget-costs-7-item"' not in page
    application.refresh_from_db()
    assert application.answers["has_partner"] is True


def test_submitting_a_budget_that_does_not_add_up_shows_the_error_on_the_form(logged_in, call, applicant):
    application = draft_for(call, applicant, amount="150000")
    response = logged_in.post(reverse("grants:application_action", args=[application.pk, "submit"]))
    page = response.content.decode()
    assert response.status_code == 400 and "The budget does not add up" in page and 'href="#f-budget-costs-0-item"' in page
    application.refresh_from_db()
    assert application.state == A.DRAFT


def test_save_and_submit_saves_what_was_typed_then_submits(logged_in, call, applicant):
    application = draft_for(call, applicant, amount="150000")
    url = reverse("grants:application_edit", args=[application.pk])
    refused = logged_in.post(url, _form_post({**ANSWERS, "summary": "Endret"}, amount="150000", then_submit="1"))
    assert refused.status_code == 400 and "The budget does not add up" in refused.content.decode()
    application.refresh_from_db()
    assert application.state == A.DRAFT and application.answers["summary"] == "Endret"
    response = logged_in.post(url, _form_post(ANSWERS, amount=AMOUNT, then_submit="1"))
    assert response.url == reverse("grants:application", args=[application.pk])
    application.refresh_from_db()
    assert application.state == A.SUBMITTED and application.amount_applied == Decimal(AMOUNT)


def test_documents_upload_download_and_remove(logged_in, call, applicant, client):
    application = draft_for(call, applicant)
    response = logged_in.post(reverse("grants:application_document_add", args=[application.pk]),
                              {"document": upload("vedtekter.pdf", pdf_bytes())})
    assert response.url == reverse("grants:application_edit", args=[application.pk])
    document = application.documents.get()
    download = logged_in.get(reverse("grants:application_document", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(object_type="grants.grantapplicationdocument", object_id=str(document.pk)).exists()
    logged_in.post(reverse("grants:application_document_remove", args=[document.pk]))
    assert not application.documents.exists()


def test_submit_then_the_application_page(logged_in, call, applicant):
    application = draft_for(call, applicant)
    response = logged_in.post(reverse("grants:application_action", args=[application.pk, "submit"]))
    assert response.url == reverse("grants:application", args=[application.pk])
    page = logged_in.get(response.url).content.decode()
    assert "Submitted" in page and "Leksehjelp og språkkafé" in page and "The budget adds up." in page
    assert AuditEntry.objects.filter(object_type="grants.grantapplication", object_id=str(application.pk),
                                     action=AuditEntry.Action.VIEW).exists()
    # A submitted application is not edited: the edit page sends the applicant to the application.
    assert logged_in.get(reverse("grants:application_edit", args=[application.pk])).url == response.url


def test_the_decision_accept_and_the_letter_link(logged_in, call, applicant, officer):
    application = service.grant_application_submit(actor=applicant, application=draft_for(call, applicant))
    decide(application, officer)
    url = reverse("grants:application", args=[application.pk])
    page = logged_in.get(url).content.decode()
    assert f"/grants/applications/{application.pk}/letter.pdf" in page and "Accept the grant letter" in page
    assert "The Ministry of Education and Research" in page
    logged_in.post(reverse("grants:application_action", args=[application.pk, "accept"]))
    page = logged_in.get(url).content.decode()
    assert 'data-testid="payments"' in page and "105\u00a0000" in page and "/grants/schemes/reports/" in page


def test_appeal_within_the_deadline_and_refused_after_it(logged_in, call, applicant, officer):
    application = service.grant_application_submit(actor=applicant, application=draft_for(call, applicant))
    decide(application, officer, state=A.REJECTED, amount=Decimal(0), decided_days_ago=22)
    url = reverse("grants:application_appeal", args=[application.pk])
    page = logged_in.get(url).content.decode()
    assert "The appeal deadline was" in page and "<textarea" not in page
    assert logged_in.post(url, {"text": "For sent"}).status_code == 403
    decide(application, officer, state=A.REJECTED, amount=Decimal(0), decided_days_ago=1)
    assert logged_in.post(url, {"text": " "}).status_code == 400
    response = logged_in.post(url, {"text": "Vi oppfyller kriteriene."})
    assert response.url == reverse("grants:application", args=[application.pk])
    application.refresh_from_db()
    assert application.state == A.APPEALED


def test_withdraw_from_the_application_page(logged_in, call, applicant):
    application = service.grant_application_submit(actor=applicant, application=draft_for(call, applicant))
    logged_in.post(reverse("grants:application_action", args=[application.pk, "withdraw"]), {"reason": "Utsatt"})
    application.refresh_from_db()
    assert application.state == A.WITHDRAWN


def test_officers_and_an_assigned_reviewer_see_the_application_read_only(client, call, applicant, officer, reviewer):
    application = service.grant_application_submit(actor=applicant, application=draft_for(call, applicant))
    review = ReviewAssignment.objects.create(application=application, reviewer=reviewer, assigned_by=officer)
    client.force_login(reviewer)  # not before the declaration of impartiality
    assert client.get(reverse("grants:application", args=[application.pk])).status_code == 404
    ReviewAssignment.objects.filter(pk=review.pk).update(state="impartial")
    for user in (officer, reviewer):
        client.force_login(user)
        page = client.get(reverse("grants:application", args=[application.pk])).content.decode()
        assert "The applicant's view, read-only." in page and "Withdraw the application" not in page
        assert (f"/grants/schemes/applications/{application.pk}/" in page) == (user == officer)
        assert client.get(reverse("grants:application_edit", args=[application.pk])).status_code == 403


def test_another_organisation_gets_404_everywhere(client, call, applicant, employer_applicant):
    application = draft_for(call, applicant)
    document = service.grant_application_document_add(actor=applicant, application=application,
                                                      upload=upload("vedtekter.pdf", pdf_bytes()))
    client.force_login(employer_applicant)
    gets = [reverse("grants:application", args=[application.pk]),
            reverse("grants:application_edit", args=[application.pk]),
            reverse("grants:application_appeal", args=[application.pk]),
            reverse("grants:application_document", args=[document.pk])]
    posts = [reverse("grants:application_action", args=[application.pk, "submit"]),
             reverse("grants:application_document_add", args=[application.pk]),
             reverse("grants:application_document_remove", args=[document.pk])]
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url).status_code == 404, url
    assert application.documents.exists() and GrantApplication.objects.get().state == A.DRAFT
    assert "Språkkafé" not in client.get(reverse("grants:portal")).content.decode()
