"""Training the outcome model on the platform's data: the card's figures are out of sample and by group, the
version is stored and audited, activation is a separate step, and the suggestions use the active model."""

import datetime

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nyinorge.core.models import AuditEntry, Municipality
from nyinorge.core.roles import Role
from nyinorge.settlement import outcome_model
from nyinorge.settlement.models import OutcomeModelVersion, SuggestionRun
from nyinorge.settlement.outcome_features import FEATURES
from nyinorge.settlement.outcome_predictions import TrainedValues, outcome_values_for
from nyinorge.settlement.outcome_values import IndicatorValues
from nyinorge.settlement.services.cases import case_make_ready
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.outcome_models import (
    outcome_model_activate, outcome_model_deactivate, outcome_model_train,
)
from nyinorge.settlement.services.requests import indicators_import, settlement_year_create
from nyinorge.settlement.services.suggestions import suggestion_run_execute
from tests.settlement import outcome_factories as f
from tests.settlement.conftest import indicator_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(caseworker):
    f.synthetic_history(caseworker)


def test_auc_and_brier_on_known_cases():
    y = np.array([0, 0, 1, 1])
    assert outcome_model.auc_score(y, np.array([0.1, 0.4, 0.35, 0.8])) == pytest.approx(0.75)
    assert outcome_model.auc_score(y, np.array([0.5, 0.5, 0.5, 0.5])) == pytest.approx(0.5)
    assert outcome_model.auc_score(np.array([1, 1]), np.array([0.2, 0.3])) is None
    assert outcome_model.brier_score(y, np.array([0, 0, 1, 1])) == 0
    assert outcome_model.brier_score(y, np.array([0.5] * 4)) == pytest.approx(0.25)


def test_training_stores_a_card_with_out_of_sample_metrics_by_group(caseworker, history):
    version = outcome_model_train(actor=caseworker, from_year=2015, to_year=2016)
    card = version.card
    assert version.record_count == card["records"] == 300 and not version.active
    assert 0 <= card["auc"] <= 1 and 0 <= card["brier"] <= 1 and version.auc == card["auc"]
    assert card["auc"] > 0.6  # the outcome depends on the municipality and the person's Norwegian
    assert card["window"] == {"from_year": 2015, "to_year": 2016, "reference_until": None}
    assert card["features"] == list(FEATURES) == version.features
    assert sum(row["count"] for row in card["reliability"]) == 300
    sexes = {row["group"]: row for row in card["groups"]["sex"]}
    assert set(sexes) == {"female", "male"} and sum(row["records"] for row in sexes.values()) == 300
    for row in sexes.values():
        assert 0 <= row["auc"] <= 1 and 0 <= row["brier"] <= 1 and 0 <= row["predicted"] <= 1
    countries = {row["group"] for row in card["groups"]["country_group"]}
    assert countries == {"syria", "eritrea", "afghanistan", "africa_other", "unknown"}
    assert version.calibration_svg.startswith("<svg") and "circle" in version.calibration_svg
    assert AuditEntry.objects.filter(object_type="settlement.outcomemodelversion", object_id=str(version.pk),
                                     action=AuditEntry.Action.CREATE).count() == 1


def test_the_card_is_out_of_sample_not_in_sample(caseworker, history):
    """Pure noise outcomes: an in-sample AUC would be far above 0.5; the cross-fitted one stays near it."""
    from nyinorge.register.models import PostProgrammeStatus

    rng = np.random.default_rng(3)
    for status in PostProgrammeStatus.objects.all():
        status.status = "employed" if rng.random() < 0.5 else "neither"
        status.save(update_fields=["status"])
    version = outcome_model_train(actor=caseworker, from_year=2015, to_year=2016)
    assert version.card["auc"] < 0.62


def test_too_little_data_is_refused_with_a_reason(caseworker):
    with pytest.raises(ValidationError):
        outcome_model_train(actor=caseworker, from_year=2015, to_year=2016)
    assert not OutcomeModelVersion.objects.exists()


def test_training_and_activation_need_the_capability(make_user, history):
    outsider = make_user(Role.ANALYST)
    with pytest.raises(PermissionDenied):
        outcome_model_train(actor=outsider, from_year=2015, to_year=2016)


def test_activation_is_one_at_a_time_audited_and_reversible(caseworker, history):
    first = outcome_model_train(actor=caseworker, from_year=2015, to_year=2015)
    second = outcome_model_train(actor=caseworker, from_year=2015, to_year=2016)
    outcome_model_activate(actor=caseworker, version=first)
    outcome_model_activate(actor=caseworker, version=second)
    assert list(OutcomeModelVersion.objects.filter(active=True)) == [second]
    second.refresh_from_db()
    assert second.activated_by == caseworker
    assert outcome_model_deactivate(actor=caseworker) == 1
    assert not OutcomeModelVersion.objects.filter(active=True).exists()
    assert AuditEntry.objects.filter(object_type="settlement.outcomemodelversion",
                                     action=AuditEntry.Action.UPDATE).count() == 3


def test_command_trains_and_may_activate(history, capsys):
    call_command("outcome_model_train", "--from-year", "2015", "--to-year", "2016", "--activate")
    out = capsys.readouterr().out
    version = OutcomeModelVersion.objects.get()
    assert version.active and f"model {version.version}: 300 persons settled 2015-2016" in out


def test_task_trains_without_activating(caseworker, history):
    from nyinorge.settlement.tasks import outcome_model_train as task

    task.enqueue(actor_id=caseworker.pk, from_year=2015, to_year=2016, reference_until="2030-01-01")
    version = OutcomeModelVersion.objects.get()
    assert not version.active and version.created_by == caseworker
    assert version.reference_until == datetime.date(2030, 1, 1)


@pytest.fixture
def queue(caseworker, new_case):
    today = timezone.localdate()
    year = settlement_year_create(actor=caseworker, year=today.year, national_target=100)
    indicators_import(actor=caseworker, year=year, file=indicator_csv([
        ("0301", 700000, 0.70, 0.45, "0.20", "true", 100),
        ("5001", 205000, 0.74, 0.75, "0.10", "true", 100),
    ]))
    for number in ("0301", "5001"):
        municipal_decision_register(actor=caseworker, year=year, municipality=Municipality.objects.get(number=number),
                                    persons=3, unaccompanied_minors=0, decided_on=today)
    cases = [case_make_ready(actor=caseworker, case=new_case(size=1)) for _ in range(3)]
    return year, cases


def test_suggestions_use_the_active_model_and_record_it(caseworker, history, queue):
    year, cases = queue
    run = SuggestionRun.objects.create(year=year, created_by=caseworker)
    run = suggestion_run_execute(run_id=run.pk)
    assert run.status == SuggestionRun.Status.DONE and run.outcome_model is None  # the indicator baseline

    version = outcome_model_train(actor=caseworker, from_year=2015, to_year=2016)
    outcome_model_activate(actor=caseworker, version=version)
    values = outcome_values_for(year=year, cases=cases)
    assert isinstance(values, TrainedValues)
    today = timezone.localdate()
    values.prepare(cases, ["0301", "5001"], today)
    for case in cases:
        for number in ("0301", "5001"):
            parts = values.contributions(case, number, today)
            assert sum(parts.values()) == pytest.approx(values.value(case, number, today), abs=1e-6)
            assert 0 < values.value(case, number, today) < 1
    # Trondheim's former participants did much better in the history: the model says so.
    assert values.value(cases[0], "5001", today) > values.value(cases[0], "0301", today)

    run = SuggestionRun.objects.create(year=year, created_by=caseworker)
    run = suggestion_run_execute(run_id=run.pk)
    assert run.status == SuggestionRun.Status.DONE and run.outcome_model == version
    assert all(item["municipality"] in ("0301", "5001") for item in run.result["items"])
    assert any(name == "introduction_results" for item in run.result["items"] for name, _v in item["contributions"])


def test_a_model_that_cannot_be_loaded_falls_back_to_the_baseline(caseworker, history, queue):
    year, cases = queue
    version = outcome_model_train(actor=caseworker, from_year=2015, to_year=2016)
    OutcomeModelVersion.objects.filter(pk=version.pk).update(artefact="not a model", active=True)
    assert isinstance(outcome_values_for(year=year, cases=cases), IndicatorValues)


def test_the_run_reports_predicted_gain_by_group_against_longest_waiting_first(login, caseworker, history, queue):
    year, cases = queue
    version = outcome_model_train(actor=caseworker, from_year=2015, to_year=2016)
    outcome_model_activate(actor=caseworker, version=version)
    run = suggestion_run_execute(run_id=SuggestionRun.objects.create(year=year, created_by=caseworker).pk)
    fairness = run.result["fairness"]
    total = {(row["placement"]): row for row in fairness["groups"]["all"]}
    assert total["suggested"]["adults"] == 3 and total["suggested"]["placed"] == 3
    # The engine maximises the predicted outcome: its adults gain at least as much as in the manual order.
    assert total["suggested"]["gain"] >= total["longest_waiting_first"]["gain"] - 1e-9
    sexes = [row for row in fairness["groups"]["sex"] if row["placement"] == "suggested"]
    assert sum(row["adults"] for row in sexes) == 3
    assert set(fairness["gaps"]) == {"sex:suggested", "sex:longest_waiting_first", "country_group:suggested",
                                     "country_group:longest_waiting_first"}
    client = login(caseworker)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("settlement:suggestion_run", args=[run.pk])).content.decode()
    assert "Predicted gain by group" in page and 'data-testid="fairness-sex"' in page
