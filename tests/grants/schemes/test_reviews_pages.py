"""The reviewer's pages: assignments, the impartiality declaration before any scoring, a conflict that removes
the reviewer (and their access), scores saved and submitted."""

import pytest
from django.urls import reverse

from nyinorge.grants.services.reviews import review_assign
from tests.grants.schemes.admin_helpers import application_make
from tests.grants.schemes_fixtures import *  # noqa: F401,F403

pytestmark = pytest.mark.django_db
SCORES = {"score_relevance": "6", "comment_relevance": "Treffer målgruppen.", "score_quality": "5",
          "score_cost": "4", "answer_recommendation": "grant"}


@pytest.fixture
def review(call, volunteer_org, officer, reviewer):
    application = application_make(call, volunteer_org, state="in_review", title="Leksehjelp")
    return review_assign(actor=officer, application=application, reviewer=reviewer)


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_declaration_comes_first(reviewer_client, review):
    page = reviewer_client.get(reverse("grants:reviews")).content.decode()
    assert "Leksehjelp" in page
    url = reverse("grants:review", args=[review.pk])
    page = reviewer_client.get(url).content.decode()
    assert "§ 6 first paragraph" in page and 'name="score_relevance"' not in page
    response = reviewer_client.post(url, SCORES)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.scores == {}


def test_a_conflict_removes_the_reviewer(reviewer_client, review, client, officer):
    declare = reverse("grants:review_declare", args=[review.pk])
    assert reviewer_client.post(declare, {"declaration": "conflict", "note": ""}).status_code == 400
    response = reviewer_client.post(declare, {"declaration": "conflict", "note": "Jeg sitter i styret."})
    assert response.status_code == 302 and response["Location"] == reverse("grants:reviews")
    assert reviewer_client.get(reverse("grants:review", args=[review.pk])).status_code == 404
    assert "Leksehjelp" not in reviewer_client.get(reverse("grants:reviews")).content.decode()
    assert reviewer_client.post(reverse("grants:review", args=[review.pk]), SCORES).status_code == 404
    client.force_login(officer)
    case = client.get(reverse("grants:application_case", args=[review.application_id]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Jeg sitter i styret." in case and "Assign another reviewer." in case


def test_impartial_then_scores_saved_and_submitted(reviewer_client, review):
    declare = reverse("grants:review_declare", args=[review.pk])
    assert reviewer_client.post(declare, {"declaration": "impartial"}).status_code == 302
    url = reverse("grants:review", args=[review.pk])
    page = reviewer_client.get(url).content.decode()
    assert 'name="score_relevance"' in page and 'name="answer_recommendation"' in page
    assert reviewer_client.post(url, {"score_relevance": "6", "save": ""}).status_code == 302
    review.refresh_from_db()
    assert review.scores["relevance"]["score"] == 6 and review.state == "impartial"
    incomplete = reviewer_client.post(url, {"score_relevance": "6", "submit": ""})
    assert incomplete.status_code == 400 and "Score every criterion" in incomplete.content.decode()
    assert reviewer_client.post(url, {**SCORES, "submit": ""}).status_code == 302
    review.refresh_from_db()
    assert review.state == "submitted" and review.answers == {"recommendation": "grant"}
    assert reviewer_client.post(url, {**SCORES, "submit": ""}).status_code == 400


def test_another_reviewer_and_officers_cannot_open_the_review(client, review, officer, second_officer):
    from nyinorge.core.roles import Role
    from nyinorge.core.services.users import user_create

    other = user_create(username="fagvurderer-b", organisation=officer.organisation, roles=[Role.GRANT_REVIEWER])
    client.force_login(other)
    assert client.get(reverse("grants:review", args=[review.pk])).status_code == 404
    assert client.post(reverse("grants:review_declare", args=[review.pk]),
                       {"declaration": "impartial"}).status_code == 404
    client.force_login(officer)
    assert client.get(reverse("grants:review", args=[review.pk])).status_code == 403
