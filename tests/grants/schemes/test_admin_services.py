"""The officers' processing services: calls (and a municipality's limits), delegations, the start of review
with the eligibility check, the proposal. Each refusal is a clear error and stores nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from nyinorge.core.models import AuditEntry
from nyinorge.core.services.reference import directorate
from nyinorge.grants.models import GrantApplication, GrantCall, SchemeDelegation
from nyinorge.grants.selectors.eligibility import grant_application_eligibility
from nyinorge.grants.services.processing import (
    grant_applications_start_review, grant_call_create, grant_call_proposal_allocate, grant_call_proposal_save,
    grant_call_update, scheme_delegation_create,
)
from tests.grants.schemes.admin_helpers import application_make
from tests.grants.schemes_fixtures import *  # noqa: F401,F403
from tests.grants.schemes_fixtures import APPLICATION_FORM, REVIEW_FORM, t

pytestmark = pytest.mark.django_db


def values(scheme, **changes):
    now = timezone.now()
    base = dict(scheme=scheme, budget_year=timezone.localdate().year, title=t("Utlysning", "Call"),
                description=t("", ""), opens_at=now, deadline=now + datetime.timedelta(days=30),
                frame=Decimal(400_000), max_amount=Decimal(100_000), applicant_kinds=["voluntary"],
                application_form=APPLICATION_FORM, review_form=REVIEW_FORM,
                payment_plan=[{"share": 50, "months_after_acceptance": 0}, {"share": 50, "months_after_acceptance": 6}],
                reporting_plan=[{"kind": "accounts", "due": f"{now.year + 1}-03-01"}], project_start=None,
                project_end=None, appeal_body=t("Kunnskapsdepartementet", "The Ministry"), published=False)
    base.update(changes)
    return base


def test_the_directorate_creates_a_call_audited(officer, scheme):
    call = grant_call_create(actor=officer, **values(scheme))
    assert call.administered_by == directorate()
    assert AuditEntry.objects.filter(object_type="grants.grantcall", object_id=str(call.pk), action="create").exists()


@pytest.mark.parametrize("changes, field", [
    ({"title": {"nb": "Bare bokmål", "en": ""}}, "title"),
    ({"payment_plan": [{"share": 60, "months_after_acceptance": 0}, {"share": 30, "months_after_acceptance": 3}]},
     "payment_plan"),
    ({"application_form": {"sections": [{"key": "x", "title": t("X", "X"), "fields": [{"key": "a", "type": "nope",
                                                                                       "label": t("A", "A")}]}]}},
     "application_form"),
    ({"reporting_plan": [{"kind": "poem", "due": "soon"}]}, "reporting_plan"),
    ({"max_amount": Decimal(500_000)}, "max_amount"),
    ({"appeal_body": {}}, "appeal_body"),
    ({"applicant_kinds": []}, "applicant_kinds"),
])
def test_a_bad_call_is_refused_with_the_problem(officer, scheme, changes, field):
    with pytest.raises(ValidationError) as refused:
        grant_call_create(actor=officer, **values(scheme, **changes))
    assert field in refused.value.message_dict
    assert not GrantCall.objects.exists()


def test_each_problem_of_a_form_definition_is_listed(officer, scheme):
    broken = {"sections": [{"key": "x", "title": {"nb": "X"}, "fields": [
        {"key": "a", "type": "choice", "label": t("A", "A")}, {"key": "a", "type": "text", "label": t("B", "B")}]}]}
    with pytest.raises(ValidationError) as refused:
        grant_call_create(actor=officer, **values(scheme, application_form=broken))
    problems = refused.value.message_dict["application_form"]
    assert any("no en version" in problem for problem in problems)
    assert any("needs a list of choices" in problem for problem in problems)
    assert any("used twice" in problem for problem in problems)


def test_a_municipality_runs_calls_only_for_a_delegated_scheme_within_its_frame(municipal_officer, officer,
                                                                                scheme, delegated_municipality):
    with pytest.raises(ValidationError) as refused:
        grant_call_create(actor=municipal_officer, **values(scheme))
    assert "scheme" in refused.value.message_dict
    SchemeDelegation.objects.create(scheme=scheme, organisation=delegated_municipality,
                                    budget_year=timezone.localdate().year, frame=Decimal(500_000), created_by=officer)
    first = grant_call_create(actor=municipal_officer, **values(scheme, frame=Decimal(400_000)))
    assert first.administered_by == delegated_municipality
    with pytest.raises(ValidationError) as over:
        grant_call_create(actor=municipal_officer, **values(scheme, frame=Decimal(200_000)))
    assert "100000" in " ".join(over.value.message_dict["frame"])
    grant_call_create(actor=municipal_officer, **values(scheme, frame=Decimal(100_000)))


def test_a_call_is_changed_only_by_its_own_organisation(officer, municipal_officer, call, delegated_call):
    grant_call_update(actor=officer, call=call, frame=Decimal(900_000))
    call.refresh_from_db()
    assert call.frame == 900_000
    with pytest.raises(PermissionDenied):
        grant_call_update(actor=municipal_officer, call=call, frame=Decimal(1))
    with pytest.raises(PermissionDenied):
        grant_call_update(actor=officer, call=delegated_call, frame=Decimal(1))
    with pytest.raises(ValidationError):  # above the delegated frame
        grant_call_update(actor=municipal_officer, call=delegated_call, frame=Decimal(600_000))
    delegated_call.refresh_from_db()
    assert delegated_call.frame == 500_000


def test_only_the_directorate_delegates(officer, municipal_officer, scheme, delegated_municipality):
    year = timezone.localdate().year
    with pytest.raises(PermissionDenied):
        scheme_delegation_create(actor=municipal_officer, scheme=scheme, organisation=delegated_municipality,
                                 budget_year=year, frame=Decimal(1))
    scheme_delegation_create(actor=officer, scheme=scheme, organisation=delegated_municipality, budget_year=year,
                             frame=Decimal(10))
    with pytest.raises(ValidationError):  # twice the same year
        scheme_delegation_create(actor=officer, scheme=scheme, organisation=delegated_municipality,
                                 budget_year=year, frame=Decimal(10))
    with pytest.raises(ValidationError):  # not a municipality
        scheme_delegation_create(actor=officer, scheme=scheme, organisation=directorate(), budget_year=year,
                                 frame=Decimal(10))
    assert SchemeDelegation.objects.count() == 1


def test_the_eligibility_check_names_each_rule(call, volunteer_org):
    application = application_make(call, volunteer_org)
    assert all(rule["ok"] for rule in grant_application_eligibility(application))
    call.max_amount = Decimal(100_000)
    call.applicant_kinds = ["employer"]
    application.budget = {"costs": [{"item": "Lønn", "amount": 5}], "income": []}
    application.answers = {"sub_goal": "a"}
    application.submitted_at = call.deadline + datetime.timedelta(minutes=1)
    failed = {rule["rule"] for rule in grant_application_eligibility(application) if not rule["ok"]}
    assert failed == {"applicant_kind", "deadline", "amount", "required_fields", "budget"}


def test_start_review_moves_the_submitted_and_stores_the_check(officer, municipal_officer, call, volunteer_org,
                                                               employer_org):
    first = application_make(call, volunteer_org)
    second = application_make(call, employer_org, title="Andre")
    with pytest.raises(PermissionDenied):
        grant_applications_start_review(actor=municipal_officer, call=call)
    started, refusals = grant_applications_start_review(actor=officer, call=call, application_ids=[first.pk])
    assert (started, refusals) == (1, [])
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == "in_review" and len(first.eligibility) == 5
    assert second.state == "submitted"


def test_the_proposal_is_checked_and_allocated_by_rank(officer, call, volunteer_org, employer_org):
    call.frame, call.max_amount = Decimal(300_000), None
    call.save()
    first = application_make(call, volunteer_org, amount=200_000, state="in_review")
    second = application_make(call, employer_org, amount=200_000, state="in_review", title="Andre")
    with pytest.raises(ValidationError):
        grant_call_proposal_save(actor=officer, call=call, amounts={first.pk: Decimal(250_000)})
    first.refresh_from_db()
    assert first.proposed_amount is None
    allocations = grant_call_proposal_allocate(actor=officer, call=call, rule="partial")
    assert sorted(int(item.amount) for item in allocations) == [100_000, 200_000]
    allocations = grant_call_proposal_allocate(actor=officer, call=call, rule="skip")
    assert sorted(int(item.amount) for item in allocations) == [0, 200_000]
    second.refresh_from_db()
    first.refresh_from_db()
    assert sorted([first.proposed_amount, second.proposed_amount]) == [0, 200_000]


@pytest.mark.parametrize("broken, expected", [
    ({"sections": [{"key": "x", "title": t("X", "X"), "fields": 5}]}, "fields is a list"),
    ({"sections": [{"key": "x", "title": t("X", "X"), "fields": [
        {"key": "a", "type": "choice", "label": t("A", "A"), "choices": ["a", "b"]}]}]}, "each choice is an object"),
    ({"sections": [{"key": "x", "title": t("X", "X"), "show_if": {"field": ["a"]}, "fields": [
        {"key": "a", "type": "integer", "label": t("A", "A")}]}]}, "show_if"),
    ({"sections": [{"key": "x", "title": t("X", "X"), "fields": [
        {"key": "a", "type": "integer", "label": t("A", "A"), "min": "5"}]}]}, "min is a whole number"),
    ({"sections": [{"key": "x", "title": t("X", "X"), "fields": [
        {"key": "a", "type": "text", "label": t("A", "A"), "max_length": "abc"}]}]}, "max_length is a whole number"),
    ({"documents": {"min": "x"}, "sections": []}, "documents is"),
])
def test_a_form_definition_of_the_wrong_types_is_refused_not_stored(officer, scheme, broken, expected):
    """A definition typed as JSON may have any shape: each wrong one is a named problem, never a 500 later."""
    with pytest.raises(ValidationError) as refused:
        grant_call_create(actor=officer, **values(scheme, application_form=broken))
    assert any(expected in problem for problem in refused.value.message_dict["application_form"])
    assert not GrantCall.objects.exists()


@pytest.mark.parametrize("due", [20991231, "20991231", "0001-01-01", None])
def test_a_reporting_plan_due_date_is_an_iso_date_within_range(officer, scheme, due):
    with pytest.raises(ValidationError) as refused:
        grant_call_create(actor=officer, **values(scheme, reporting_plan=[{"kind": "progress", "due": due}]))
    assert "reporting_plan" in refused.value.message_dict


def test_once_applications_are_in_the_form_is_fixed_and_the_frame_covers_the_grants(officer, call, volunteer_org):
    application_make(call, volunteer_org, state="approved")
    GrantApplication.objects.filter(call=call).update(amount_granted=Decimal(300_000))
    changed_form = {**call.application_form, "sections": call.application_form["sections"][:1]}
    with pytest.raises(ValidationError) as refused:
        grant_call_update(actor=officer, call=call, application_form=changed_form, frame=Decimal(200_000))
    assert set(refused.value.message_dict) == {"application_form", "frame"}
    assert grant_call_update(actor=officer, call=call, frame=Decimal(300_000)).frame == Decimal(300_000)


def test_the_review_form_is_fixed_once_a_review_is_submitted(officer, reviewer, call, volunteer_org):
    from tests.grants.schemes.admin_helpers import review_make

    review_make(application_make(call, volunteer_org, state="in_review"), reviewer, officer, {"relevance": 5})
    changed = {"sections": call.review_form["sections"][:0] + [
        {"key": "other", "title": t("Annet", "Other"),
         "fields": [{"key": "note", "type": "textarea", "label": t("Merknad", "Note")}]}]}
    with pytest.raises(ValidationError) as refused:
        grant_call_update(actor=officer, call=call, review_form=changed)
    assert set(refused.value.message_dict) == {"review_form"}
