"""Suggest allocations: the engine over the ready queue, explained, and proposals only when chosen."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.settlement.models import Case, SuggestionRun
from nyinorge.settlement.services.cases import case_make_ready
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.housing import housing_notice_register
from nyinorge.settlement.services.requests import indicators_import, settlement_year_create
from nyinorge.settlement.workflow import State
from tests.settlement.conftest import indicator_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_year(caseworker):
    today = timezone.localdate()
    year = settlement_year_create(actor=caseworker, year=today.year, national_target=100)
    # Bergen's former participants do much better than Oslo's; Trondheim has no places.
    indicators_import(actor=caseworker, year=year, file=indicator_csv([
        ("0301", 700000, 0.70, 0.50, "0.20", "true", 100),
        ("4601", 285000, 0.75, 0.75, "0.10", "true", 100),
        ("5001", 205000, 0.75, 0.90, "0.10", "true", 100),
    ]))
    for number, persons, minors in [("0301", 6, 2), ("4601", 4, 0)]:
        municipal_decision_register(actor=caseworker, year=year, municipality=Municipality.objects.get(number=number),
                                    persons=persons, unaccompanied_minors=minors, decided_on=today)
    return year


@pytest.fixture
def start(client, django_capture_on_commit_callbacks):
    """Post "Suggest allocations" and run the queued task as the commit would (the immediate backend)."""
    def post(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("settlement:suggestions"), **kwargs)

    return post


@pytest.fixture
def ready(caseworker, new_case):
    def make(**kwargs) -> Case:
        return case_make_ready(actor=caseworker, case=new_case(**kwargs))

    return make


def test_suggestions_respect_places_explain_and_beat_or_equal_the_manual_order(client, caseworker, make_user, municipality_org,
                                                                                this_year, ready, start):
    bergen_user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("4601"))
    today = timezone.localdate()
    housing_notice_register(actor=bergen_user, municipality=Municipality.objects.get(number="4601"), rooms=2,
                            accessible=True, ready_date=today, available_until=today + datetime.timedelta(days=30))
    family = ready(size=3)
    single = ready()
    minor = ready(minor=True)
    needs = ready(special_needs=True)
    too_many = ready(size=5)  # no municipality has room for five more once the others are placed well

    client.force_login(caseworker)
    response = start()
    run = SuggestionRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("settlement:suggestion_run", args=[run.pk])
    assert run.status == SuggestionRun.Status.DONE, run.step
    placed = {item["case"]: item["municipality"] for item in run.result["items"]}
    assert placed[minor.pk] == "0301"  # only Oslo has places for unaccompanied minors
    assert placed[needs.pk] == "4601"  # only Bergen has an accessible dwelling
    per_municipality = {}
    for item in run.result["items"]:
        per_municipality[item["municipality"]] = per_municipality.get(item["municipality"], 0) + item["persons"]
    assert per_municipality.get("4601", 0) <= 4 and per_municipality.get("0301", 0) <= 6
    assert "5001" not in per_municipality  # no decision, no places
    assert run.result["objective"] >= run.result["greedy_objective"] - 1e-9 or \
        run.result["persons_assigned"] > run.result["greedy_persons_assigned"]
    assert set(placed) | set(run.result["unassigned"]) == {family.pk, single.pk, minor.pk, needs.pk, too_many.pk}
    bergen_items = [item for item in run.result["items"] if item["municipality"] == "4601" and item["alternative"]]
    for item in bergen_items:
        assert item["difference"] == pytest.approx(item["value"] - item["value_alternative"], abs=1e-6)

    page = client.get(reverse("settlement:suggestion_run", args=[run.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bergen" in text and "kommunens resultater med tidligere deltakere" in text
    assert all(Case.objects.get(pk=pk).state == State.READY for pk in placed)  # nothing proposed by itself

    response = client.post(reverse("settlement:suggestion_propose", args=[run.pk]), {"case": [str(needs.pk), str(single.pk)]})
    assert response.status_code == 302
    needs.refresh_from_db()
    single.refresh_from_db()
    assert needs.state == State.PROPOSED and needs.municipality_id == "4601" and needs.housing_notice is not None
    assert single.state == State.PROPOSED and single.municipality_id == placed[single.pk]
    family.refresh_from_db()
    assert family.state == State.READY


def test_a_case_not_suggested_cannot_be_proposed_through_the_run(client, caseworker, this_year, ready, start):
    client.force_login(caseworker)
    start()
    run = SuggestionRun.objects.get()
    late = ready()
    response = client.post(reverse("settlement:suggestion_propose", args=[run.pk]), {"case": [str(late.pk)]}, follow=True)
    assert any(str(late.pk) in str(message) for message in response.context["messages"])
    late.refresh_from_db()
    assert late.state == State.READY


def test_empty_queue_says_so(client, caseworker, this_year, start):
    client.force_login(caseworker)
    start()
    run = SuggestionRun.objects.get()
    assert run.result["status"] == "empty"
    assert client.get(reverse("settlement:suggestion_run", args=[run.pk])).status_code == 200


def test_progress_is_polled_until_done(client, caseworker, this_year):
    run = SuggestionRun.objects.create(year=this_year, created_by=caseworker, status=SuggestionRun.Status.RUNNING,
                                       progress=30, step="Finding the best allocation")
    client.force_login(caseworker)
    partial = client.get(reverse("settlement:suggestion_run", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert b'value="30"' in partial.content and b"every 1s" in partial.content
    SuggestionRun.objects.filter(pk=run.pk).update(status=SuggestionRun.Status.DONE, result={"items": [], "status": "empty"})
    done = client.get(reverse("settlement:suggestion_run", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"


def test_only_the_directorate_may_suggest(client, oslo_user, this_year):
    client.force_login(oslo_user)
    assert client.get(reverse("settlement:suggestions")).status_code == 403
    assert client.post(reverse("settlement:suggestions")).status_code == 403
    assert not SuggestionRun.objects.exists()
