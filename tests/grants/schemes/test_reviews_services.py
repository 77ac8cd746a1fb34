"""Reviews: assignment, the impartiality declaration first (a conflict removes the reviewer and their access),
then scores and the review form, saved and submitted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from nyinorge.core.models import Organisation
from nyinorge.core.roles import Role
from nyinorge.core.services.users import user_create
from nyinorge.grants.models import ReviewAssignment
from nyinorge.grants.selectors.schemes import grant_applications_visible_to
from nyinorge.grants.services.reviews import (
    review_assign, review_declare, review_for, review_score, review_submit, reviewers_for,
)
from tests.grants.schemes.admin_helpers import application_make
from tests.grants.schemes_fixtures import *  # noqa: F401,F403

pytestmark = pytest.mark.django_db
SCORES = {"relevance": {"score": 6, "comment": "Godt begrunnet."}, "quality": {"score": 5, "comment": ""},
          "cost": {"score": 4, "comment": ""}}
ANSWERS = {"recommendation": "grant", "note": "Anbefales."}


@pytest.fixture
def application(call, volunteer_org):
    return application_make(call, volunteer_org, state="in_review")


@pytest.fixture
def review(application, reviewer, officer):
    return review_assign(actor=officer, application=application, reviewer=reviewer)


def test_assignment_by_the_administering_officers_only(application, reviewer, officer, municipal_officer):
    with pytest.raises(PermissionDenied):
        review_assign(actor=municipal_officer, application=application, reviewer=reviewer)
    review_assign(actor=officer, application=application, reviewer=reviewer)
    with pytest.raises(ValidationError):  # twice
        review_assign(actor=officer, application=application, reviewer=reviewer)
    assert ReviewAssignment.objects.count() == 1


def test_a_delegated_municipality_may_use_its_own_reviewers(delegated_call, call, municipal_officer, officer,
                                                            delegated_municipality, volunteer_org):
    own = user_create(username="oslo-fagvurderer", organisation=delegated_municipality,
                      roles=[Role.GRANT_REVIEWER])
    assert own in reviewers_for(delegated_call)
    assert own not in reviewers_for(call)
    application = application_make(delegated_call, volunteer_org, state="submitted")
    review_assign(actor=municipal_officer, application=application, reviewer=own)
    with pytest.raises(ValidationError):
        review_assign(actor=officer, application=application_make(call, volunteer_org), reviewer=own)


def test_someone_without_the_reviewer_role_or_from_the_applicant_is_refused(application, officer, second_officer,
                                                                            call):
    with pytest.raises(ValidationError):
        review_assign(actor=officer, application=application, reviewer=second_officer)
    outside = Organisation.objects.create(kind="other", name="Ressursmiljø", organisation_number="910000001")
    insider = user_create(username="insider", organisation=outside, roles=[Role.GRANT_REVIEWER])
    own_application = application_make(call, outside)
    with pytest.raises(ValidationError) as refused:
        review_assign(actor=officer, application=own_application, reviewer=insider)
    assert "§ 6" in " ".join(refused.value.messages)
    review_assign(actor=officer, application=application, reviewer=insider)


def test_no_scores_before_the_declaration(review, reviewer):
    with pytest.raises(ValidationError) as refused:
        review_score(actor=reviewer, review=review, scores=SCORES, answers=ANSWERS)
    assert "§§ 6–10" in " ".join(refused.value.messages)
    review.refresh_from_db()
    assert review.scores == {}


def test_a_conflict_needs_a_note_then_removes_the_reviewer_and_their_access(review, reviewer, application):
    with pytest.raises(ValidationError):
        review_declare(actor=reviewer, review=review, impartial=False, note=" ")
    review_declare(actor=reviewer, review=review, impartial=False, note="Styremedlem i foreningen.")
    review.refresh_from_db()
    assert review.state == "conflict" and review.conflict_note == "Styremedlem i foreningen."
    assert not grant_applications_visible_to(reviewer).filter(pk=application.pk).exists()
    with pytest.raises(Http404):
        review_for(actor=reviewer, review_id=review.pk)
    with pytest.raises(PermissionDenied):
        review_score(actor=reviewer, review=review, scores=SCORES, answers=ANSWERS)
    with pytest.raises(PermissionDenied):
        review_declare(actor=reviewer, review=review, impartial=True)


def test_after_a_conflict_the_officer_assigns_another(review, reviewer, officer, application):
    review_declare(actor=reviewer, review=review, impartial=False, note="Nær slekt av daglig leder.")
    other = user_create(username="fagvurderer2", organisation=officer.organisation, roles=[Role.GRANT_REVIEWER])
    review_assign(actor=officer, application=application, reviewer=other)
    assert list(application.reviews.values_list("state", flat=True).order_by("id")) == ["conflict", "assigned"]


def test_scores_are_saved_checked_and_submitted_once(review, reviewer):
    review_declare(actor=reviewer, review=review, impartial=True)
    with pytest.raises(ValidationError) as refused:
        review_score(actor=reviewer, review=review, scores={"relevance": {"score": 9}}, answers={})
    assert "score_relevance" in refused.value.message_dict
    review_score(actor=reviewer, review=review, scores={"relevance": {"score": 6, "comment": "Bra"}}, answers={})
    review.refresh_from_db()
    assert review.state == "impartial" and review.scores["relevance"] == {"score": 6, "comment": "Bra"}
    with pytest.raises(ValidationError) as incomplete:
        review_submit(actor=reviewer, review=review, scores={"relevance": {"score": 6}}, answers={})
    assert {"score_quality", "score_cost", "answer_recommendation"} <= set(incomplete.value.message_dict)
    review_submit(actor=reviewer, review=review, scores=SCORES, answers=ANSWERS)
    review.refresh_from_db()
    assert review.state == "submitted" and review.answers == ANSWERS
    with pytest.raises(ValidationError):
        review_score(actor=reviewer, review=review, scores=SCORES, answers=ANSWERS)


def test_another_reviewer_cannot_use_the_review(review, officer):
    other = user_create(username="annen", organisation=officer.organisation, roles=[Role.GRANT_REVIEWER])
    with pytest.raises(Http404):
        review_for(actor=other, review_id=review.pk)
    with pytest.raises(PermissionDenied):
        review_declare(actor=other, review=review, impartial=True)


def test_before_declaring_a_reviewer_sees_the_title_not_the_application(officer, reviewer, call, volunteer_org):
    from django.http import Http404

    from nyinorge.grants.selectors.schemes import grant_application_for
    from nyinorge.grants.services.reviews import review_assign, review_declare

    application = application_make(call, volunteer_org)
    review = review_assign(actor=officer, application=application, reviewer=reviewer)
    with pytest.raises(Http404):
        grant_application_for(actor=reviewer, application_id=application.pk)
    review_declare(actor=reviewer, review=review, impartial=True, note="")
    assert grant_application_for(actor=reviewer, application_id=application.pk) == application
