"""The scheme catalogue (`grants/data/schemes.json`): every application-based scheme the annual report names, with
its five elements, budget chapter/post, criteria and the forms its calls start from.

`catalogue_load` creates or updates the schemes and their criteria (idempotent: run it as often as you like; a
criterion the file no longer has is left alone, since reviews may have scored it). The forms are not stored on the
scheme but on each call; `catalogue_call_defaults` gives a new call the scheme's forms and plans, so the admin
pages and the generators start every call the same way. A form section {"use": key} in the file stands for the
shared section of that key.
"""

import copy
import datetime
import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from nyinorge.grants.formdefs import form_definition_check, form_fields
from nyinorge.grants.models import GrantScheme, SchemeCriterion

CATALOGUE_PATH = Path(__file__).resolve().parent.parent / "data" / "schemes.json"
SCHEME_FIELDS = ("kind", "name", "objective", "target_group", "result_criteria", "award_rules", "follow_up",
                 "budget_chapter", "budget_post", "reports_participants", "statistics_field")


class CatalogueError(ValueError):
    """The catalogue file is wrong (a form definition that does not check, a missing element)."""


@dataclass(frozen=True)
class CatalogueResult:
    created: int
    updated: int
    criteria: int


def _resolve(definition: dict, shared: dict) -> dict:
    sections = [copy.deepcopy(shared[section["use"]]) if "use" in section else section
                for section in definition.get("sections", [])]
    return {"sections": sections}


@functools.cache
def _catalogue(path: Path = CATALOGUE_PATH) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    shared = data.get("shared_sections", {})
    for entry in data["schemes"]:
        entry["application_form"] = _resolve(entry["application_form"], shared)
        entry["review_form"] = _resolve(entry["review_form"], shared)
    return data


def catalogue_entries(path: Path = CATALOGUE_PATH) -> list[dict]:
    """The catalogue's schemes with their forms resolved (a deep copy: change it freely)."""
    return copy.deepcopy(_catalogue(path)["schemes"])


def catalogue_entry(code: str) -> dict:
    """One scheme's catalogue entry by code (KeyError when the catalogue has none)."""
    for entry in catalogue_entries():
        if entry["code"] == code:
            return entry
    raise KeyError(code)


def catalogue_delegated_municipalities() -> list[str]:
    """The municipality numbers the volunteer scheme is delegated to (the seed's 20, names assumed)."""
    return list(_catalogue()["delegated_municipalities"]["municipalities"])


def catalogue_problems(entries: list[dict]) -> list[str]:
    """What is wrong with the catalogue's entries (empty when it loads)."""
    problems = []
    for entry in entries:
        code = entry.get("code", "?")
        for name in ("name", "objective", "target_group", "result_criteria", "award_rules", "follow_up"):
            text = entry.get(name) or {}
            if not (text.get("nb") and text.get("en")):
                problems.append(f"{code}: {name} needs a bokmål and an English text")
        for form in ("application_form", "review_form"):
            problems += [f"{code} {form}: {problem}" for problem in form_definition_check(entry[form])]
        field = entry.get("statistics_field")
        if field and form_fields(entry["application_form"]).get(field, {}).get("type") != "choice":
            problems.append(f"{code}: statistics_field {field!r} is no choice field of the application form")
        if not entry.get("criteria"):
            problems.append(f"{code}: a scheme needs award criteria")
    return problems


def catalogue_load(*, path: Path = CATALOGUE_PATH) -> CatalogueResult:
    """Create or update every scheme of the catalogue and its criteria (idempotent)."""
    entries = catalogue_entries(path)
    problems = catalogue_problems(entries)
    if problems:
        raise CatalogueError("; ".join(problems))
    created = updated = criteria = 0
    with transaction.atomic():
        for entry in entries:
            scheme, was_created = GrantScheme.objects.update_or_create(
                code=entry["code"], defaults={name: entry[name] for name in SCHEME_FIELDS})
            created += was_created
            updated += not was_created
            for order, item in enumerate(entry["criteria"]):
                SchemeCriterion.objects.update_or_create(
                    scheme=scheme, key=item["key"],
                    defaults={"label": item["label"], "description": item.get("description", {}),
                              "weight": Decimal(item["weight"]), "order": order})
                criteria += 1
    return CatalogueResult(created, updated, criteria)


def catalogue_reporting_plan(entry: dict, budget_year: int) -> list[dict]:
    """The scheme's reporting plan with the due dates of a budget year's call."""
    plan = []
    for step in entry.get("reporting_plan", []):
        month, day = (int(part) for part in step["month_day"].split("-"))
        plan.append({"kind": step["kind"],
                     "due": datetime.date(budget_year + step.get("year_offset", 0), month, day).isoformat()})
    return plan


def catalogue_call_defaults(*, code: str, budget_year: int, delegated: bool = False) -> dict:
    """What a new call of the scheme starts from: applicant kinds, forms, payment and reporting plans, appeal body,
    project period (the budget year)."""
    entry = catalogue_entry(code)
    appeal_body = entry.get("delegated_appeal_body") if delegated else entry.get("appeal_body")
    return {
        "applicant_kinds": list(entry["applicant_kinds"]),
        "application_form": entry["application_form"],
        "review_form": entry["review_form"],
        "payment_plan": list(entry.get("payment_plan", [])),
        "reporting_plan": catalogue_reporting_plan(entry, budget_year),
        "appeal_body": appeal_body or {},
        "project_start": datetime.date(budget_year, 1, 1),
        "project_end": datetime.date(budget_year, 12, 31),
    }


def catalogue_choice_labels(code: str, field: str) -> dict[str, dict]:
    """The choices of a choice field of the scheme's application form: value → {"nb", "en"} label, in order."""
    item = form_fields(catalogue_entry(code)["application_form"]).get(field) or {}
    return {choice["value"]: choice["label"] for choice in item.get("choices", [])}
