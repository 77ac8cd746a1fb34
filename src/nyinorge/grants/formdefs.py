"""Application and review forms defined as data, and the answers checked against them.

A definition is {"sections": [section, ...]}; a section is
    {"key": str, "title": {"nb", "en"}, "intro": {...}?, "show_if": condition?, "fields": [field, ...]};
a field is
    {"key": str, "type": one of FIELD_TYPES, "label": {"nb", "en"}, "help": {...}?, "required": bool?,
     "choices": [{"value": str, "label": {...}}]?  (choice, multichoice), "min"/"max": int? (integer, amount),
     "max_length": int? (text, textarea), "show_if": condition?}
and a condition {"field": key, "equals": value} or {"field": key, "in": [values]} shows the section or field
only when another answer has that value. Answers of a hidden section or field are dropped, never kept unseen.

The budget table ("budget") is {"costs": [{"item", "amount"}], "income": [{"source", "amount"}]}: the costs
must add up to the income plus the amount applied for, or the application says where it does not.
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.validators import validate_email
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.no import orgnr

from nyinorge.core.dates import sane_date_refusal
from nyinorge.grants.translated import translated, translated_missing

FIELD_TYPES = ("text", "textarea", "integer", "amount", "date", "boolean", "choice", "multichoice", "email",
               "orgnr", "budget")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_TEXT = 10_000
MAX_BUDGET_ROWS = 40
MAX_AMOUNT = Decimal(10**12)


class FormDefinitionError(ValueError):
    """The definition itself is wrong (said in terms of the definition, for whoever writes it)."""


def _fields(definition: dict) -> list[dict]:
    return [item for section in definition.get("sections", []) for item in section.get("fields", [])]


def form_fields(definition: dict) -> dict[str, dict]:
    """The definition's fields by key, in order."""
    return {item["key"]: item for item in _fields(definition)}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _field_problems(item: dict, here: str) -> list[str]:
    """What is wrong with one field's own attributes (its key is checked by the caller)."""
    problems = []
    kind = item.get("type")
    if kind not in FIELD_TYPES:
        problems.append(f"{here}: unknown type {kind!r} (one of {', '.join(FIELD_TYPES)})")
    for language in translated_missing(item.get("label")):
        problems.append(f"{here}: the label has no {language} version")
    for attribute in ("min", "max", "max_length"):
        if attribute in item and not _is_int(item[attribute]):
            problems.append(f"{here}: {attribute} is a whole number")
    if _is_int(item.get("max_length")) and item["max_length"] < 1:
        problems.append(f"{here}: max_length is at least 1")
    if "required" in item and not isinstance(item["required"], bool):
        problems.append(f"{here}: required is true or false")
    if kind in ("choice", "multichoice"):
        choices = item.get("choices")
        if not isinstance(choices, list) or not choices:
            problems.append(f"{here}: a choice field needs a list of choices")
            return problems
        values = []
        for choice in choices:
            if not isinstance(choice, dict) or not isinstance(choice.get("value"), str) or not choice["value"]:
                problems.append(f"{here}: each choice is an object with a text value and a label")
                continue
            values.append(choice["value"])
            for language in translated_missing(choice.get("label")):
                problems.append(f"{here}: choice {choice['value']!r} has no {language} label")
        if len(values) != len(set(values)):
            problems.append(f"{here}: two choices have the same value")
    return problems


def _condition_problem(item: dict, seen: set[str]) -> str | None:
    condition = item.get("show_if")
    if condition is None:
        return None
    if (not isinstance(condition, dict) or not isinstance(condition.get("field"), str)
            or condition["field"] not in seen or ("in" in condition and not isinstance(condition["in"], list))):
        return f"{item.get('key')}: show_if names a field the form does not have (or is not of its form)"
    return None


def form_definition_check(definition: Any) -> list[str]:
    """What is wrong with a form definition (empty when it is usable): every structure and attribute is checked
    for its type too, since a definition is typed as JSON by a person."""
    if not isinstance(definition, dict) or not isinstance(definition.get("sections"), list):
        return ["a form definition is an object with a list of sections"]
    problems: list[str] = []
    documents = definition.get("documents")
    if documents is not None and (not isinstance(documents, dict) or not isinstance(documents.get("required", False), bool)
                                  or ("min" in documents and not (_is_int(documents["min"]) and documents["min"] >= 1))):
        problems.append('documents is {"required": true or false, "min": a whole number from 1}')
    seen: set[str] = set()
    items: list[dict] = []
    for s_index, section in enumerate(definition["sections"]):
        where = f"section {s_index + 1}"
        if not isinstance(section, dict) or not isinstance(section.get("key"), str) or not KEY.match(section["key"]):
            problems.append(f"{where}: a section needs a key of lower-case letters, digits and _")
            continue
        where = f"section {section['key']}"
        items.append(section)
        for language in translated_missing(section.get("title")):
            problems.append(f"{where}: the title has no {language} version")
        fields = section.get("fields", [])
        if not isinstance(fields, list):
            problems.append(f"{where}: fields is a list")
            continue
        for f_index, item in enumerate(fields):
            key = item.get("key") if isinstance(item, dict) else None
            here = f"{where}, field {key if isinstance(key, str) and key else f_index + 1}"
            if not isinstance(key, str) or not KEY.match(key):
                problems.append(f"{here}: a field is an object with a key of lower-case letters, digits and _")
                continue
            if key in seen:
                problems.append(f"{here}: the key is used twice")
            seen.add(key)
            items.append(item)
            problems += _field_problems(item, here)
    problems += [problem for item in items if (problem := _condition_problem(item, seen))]
    return problems


def condition_met(condition: dict | None, answers: dict) -> bool:
    """Whether a section or field with this `show_if` is shown for these answers (no condition: always)."""
    if not condition:
        return True
    value = answers.get(condition["field"])
    if "equals" in condition:
        return value == condition["equals"]
    if "in" in condition:
        return value in condition["in"]
    return bool(value)


def form_visible_fields(definition: dict, answers: dict) -> list[dict]:
    """The fields shown for these answers, in order (a condition reads the answers already cleaned)."""
    visible = []
    for section in definition.get("sections", []):
        if not condition_met(section.get("show_if"), answers):
            continue
        visible += [item for item in section.get("fields", []) if condition_met(item.get("show_if"), answers)]
    return visible


@dataclass
class CleanedAnswers:
    answers: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _empty(raw: Any) -> bool:
    return raw is None or raw == "" or raw == [] or (isinstance(raw, str) and not raw.strip())


def whole_kroner(raw: Any) -> Decimal:
    """A whole, finite amount of kroner from what a person typed ("12 500", "12500,0"); ValueError otherwise.

    Decimal reads "NaN", "sNaN", "Infinity" and "1e999999999" too: none of them is an amount."""
    text = str(raw).replace("\u00a0", "").replace(" ", "").replace(",", ".")[:40]
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Give a whole number of kroner.")) from None
    if not value.is_finite() or value < 0 or value > MAX_AMOUNT or value != value.to_integral_value():
        raise ValueError(_("Give a whole number of kroner, 0 or more."))
    return value



def _clean_budget(raw: Any) -> tuple[dict, list[str]]:
    errors: list[str] = []
    if not isinstance(raw, dict):
        return {}, [_("The budget table could not be read.")]
    cleaned: dict[str, list[dict]] = {"costs": [], "income": []}
    for part, label_key in (("costs", "item"), ("income", "source")):
        rows = raw.get(part) or []
        if len(rows) > MAX_BUDGET_ROWS:
            errors.append(_("A budget has at most %(max)d rows of each kind.") % {"max": MAX_BUDGET_ROWS})
            rows = rows[:MAX_BUDGET_ROWS]
        for number, row in enumerate(rows, start=1):
            label = str(row.get(label_key, "")).strip()[:200]
            amount_raw = row.get("amount", "")
            if not label and _empty(amount_raw):
                continue
            if not label:
                errors.append(_("Row %(row)d of the budget has an amount but no description.") % {"row": number})
                continue
            try:
                amount = whole_kroner(amount_raw)
            except ValueError as problem:
                errors.append(_("Row %(row)d of the budget (%(label)s): %(problem)s")
                              % {"row": number, "label": label, "problem": problem})
                continue
            cleaned[part].append({label_key: label, "amount": int(amount)})
    return cleaned, errors


def budget_totals(budget: dict) -> tuple[int, int]:
    """The budget's total costs and total income (the amount applied for not included)."""
    return (sum(row["amount"] for row in budget.get("costs", [])),
            sum(row["amount"] for row in budget.get("income", [])))


def budget_check(budget: dict, amount_applied: Decimal) -> list[str]:
    """Whether the budget adds up: costs = income + the amount applied for."""
    costs, income = budget_totals(budget)
    if not budget.get("costs"):
        return [_("List the project's costs in the budget.")]
    if costs != income + int(amount_applied):
        return [_("The budget does not add up: the costs are %(costs)s NOK, but the income (%(income)s NOK) and the "
                  "amount applied for (%(applied)s NOK) make %(sum)s NOK. The difference is %(difference)s NOK.")
                % {"costs": costs, "income": income, "applied": int(amount_applied),
                   "sum": income + int(amount_applied), "difference": costs - income - int(amount_applied)}]
    return []


def _clean_value(item: dict, raw: Any) -> Any:
    kind = item["type"]
    if kind in ("text", "textarea", "email", "orgnr"):
        value = str(raw).strip()
        limit = min(int(item.get("max_length", MAX_TEXT)), MAX_TEXT)
        if len(value) > limit:
            raise ValueError(_("At most %(max)d characters.") % {"max": limit})
        if kind == "email":
            try:
                validate_email(value)
            except ValidationError:
                raise ValueError(_("Give a valid e-mail address."))
        if kind == "orgnr":
            compact = orgnr.compact(value)
            if not orgnr.is_valid(compact):
                raise ValueError(_("Give a valid organisation number (nine digits)."))
            value = compact
        return value
    if kind in ("integer", "amount"):
        if kind == "amount":
            value = int(whole_kroner(raw))
        else:
            try:
                value = int(str(raw).replace(" ", "").replace("\u00a0", ""))
            except ValueError:
                raise ValueError(_("Give a whole number."))
        if "min" in item and value < item["min"]:
            raise ValueError(_("At least %(min)s.") % {"min": item["min"]})
        if "max" in item and value > item["max"]:
            raise ValueError(_("At most %(max)s.") % {"max": item["max"]})
        return value
    if kind == "date":
        try:
            value = datetime.date.fromisoformat(str(raw).strip())
        except ValueError:
            raise ValueError(_("Give a date as yyyy-mm-dd."))
        problem = sane_date_refusal(value)
        if problem:
            raise ValueError(problem)
        return value.isoformat()
    if kind == "boolean":
        if isinstance(raw, bool):
            return raw
        if str(raw).lower() in ("true", "on", "1", "yes", "ja"):
            return True
        if str(raw).lower() in ("false", "off", "0", "no", "nei"):
            return False
        raise ValueError(_("Answer yes or no."))
    if kind == "choice":
        values = [choice["value"] for choice in item["choices"]]
        if raw not in values:
            raise ValueError(_("Choose one of the options."))
        return raw
    if kind == "multichoice":
        values = [choice["value"] for choice in item["choices"]]
        chosen = raw if isinstance(raw, list) else [raw]
        if any(value not in values for value in chosen):
            raise ValueError(_("Choose among the options."))
        return [value for value in values if value in chosen]
    raise ValueError(_("This field cannot be answered."))


def _clean_fields(fields: list[dict], raw: dict, *, complete: bool) -> CleanedAnswers:
    result = CleanedAnswers()
    for item in fields:
        key = item["key"]
        value = raw.get(key)
        if _empty(value) or (item["type"] == "budget" and isinstance(value, dict) and not any(value.values())):
            if complete and item.get("required"):
                result.errors[key] = [_("“%(label)s” must be answered.") % {"label": translated(item["label"])}]
            continue
        if item["type"] == "budget":
            budget, problems = _clean_budget(value)
            result.answers[key] = budget
            if problems:
                result.errors[key] = problems
            continue
        try:
            result.answers[key] = _clean_value(item, value)
        except ValueError as problem:
            result.errors[key] = [str(problem)]
    return result


def form_answers_clean(definition: dict, raw: dict, *, complete: bool) -> CleanedAnswers:
    """Answers checked against the definition. A draft (`complete=False`) may leave required fields empty; a
    submission may not. Answers to fields the definition does not have, or that their conditions hide, are
    dropped."""
    # Conditions read cleaned answers, and an answer may come after the field it controls: clean everything
    # once to know what is shown, then clean (and require) only what is shown.
    everything = _clean_fields(_fields(definition), raw, complete=False)
    return _clean_fields(form_visible_fields(definition, everything.answers), raw, complete=complete)
