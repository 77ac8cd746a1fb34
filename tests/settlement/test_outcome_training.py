"""The outcome model's training set from the platform's own data: who counts, the indicators at settlement time,
competence only with consent, the outcome derived from the recorded status, the window, and lawful features."""

import datetime
import math

import pytest

from nyinorge.matching.protected import features_require_lawful, protected_in
from nyinorge.settlement.outcome_features import FEATURES
from nyinorge.settlement.selectors.outcome_training import country_group, outcome_training_set
from nyinorge.settlement.workflow import State
from tests.settlement import outcome_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(caseworker):
    y2016, y2017 = f.year(2016, caseworker), f.year(2017, caseworker)
    f.indicators(y2016, {"0301": (0.40, 0.70, 700000), "4601": (0.60, 0.75, 285000)})
    f.indicators(y2017, {"0301": (0.50, 0.72, 710000)})
    return y2016, y2017


def test_features_hold_no_protected_ground_and_the_guard_would_refuse_one():
    features_require_lawful(FEATURES)
    assert protected_in(FEATURES) == []
    assert protected_in([*FEATURES, "sex", "age", "citizenship", "country_group"]) == [
        "sex", "age", "citizenship", "country_group"]


def test_adults_count_children_do_not_and_the_outcome_is_the_first_status_after_settlement(years):
    y2016, _y2017 = years
    mother = f.person(born=datetime.date(1985, 1, 1), sex="female", citizenship="ER")
    father = f.person(born=datetime.date(1983, 1, 1), sex="male", citizenship="ER")
    child = f.person(born=datetime.date(2010, 1, 1))
    f.settled_case(municipality="0301", settled_on=datetime.date(2016, 5, 1), members=[mother, father, child],
                   year=y2016, network="0301")
    f.outcome(mother, datetime.date(2015, 11, 1), "employed")  # before settlement: not the outcome
    f.outcome(mother, datetime.date(2018, 11, 1), "neither")
    f.outcome(mother, datetime.date(2019, 11, 1), "employed")  # a later month: not the first
    f.outcome(father, datetime.date(2018, 11, 1), "education")
    f.outcome(child, datetime.date(2018, 11, 1), "employed")

    training = outcome_training_set(from_year=2016, to_year=2016)
    rows = {row.person_id: row for row in training.rows}
    assert set(rows) == {mother.pk, father.pk}
    assert rows[mother.pk].outcome is False and rows[mother.pk].reference_month == datetime.date(2018, 11, 1)
    assert rows[father.pk].outcome is True  # in education counts
    features = dict(zip(training.features, rows[father.pk].features))
    assert features["introduction_results"] == 0.40 and features["employment"] == 0.70  # the 2016 indicators
    assert features["log_population"] == pytest.approx(math.log(700000))
    assert features["network"] == 1.0
    assert math.isnan(features["norwegian_level"])  # no registration: unknown
    assert rows[father.pk].sex == "male" and rows[father.pk].age == 33 and rows[father.pk].country_group == "eritrea"


@pytest.mark.parametrize("status, counted", [("employed", True), ("education", True), ("both", True),
                                             ("neither", False)])
def test_work_or_education_is_employed_education_or_both(years, status, counted):
    adult = f.person()
    f.settled_case(municipality="0301", settled_on=datetime.date(2016, 5, 1), members=[adult], year=years[0])
    f.outcome(adult, datetime.date(2018, 11, 1), status)
    assert [row.outcome for row in outcome_training_set(from_year=2016, to_year=2016).rows] == [counted]


def test_the_unaccompanied_minor_counts(years):
    minor = f.person(born=datetime.date(2001, 6, 1))
    f.settled_case(municipality="4601", settled_on=datetime.date(2016, 5, 1), members=[minor], minor=True,
                   year=years[0])
    f.outcome(minor, datetime.date(2018, 11, 1), "education")
    training = outcome_training_set(from_year=2016, to_year=2016)
    assert [(row.person_id, row.outcome, row.municipality) for row in training.rows] == [(minor.pk, True, "4601")]


def test_competence_is_read_only_with_consent(years):
    shared, unshared = f.person(), f.person()
    f.competence(shared, norwegian="B1", consent=True)
    f.competence(unshared, norwegian="B2", consent=False)
    for adult in (shared, unshared):
        f.settled_case(municipality="0301", settled_on=datetime.date(2016, 5, 1), members=[adult], year=years[0])
        f.outcome(adult, datetime.date(2018, 11, 1), "employed")
    training = outcome_training_set(from_year=2016, to_year=2016)
    level = {row.person_id: dict(zip(training.features, row.features))["norwegian_level"] for row in training.rows}
    assert level[shared.pk] == 3  # B1's rank
    assert math.isnan(level[unshared.pk])


def test_the_window_is_respected_and_exclusions_counted(years):
    y2016, y2017 = years
    inside, outside, late, no_outcome, no_indicators, not_settled = (f.person() for _ in range(6))
    f.settled_case(municipality="0301", settled_on=datetime.date(2016, 5, 1), members=[inside], year=y2016)
    f.settled_case(municipality="0301", settled_on=datetime.date(2017, 5, 1), members=[outside], year=y2017)
    f.settled_case(municipality="0301", settled_on=datetime.date(2016, 6, 1), members=[late], year=y2016)
    f.settled_case(municipality="0301", settled_on=datetime.date(2016, 7, 1), members=[no_outcome], year=y2016)
    f.settled_case(municipality="5001", settled_on=datetime.date(2016, 7, 1), members=[no_indicators], year=y2016)
    f.settled_case(municipality="0301", settled_on=datetime.date(2016, 7, 1), members=[not_settled], year=y2016,
                   state=State.ACCEPTED)
    for adult in (inside, outside, no_indicators, not_settled):
        f.outcome(adult, datetime.date(2018, 11, 1), "employed")
    f.outcome(late, datetime.date(2019, 11, 1), "employed")

    training = outcome_training_set(from_year=2016, to_year=2016, reference_until=datetime.date(2018, 12, 1))
    assert [row.person_id for row in training.rows] == [inside.pk]
    assert training.excluded == {"no_outcome": 2, "no_indicators": 1}  # `late`'s status is after the window
    assert training.window.as_json() == {"from_year": 2016, "to_year": 2016, "reference_until": "2018-12-01"}
    both = outcome_training_set(from_year=2016, to_year=2017)
    assert {row.person_id for row in both.rows} == {inside.pk, outside.pk, late.pk}
    outside_row = next(row for row in both.rows if row.person_id == outside.pk)
    assert outside_row.features[0] == 0.50  # settled 2017: the 2017 indicators
    with pytest.raises(ValueError):
        outcome_training_set(from_year=2017, to_year=2016)


@pytest.mark.parametrize("code, group", [("SY", "syria"), ("er", "eritrea"), ("IQ", "middle_east_north_africa"),
                                         ("SO", "africa_other"), ("UA", "other"), ("", "unknown"), ("XX", "unknown")])
def test_country_groups(code, group):
    assert country_group(code) == group
