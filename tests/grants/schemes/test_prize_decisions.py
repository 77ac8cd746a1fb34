"""Mangfoldsprisen on the grants' engine: after the jury's scoring the officer awards a nomination a placing in
its category (the call's placings, each once per category) or does not award it; the grant decisions are refused
for a nomination and the award for a grant; the ranking works without a money proposal; the public page lists
the winners and never the nominators."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from nyinorge.core.services.reference import directorate
from nyinorge.grants.application_states import A
from nyinorge.grants.application_workflow import IllegalApplicationTransition
from nyinorge.grants.models import GrantApplication, GrantCall, GrantScheme, ReviewAssignment
from nyinorge.grants.selectors.prize import AWARD_KEY, prize_placings, prize_winners
from nyinorge.grants.services.catalogue import catalogue_call_defaults, catalogue_load
from nyinorge.grants.services.decisions import grant_application_decide
from nyinorge.grants.services.prize import prize_nomination_decide
from tests.grants.schemes.admin_helpers import application_make
from tests.grants.schemes_fixtures import *  # noqa: F401,F403

pytestmark = pytest.mark.django_db

NOMINATOR = "Nora Hemmelig Forslagsstiller"
NOMINATOR_EMAIL = "nora.hemmelig@example.org"


@pytest.fixture
def prize_call(officer):
    catalogue_load()
    now, year = timezone.now(), timezone.localdate().year
    return GrantCall.objects.create(
        scheme=GrantScheme.objects.get(code="diversity-prize"), budget_year=year, administered_by=directorate(),
        frame=0, title={"nb": f"Mangfoldsprisen {year}", "en": f"Diversity prize {year}"}, published=True,
        created_by=officer, opens_at=now - datetime.timedelta(days=40), deadline=now - datetime.timedelta(days=5),
        **catalogue_call_defaults(code="diversity-prize", budget_year=year))


def nominate(call, name, category="small", municipality="Ringsaker", state=A.IN_REVIEW):
    return GrantApplication.objects.create(
        call=call, project_title=name, state=state, submitted_at=timezone.now(), nominator_name=NOMINATOR,
        nominator_email=NOMINATOR_EMAIL,
        answers={"nominee_name": name, "nominee_municipality": municipality, "category": category,
                 "competence_use": "Ja.", "diversity_levels": "Ja.", "strategic_work": "Ja."})


def login(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# The service ----------------------------------------------------------------------------------------------------

def test_the_placings_are_the_calls_data(prize_call):
    assert [value for value, _label in prize_placings(prize_call)] == ["gold", "silver", "bronze", "regional"]


def test_award_keeps_the_placing_and_category_with_reasons_and_history(officer, prize_call):
    nomination = nominate(prize_call, "Septer AS")
    awarded = prize_nomination_decide(actor=officer, application=nomination, decision="award",
                                      reasons="Beste bruk av kompetanse.", placing="gold")
    assert awarded.state == A.AWARDED and awarded.decided_by == officer and awarded.decided_at is not None
    assert awarded.answers[AWARD_KEY] == {"placing": "gold", "category": "small"}
    assert awarded.answers["nominee_name"] == "Septer AS"  # the nomination's own answers are kept
    assert awarded.decision_reasons == "Beste bruk av kompetanse."
    assert awarded.events.filter(name="award", to_state=A.AWARDED, actor=officer).exists()


def test_not_award(officer, prize_call):
    nomination = nominate(prize_call, "Septer AS")
    decided = prize_nomination_decide(actor=officer, application=nomination, decision="not_award", reasons="")
    assert decided.state == A.NOT_AWARDED and AWARD_KEY not in decided.answers
    assert decided.events.filter(name="not_award").exists()


def test_an_award_without_reasons_or_with_an_unknown_placing_is_refused(officer, prize_call):
    nomination = nominate(prize_call, "Septer AS")
    with pytest.raises(ValidationError) as refused:
        prize_nomination_decide(actor=officer, application=nomination, decision="award", reasons=" ",
                                placing="platinum")
    assert set(refused.value.message_dict) == {"reasons", "placing"}
    with pytest.raises(ValidationError):
        prize_nomination_decide(actor=officer, application=nomination, decision="award", reasons="God.",
                                placing="none")  # the jury's "no prize" is no placing
    nomination.refresh_from_db()
    assert nomination.state == A.IN_REVIEW and AWARD_KEY not in nomination.answers
    assert not nomination.events.exists()


def test_the_same_placing_in_the_same_category_is_awarded_once(officer, prize_call):
    first, second = nominate(prize_call, "Septer AS"), nominate(prize_call, "Tomma rensesk AS")
    prize_nomination_decide(actor=officer, application=first, decision="award", reasons="Gull.", placing="gold")
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        prize_nomination_decide(actor=officer, application=second, decision="award", reasons="Gull.",
                                placing="gold")
    message = " ".join(refused.value.message_dict["placing"])
    assert "already awarded to Septer AS" in message
    second.refresh_from_db()
    assert second.state == A.IN_REVIEW
    # Another placing in the category, and the same placing in the other category, are free.
    prize_nomination_decide(actor=officer, application=second, decision="award", reasons="Sølv.", placing="silver")
    other = nominate(prize_call, "Matbørsen AS", category="medium_large")
    assert prize_nomination_decide(actor=officer, application=other, decision="award", reasons="Gull.",
                                   placing="gold").state == A.AWARDED


def test_grant_decisions_are_refused_for_a_nomination_and_awards_for_a_grant(officer, prize_call, call,
                                                                            volunteer_org):
    nomination = nominate(prize_call, "Septer AS")
    with pytest.raises(IllegalApplicationTransition):
        grant_application_decide(actor=officer, application=nomination, decision="reject", reasons="Nei.",
                                 criteria=["competence_use"])
    grant = application_make(call, volunteer_org, state="in_review")
    with pytest.raises(IllegalApplicationTransition):
        prize_nomination_decide(actor=officer, application=grant, decision="award", reasons="Ja.", placing="gold")
    nomination.refresh_from_db()
    grant.refresh_from_db()
    assert nomination.state == A.IN_REVIEW and grant.state == A.IN_REVIEW


def test_only_the_administering_officers_award(municipal_officer, prize_call):
    nomination = nominate(prize_call, "Septer AS")
    with pytest.raises(PermissionDenied, match="Integrerings- og mangfoldsdirektoratet"):
        prize_nomination_decide(actor=municipal_officer, application=nomination, decision="not_award", reasons="")
    nomination.refresh_from_db()
    assert nomination.state == A.IN_REVIEW


def test_the_winners_by_category_and_placing(officer, prize_call):
    for name, category, placing in [("Bronse AS", "small", "bronze"), ("Gull AS", "small", "gold"),
                                    ("Stor AS", "medium_large", "silver")]:
        prize_nomination_decide(actor=officer, application=nominate(prize_call, name, category), decision="award",
                                reasons="Vinner.", placing=placing)
    prize_nomination_decide(actor=officer, application=nominate(prize_call, "Taper AS"), decision="not_award",
                            reasons="")
    groups = prize_winners(prize_call)
    assert [group.category for group in groups] == ["small", "medium_large"]
    assert [(winner.placing, winner.name) for winner in groups[0].winners] == [("gold", "Gull AS"),
                                                                              ("bronze", "Bronse AS")]
    assert groups[1].winners[0].municipality == "Ringsaker"


# The pages ------------------------------------------------------------------------------------------------------

def test_the_jury_form_appears_only_for_a_prize_nomination(client, officer, prize_call, call, volunteer_org):
    nomination = nominate(prize_call, "Septer AS")
    grant = application_make(call, volunteer_org, state="in_review")
    login(client, officer)
    page = client.get(reverse("grants:application_case", args=[nomination.pk])).content.decode()
    assert reverse("grants:application_prize_decide", args=[nomination.pk]) in page
    assert reverse("grants:application_decide", args=[nomination.pk]) not in page
    assert "Gold" in page and "Regional winner" in page and "No prize" not in page
    page = client.get(reverse("grants:application_case", args=[grant.pk])).content.decode()
    assert reverse("grants:application_decide", args=[grant.pk]) in page
    assert reverse("grants:application_prize_decide", args=[grant.pk]) not in page


def test_the_jury_form_awards_and_refuses_a_taken_placing_with_a_message(client, officer, prize_call):
    first, second = nominate(prize_call, "Septer AS"), nominate(prize_call, "Tomma rensesk AS")
    login(client, officer)
    response = client.post(reverse("grants:application_prize_decide", args=[first.pk]),
                           {"decision": "award", "placing": "gold", "reasons": "Beste kandidat."})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.state == A.AWARDED
    page = client.get(reverse("grants:application_case", args=[first.pk])).content.decode()
    assert "Awarded: Gold (Small businesses)" in page
    response = client.post(reverse("grants:application_prize_decide", args=[second.pk]),
                           {"decision": "award", "placing": "gold", "reasons": "Også god."})
    assert response.status_code == 400 and "already awarded to Septer AS" in response.content.decode()
    second.refresh_from_db()
    assert second.state == A.IN_REVIEW


def test_the_prize_decision_route_refuses_a_grant_application(client, officer, call, volunteer_org):
    grant = application_make(call, volunteer_org, state="in_review")
    response = login(client, officer).post(reverse("grants:application_prize_decide", args=[grant.pk]),
                                           {"decision": "award", "placing": "", "reasons": "Ja."})
    assert response.status_code == 403
    grant.refresh_from_db()
    assert grant.state == A.IN_REVIEW


def test_the_ranking_of_a_prize_has_jury_scores_and_no_money(client, officer, reviewer, prize_call):
    best, other = nominate(prize_call, "Septer AS"), nominate(prize_call, "Stor AS", category="medium_large")
    for nomination, score, placing in ((best, 7, "gold"), (other, 3, "none")):
        ReviewAssignment.objects.create(
            application=nomination, reviewer=reviewer, assigned_by=officer, state="submitted",
            declared_at=timezone.now(), submitted_at=timezone.now(), answers={"placement": placing, "note": "."},
            scores={key: {"score": score, "comment": ""} for key in ("competence_use", "diversity_levels",
                                                                     "strategic_work")})
    page = login(client, officer).get(reverse("grants:call_ranking", args=[prize_call.pk])).content.decode()
    assert page.index("Septer AS") < page.index("Stor AS")
    assert "Small businesses" in page and "Gold (1)" in page and "100.00" in page
    assert reverse("grants:call_proposal", args=[prize_call.pk]) not in page and "Left of the frame" not in page
    response = client.post(reverse("grants:call_proposal", args=[prize_call.pk]),
                           {"action": "allocate", "rule": "partial"})
    assert response.status_code == 302
    best.refresh_from_db()
    assert best.proposed_amount is None


def test_the_public_page_shows_the_winners_and_never_the_nominators(client, officer, prize_call):
    prize_nomination_decide(actor=officer, application=nominate(prize_call, "Septer AS", municipality="Ringsaker"),
                            decision="award", reasons="Hemmelig juryvurdering.", placing="gold")
    prize_nomination_decide(actor=officer, application=nominate(prize_call, "Ikke Vinner AS"),
                            decision="not_award", reasons="")
    nominate(prize_call, "Fortsatt Til Vurdering AS")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("grants:public_calls")).content.decode()
    assert "Prize winners" in page and "Septer AS" in page and "Ringsaker" in page and "Gold" in page
    assert "Small businesses" in page
    assert NOMINATOR not in page and NOMINATOR_EMAIL not in page and "Hemmelig juryvurdering" not in page
    assert "Ikke Vinner AS" not in page and "Fortsatt Til Vurdering AS" not in page


def test_no_winners_section_without_an_award(client, prize_call):
    nominate(prize_call, "Septer AS")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "Prize winners" not in client.get(reverse("grants:public_calls")).content.decode()


def test_no_winner_is_decided_or_published_while_nominations_are_open(client, officer, prize_call):
    winner = nominate(prize_call, "Septer AS", municipality="Ringsaker")
    prize_nomination_decide(actor=officer, application=winner, decision="award", reasons="Jury.", placing="gold")
    # The same call reopened (a longer deadline): its winner is not published, and no more are decided, until it
    # closes again.
    GrantCall.objects.filter(pk=prize_call.pk).update(deadline=timezone.now() + datetime.timedelta(days=3))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    assert "Septer AS" not in client.get(reverse("grants:public_calls")).content.decode()
    with pytest.raises(PermissionDenied):
        prize_nomination_decide(actor=officer, application=nominate(prize_call, "Tomma AS"), decision="not_award",
                                reasons="")
