"""Competence features from the members' shared registrations in the settlement values and their explanations."""

import datetime
import math

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from nyinorge.competence.models import CompetenceRegistration, LanguageSkill, WorkExperience
from nyinorge.core.models import Municipality
from nyinorge.settlement.models import SuggestionRun
from nyinorge.settlement.outcome_values import IndicatorValues, feature_label
from nyinorge.settlement.services.cases import case_make_ready
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.requests import indicators_import
from nyinorge.settlement.services.suggestions import suggestion_run_execute
from tests.settlement.conftest import indicator_csv

pytestmark = pytest.mark.django_db


def _register(person, *, consent: bool) -> CompetenceRegistration:
    registration = CompetenceRegistration.objects.create(
        person=person, highest_level="6", schooling_years=16, consent_share=consent,
        sections_done=["languages", "schooling", "work", "consent"], completed_at=timezone.now())
    LanguageSkill.objects.create(registration=registration, language="nb", level="A2")
    LanguageSkill.objects.create(registration=registration, language="en", level="B2")
    WorkExperience.objects.create(registration=registration, occupation="7115", years=6)
    return registration


@pytest.fixture
def indicators(caseworker, year_2019):
    indicators_import(actor=caseworker, year=year_2019, file=indicator_csv([
        ("0301", 700000, 0.70, 0.50, "0.20", "true", 100),
        ("4601", 285000, 0.80, 0.70, "0.10", "true", 100),
    ]))


def test_shared_registration_gives_documented_terms_and_an_unshared_one_none(indicators, year_2019, new_case):
    family = new_case(size=2)
    shared, unshared = [member.person for member in family.members.all()]
    _register(shared, consent=True)
    _register(unshared, consent=False)
    today = timezone.localdate()
    values = IndicatorValues.for_year(year_2019, cases=[family])
    assert set(values.competence) == {shared.pk}  # no consent: unknown
    bergen = values.contributions(family, "4601", today)
    size_gap = (math.log(285000) - (math.log(700000) + math.log(285000)) / 2) / 1.2
    assert bergen["competence:education:7"] == pytest.approx(0.025 * 3)      # bachelor: ISCED rank 7
    assert bergen["competence:norwegian:2"] == pytest.approx(0.0)            # A2
    assert bergen["competence:english:4"] == pytest.approx(0.035 * 2)        # B2
    assert bergen["competence:work:7:6"] == pytest.approx(0.015 * 3)         # six years as a carpenter (STYRK 7)
    assert bergen["competence:work_market:7"] == pytest.approx(0.6 * (0.80 - 0.75))
    assert bergen["competence:higher_education_size"] == pytest.approx(0.03 * size_gap)
    assert values.value(family, "4601", today) == pytest.approx(sum(bergen.values()), abs=1e-6)
    # Experience weighs the labour market: the gap between the places grows by the work × market term.
    oslo = values.contributions(family, "0301", today)
    assert oslo["competence:work_market:7"] == pytest.approx(0.6 * (0.70 - 0.75))
    without = IndicatorValues.for_year(year_2019)
    # Experience pulls towards the stronger labour market (+0.06), the degree a little towards the larger city.
    assert (values.value(family, "4601", today) - values.value(family, "0301", today)) == pytest.approx(
        without.value(family, "4601", today) - without.value(family, "0301", today) + 0.6 * 0.10
        + 0.03 * (math.log(285000) - math.log(700000)) / 1.2, abs=1e-5)


def test_feature_labels_say_the_value_in_words():
    with translation.override("en"):
        assert feature_label("competence:education:7") == "education at bachelor's level"
        assert feature_label("competence:work:7:6") == "experience in a craft or trade (6 years)"
        assert feature_label("competence:norwegian:2") == "Norwegian at level A2"
        assert feature_label("competence:english:7") == "English as mother tongue"
        assert feature_label("competence:work_market:") == "work experience, in the municipality's labour market"
        assert feature_label("employment") == "the municipality's employment share"
        assert feature_label("competence:education:x") == "competence:education:x"  # never a 500
    with translation.override("nb"):
        assert feature_label("competence:education:7") == "utdanning på bachelornivå"


def test_a_suggestion_run_uses_the_registration_and_the_page_names_it(client, login, caseworker, new_case):
    from nyinorge.settlement.services.requests import settlement_year_create

    year = settlement_year_create(actor=caseworker, year=timezone.localdate().year, national_target=100)
    indicators_import(actor=caseworker, year=year, file=indicator_csv([
        ("0301", 700000, 0.70, 0.50, "0.20", "true", 100), ("4601", 285000, 0.80, 0.70, "0.10", "true", 100)]))
    for number in ("0301", "4601"):
        municipal_decision_register(actor=caseworker, year=year, municipality=Municipality.objects.get(number=number),
                                    persons=3, unaccompanied_minors=0, decided_on=timezone.localdate())
    case = new_case(decision_date=timezone.localdate() - datetime.timedelta(days=30))
    _register(case.members.get().person, consent=True)
    case_make_ready(actor=caseworker, case=case)
    run = SuggestionRun.objects.create(year=year, created_by=caseworker)
    run = suggestion_run_execute(run_id=run.pk)
    assert run.status == SuggestionRun.Status.DONE
    item = run.result["items"][0]
    assert item["municipality"] == "4601"
    assert any(name.startswith("competence:") for name, _value in item["contributions"])
    login(caseworker)
    with translation.override("en"):
        page = client.get(reverse("settlement:suggestion_run", args=[run.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "education at bachelor" in page.content.decode() or "utdanning på bachelornivå" in page.content.decode()
