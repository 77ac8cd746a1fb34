"""The applicant's services: a draft from an open call, saving what is valid, submission refused for each bad input
(nothing stored), the eligibility check, withdrawal, acceptance (payments and reports planned) and the appeal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from nyinorge.core.models import AuditEntry, Organisation, User
from nyinorge.core.roles import Role
from nyinorge.core.services.users import user_create
from nyinorge.core.workflow import IllegalTransition
from nyinorge.grants.application_states import A
from nyinorge.grants.models import GrantCall
from nyinorge.grants.selectors.eligibility import grant_application_eligibility
from nyinorge.grants.services import applications as service
from nyinorge.grants.services.applicants import applicant_organisation_register
from tests.grants.schemes.portal_helpers import AMOUNT, ANSWERS, decide, draft_for, english, private_root  # noqa: F401
from tests.grants.schemes_fixtures import *  # noqa: F401,F403
from tests.interpreters.documents import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def _refused(application, user) -> dict:
    with pytest.raises(ValidationError) as refusal:
        service.grant_application_submit(actor=user, application=application)
    application.refresh_from_db()
    assert application.state == A.DRAFT and application.submitted_at is None and not application.eligibility
    assert not application.events.exists()
    return refusal.value.message_dict


def test_a_complete_draft_is_submitted_with_its_eligibility_check(call, applicant):
    application = draft_for(call, applicant)
    assert application.answers["participants_planned"] == 40 and application.budget["costs"][0]["amount"] == 150000
    application = service.grant_application_submit(actor=applicant, application=application)
    assert application.state == A.SUBMITTED and application.submitted_at is not None
    assert [check["rule"] for check in application.eligibility] == [
        "applicant_kind", "deadline", "amount", "required_fields", "budget"]
    assert all(check["ok"] for check in application.eligibility), application.eligibility
    assert application.events.get().name == "submit"
    assert AuditEntry.objects.filter(object_type="grants.grantapplication", object_id=str(application.pk),
                                     detail__contains="submit").exists()


def test_the_stored_eligibility_check_is_in_both_languages_whoever_submitted(call, applicant):
    """Submitted in English (this module's language), the check is read in bokmål by an officer too, and its
    deadline is written as every page writes dates (not the English locale's m/d/Y)."""
    application = service.grant_application_submit(actor=applicant, application=draft_for(call, applicant))
    budget = next(check for check in application.eligibility if check["rule"] == "budget")
    assert budget["message"] == {"nb": "Budsjettet går opp.", "en": "The budget adds up."}
    deadline = next(check for check in application.eligibility if check["rule"] == "deadline")["message"]
    written = timezone.localtime(call.deadline).strftime("%d.%m.%Y %H:%M")
    assert written in deadline["nb"] and written in deadline["en"] and deadline["nb"] != deadline["en"]


def test_saving_keeps_what_is_valid_and_reports_the_rest(call, applicant):
    application = draft_for(call, applicant)
    errors = service.grant_application_update(
        actor=applicant, application=application, project_title="Nytt navn", amount_applied="mange penger",
        raw_answers={**ANSWERS, "participants_planned": "førti", "summary": "Ny beskrivelse"})
    application.refresh_from_db()
    assert set(errors) == {"amount_applied", "participants_planned"}
    assert application.project_title == "Nytt navn" and application.answers["summary"] == "Ny beskrivelse"
    # The invalid answers keep what was stored before.
    assert application.answers["participants_planned"] == 40 and application.amount_applied == Decimal(AMOUNT)


def test_a_late_submission_is_refused_with_the_deadline(call, applicant):
    application = draft_for(call, applicant)
    GrantCall.objects.filter(pk=call.pk).update(opens_at=timezone.now() - datetime.timedelta(days=30),
                                                deadline=timezone.now() - datetime.timedelta(minutes=1))
    application.refresh_from_db()
    with pytest.raises(IllegalTransition, match="The deadline was"):
        service.grant_application_submit(actor=applicant, application=application)
    application.refresh_from_db()
    assert application.state == A.DRAFT and not application.events.exists()


def test_a_missing_required_field_is_named(call, applicant):
    application = draft_for(call, applicant, answers={**ANSWERS, "summary": ""})
    errors = _refused(application, applicant)
    assert errors["summary"] == ["“Short description” must be answered."]


def test_a_required_field_of_a_shown_section_is_required_and_of_a_hidden_one_not(call, applicant):
    application = draft_for(call, applicant, answers={**ANSWERS, "has_partner": "true"})
    assert "partner_name" in _refused(application, applicant)
    service.grant_application_update(actor=applicant, application=application, project_title="Språkkafé",
                                     amount_applied=AMOUNT, raw_answers={**ANSWERS, "partner_name": "Skjult"})
    application.refresh_from_db()
    assert "partner_name" not in application.answers  # hidden by its condition: dropped, never kept unseen
    assert service.grant_application_submit(actor=applicant, application=application).state == A.SUBMITTED


def test_a_budget_that_does_not_add_up_is_refused_with_the_difference(call, applicant):
    application = draft_for(call, applicant, amount="150000")
    errors = _refused(application, applicant)
    assert "The difference is 30000 NOK" in errors["budget"][0]


@pytest.mark.parametrize("max_amount, frame, amount, message", [
    (Decimal(100_000), Decimal(1_000_000), "180000", "The most one application can be granted in this call is 100000"),
    (None, Decimal(150_000), "180000", "The call's whole frame is 150000 NOK"),
    (None, Decimal(1_000_000), "0", "Give the amount applied for"),
])
def test_an_amount_above_the_ceiling_or_the_frame_or_none_is_refused(call, applicant, max_amount, frame, amount,
                                                                     message):
    GrantCall.objects.filter(pk=call.pk).update(max_amount=max_amount, frame=frame)
    call.refresh_from_db()
    application = draft_for(call, applicant, amount=amount)
    assert message in _refused(application, applicant)["amount_applied"][0]


def test_a_kind_that_may_not_apply_gets_no_draft_and_cannot_submit_one(call, applicant, employer_applicant):
    GrantCall.objects.filter(pk=call.pk).update(applicant_kinds=["voluntary"])
    call.refresh_from_db()
    with pytest.raises(ValidationError, match="Only these may apply to the call: Voluntary organisation"):
        service.grant_application_create(actor=employer_applicant, call=call)
    # A draft made before the call's kinds changed cannot be submitted.
    application = draft_for(call, applicant)
    GrantCall.objects.filter(pk=call.pk).update(applicant_kinds=["employer"])
    application.refresh_from_db()
    assert "may not apply to this call" in _refused(application, applicant)["__all__"][0]
    kind_check = grant_application_eligibility(application)[0]
    assert kind_check == {"rule": "applicant_kind", "ok": False,
                          "message": "Voluntary organisation may not apply to this call."}


def test_a_closed_or_prize_call_takes_no_draft(call, applicant, officer):
    GrantCall.objects.filter(pk=call.pk).update(opens_at=timezone.now() - datetime.timedelta(days=30),
                                                deadline=timezone.now() - datetime.timedelta(days=1))
    call.refresh_from_db()
    with pytest.raises(ValidationError, match="closed at its deadline"):
        service.grant_application_create(actor=applicant, call=call)
    prize = call_create(scheme_create("prize", kind="prize"), administered_by=call.administered_by,  # noqa: F405
                        created_by=officer, kinds=("voluntary",))
    with pytest.raises(ValidationError, match="nominated"):
        service.grant_application_create(actor=applicant, call=prize)


def test_documents_the_form_asks_for_are_checked_then_stored_and_removed(call, applicant):
    GrantCall.objects.filter(pk=call.pk).update(application_form={**call.application_form,
                                                                  "documents": {"required": True}})
    call.refresh_from_db()
    application = draft_for(call, applicant)
    assert _refused(application, applicant)["document"] == ["The form asks for at least 1 document(s); 0 attached."]
    with pytest.raises(ValidationError):
        service.grant_application_document_add(actor=applicant, application=application,
                                               upload=upload("virus.pdf", b"MZ not a pdf"))
    document = service.grant_application_document_add(actor=applicant, application=application,
                                                      upload=upload("budsjett.pdf", pdf_bytes()))
    application = service.grant_application_submit(actor=applicant, application=application)
    assert application.eligibility[-1] == {"rule": "documents", "ok": True, "message": {
        "nb": "Vedleggene skjemaet krever, er lagt ved.", "en": "The documents the form asks for are attached."}}
    with pytest.raises(ValidationError, match="Only a draft can be changed"):
        service.grant_application_document_remove(actor=applicant, document=document)


def test_another_organisation_cannot_change_the_draft(call, applicant, employer_applicant):
    application = draft_for(call, applicant)
    with pytest.raises(PermissionDenied):
        service.grant_application_update(actor=employer_applicant, application=application, project_title="Kapret",
                                         amount_applied="1", raw_answers={})
    with pytest.raises(PermissionDenied):
        service.grant_application_submit(actor=employer_applicant, application=application)


def test_withdraw(call, applicant):
    application = service.grant_application_submit(actor=applicant, application=draft_for(call, applicant))
    application = service.grant_application_withdraw(actor=applicant, application=application, reason="Utsatt")
    assert application.state == A.WITHDRAWN and application.events.last().reason == "Utsatt"
    with pytest.raises(IllegalTransition):
        service.grant_application_withdraw(actor=applicant, application=application)


def test_accepting_the_grant_letter_plans_the_payments_and_reports(call, applicant, officer):
    application = service.grant_application_submit(actor=applicant, application=draft_for(call, applicant))
    application = decide(application, officer)
    application = service.grant_application_accept(actor=applicant, application=application)
    assert application.state == A.ACCEPTED and application.accepted_by == applicant
    payments = list(application.payments.order_by("number"))
    assert [payment.amount for payment in payments] == [Decimal(105_000), Decimal(45_000)]
    assert payments[0].due_on == timezone.localdate()
    assert sorted(report.kind for report in application.reports.all()) == ["accounts", "progress"]
    with pytest.raises(IllegalTransition):
        service.grant_application_accept(actor=applicant, application=application)
    assert application.payments.count() == 2


def test_nothing_granted_has_no_letter_to_accept(call, applicant, officer):
    application = service.grant_application_submit(actor=applicant, application=draft_for(call, applicant))
    application = decide(application, officer, state=A.REJECTED, amount=Decimal(0))
    with pytest.raises(PermissionDenied):
        service.grant_application_accept(actor=applicant, application=application)
    assert not application.payments.exists()


def test_an_appeal_within_three_weeks_is_lodged_and_after_them_refused(call, applicant, officer):
    application = service.grant_application_submit(actor=applicant, application=draft_for(call, applicant))
    application = decide(application, officer, state=A.REJECTED, amount=Decimal(0), decided_days_ago=20)
    with pytest.raises(ValidationError, match="Say what the appeal is about"):
        service.grant_application_appeal(actor=applicant, application=application, text="  ")
    application = service.grant_application_appeal(actor=applicant, application=application,
                                                   text="Vi oppfyller kriteriene.")
    assert application.state == A.APPEALED and application.appeal_text == "Vi oppfyller kriteriene."

    late = service.grant_application_submit(actor=applicant, application=draft_for(call, applicant, title="Sent"))
    late = decide(late, officer, state=A.REJECTED, amount=Decimal(0), decided_days_ago=22)
    with pytest.raises(IllegalTransition, match="The appeal deadline was"):
        service.grant_application_appeal(actor=applicant, application=late, text="For sent.")
    late.refresh_from_db()
    assert late.state == A.REJECTED and not late.appeal_text


def test_an_organisation_registers_with_its_first_applicant(db):
    user = applicant_organisation_register(organisation_number="974 760 673", name="Frivillig Vest", kind="voluntary",
                                           contact_name="Kari Nordmann", email="Kari@Example.org",
                                           password="et-langt-passord-2019")
    assert user.username == "kari@example.org" and (user.first_name, user.last_name) == ("Kari", "Nordmann")
    assert user.organisation.organisation_number == "974760673" and user.organisation.kind == "voluntary"
    assert list(user.role_assignments.values_list("role", flat=True)) == [Role.GRANT_APPLICANT]
    assert user.check_password("et-langt-passord-2019")
    assert AuditEntry.objects.filter(object_type="core.organisation", object_id=str(user.organisation.pk)).exists()


@pytest.mark.parametrize("number, kind, field, message", [
    ("974760674", "voluntary", "organisation_number", "Give a valid organisation number"),
    ("974760673", "county", "kind", "Every county is registered already"),
    ("974760673", "municipality", "kind", "Municipalities are registered already"),
])
def test_a_registration_is_refused_for_a_bad_number_or_kind(db, number, kind, field, message):
    with pytest.raises(ValidationError) as refusal:
        applicant_organisation_register(organisation_number=number, name="X", kind=kind, contact_name="Kari N",
                                        email="kari@example.org", password="et-langt-passord-2019")
    assert message in refusal.value.message_dict[field][0]
    assert not User.objects.filter(username="kari@example.org").exists()


def test_a_registered_number_is_refused_and_a_municipality_told_to_ask_its_administrator(volunteer_org):
    oslo = Organisation.objects.get(kind="municipality", municipality_id="0301")
    Organisation.objects.filter(pk=oslo.pk).update(organisation_number="958935420")
    for number, message in (("974760673", "This organisation number is registered already"),
                            ("958935420", "provisioned by its own user administrator")):
        with pytest.raises(ValidationError, match=message):
            applicant_organisation_register(organisation_number=number, name="X", kind="other",
                                            contact_name="Kari N", email="kari@example.org",
                                            password="et-langt-passord-2019")
    assert Organisation.objects.filter(organisation_number="974760673").count() == 1
    user_create(username="ola@example.org", organisation=volunteer_org, roles=[Role.GRANT_APPLICANT])
    with pytest.raises(ValidationError, match="A user with this e-mail address exists already"):
        applicant_organisation_register(organisation_number="981566378", name="Y", kind="employer",
                                        contact_name="Ola N", email="ola@example.org",
                                        password="et-langt-passord-2019")


@pytest.mark.parametrize("typed", ["sNaN", "NaN", "Infinity", "-Infinity", "1e999999999"])
def test_an_amount_that_is_not_a_number_is_an_error_not_a_crash(call, applicant, typed):
    application = service.grant_application_create(actor=applicant, call=call)
    errors = service.grant_application_update(actor=applicant, application=application, project_title="X",
                                              amount_applied=typed, raw_answers={"budget": {
                                                  "costs": [{"item": "Lønn", "amount": typed}], "income": []}})
    assert "amount_applied" in errors and "budget" in errors
