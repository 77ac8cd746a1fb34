"""The outcome model's pages: the card of the active version, a version's card, training and activation (with the
capability only), and the suggestions pages saying which model gave the values."""

import pytest
from django.urls import reverse
from django.utils import translation

from nyinorge.core.roles import Role
from nyinorge.settlement.models import OutcomeModelVersion, SuggestionRun
from nyinorge.settlement.services.outcome_models import outcome_model_activate, outcome_model_train
from nyinorge.settlement.services.requests import settlement_year_create
from tests.settlement import outcome_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(caseworker):
    f.synthetic_history(caseworker, per_year=100)
    return outcome_model_train(actor=caseworker, from_year=2015, to_year=2016)


def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_pages_show_the_card_and_activation_switches_the_suggestions(login, caseworker, version):
    client = _english(login(caseworker))
    with translation.override("en"):
        page = client.get(reverse("settlement:outcome_model")).content.decode()
        assert "the indicator baseline: no trained model is active" in page
        assert reverse("settlement:outcome_model_version", args=[version.pk]) in page
        card = client.get(reverse("settlement:outcome_model_version", args=[version.pk])).content.decode()
        assert "persons settled 2015–2016" in card and "By sex" in card and "By country group" in card
        assert f"{version.card['auc']:.3f}" in card and "data:image/svg+xml" in card
        assert "Female" in card and "Eritrea" in card
        assert "Years of work experience" in card  # a feature, named

        response = client.post(reverse("settlement:outcome_model_activate", args=[version.pk]))
        assert response.status_code == 302
        assert OutcomeModelVersion.objects.get(active=True) == version
        suggestions = client.get(reverse("settlement:suggestions")).content.decode()
        assert f"on settlements 2015–2016, AUC {version.auc:.2f}" in suggestions
        assert reverse("settlement:outcome_model_version", args=[version.pk]) in suggestions

        client.post(reverse("settlement:outcome_model_deactivate"))
        assert not OutcomeModelVersion.objects.filter(active=True).exists()
        assert "Model: the indicator baseline" in client.get(reverse("settlement:suggestions")).content.decode()


def test_a_run_page_names_the_model_it_used(login, caseworker, version):
    year = settlement_year_create(actor=caseworker, year=2030, national_target=10)
    outcome_model_activate(actor=caseworker, version=version)
    run = SuggestionRun.objects.create(year=year, created_by=caseworker, status=SuggestionRun.Status.DONE,
                                       outcome_model=version, result={"items": [], "status": "optimal", "cases": 0,
                                                                      "persons_assigned": 0, "objective": 0})
    with translation.override("en"):
        page = _english(login(caseworker)).get(reverse("settlement:suggestion_run", args=[run.pk])).content.decode()
    assert "Model: trained" in page and "on settlements 2015–2016" in page


def test_training_from_the_page_queues_the_task(login, caseworker, django_capture_on_commit_callbacks):
    f.synthetic_history(caseworker, per_year=60)
    client = login(caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("settlement:outcome_model_train"), {"from_year": 2015, "to_year": 2016})
    assert response.status_code == 302
    assert OutcomeModelVersion.objects.get().record_count == 120
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("settlement:outcome_model_train"), {"from_year": 2017, "to_year": 2016})
    assert OutcomeModelVersion.objects.count() == 1  # a window the wrong way round is refused


@pytest.mark.parametrize("role", [Role.ANALYST, Role.DATA_QUALITY_OFFICER])
def test_others_are_refused(login, make_user, version, role):
    client = login(make_user(role))
    assert client.get(reverse("settlement:outcome_model")).status_code == 403
    assert client.get(reverse("settlement:outcome_model_version", args=[version.pk])).status_code == 403
    assert client.post(reverse("settlement:outcome_model_activate", args=[version.pk])).status_code == 403
    assert not OutcomeModelVersion.objects.filter(active=True).exists()
