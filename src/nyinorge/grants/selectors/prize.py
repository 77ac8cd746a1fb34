"""A prize's placings and categories, read from its call's forms as data, and the winners of its calls.

The placings are the choices of the jury's review-form field `placement` ("none" is the jury saying no prize);
the categories are the choices of the nomination form's field `category`. A call without such fields has one
unnamed placing and one category. The awarded placing is kept with the nomination (`AWARD_KEY` in its answers:
the placing and the category it was awarded in), so the winners can be listed without reading any reasons or
the nominator. Regional prizes: each regional jury runs its own call, so a placing is unique per category in
one call.
"""

from dataclasses import dataclass

from nyinorge.grants.application_states import A
from nyinorge.grants.models import GrantApplication, GrantCall, ReviewAssignment

AWARD_KEY = "_award"  # reserved: no form field key starts with "_"
PLACING_FIELD = "placement"
CATEGORY_FIELD = "category"
NO_PLACING = "none"
NAME_FIELD = "nominee_name"
MUNICIPALITY_FIELD = "nominee_municipality"


def _choices(definition: dict | None, key: str) -> list[tuple[str, dict]]:
    for section in (definition or {}).get("sections", []):
        for item in section.get("fields", []):
            if item.get("key") == key and item.get("type") == "choice":
                return [(choice["value"], choice.get("label") or {}) for choice in item.get("choices", [])]
    return []


def prize_placings(call: GrantCall) -> list[tuple[str, dict]]:
    """The placings the jury can award in the call, best first (value, label {"nb", "en"})."""
    return [(value, label) for value, label in _choices(call.review_form, PLACING_FIELD) if value != NO_PLACING]


def prize_categories(call: GrantCall) -> list[tuple[str, dict]]:
    """The categories nominations are made in (value, label)."""
    return _choices(call.application_form, CATEGORY_FIELD)


def nomination_category(application: GrantApplication) -> str:
    return str((application.answers or {}).get(CATEGORY_FIELD, ""))


def nomination_award(application: GrantApplication) -> dict:
    """{"placing", "category"} of an awarded nomination; {} otherwise."""
    award = (application.answers or {}).get(AWARD_KEY)
    return award if application.state == A.AWARDED and isinstance(award, dict) else {}


def placing_holder(*, call: GrantCall, placing: str, category: str,
                   excluding: int | None = None) -> GrantApplication | None:
    """The nomination already awarded this placing in this category of the call, if any."""
    awarded = call.applications.filter(state=A.AWARDED).exclude(pk=excluding).order_by("pk")
    for application in awarded:
        award = nomination_award(application)
        if award.get("placing") == placing and award.get("category") == category:
            return application
    return None


@dataclass(frozen=True)
class Winner:
    """What is public about a winner: the business's name and municipality, and its placing."""

    placing: str
    placing_label: dict
    name: str
    municipality: str


@dataclass(frozen=True)
class CategoryWinners:
    category: str
    label: dict
    winners: list[Winner]


def prize_winners(call: GrantCall) -> list[CategoryWinners]:
    """The call's awarded nominations by category and placing (the definition's order); nothing about the
    nominator and nothing of the jury's reasons."""
    placings = prize_placings(call)
    order = {value: index for index, (value, _label) in enumerate(placings)}
    labels = dict(placings)
    categories = prize_categories(call) or [("", {})]
    grouped: dict[str, list[Winner]] = {value: [] for value, _label in categories}
    for application in call.applications.filter(state=A.AWARDED).order_by("pk"):
        award = nomination_award(application)
        category = award.get("category", nomination_category(application))
        answers = application.answers or {}
        winner = Winner(award.get("placing", ""), labels.get(award.get("placing", ""), {}),
                        str(answers.get(NAME_FIELD) or application.project_title),
                        str(answers.get(MUNICIPALITY_FIELD, "")))
        grouped.setdefault(category, []).append(winner)
    category_labels = dict(categories)
    result = []
    for category, winners in grouped.items():
        if winners:
            winners.sort(key=lambda item: (order.get(item.placing, len(order)), item.name))
            result.append(CategoryWinners(category, category_labels.get(category, {}), winners))
    return result


def jury_placings(call: GrantCall, ranking: list) -> None:
    """Add to each ranked nomination its category's label and what the jury members proposed (placing labels with
    how many proposed each, from the submitted reviews' answers) as `row.category` and `row.proposed_placings`."""
    labels = dict(_choices(call.review_form, PLACING_FIELD))
    categories = dict(prize_categories(call))
    for row in ranking:
        counts: dict[str, int] = {}
        for review in row.application.reviews.all():
            if review.state == ReviewAssignment.State.SUBMITTED:
                value = str((review.answers or {}).get(PLACING_FIELD, ""))
                if value:
                    counts[value] = counts.get(value, 0) + 1
        row.category = categories.get(nomination_category(row.application), nomination_category(row.application))
        row.proposed_placings = [(labels.get(value, value), count) for value, count in
                                 sorted(counts.items(), key=lambda item: -item[1])]
