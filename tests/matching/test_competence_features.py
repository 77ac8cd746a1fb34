"""The competence world: the documented formula, calibration, the switch between feature sets, explanations."""

import math

import numpy as np
import pytest

from nyinorge.matching import simulator as sim
from nyinorge.matching.explain import competence_phrase
from nyinorge.matching.outcomes import OutcomeModel


def _person(**overrides):
    fields = {"education": 3.0, "norwegian": 1.0, "age": 40.0, "male": 0.0, "sector": 1, "network": 1,
              "latent": 0.2, "isced": 7.0, "schooling_years": 16.0, "work_years": 6.0, "norwegian_level": 2.0,
              "english_level": 4.0, "occupation_group": 7}
    fields |= overrides
    return sim.Persons(**{k: np.array([v]) for k, v in fields.items()})


def _municipalities():
    demand = np.ones((2, len(sim.SECTORS)))
    occupation_demand = np.ones((2, sim.OCCUPATION_GROUPS))
    occupation_demand[0, 7], occupation_demand[1, 7] = 0.5, 2.0
    return sim.Municipalities(
        ids=("0301", "1101"), employment=np.array([0.70, 0.65]), demand=demand, size=np.array([2.0, -1.0]),
        centrality=np.array([1.0, 0.0]), population=np.array([700000.0, 15000.0]), latent=np.array([0.05, -0.1]),
        occupation_demand=occupation_demand)


def test_true_probability_is_the_documented_competence_formula():
    p = sim.p_true(persons=_person(), municipalities=_municipalities(), person_index=np.array([0, 0]),
                   municipality_index=np.array([0, 1]))
    common = (sim.COMPETENCE_INTERCEPT + 0.10 * 3 + 0.03 * 6 + 0.06 * 3 + 0.30 * 0 + 0.15 * 2 - 0.03 * 5
              + 1.15 * -0.5 + 0.2)
    oslo = common + 6.0 * 0.02 + 1.40 * math.log(0.5) + 0.60 * 0 + 0.35 * 2.0 + 0.25 * 1 * 1 + 0 + 0.05
    rural = common + 6.0 * -0.03 + 1.40 * math.log(2.0) + 0.60 * 0 + 0.35 * -1.0 + 0.25 * 1 * -1 + 0.8 - 0.1
    assert p == pytest.approx([1 / (1 + math.exp(-oslo)), 1 / (1 + math.exp(-rural))], abs=1e-12)


def test_placement_matters_more_with_experience_in_an_occupation_than_without():
    munis = _municipalities()
    pairs = {"person_index": np.array([0, 0]), "municipality_index": np.array([0, 1])}
    # Upper secondary school and English at A2: no size or English × centrality term to blur the comparison.
    same = {"network": -1, "isced": 4.0, "english_level": 2.0}
    experienced = sim.true_logit(persons=_person(**same), municipalities=munis, **pairs)
    without = sim.true_logit(persons=_person(**same, work_years=0.0, occupation_group=-1), municipalities=munis,
                             **pairs)
    assert abs(experienced[1] - experienced[0]) > abs(without[1] - without[0]) + 1.0


def test_competence_world_is_calibrated_to_sp8_and_the_basic_world_is_unchanged():
    world = sim.world_generate(persons=500, seed=3, features="competence")
    history = sim.history_generate(world, records=20000, seed=4)
    assert history.persons.has_competence
    p = sim.p_true(persons=history.persons, municipalities=history.municipalities,
                   person_index=np.arange(len(history)), municipality_index=history.municipality)
    assert p.mean() == pytest.approx(sim.TARGET_MEAN, abs=0.02)
    assert set(np.unique(history.persons.norwegian_level)) <= set(range(8))
    assert set(np.unique(history.persons.isced)) <= set(range(10))
    basic = sim.world_generate(persons=500, seed=3)
    assert not basic.persons.has_competence
    # The same seed gives the same basic world's municipalities and ages whether or not competence is drawn.
    assert np.array_equal(basic.municipalities.demand, world.municipalities.demand)
    assert np.array_equal(basic.persons.age, world.persons.age)
    with pytest.raises(ValueError, match="competence features exist only"):
        sim.pair_features(persons=basic.persons, municipalities=basic.municipalities, person_index=np.array([0]),
                          municipality_index=np.array([0]), feature_set="competence")
    with pytest.raises(ValueError, match="features must be one of"):
        sim.world_generate(persons=10, seed=1, features="everything")


def test_models_on_the_same_history_see_only_their_feature_set_and_competence_discriminates_better():
    world = sim.world_generate(persons=200, municipalities=40, seed=11, features="competence")
    history = sim.history_generate(world, records=6000, seed=12)
    reports = {}
    for feature_set in ("registry", "competence"):
        model = OutcomeModel(rounds=120, folds=4, seed=1, feature_set=feature_set).fit(history)
        reports[feature_set] = model.report()
        names = {name for name, _ in model.contributions(persons=world.persons, municipalities=world.municipalities,
                                                         person=0, municipality=0)}
        assert names == set(sim.FEATURE_SETS[feature_set])
    assert reports["competence"]["auc"] > reports["registry"]["auc"] + 0.05
    assert reports["competence"]["brier"] < reports["registry"]["brier"]
    with pytest.raises(ValueError, match="unknown feature set"):
        OutcomeModel(feature_set="nonsense").fit(history)


def test_explanation_names_competence_in_words():
    assert competence_phrase("isced", {"isced": 7.0}) == "utdanning på bachelornivå"
    assert competence_phrase("isced", {"isced": 8.0}, language="en") == "education at master's level"
    # The model's occupation category is the major group + 1 (0 = none).
    assert competence_phrase("work_years", {"work_years": 5.5, "occupation_group": 8.0}) == \
        "erfaring som håndverker (5,5 år)"
    assert competence_phrase("occupation_group", {"work_years": 0.0, "occupation_group": 0.0}) == \
        "ingen arbeidserfaring"
    assert competence_phrase("norwegian_level", {"norwegian_level": 2.0}) == "norsk på nivå A2"
    assert competence_phrase("english_level", {"english_level": 7.0}, language="en") == "English as mother tongue"
    assert competence_phrase("isced", {"isced": float("nan")}) is None
    assert competence_phrase("employment", {"employment": 0.7}) is None


def test_a_models_contributions_are_named_in_words():
    from nyinorge.matching.explain import contributions_named
    from nyinorge.matching.outcomes import FEATURE_LABELS_NB

    world = sim.world_generate(persons=100, municipalities=30, seed=5, features="competence")
    history = sim.history_generate(world, records=3000, seed=6)
    model = OutcomeModel(rounds=60, folds=3, seed=1, feature_set="competence").fit(history)
    person = int(np.flatnonzero(world.persons.isced == 7)[0])
    row = sim.pair_features(persons=world.persons, municipalities=world.municipalities,
                            person_index=np.array([person]), municipality_index=np.array([0]),
                            feature_set="competence")[0]
    values = dict(zip(model.features, row.tolist()))
    named = dict(contributions_named(
        model.contributions(persons=world.persons, municipalities=world.municipalities, person=person, municipality=0),
        values, labels=FEATURE_LABELS_NB))
    assert "utdanning på bachelornivå" in named
    assert "Familie eller venner i kommunen" in named
    assert "Alder" not in named and "Kjønn" not in named  # protected grounds are never features
