"""The scheme catalogue (grants/data/schemes.json): every form checks, the load is idempotent, the data says what
the annual report says."""

import copy
import json

import pytest

from nyinorge.grants.formdefs import form_definition_check, form_fields
from nyinorge.grants.models import GrantScheme, SchemeCriterion
from nyinorge.grants.services.catalogue import (
    CATALOGUE_PATH, CatalogueError, catalogue_call_defaults, catalogue_choice_labels, catalogue_delegated_municipalities,
    catalogue_entries, catalogue_load, catalogue_problems,
)

CODES = {"jobbsjansen-a", "jobbsjansen-b", "municipal-integration", "mentor-trainee", "entrepreneur-training",
         "volunteer-integration", "national-resource", "earmarked-single", "diversity-prize"}


@pytest.mark.parametrize("entry", catalogue_entries(), ids=lambda entry: entry["code"])
def test_every_form_of_the_catalogue_checks(entry):
    assert form_definition_check(entry["application_form"]) == []
    assert form_definition_check(entry["review_form"]) == []
    for text in ("name", "objective", "target_group", "result_criteria", "award_rules", "follow_up"):
        assert entry[text]["nb"] and entry[text]["en"]
    assert entry["sources"], "every scheme says where in the seed it comes from"


def test_the_catalogue_has_every_scheme_the_report_names():
    assert {entry["code"] for entry in catalogue_entries()} == CODES
    assert len(catalogue_delegated_municipalities()) == 20


def test_a_broken_entry_is_refused_with_what_is_wrong():
    entries = catalogue_entries()
    broken = copy.deepcopy(entries[0])
    broken["statistics_field"] = "contact_name"
    broken["application_form"]["sections"][0]["fields"][0]["label"] = {"nb": "Bare bokmål"}
    problems = catalogue_problems([broken])
    assert any("statistics_field" in problem for problem in problems)
    assert any("no en version" in problem for problem in problems)


def test_a_broken_file_loads_nothing(db, tmp_path):
    data = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    data["schemes"][0]["objective"] = {"nb": "", "en": ""}
    path = tmp_path / "schemes.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CatalogueError, match="objective"):
        catalogue_load(path=path)
    assert not GrantScheme.objects.filter(code__in=CODES).exists()


def test_load_is_idempotent_and_updates_in_place(db):
    first = catalogue_load()
    assert (first.created, first.updated) == (len(CODES), 0)
    GrantScheme.objects.filter(code="jobbsjansen-a").update(budget_post=99)
    second = catalogue_load()
    assert (second.created, second.updated) == (0, len(CODES))
    assert GrantScheme.objects.filter(code__in=CODES).count() == len(CODES)
    assert GrantScheme.objects.get(code="jobbsjansen-a").budget_post == 62
    assert SchemeCriterion.objects.filter(scheme__code__in=CODES).count() == first.criteria


def test_the_schemes_say_what_the_report_says(db):
    catalogue_load()
    schemes = {scheme.code: scheme for scheme in GrantScheme.objects.filter(code__in=CODES)}
    assert schemes["jobbsjansen-a"].reports_participants and schemes["jobbsjansen-b"].reports_participants
    assert not schemes["municipal-integration"].reports_participants
    # Tabell 4-2's chapter/post; Tabell 3-3-1 for post 71.
    assert {code: (s.budget_chapter, s.budget_post) for code, s in schemes.items() if code != "diversity-prize"} == {
        "jobbsjansen-a": (291, 62), "jobbsjansen-b": (291, 62), "municipal-integration": (291, 62),
        "entrepreneur-training": (291, 62), "mentor-trainee": (291, 73), "volunteer-integration": (291, 71),
        "national-resource": (291, 71), "earmarked-single": (291, 71)}
    assert schemes["diversity-prize"].is_prize
    assert schemes["municipal-integration"].statistics_field == "priority_area"
    assert schemes["volunteer-integration"].statistics_field == "sub_goal"
    for scheme in schemes.values():
        assert scheme.criteria.exists()
    kinds = {entry["code"]: entry["applicant_kinds"] for entry in catalogue_entries()}
    assert kinds["jobbsjansen-a"] == ["municipality"] and kinds["jobbsjansen-b"] == ["county"]
    assert kinds["mentor-trainee"] == ["employer"] and kinds["entrepreneur-training"] == ["county"]
    assert kinds["volunteer-integration"] == ["voluntary"] and kinds["national-resource"] == ["voluntary"]
    assert len(catalogue_choice_labels("municipal-integration", "priority_area")) == 5
    assert list(catalogue_choice_labels("volunteer-integration", "sub_goal")) == ["a", "b", "c"]
    assert list(catalogue_choice_labels("diversity-prize", "category")) == ["small", "medium_large"]


def test_call_defaults_carry_the_forms_plans_and_appeal_body():
    defaults = catalogue_call_defaults(code="jobbsjansen-a", budget_year=2019)
    assert {"kind": "participants", "due": "2020-02-15"} in defaults["reporting_plan"]
    assert sum(step["share"] for step in defaults["payment_plan"]) == 100
    assert defaults["appeal_body"]["nb"] == "Kunnskapsdepartementet"
    assert "budget" in form_fields(defaults["application_form"])
    delegated = catalogue_call_defaults(code="volunteer-integration", budget_year=2019, delegated=True)
    assert "klagenemnd" in delegated["appeal_body"]["nb"]
    prize = catalogue_call_defaults(code="diversity-prize", budget_year=2019)
    assert {"nominee_name", "nominee_orgnr", "nominee_municipality", "category", "competence_use",
            "diversity_levels", "strategic_work"} <= set(form_fields(prize["application_form"]))
