"""The call's application form (`grants.formdefs`) as an HTML form: the answers read from a POST, and the fields
to render with their current values (stored answers, or what was typed when it did not validate) and errors.

Works without JavaScript: a section or field shown by a condition (`show_if`) appears when the draft is saved with
the answer that shows it, and a budget table gets more empty rows with its "More rows" button (which saves too).
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from nyinorge.grants.formdefs import MAX_BUDGET_ROWS, form_visible_fields
from nyinorge.grants.translated import translated

PREFIX = "f-"
BUDGET_PARTS = (("costs", "item"), ("income", "source"))
EMPTY_ROWS = 2
MIN_ROWS = 3
MORE_ROWS = 3
RADIO_LIMIT = 6


def field_name(key: str) -> str:
    return f"{PREFIX}{key}"


def _rows_wanted(post, key: str, part: str) -> int:
    try:
        return min(int(post.get(f"{field_name(key)}-{part}-rows", 0)), MAX_BUDGET_ROWS)
    except ValueError:
        return 0


def answers_from_post(definition: dict, post) -> dict[str, Any]:
    """The raw answers of every field of the definition in the POST (strings, lists, budget rows)."""
    raw: dict[str, Any] = {}
    for section in definition.get("sections", []):
        for item in section.get("fields", []):
            key, name = item["key"], field_name(item["key"])
            if item["type"] == "budget":
                raw[key] = {part: [{label: post.get(f"{name}-{part}-{index}-{label}", ""),
                                    "amount": post.get(f"{name}-{part}-{index}-amount", "")}
                                   for index in range(_rows_wanted(post, key, part))]
                            for part, label in BUDGET_PARTS}
            elif item["type"] == "multichoice":
                raw[key] = post.getlist(name)
            elif name in post:
                raw[key] = post.get(name)
    return raw


def _as_text(value: Any) -> Any:
    """A stored answer in the shape a POST gives it (so a page renders both alike)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict):
        return {part: [{label: str(row.get(label, "")), "amount": str(row.get("amount", ""))}
                       for row in value.get(part, [])] for part, label in BUDGET_PARTS}
    return value if value is not None else ""


def stored_as_raw(answers: dict) -> dict:
    return {key: _as_text(value) for key, value in (answers or {}).items()}


@dataclass
class Choice:
    value: str
    label: str
    checked: bool
    id: str


@dataclass
class BudgetRow:
    index: int
    label: str
    amount: str


@dataclass
class RenderedField:
    key: str
    type: str
    label: str
    help: str
    required: bool
    name: str
    id: str
    value: Any
    errors: list[str]
    choices: list[Choice] = field(default_factory=list)
    as_radios: bool = False
    budget: dict[str, list[BudgetRow]] = field(default_factory=dict)
    max_length: int | None = None

    @property
    def anchor(self) -> str:
        if self.type == "budget":
            return f"{self.id}-costs-0-item"
        if self.choices and (self.as_radios or self.type == "multichoice"):
            return self.choices[0].id
        return self.id

    @property
    def described_by(self) -> str:
        ids = [f"{self.id}-help"] if self.help else []
        return " ".join(ids + ([f"{self.id}-error"] if self.errors else []))


@dataclass
class RenderedSection:
    key: str
    title: str
    intro: str
    fields: list[RenderedField]


def _choices(item: dict, value: Any, html_id: str) -> list[Choice]:
    chosen = value if isinstance(value, list) else [value]
    if item["type"] == "boolean":
        options = [("true", _("Yes")), ("false", _("No"))]
    else:
        options = [(choice["value"], translated(choice["label"])) for choice in item.get("choices", [])]
    return [Choice(value=str(option), label=label, checked=str(option) in [str(v) for v in chosen],
                   id=f"{html_id}-{index}") for index, (option, label) in enumerate(options)]


def _budget_rows(value: Any, extra: int) -> dict[str, list[BudgetRow]]:
    value = value if isinstance(value, dict) else {}
    rows = {}
    for part, label in BUDGET_PARTS:
        given = [row for row in value.get(part, []) if str(row.get(label, "")).strip() or str(row.get("amount", "")).strip()]
        count = min(max(len(given) + EMPTY_ROWS + extra, MIN_ROWS), MAX_BUDGET_ROWS)
        rows[part] = [BudgetRow(index, str(given[index].get(label, "")) if index < len(given) else "",
                                str(given[index].get("amount", "")) if index < len(given) else "")
                      for index in range(count)]
    return rows


def rendered_sections(definition: dict, raw: dict, errors: dict[str, list[str]], *, visible_answers: dict,
                      more_rows: str = "") -> list[RenderedSection]:
    """The sections and fields shown for `visible_answers` (cleaned), with the values of `raw` and the errors."""
    shown = {item["key"] for item in form_visible_fields(definition, visible_answers)}
    sections = []
    for section in definition.get("sections", []):
        fields = []
        for item in section.get("fields", []):
            key = item["key"]
            if key not in shown:
                continue
            html_id = field_name(key)
            value = raw.get(key, [] if item["type"] == "multichoice" else "")
            rendered = RenderedField(
                key=key, type=item["type"], label=translated(item.get("label")), help=translated(item.get("help")),
                required=bool(item.get("required")), name=html_id, id=html_id, value=value,
                errors=list(errors.get(key, [])), max_length=item.get("max_length"))
            if item["type"] in ("choice", "multichoice", "boolean"):
                rendered.choices = _choices(item, value, html_id)
                rendered.as_radios = item["type"] == "boolean" or (
                    item["type"] == "choice" and len(rendered.choices) <= RADIO_LIMIT)
            if item["type"] == "budget":
                rendered.budget = _budget_rows(value, MORE_ROWS if more_rows == key else 0)
            fields.append(rendered)
        if fields:
            sections.append(RenderedSection(key=section["key"], title=translated(section.get("title")),
                                            intro=translated(section.get("intro")), fields=fields))
    return sections
