"""The outcome model: honest cross-fitting, calibration, discrimination, contributions, report and plot."""

import numpy as np
import pytest
from sklearn.metrics import brier_score_loss, roc_auc_score

from nyinorge.matching import simulator as sim
from nyinorge.matching.outcomes import FEATURE_LABELS, FEATURE_LABELS_NB, OutcomeModel


@pytest.fixture(scope="module")
def world():
    return sim.world_generate(persons=200, municipalities=40, seed=11)


@pytest.fixture(scope="module")
def history(world):
    return sim.history_generate(world, records=6000, seed=12)


@pytest.fixture(scope="module")
def model(history):
    return OutcomeModel(rounds=120, folds=4, seed=1).fit(history)


def _records_with(history, outcome):
    return sim.Records(persons=history.persons, municipalities=history.municipalities,
                       municipality=history.municipality, outcome=outcome)


def test_no_fold_model_scores_a_record_it_trained_on(model, history):
    scored_by = model.fold_of
    assert set(np.unique(scored_by)) == set(range(model.folds))
    for k, fold in enumerate(model.fold_models):
        assert not fold.trained_on[scored_by == k].any()
        assert fold.trained_on[scored_by != k].all()
    x = history.features()
    for k, fold in enumerate(model.fold_models):
        mask = scored_by == k
        assert np.allclose(model.oof_raw[mask], fold.booster.predict(x[mask], raw_score=True))


def test_cross_fitting_does_not_let_a_record_score_itself(history):
    # Pure-noise outcomes: a model that memorises looks good in sample, but honest scores stay at chance.
    noise = np.random.default_rng(5).integers(0, 2, len(history))
    overfit = OutcomeModel(rounds=150, folds=4, seed=2,
                           params={"num_leaves": 63, "min_data_in_leaf": 2, "learning_rate": 0.2})
    overfit.fit(_records_with(history, noise))
    in_sample = roc_auc_score(noise, overfit.final.predict(history.features(), raw_score=True))
    honest = roc_auc_score(noise, overfit.cross_fitted_predictions(history))
    assert in_sample > 0.75
    assert abs(honest - 0.5) < 0.04
    assert overfit.calibration[0] >= 0  # no signal must not turn into an inverted ranking


def test_calibration_keeps_or_improves_brier(model):
    report = model.report()
    assert report["brier"] <= report["brier_uncalibrated"] + 1e-3


def test_calibration_repairs_a_skewed_model(history):
    skewed = OutcomeModel(rounds=120, folds=4, seed=3, params={"scale_pos_weight": 4.0}).fit(history)
    report = skewed.report()
    assert report["brier"] < report["brier_uncalibrated"] - 0.005
    mean_predicted = np.mean(skewed.cross_fitted_predictions())
    assert mean_predicted == pytest.approx(history.outcome.mean(), abs=0.02)


def test_auc_well_above_chance_on_held_out_data(model, world):
    held_out = sim.history_generate(world, records=3000, seed=99)
    p = model.predict(persons=held_out.persons, municipalities=held_out.municipalities,
                      person_index=np.arange(len(held_out)), municipality_index=held_out.municipality)
    assert roc_auc_score(held_out.outcome, p) > 0.65
    assert brier_score_loss(held_out.outcome, p) < brier_score_loss(
        held_out.outcome, np.full(len(p), held_out.outcome.mean()))


def test_predict_is_vectorised_over_pairs(model, world):
    n_m = len(world.municipalities)
    people = np.repeat(np.arange(5), n_m)
    places = np.tile(np.arange(n_m), 5)
    p = model.predict(persons=world.persons, municipalities=world.municipalities,
                      person_index=people, municipality_index=places)
    assert p.shape == (5 * n_m,)
    assert ((p > 0) & (p < 1)).all()
    one = model.predict(persons=world.persons, municipalities=world.municipalities,
                        person_index=np.array([3]), municipality_index=np.array([7]))
    assert one[0] == pytest.approx(p[3 * n_m + 7])


def test_contributions_sum_to_prediction_minus_base(model, world):
    base = model.base_probability
    for person, place in [(0, 0), (1, 5), (4, 17), (9, 33)]:
        contributions = model.contributions(persons=world.persons, municipalities=world.municipalities,
                                            person=person, municipality=place)
        p = model.predict(persons=world.persons, municipalities=world.municipalities,
                          person_index=np.array([person]), municipality_index=np.array([place]))[0]
        assert {name for name, _ in contributions} == set(sim.FEATURES)
        assert sum(v for _, v in contributions) == pytest.approx(p - base, abs=1e-9)
        sizes = [abs(v) for _, v in contributions]
        assert sizes == sorted(sizes, reverse=True)


def test_every_feature_has_an_english_and_a_bokmal_label():
    assert set(FEATURE_LABELS) == set(FEATURE_LABELS_NB) == set(sim.ALL_FEATURES)
    assert FEATURE_LABELS_NB["has_network"] == "Familie eller venner i kommunen"


def test_report_and_calibration_plot(model, tmp_path):
    report = model.report()
    assert report["records"] == sum(b["count"] for b in report["reliability"])
    for b in report["reliability"]:
        assert b["low"] <= b["predicted"] <= b["high"]
    written = model.calibration_plot(tmp_path / "plots" / "calibration.png")
    assert [p.suffix for p in written] == [".png", ".svg"]
    assert written[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in written[1].read_text()


def test_misuse_gives_clear_errors(history):
    with pytest.raises(RuntimeError, match="not fitted"):
        OutcomeModel().predict_features(np.zeros((1, len(sim.FEATURES))))
    tiny = sim.Records(persons=history.persons, municipalities=history.municipalities,
                       municipality=history.municipality[:10], outcome=history.outcome[:10])
    with pytest.raises(ValueError, match="at least 50 records"):
        OutcomeModel().fit(tiny)


def test_the_model_refuses_a_protected_ground(history, monkeypatch):
    from nyinorge.matching.protected import ProtectedFeature

    monkeypatch.setitem(sim.FEATURE_SETS, "with_sex_and_age", (*sim.FEATURES, "male", "age"))
    monkeypatch.setitem(sim.CATEGORICAL_FEATURE_SETS, "with_sex_and_age", sim.CATEGORICAL_FEATURES)
    with pytest.raises(ProtectedFeature, match="male, age"):
        OutcomeModel(feature_set="with_sex_and_age").fit(history)
    for feature_set in sim.FEATURE_SETS:
        if feature_set != "with_sex_and_age":
            assert not {"male", "age", "country_group"} & set(OutcomeModel(feature_set=feature_set).features)
