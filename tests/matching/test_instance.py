import json
import math
from pathlib import Path

import jsonschema
import pytest

from nyinorge.matching import Instance, InvalidInstance, Result, check
from nyinorge.matching.explain import assignment_explanations
from nyinorge.matching.generate import generate_instance, municipality_numbers

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "nyinorge" / "matching"


def _load(name: str) -> dict:
    return json.loads((PACKAGE / name).read_text(encoding="utf-8"))


def test_examples_match_their_schemas_and_the_example_result_checks():
    instance_json, result_json = _load("examples/instance.json"), _load("examples/result.json")
    jsonschema.Draft202012Validator(_load("schema/instance.schema.json")).validate(instance_json)
    jsonschema.Draft202012Validator(_load("schema/result.schema.json")).validate(result_json)
    instance, result = Instance.from_json(instance_json), Result.from_json(result_json)
    report = check(instance, result)
    assert report.feasible, report.problems
    assert report.objective == pytest.approx(result.objective)
    assert report.persons_assigned == result.persons_assigned


def test_schema_rejects_what_validation_rejects():
    schema = jsonschema.Draft202012Validator(_load("schema/instance.schema.json"))
    bad = _load("examples/instance.json")
    bad["municipalities"][0]["capacity"]["persons"] = -1
    assert not schema.is_valid(bad)
    with pytest.raises(InvalidInstance):
        Instance.from_json(bad)


def test_round_trip_through_json():
    instance = Instance.from_json(_load("examples/instance.json"))
    assert Instance.from_json(json.loads(json.dumps(instance.to_json()))) == instance
    generated = generate_instance(persons=200, seed=5)
    assert Instance.from_json(json.loads(json.dumps(generated.to_json()))) == generated


def test_validation_lists_every_problem_at_once():
    data = {
        "municipalities": [
            {"id": "0301", "capacity": {"persons": -5}},
            {"id": "0301", "capacity": {"persons": math.inf}},
        ],
        "cases": [
            {"id": "c1", "demand": {"persons": 2.5}, "values": {"9999": 1.0, "0301": math.nan}},
            {"id": "c1", "demand": {"persons": 0}, "values": {}, "preferences": ["8888"]},
            {"id": "c2", "demand": {"rooms": 1}, "values": {"0301": "high"}},
        ],
        "options": {
            "min_fill_share": 1.5,
            "category_caps": [{"municipality": "7777", "category": "x", "max_persons": -1}],
            "fixed": {"nobody": "0301", "c1": "6666"},
            "surprise": True,
        },
    }
    with pytest.raises(InvalidInstance) as error:
        Instance.from_json(data)
    text = str(error.value)
    for expected in [
        "capacity 'persons' must be a finite number >= 0, not -5",
        "municipality '0301' appears more than once",
        "not inf",
        "'persons' must be a whole number >= 1, not 2.5",
        "value for unknown municipality '9999'",
        "must be a finite number >= 0, not nan",
        "case 'c1' appears more than once",
        "preference for unknown municipality '8888'",
        "'demand' must contain 'persons'",
        "'values': '0301' must be a number",
        "'min_fill_share' must be a number from 0 to 1",
        "category cap for unknown municipality '7777'",
        "fixed assignment of unknown case 'nobody'",
        "fixed to unknown municipality '6666'",
        "unknown field 'surprise'",
    ]:
        assert expected in text, expected


@pytest.mark.parametrize(
    "data, message",
    [
        ([], "must be a JSON object"),
        ({}, "'municipalities' must be a list"),
        ({"municipalities": [], "cases": []}, "there are no municipalities"),
        ({"municipalities": [{"id": "a", "capacity": {}}], "cases": []}, "there are no cases"),
        ({"municipalities": [{"id": 3, "capacity": {}}], "cases": [{"id": "c"}]}, "'id' must be a non-empty string"),
        ({"municipalities": [{"id": "a", "capacity": {"persons": True}}], "cases": []}, "must be a number"),
    ],
)
def test_wrong_shapes_are_named(data, message):
    with pytest.raises(InvalidInstance, match=message):
        Instance.from_json(data)


def test_fixed_to_a_municipality_the_case_does_not_allow_is_invalid():
    data = _load("examples/instance.json")
    data["options"]["fixed"] = {"c4": "0301"}
    with pytest.raises(InvalidInstance, match="which its values do not allow"):
        Instance.from_json(data)


def test_result_from_json_names_its_problems():
    with pytest.raises(InvalidInstance) as error:
        Result.from_json({"assignment": [], "status": "great", "gap": math.nan})
    text = str(error.value)
    assert "'assignment' must be an object" in text and "'status' must be one of" in text
    assert "'gap' must be a finite number" in text


def test_check_finds_every_kind_of_violation():
    instance = Instance.from_json(_load("examples/instance.json"))
    result = Result.from_json(_load("examples/result.json"))
    result.assignment.update({"c4": "0301", "c5": "5001", "ghost": "0301"})
    del result.assignment["c2"]
    report = check(instance, result)
    assert not report.feasible
    text = "\n".join(report.problems)
    assert "unknown case 'ghost'" in text
    assert "case 'c2' is missing" in text
    assert "which its values do not allow" in text
    assert "fixed to '0301'" in text


def test_check_finds_overbooking_and_caps():
    instance = Instance.from_json(_load("examples/instance.json"))
    result = Result.from_json(_load("examples/result.json"))
    result.assignment.update({"c1": "0301", "c3": "0301"})
    text = "\n".join(check(instance, result).problems)
    assert "municipality '0301': 'persons' used 9 > capacity 6" in text
    assert "category 'family', above the cap of 5" in text


def test_generator_uses_the_356_real_municipalities_and_sums_capacity_to_105_percent():
    numbers = municipality_numbers()
    assert len(numbers) == 356 and "0301" in numbers and "5001" in numbers
    instance = generate_instance(persons=2000, seed=4)
    assert [m.id for m in instance.municipalities] == numbers
    for resource in ("persons", "unaccompanied_minors", "accessible_dwellings"):
        demand = sum(c.demand.get(resource, 0) for c in instance.cases)
        capacity = sum(m.capacity.get(resource, 0) for m in instance.municipalities)
        assert capacity == math.ceil(1.05 * demand)
    persons = [c.persons for c in instance.cases]
    assert 1 == min(persons) and max(persons) <= 8
    assert 2.2 < sum(persons) / len(persons) < 2.8


def test_explanations_give_the_best_alternative_and_the_models_contributions():
    instance = Instance.from_json(_load("examples/instance.json"))
    result = Result.from_json(_load("examples/result.json"))

    def contributions(case_id, municipality_id):
        return [("education", 0.05), ("local employment", -0.2)]

    explanations = assignment_explanations(instance, result, contributions)
    assert set(explanations) == {c for c, m in result.assignment.items() if m}
    c3 = explanations["c3"]
    assert c3.municipality == "0301" and c3.value_chosen == pytest.approx(0.9)
    assert c3.best_alternative == "4601" and c3.value_alternative == pytest.approx(1.1)
    assert c3.difference == pytest.approx(-0.2)
    assert c3.contributions[0] == ("local employment", -0.2)
    # c1 prefers 4601, so its value there includes the bonus; the alternative is Oslo.
    assert explanations["c1"].value_chosen == pytest.approx(1.62)
    assert explanations["c1"].best_alternative == "0301"
    assert assignment_explanations(instance, result)["c1"].contributions == []


def test_persons_bound_round_trips_and_must_be_whole():
    result = Result({"c1": None}, 0, 0.0, 0.0, 0.0, "feasible", 0.0, persons_bound=3)
    assert Result.from_json(result.to_json()).persons_bound == 3
    assert Result.from_json({**result.to_json(), "persons_bound": None}).persons_bound is None
    for bad in (-1, 2.5, "3", True, math.inf):
        with pytest.raises(InvalidInstance, match="persons_bound"):
            Result.from_json({**result.to_json(), "persons_bound": bad})
    schema = jsonschema.Draft202012Validator(_load("schema/result.schema.json"))
    assert schema.is_valid(result.to_json())
    assert not schema.is_valid({**result.to_json(), "persons_bound": 2.5})


def test_fast_and_detailed_validation_agree():
    # Values are checked in bulk; any problem falls back to the per-value loop that names it.
    data = generate_instance(persons=60, seed=3).to_json()
    assert Instance.from_json(data).cases
    data["cases"][4]["values"][next(iter(data["cases"][4]["values"]))] = -1.0
    data["cases"][7]["values"]["9999"] = 0.5
    data["cases"][9]["values"][next(iter(data["cases"][9]["values"]))] = math.nan
    with pytest.raises(InvalidInstance) as error:
        Instance.from_json(data)
    text = str(error.value)
    assert "must be a finite number >= 0, not -1.0" in text
    assert "unknown municipality '9999'" in text
    assert "not nan" in text
