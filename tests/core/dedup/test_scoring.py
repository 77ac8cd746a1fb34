"""The Python scorer (registration time) gives Splink's own match weights, pair by pair."""

import collections
import datetime
import math
import random

import pytest

from nyinorge.core.dedup.batch import features_frame, find_duplicates
from nyinorge.core.dedup.normalise import name_form
from nyinorge.core.dedup.records import PersonRecord
from nyinorge.core.dedup.scoring import ArtefactError, DedupModel
from nyinorge.synthetic.duplicates import generate


@pytest.fixture(scope="module")
def registry():
    return generate(persons=6000, seed=7)


@pytest.fixture(scope="module")
def model():
    return DedupModel.default()


def test_default_model_loads_with_thresholds(model):
    assert 0 < model.warn_probability <= model.review_probability < 1
    assert model.trained_at and model.version


def test_blocked_pairs_score_as_splink_predicts(registry, model):
    pairs = find_duplicates(registry.records, model.artefact, threshold_probability=1e-9)
    assert len(pairs) > 300
    by_id = {record.id: record for record in registry.records}
    # Splink's term frequencies in the batch: the share of the records being de-duplicated with that name
    names = collections.Counter(name_form(r.given_name, r.family_name).sorted_name for r in registry.records)
    names.pop("", None)
    total = sum(names.values())
    levels_seen = set()
    for pair in pairs:
        ours = model.score(by_id[pair.id_l], by_id[pair.id_r], name_frequency=lambda name: names[name] / total)
        assert ours.match_weight == pytest.approx(pair.match_weight, abs=1e-6), (pair, ours)
        levels_seen.update((r.comparison, r.level) for r in ours.reasons)
    # varied pairs: most levels of the name and birth-date comparisons occur
    assert len({level for comparison, level in levels_seen if comparison == "name"}) >= 5
    assert len({level for comparison, level in levels_seen if comparison == "birth_date"}) >= 4


def test_random_pairs_score_as_splink_compare_two_records(registry, model):
    from splink import DuckDBAPI, Linker

    from nyinorge.core.dedup.training import connect

    rng = random.Random(3)
    left = rng.sample(registry.records, 20)
    right = rng.sample(registry.records, 20)
    # add records with missing fields and another script, so null levels and transliteration are compared too
    left.append(PersonRecord(id="x1", given_name="محمد", family_name="أحمد", birth_date=None))
    right.append(PersonRecord(id="x2", given_name="Mohammed", family_name="Ahmed",
                              birth_date=datetime.date(1990, 1, 1), sex="male", citizenship="SY"))
    settings = {key: value for key, value in model.artefact.items() if key != "nyinorge"}
    linker = Linker(features_frame(left[:1]), settings, db_api=DuckDBAPI(connect(1)))

    def frame_with_frequencies(records):
        # the artefact's name frequencies as Splink's hard-coded term-frequency column
        frame = features_frame(records)
        frame["tf_name_sorted"] = [None if name is None else model.name_frequency(name)
                                   for name in frame["name_sorted"]]
        return frame

    frame = linker.inference.compare_two_records(frame_with_frequencies(left),
                                                 frame_with_frequencies(right)).as_pandas_dataframe()
    assert len(frame) == 21 * 21
    by_id = {record.id: record for record in left + right}
    for row in frame.itertuples():
        ours = model.score(by_id[row.unique_id_l], by_id[row.unique_id_r])
        assert ours.match_weight == pytest.approx(row.match_weight, abs=1e-6)
        assert ours.match_probability == pytest.approx(row.match_probability, abs=1e-9)


def test_reasons_are_stable_codes_strongest_first(model):
    a = PersonRecord(id="1", given_name="Mohammed", family_name="Ahmed", birth_date=datetime.date(1990, 1, 1),
                     sex="male", citizenship="SY", duf_number="201612345678")
    b = PersonRecord(id="2", given_name="Ahmad", family_name="Mohamed", birth_date=datetime.date(1990, 1, 1),
                     sex="male", citizenship="SY", duf_number="201612345678")
    score = model.score(a, b)
    codes = {(r.comparison, r.level) for r in score.reasons}
    assert ("name", "swapped") in codes and ("duf", "exact") in codes
    weights = [abs(r.weight) for r in score.reasons]
    assert weights == sorted(weights, reverse=True)
    assert score.match_probability > model.review_probability


def test_different_identifiers_and_names_score_low(model):
    a = PersonRecord(id="1", given_name="Tesfay", family_name="Haile", birth_date=datetime.date(1985, 3, 4),
                     sex="male", citizenship="ER", duf_number="201612345678")
    b = PersonRecord(id="2", given_name="Luwam", family_name="Tekle", birth_date=datetime.date(1992, 1, 1),
                     sex="female", citizenship="ER", duf_number="201799999999")
    assert model.score(a, b).match_probability < 0.001


def test_artefact_of_other_normalisation_is_refused(model):
    artefact = dict(model.artefact, nyinorge=dict(model.artefact["nyinorge"], normalisation_version="0"))
    with pytest.raises(ArtefactError, match="normalisation version"):
        DedupModel.from_json(artefact)
    with pytest.raises(ArtefactError):
        DedupModel.from_json({"comparisons": []})


def test_a_common_name_is_weaker_evidence_than_a_rare_one(model):
    a = PersonRecord(id="1", given_name="Mohammed", family_name="Ahmed", birth_date=datetime.date(1990, 1, 1))
    b = PersonRecord(id="2", given_name="Mohamed", family_name="Ahmad", birth_date=datetime.date(1990, 1, 1))
    common = model.score(a, b, name_frequency=lambda name: 1e-3).match_weight
    rare = model.score(a, b, name_frequency=lambda name: 1e-6).match_weight
    assert rare - common == pytest.approx(math.log2(1e3))


def test_spark_settings_use_spark_sql(model):
    from nyinorge.core.dedup.comparisons import spark_settings

    settings = spark_settings(model.artefact)
    assert settings["sql_dialect"] == "spark" and "nyinorge" not in settings
    conditions = [level["sql_condition"] for c in settings["comparisons"] for level in c["comparison_levels"]]
    assert any("SIZE(ARRAY_INTERSECT(" in sql for sql in conditions)
    assert not any("array_length" in sql.lower() or "list_" in sql.lower() for sql in conditions)
    assert model.artefact["comparisons"][0]["comparison_levels"][4]["sql_condition"].startswith("levenshtein")


def test_the_web_side_stays_light():
    """scoring, keys and normalise import neither Django nor Splink, DuckDB or pandas."""
    import subprocess
    import sys

    code = ("import sys, nyinorge.core.dedup.scoring, nyinorge.core.dedup.keys; "
            "nyinorge.core.dedup.scoring.DedupModel.default(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'django', 'splink', 'duckdb', 'pandas'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
