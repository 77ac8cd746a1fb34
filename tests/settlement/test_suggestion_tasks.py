"""Suggestion runs as tasks: queued on commit, limited in number, cancellable, and swept when their worker dies."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from nyinorge.core.models import AuditEntry
from nyinorge.settlement.models import SuggestionRun
from nyinorge.settlement.services import suggestions
from nyinorge.settlement.services.cases import case_make_ready
from nyinorge.settlement.services.requests import settlement_year_create
from nyinorge.settlement.services.suggestions import (
    STEP_WORKER_LOST, suggestion_run_cancel, suggestion_run_execute, suggestion_run_start, suggestion_runs_sweep,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(caseworker):
    return settlement_year_create(actor=caseworker, year=timezone.localdate().year, national_target=100)


def test_the_run_is_queued_on_commit_not_run_inside_the_transaction(caseworker, year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = suggestion_run_start(actor=caseworker, year=year)
    run.refresh_from_db()
    assert run.status == SuggestionRun.Status.QUEUED and len(callbacks) == 1
    callbacks[0]()  # the commit: the (immediate) backend runs it
    run.refresh_from_db()
    assert run.status == SuggestionRun.Status.DONE and run.started_at and run.heartbeat_at


def test_a_start_that_is_rolled_back_queues_nothing(caseworker, year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            suggestion_run_start(actor=caseworker, year=year)
            raise RuntimeError("the surrounding request failed")
    assert callbacks == [] and not SuggestionRun.objects.exists()


def test_at_most_the_configured_number_of_runs_at_once(client, caseworker, year, settings,
                                                       django_capture_on_commit_callbacks):
    settings.SETTLEMENT_SUGGESTION_MAX_CONCURRENT_RUNS = 1
    with django_capture_on_commit_callbacks(execute=False):  # no worker picks it up yet
        first = suggestion_run_start(actor=caseworker, year=year)
    with pytest.raises(ValidationError, match="Høyst 1 "):
        suggestion_run_start(actor=caseworker, year=year)
    client.force_login(caseworker)
    response = client.post(reverse("settlement:suggestions"), follow=True)
    assert response.status_code == 200
    assert any("Vent til" in str(message) for message in response.context["messages"])
    assert SuggestionRun.objects.count() == 1

    settings.SETTLEMENT_SUGGESTION_MAX_CONCURRENT_RUNS = 2
    with django_capture_on_commit_callbacks(execute=False):
        suggestion_run_start(actor=caseworker, year=year)
    assert SuggestionRun.objects.count() == 2

    settings.SETTLEMENT_SUGGESTION_MAX_CONCURRENT_RUNS = 1
    suggestion_run_cancel(actor=caseworker, run=first)
    with pytest.raises(ValidationError):  # the second is still queued
        suggestion_run_start(actor=caseworker, year=year)


def test_a_queued_run_that_is_cancelled_never_starts(client, caseworker, year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        run = suggestion_run_start(actor=caseworker, year=year)
    client.force_login(caseworker)
    page = client.get(reverse("settlement:suggestion_run", args=[run.pk]))
    assert reverse("settlement:suggestion_cancel", args=[run.pk]).encode() in page.content
    response = client.post(reverse("settlement:suggestion_cancel", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == SuggestionRun.Status.CANCELLED and run.cancelled_by == caseworker
    assert AuditEntry.objects.filter(object_type="settlement.suggestion_run", object_id=str(run.pk),
                                     action="update").exists()
    callbacks[0]()  # the worker gets to the task after all
    run.refresh_from_db()
    assert run.status == SuggestionRun.Status.CANCELLED and run.started_at is None and run.result == {}
    # A finished run cannot be cancelled again: a form error, not a 500.
    again = client.post(reverse("settlement:suggestion_cancel", args=[run.pk]), follow=True)
    assert again.status_code == 200 and any("ingenting å avbryte" in str(m) for m in again.context["messages"])


def test_a_running_run_stops_at_its_next_step_when_cancelled(caseworker, year, ready_case):
    run = SuggestionRun.objects.create(year=year, created_by=caseworker)
    real_solve = suggestions.solve

    def solve_while_the_caseworker_cancels(*args, **kwargs):
        suggestion_run_cancel(actor=caseworker, run=run)
        return real_solve(*args, **kwargs)

    with mock.patch.object(suggestions, "solve", side_effect=solve_while_the_caseworker_cancels):
        run = suggestion_run_execute(run_id=run.pk)
    assert run.status == SuggestionRun.Status.CANCELLED and run.result == {} and run.cancel_requested_at


def test_only_the_directorate_may_cancel(client, oslo_user, caseworker, year):
    run = SuggestionRun.objects.create(year=year, created_by=caseworker)
    client.force_login(oslo_user)
    assert client.post(reverse("settlement:suggestion_cancel", args=[run.pk])).status_code == 403
    run.refresh_from_db()
    assert run.status == SuggestionRun.Status.QUEUED


def test_the_sweeper_fails_a_run_whose_worker_stopped_and_leaves_a_live_one(caseworker, year, settings):
    settings.SETTLEMENT_SUGGESTION_STALE_SECONDS = 300
    now = timezone.now()
    lost = SuggestionRun.objects.create(year=year, created_by=caseworker, status=SuggestionRun.Status.RUNNING,
                                        heartbeat_at=now - datetime.timedelta(seconds=301), progress=30)
    alive = SuggestionRun.objects.create(year=year, created_by=caseworker, status=SuggestionRun.Status.RUNNING,
                                         heartbeat_at=now - datetime.timedelta(seconds=60), progress=30)
    asked = SuggestionRun.objects.create(year=year, created_by=caseworker, status=SuggestionRun.Status.RUNNING,
                                         heartbeat_at=now - datetime.timedelta(hours=1), cancel_requested_at=now)
    queued = SuggestionRun.objects.create(year=year, created_by=caseworker)
    assert suggestion_runs_sweep(now=now) == 2
    statuses = dict(SuggestionRun.objects.values_list("pk", "status"))
    assert statuses == {lost.pk: "failed", alive.pk: "running", asked.pk: "cancelled", queued.pk: "queued"}
    lost.refresh_from_db()
    assert lost.step == STEP_WORKER_LOST and lost.finished_at == now


def test_the_watched_page_shows_a_lost_run_as_failed(client, caseworker, year, settings):
    settings.SETTLEMENT_SUGGESTION_STALE_SECONDS = 300
    run = SuggestionRun.objects.create(year=year, created_by=caseworker, status=SuggestionRun.Status.RUNNING,
                                       heartbeat_at=timezone.now() - datetime.timedelta(minutes=10), progress=30)
    client.force_login(caseworker)
    poll = client.get(reverse("settlement:suggestion_run", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert poll["HX-Refresh"] == "true"  # finished: the page reloads
    page = client.get(reverse("settlement:suggestion_run", args=[run.pk]))
    assert "Arbeidsprosessen" in page.content.decode()
    run.refresh_from_db()
    assert run.status == SuggestionRun.Status.FAILED


def test_a_run_given_up_by_the_sweeper_keeps_failed_when_its_worker_comes_back(caseworker, year, ready_case, settings):
    run = SuggestionRun.objects.create(year=year, created_by=caseworker)
    real_solve = suggestions.solve

    def slow_solve(*args, **kwargs):
        # The worker stalls past the threshold (e.g. a paused VM); the sweeper gives the run up meanwhile.
        later = datetime.timedelta(seconds=settings.SETTLEMENT_SUGGESTION_STALE_SECONDS + 1)
        suggestion_runs_sweep(now=timezone.now() + later)
        return real_solve(*args, **kwargs)

    with mock.patch.object(suggestions, "solve", side_effect=slow_solve):
        run = suggestion_run_execute(run_id=run.pk)
    assert run.status == SuggestionRun.Status.FAILED and run.step == STEP_WORKER_LOST and run.result == {}


def test_the_sweeper_command(caseworker, year, capsys):
    from django.core.management import call_command

    SuggestionRun.objects.create(year=year, created_by=caseworker, status=SuggestionRun.Status.RUNNING,
                                 heartbeat_at=timezone.now() - datetime.timedelta(days=1))
    call_command("sweep_suggestion_runs")
    assert "marked failed or cancelled: 1." in capsys.readouterr().out
    assert SuggestionRun.objects.get().status == SuggestionRun.Status.FAILED


@pytest.fixture
def ready_case(caseworker, year, new_case):
    """One ready case and a municipality with a place, so a run reaches the solver."""
    from nyinorge.core.models import Municipality
    from nyinorge.settlement.services.decisions import municipal_decision_register
    from nyinorge.settlement.services.requests import indicators_import
    from tests.settlement.conftest import indicator_csv

    indicators_import(actor=caseworker, year=year, file=indicator_csv([("0301", 700000, 0.70, 0.50, "0.20", "true", 100)]))
    municipal_decision_register(actor=caseworker, year=year, municipality=Municipality.objects.get(number="0301"),
                                persons=3, unaccompanied_minors=0, decided_on=timezone.localdate())
    return case_make_ready(actor=caseworker, case=new_case())
