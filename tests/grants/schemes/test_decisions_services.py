"""Decisions and appeals: reasons and criteria required, amounts within what was applied for, the ceiling and
the call's frame, a proposal above the frame blocks grants, only the administering organisation decides; the
appeal is reconsidered (§ 33) and the appeal body's outcome recorded."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from nyinorge.core.dates import deadline_after
from nyinorge.core.workflow import workflow_move
from nyinorge.grants.application_workflow import GRANT_APPLICATION_WORKFLOW
from nyinorge.grants.services.decisions import grant_application_appeal_decide, grant_application_decide
from tests.grants.schemes.admin_helpers import application_make
from tests.grants.schemes_fixtures import *  # noqa: F401,F403

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("deadline_passed")]
REASONS = "Prosjektet svarer godt på ordningens mål og har et realistisk budsjett."


@pytest.fixture
def application(call, volunteer_org):
    return application_make(call, volunteer_org, state="in_review", amount=200_000)


def decide(officer, application, decision="approve", amount=Decimal(200_000), reasons=REASONS,
           criteria=("relevance",), conditions=""):
    return grant_application_decide(actor=officer, application=application, decision=decision, reasons=reasons,
                                    criteria=list(criteria), amount=amount, conditions=conditions)


def test_an_approval_sets_the_decision_the_deadline_and_the_period(officer, application, call):
    decided = decide(officer, application, conditions="Rapport om deltakere.")
    assert decided.state == "approved" and decided.amount_granted == 200_000
    assert decided.decision_criteria == ["relevance"] and decided.conditions == "Rapport om deltakere."
    assert decided.appeal_deadline == deadline_after(timezone.localdate(), weeks=3)
    assert (decided.period_start, decided.period_end) == (call.project_start, call.project_end)
    assert decided.events.get(name="approve").reason == REASONS


@pytest.mark.parametrize("kwargs, field", [
    ({"reasons": "  "}, "reasons"),
    ({"criteria": ()}, "criteria"),
    ({"criteria": ("luck",)}, "criteria"),
    ({"amount": Decimal(0)}, "amount"),
    ({"amount": None}, "amount"),
    ({"amount": Decimal(150_000)}, "amount"),  # less than applied is a partial approval
    ({"decision": "approve_partly", "amount": Decimal(200_000)}, "amount"),
    ({"decision": "approve_partly", "amount": Decimal(250_000)}, "amount"),
])
def test_a_bad_decision_is_refused_and_nothing_changes(officer, application, kwargs, field):
    with pytest.raises(ValidationError) as refused:
        decide(officer, application, **kwargs)
    assert field in refused.value.message_dict
    application.refresh_from_db()
    assert application.state == "in_review" and application.amount_granted is None
    assert not application.events.exists()


def test_the_frame_of_the_call_is_never_exceeded(officer, call, application, employer_org):
    call.frame = Decimal(300_000)
    call.save()
    decide(officer, application)
    other = application_make(call, employer_org, state="in_review", amount=200_000, title="Andre")
    with pytest.raises(ValidationError) as refused:
        decide(officer, other, decision="approve_partly", amount=Decimal(150_000))
    assert "100000" in " ".join(refused.value.message_dict["amount"])
    decide(officer, other, decision="approve_partly", amount=Decimal(100_000))


def test_the_ceiling_per_application(officer, call, application):
    call.max_amount = Decimal(120_000)
    call.save()
    with pytest.raises(ValidationError):
        decide(officer, application, decision="approve_partly", amount=Decimal(150_000))
    assert decide(officer, application, decision="approve_partly", amount=Decimal(120_000)).state == "partly_approved"


def test_a_proposal_above_the_frame_blocks_grants_but_not_rejections(officer, call, application, employer_org):
    call.frame = Decimal(300_000)
    call.save()
    other = application_make(call, employer_org, state="in_review", amount=200_000, title="Andre")
    type(application).objects.filter(pk__in=[application.pk, other.pk]).update(proposed_amount=Decimal(200_000))
    with pytest.raises(ValidationError) as refused:
        decide(officer, application)
    assert "400000" in " ".join(refused.value.message_dict["amount"])  # the proposal's total
    rejected = decide(officer, other, decision="reject", amount=None)
    assert rejected.state == "rejected" and rejected.amount_granted == 0
    assert decide(officer, application).state == "approved"


def test_a_municipality_cannot_decide_on_the_directorates_call_nor_the_directorate_on_its(
        officer, municipal_officer, application, delegated_call, volunteer_org):
    with pytest.raises(PermissionDenied):
        decide(municipal_officer, application)
    delegated = application_make(delegated_call, volunteer_org, state="in_review", amount=100_000)
    with pytest.raises(PermissionDenied):
        decide(officer, delegated, amount=Decimal(100_000))
    assert decide(municipal_officer, delegated, amount=Decimal(100_000)).state == "approved"


def test_a_dismissal_needs_no_criteria_but_reasons(officer, application):
    with pytest.raises(ValidationError):
        decide(officer, application, decision="dismiss", reasons="", criteria=())
    assert decide(officer, application, decision="dismiss", criteria=(), amount=None).state == "dismissed"


def appeal(application, applicant):
    return workflow_move(workflow=GRANT_APPLICATION_WORKFLOW, record=application, name="appeal", actor=applicant,
                         reason="Vi mener søknaden er feil vurdert.", appeal_text="Vi mener søknaden er feil vurdert.",
                         appealed_at=timezone.now())


def test_reconsideration_changes_the_decision_with_a_higher_amount(officer, application, applicant):
    decide(officer, application, decision="approve_partly", amount=Decimal(100_000))
    appealed = appeal(application, applicant)
    with pytest.raises(ValidationError) as refused:
        grant_application_appeal_decide(actor=officer, application=appealed, action="reconsider_uphold",
                                        reasons="Ny vurdering.", amount=Decimal(100_000))
    assert "amount" in refused.value.message_dict
    with pytest.raises(ValidationError):
        grant_application_appeal_decide(actor=officer, application=appealed, action="reconsider_uphold",
                                        reasons="", amount=Decimal(150_000))
    upheld = grant_application_appeal_decide(actor=officer, application=appealed, action="reconsider_uphold",
                                             reasons="Ny vurdering av kostnadene.", amount=Decimal(150_000))
    assert upheld.state == "appeal_upheld" and upheld.amount_granted == 150_000
    assert upheld.reconsideration_reasons == "Ny vurdering av kostnadene."


def test_only_a_dismissal_is_reopened(officer, application, applicant, call, employer_org):
    decide(officer, application, decision="reject", amount=None)
    with pytest.raises(ValidationError) as refused:
        grant_application_appeal_decide(actor=officer, application=appeal(application, applicant),
                                        action="reconsider_reopen", reasons="Feil.")
    assert "action" in refused.value.message_dict
    dismissed = application_make(call, application.applicant, state="in_review", title="Avvist")
    decide(officer, dismissed, decision="dismiss", criteria=(), amount=None)
    reopened = grant_application_appeal_decide(actor=officer, application=appeal(dismissed, applicant),
                                               action="reconsider_reopen", reasons="Søknaden kom inn i tide.")
    assert reopened.state == "in_review" and reopened.amount_granted is None


def test_sent_to_the_appeal_body_and_its_outcome_recorded(officer, application, applicant, municipal_officer):
    decide(officer, application, decision="reject", amount=None)
    appealed = appeal(application, applicant)
    with pytest.raises(PermissionDenied):
        grant_application_appeal_decide(actor=municipal_officer, application=appealed,
                                        action="send_to_appeal_body", reasons="Opprettholdes.")
    sent = grant_application_appeal_decide(actor=officer, application=appealed, action="send_to_appeal_body",
                                           reasons="Vedtaket opprettholdes; kriteriene er riktig anvendt.")
    assert sent.state == "with_appeal_body" and sent.sent_to_appeal_body_at is not None
    final = grant_application_appeal_decide(actor=officer, application=sent, action="appeal_body_reject",
                                            reasons="Departementet gir ikke klagen medhold.")
    assert final.state == "appeal_rejected" and final.appeal_reasons.startswith("Departementet")


def test_a_partial_grant_appealed_in_vain_still_stands_takes_from_the_frame_and_can_be_accepted(
        officer, application, applicant, call):
    from nyinorge.grants.selectors.ranking import call_granted_total
    from nyinorge.grants.services.applications import grant_application_accept, grant_application_appeal

    decided = decide(officer, application, decision="approve_partly", amount=Decimal(100_000))
    appealed = grant_application_appeal(actor=applicant, application=decided, text="Vi trenger hele beløpet.")
    # While the appeal is pending the decision stands (fvl. § 42): its amount is not free for others.
    assert call_granted_total(call) == Decimal(100_000)
    sent = grant_application_appeal_decide(actor=officer, application=appealed, action="send_to_appeal_body",
                                           reasons="Vedtaket opprettholdes.")
    rejected = grant_application_appeal_decide(actor=officer, application=sent, action="appeal_body_reject",
                                               reasons="Departementet avslo klagen.")
    assert rejected.state == "appeal_rejected" and call_granted_total(call) == Decimal(100_000)
    accepted = grant_application_accept(actor=applicant, application=rejected)
    assert accepted.state == "accepted" and sum(p.amount for p in accepted.payments.all()) == Decimal(100_000)


def test_a_decision_changed_in_part_on_appeal_is_a_new_decision_that_can_be_appealed_again(
        officer, application, applicant):
    from nyinorge.grants.services.applications import grant_application_appeal

    decided = decide(officer, application, decision="approve_partly", amount=Decimal(100_000))
    appealed = grant_application_appeal(actor=applicant, application=decided, text="Vi trenger hele beløpet.")
    changed = grant_application_appeal_decide(actor=officer, application=appealed, action="reconsider_uphold",
                                              reasons="Delvis medhold.", amount=Decimal(150_000))
    assert changed.state == "appeal_upheld" and changed.amount_granted == 150_000
    assert changed.appeal_deadline == deadline_after(timezone.localdate(), weeks=3)
    again = grant_application_appeal(actor=applicant, application=changed, text="Fortsatt ikke hele beløpet.")
    sent = grant_application_appeal_decide(actor=officer, application=again, action="send_to_appeal_body",
                                           reasons="Opprettholdes.")
    final = grant_application_appeal_decide(actor=officer, application=sent, action="appeal_body_uphold",
                                            reasons="Departementet gir medhold.", amount=Decimal(200_000))
    with pytest.raises(PermissionDenied, match="28"):
        grant_application_appeal(actor=applicant, application=final, text="Enda en klage.")


def test_a_full_approval_can_be_appealed_for_its_conditions(officer, application, applicant):
    from nyinorge.grants.services.applications import grant_application_appeal

    decided = decide(officer, application, conditions="Rapport hver måned.")
    appealed = grant_application_appeal(actor=applicant, application=decided,
                                        text="Vilkåret om månedlig rapport er urimelig.")
    assert appealed.state == "appealed"
    with pytest.raises(ValidationError):  # nothing changes: not an upheld appeal
        grant_application_appeal_decide(actor=officer, application=appealed, action="reconsider_uphold",
                                        reasons="Medhold.")
    changed = grant_application_appeal_decide(actor=officer, application=appealed, action="reconsider_uphold",
                                              reasons="Medhold: rapport hvert kvartal.",
                                              conditions="Rapport hvert kvartal.")
    assert (changed.state, changed.amount_granted, changed.conditions) == (
        "appeal_upheld", 200_000, "Rapport hvert kvartal.")


def test_an_appeal_body_decision_is_final_but_a_later_changed_decision_can_be_appealed(
        officer, application, applicant):
    from nyinorge.grants.services.applications import grant_application_appeal

    dismissed = decide(officer, application, decision="dismiss", amount=None, criteria=())
    appealed = grant_application_appeal(actor=applicant, application=dismissed, text="Vi oppfyller kravene.")
    sent = grant_application_appeal_decide(actor=officer, application=appealed, action="send_to_appeal_body",
                                           reasons="Opprettholdes.")
    reopened = grant_application_appeal_decide(actor=officer, application=sent, action="appeal_body_reopen",
                                               reasons="Avvisningen oppheves.")
    assert reopened.state == "in_review" and reopened.decided_at is None and not reopened.decision_reasons
    partly = decide(officer, reopened, decision="approve_partly", amount=Decimal(100_000))
    again = grant_application_appeal(actor=applicant, application=partly, text="For lite.")
    changed = grant_application_appeal_decide(actor=officer, application=again, action="reconsider_uphold",
                                              reasons="Delvis medhold.", amount=Decimal(150_000))
    # A new decision by the body that decided: it can be appealed, whatever the appeal body said before.
    assert grant_application_appeal(actor=applicant, application=changed, text="Fortsatt for lite.").state == \
        "appealed"


def test_no_grant_is_decided_while_the_call_still_takes_applications(officer, scheme, volunteer_org):
    from nyinorge.core.services.reference import directorate
    from tests.grants.schemes_fixtures import call_create

    open_call = call_create(scheme, administered_by=directorate(), created_by=officer)
    application = application_make(open_call, volunteer_org, state="in_review")
    with pytest.raises(PermissionDenied, match="deadline|frist"):
        decide(officer, application)
