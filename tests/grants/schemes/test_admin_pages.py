"""The grant officers' pages: each route opens for the administering organisation, is refused (404/403) or
read-only for others, refuses bad input with a message and a 400, and the proposal's live totals answer htmx."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from nyinorge.core.models import AuditEntry
from nyinorge.grants.models import GrantCall, ReviewAssignment, SchemeDelegation
from tests.grants.schemes.admin_helpers import application_make, review_make
from tests.grants.schemes_fixtures import *  # noqa: F401,F403
from tests.grants.schemes_fixtures import APPLICATION_FORM

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("deadline_passed")]


@pytest.fixture
def in_review(call, volunteer_org):
    return application_make(call, volunteer_org, state="in_review", title="Hemmelig språkkafé")


def login(client, user):
    """Logged in, reading the pages in English (the texts the tests look for)."""
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_schemes_show_elements_calls_and_figures(client, officer, call, delegated_call, in_review):
    page = login(client, officer).get(reverse("grants:schemes")).content.decode()
    assert "Increase participation" in page and "821" in page
    assert call.administered_by.name in page and delegated_call.administered_by.name in page
    assert "200" in page  # the application's amount in the call's figures


def test_a_municipality_sees_only_its_own_calls(client, municipal_officer, call, delegated_call, in_review):
    page = login(client, municipal_officer).get(reverse("grants:schemes")).content.decode()
    assert reverse("grants:call", args=[delegated_call.pk]) in page
    assert reverse("grants:call", args=[call.pk]) not in page
    assert client.get(reverse("grants:call", args=[call.pk])).status_code == 404
    assert client.get(reverse("grants:call_ranking", args=[call.pk])).status_code == 404
    assert client.get(reverse("grants:application_case", args=[in_review.pk])).status_code == 404


def test_the_scheme_page_has_weights_and_the_directorates_combined_figures(client, officer, municipal_officer,
                                                                          scheme, delegated_call, volunteer_org):
    application_make(delegated_call, volunteer_org, amount=80_000)
    url = reverse("grants:scheme", args=[scheme.pk])
    page = login(client, officer).get(url).content.decode()
    assert "Relevance" in page and "50" in page and "80" in page
    assert "Oslo" in page
    municipal = login(client, municipal_officer).get(url)
    assert municipal.status_code == 200 and b"app-number\">80" not in municipal.content


def test_a_new_call_through_the_form_and_its_json_problems_listed(client, officer, scheme):
    now = timezone.localtime()
    data = {"title_nb": "Ny utlysning", "title_en": "New call", "scheme": scheme.pk, "budget_year": now.year,
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "deadline": (now + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"), "frame": "500000",
            "applicant_kinds": ["voluntary"], "application_form": '{"sections": [{"key": "a"',
            "payment_plan": '[{"share": 100, "months_after_acceptance": 0}]', "reporting_plan": "[]",
            "appeal_body_nb": "Kunnskapsdepartementet", "appeal_body_en": "The Ministry"}
    login(client, officer)
    response = client.post(reverse("grants:call_new"), data)
    assert response.status_code == 400 and "Not valid JSON" in response.content.decode()
    data["application_form"] = '{"sections": [{"key": "a", "title": {"nb": "A"}, "fields": []}]}'
    response = client.post(reverse("grants:call_new"), data)
    assert response.status_code == 400 and "the title has no en version" in response.content.decode()
    import json
    data["application_form"] = json.dumps(APPLICATION_FORM)
    response = client.post(reverse("grants:call_new"), data)
    call = GrantCall.objects.get(title__nb="Ny utlysning")
    assert response.status_code == 302 and response["Location"] == reverse("grants:call", args=[call.pk])


def test_a_municipality_without_delegation_cannot_open_the_form(client, municipal_officer):
    response = login(client, municipal_officer).get(reverse("grants:call_new"))
    assert response.status_code == 302


def test_edit_is_for_the_administering_organisation(client, officer, municipal_officer, call, delegated_call):
    login(client, officer)
    assert client.get(reverse("grants:call_edit", args=[call.pk])).status_code == 200
    response = client.get(reverse("grants:call_edit", args=[delegated_call.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("grants:call", args=[delegated_call.pk])
    login(client, municipal_officer)
    assert client.get(reverse("grants:call_edit", args=[call.pk])).status_code == 404
    assert client.get(reverse("grants:call_edit", args=[delegated_call.pk])).status_code == 200


def test_delegations_are_the_directorates(client, officer, municipal_officer, scheme, delegated_municipality):
    year = timezone.localdate().year
    data = {"scheme": scheme.pk, "organisation": delegated_municipality.pk, "budget_year": year, "frame": "250000"}
    login(client, municipal_officer)
    page = client.get(reverse("grants:delegations"))
    assert page.status_code == 200 and "Only the directorate delegates" in page.content.decode()
    assert client.post(reverse("grants:delegations"), data).status_code == 403
    login(client, officer)
    assert client.post(reverse("grants:delegations"), data).status_code == 302
    assert SchemeDelegation.objects.get().frame == 250_000


def test_the_call_page_lists_applications_with_eligibility_and_starts_the_review(client, officer, call,
                                                                                 volunteer_org, reviewer):
    submitted = application_make(call, volunteer_org, title="Til vurdering")
    application_make(call, volunteer_org, state="draft", title="Utkastet")
    login(client, officer)
    page = client.get(reverse("grants:call", args=[call.pk])).content.decode()
    assert "Til vurdering" in page and "Utkastet" not in page
    assert AuditEntry.objects.filter(action="view", detail__contains=f"call {call.pk} applications").exists()
    response = client.post(reverse("grants:call_start_review", args=[call.pk]), {"application": [submitted.pk]})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "in_review" and submitted.eligibility
    assert "Eligible" in client.get(reverse("grants:call", args=[call.pk])).content.decode()
    response = client.post(reverse("grants:call_assign", args=[call.pk]),
                           {"application": [submitted.pk], "reviewer": reviewer.pk})
    assert response.status_code == 302 and ReviewAssignment.objects.filter(reviewer=reviewer).exists()
    assert client.post(reverse("grants:call_assign", args=[call.pk]), {"reviewer": reviewer.pk}).status_code == 400


def test_the_directorate_follows_a_delegated_call_but_cannot_act(client, officer, delegated_call, volunteer_org):
    application = application_make(delegated_call, volunteer_org, state="in_review", title="Oslo-søknad")
    login(client, officer)
    page = client.get(reverse("grants:call", args=[delegated_call.pk])).content.decode()
    assert "Oslo-søknad" in page and "You can follow the call" in page
    assert client.post(reverse("grants:call_start_review", args=[delegated_call.pk])).status_code == 403
    assert client.post(reverse("grants:call_proposal", args=[delegated_call.pk]),
                       {"action": "save"}).status_code == 403
    case = client.get(reverse("grants:application_case", args=[application.pk])).content.decode()
    assert "Oslo-søknad" in case and "You can follow the application" in case
    response = client.post(reverse("grants:application_decide", args=[application.pk]),
                           {"decision": "reject", "reasons": "Nei.", "criteria": ["relevance"]})
    assert response.status_code == 403


def test_ranking_proposal_live_totals_and_full_page_save(client, officer, call, in_review, employer_org, reviewer):
    call.frame = Decimal(300_000)
    call.save()
    other = application_make(call, employer_org, state="in_review", title="Andre")
    review_make(in_review, reviewer, officer, {"relevance": 7, "quality": 7, "cost": 7})
    login(client, officer)
    page = client.get(reverse("grants:call_ranking", args=[call.pk])).content.decode()
    assert page.index("Hemmelig språkkafé") < page.index("Andre") and "100.00" in page
    url = reverse("grants:call_proposal", args=[call.pk])
    amounts = {f"amount_{in_review.pk}": "200000", f"amount_{other.pk}": "200000"}
    fragment = client.post(url, {**amounts, "action": "preview"}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="proposal-totals"') and "The total is above the frame." in fragment
    assert "−100\u00a0000" in fragment
    response = client.post(url, {**amounts, "action": "save"})
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.proposed_amount == 200_000
    decided = client.post(reverse("grants:application_decide", args=[in_review.pk]), {
        "decision": "approve", "amount": "200000", "reasons": "God søknad.", "criteria": ["relevance"]})
    assert decided.status_code == 400 and "above the frame" in decided.content.decode()
    response = client.post(url, {f"amount_{in_review.pk}": "200000", f"amount_{other.pk}": "abc", "action": "save"})
    assert response.status_code == 400 and "not an amount" in response.content.decode()
    client.post(url, {"action": "allocate", "rule": "skip"})
    other.refresh_from_db()
    in_review.refresh_from_db()
    assert (in_review.proposed_amount, other.proposed_amount) == (200_000, 0)


def test_the_case_page_and_a_decision_with_its_refusals(client, officer, in_review, reviewer):
    review_make(in_review, reviewer, officer, {"relevance": 6, "quality": 5, "cost": 4})
    login(client, officer)
    url = reverse("grants:application_case", args=[in_review.pk])
    page = client.get(url).content.decode()
    assert "Møteplass for språktrening." in page and "Weighted score" in page and "6/7" in page
    assert AuditEntry.objects.filter(object_id=str(in_review.pk), action="view").exists()
    decide = reverse("grants:application_decide", args=[in_review.pk])
    refused = client.post(decide, {"decision": "approve", "amount": "200000", "reasons": "", "criteria": []})
    assert refused.status_code == 400
    above = client.post(decide, {"decision": "approve_partly", "amount": "250000", "reasons": "Ok.",
                                 "criteria": ["relevance"]})
    assert above.status_code == 400 and "applied for" in above.content.decode()
    done = client.post(decide, {"decision": "approve_partly", "amount": "150000", "reasons": "Ok.",
                                "criteria": ["relevance"], "conditions": "Minst 20 deltakere."})
    assert done.status_code == 302
    in_review.refresh_from_db()
    assert in_review.state == "partly_approved" and in_review.amount_granted == 150_000


def test_appeals_page_and_reconsideration(client, officer, call, volunteer_org, applicant):
    from nyinorge.core.workflow import workflow_move
    from nyinorge.grants.application_workflow import GRANT_APPLICATION_WORKFLOW
    from nyinorge.grants.services.decisions import grant_application_decide

    old = application_make(call, volunteer_org, state="in_review", title="Gammel klage")
    fresh = application_make(call, volunteer_org, state="in_review", title="Ny klage")
    for application in (old, fresh):
        grant_application_decide(actor=officer, application=application, decision="reject", reasons="Svak.",
                                 criteria=["quality"])
        workflow_move(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name="appeal", actor=applicant,
                      reason="Uenig.", appeal_text="Uenig.", appealed_at=timezone.now())
    type(old).objects.filter(pk=fresh.pk).update(appealed_at=timezone.now() - datetime.timedelta(days=2))
    type(old).objects.filter(pk=old.pk).update(appealed_at=timezone.now() - datetime.timedelta(days=30))
    login(client, officer)
    page = client.get(reverse("grants:appeals")).content.decode()
    assert page.index("Gammel klage") < page.index("Ny klage") and "Overdue" in page
    url = reverse("grants:application_appeal_decide", args=[old.pk])
    assert client.post(url, {"action": "send_to_appeal_body", "reasons": ""}).status_code == 400
    assert client.post(url, {"action": "send_to_appeal_body", "reasons": "Opprettholdes."}).status_code == 302
    old.refresh_from_db()
    assert old.state == "with_appeal_body"


def test_officer_routes_refuse_reviewers_and_applicants(client, reviewer, applicant, call, in_review):
    for user in (reviewer, applicant):
        login(client, user)
        for url in (reverse("grants:schemes"), reverse("grants:call", args=[call.pk]),
                    reverse("grants:application_case", args=[in_review.pk]), reverse("grants:appeals"),
                    reverse("grants:delegations"), reverse("grants:call_new")):
            assert client.get(url).status_code == 403, (user, url)
