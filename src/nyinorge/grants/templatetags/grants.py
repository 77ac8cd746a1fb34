"""Amounts in kroner as the pages show them: whole kroner, thousands grouped with a no-break space."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def nok(value) -> str:
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(value)
    except (ArithmeticError, ValueError, TypeError):
        return "–"
    if not amount.is_finite() or abs(amount) > 10**15:
        return "–"
    number = int(amount)
    grouped = f"{abs(number):,}".replace(",", "\u00a0")
    # A real minus sign, so a repayment reads as one and does not break from its digits.
    return f"\u2212{grouped}" if number < 0 else grouped


@register.filter
def at(sequence, index):
    """The item at an index (the template language has no subscript with a variable)."""
    try:
        return sequence[index]
    except (IndexError, KeyError, TypeError):
        return None


@register.filter
def may(user, capability: str) -> bool:
    """Whether the user has a capability (for links and buttons; the views check again)."""
    from nyinorge.core.access import user_can
    from nyinorge.core.roles import Capability

    return bool(user_can(user, Capability(capability)))


@register.filter
def tr(text) -> str:
    """A text stored in both languages ({"nb", "en"}), in the active one (else bokmål): `grants.translated`."""
    from nyinorge.grants.translated import translated

    return translated(text)


@register.filter
def section_fields(section: dict, answers: dict) -> list[dict]:
    """The section's fields that have an answer (hidden and unanswered ones are not shown)."""
    return [field for field in section.get("fields", []) if field["key"] in (answers or {})]


@register.filter
def answer_display(field: dict, value) -> str:
    """An answer as a reader sees it: the label of a choice, yes/no, a date in Norwegian order, grouped kroner."""
    import datetime

    from django.utils.translation import gettext

    from nyinorge.grants.translated import translated

    if value is None or value == "":
        return "–"
    kind = field.get("type")
    if kind in ("choice", "multichoice"):
        labels = {choice["value"]: translated(choice["label"]) for choice in field.get("choices", [])}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(item, str(item)) for item in values)
    if kind == "boolean":
        return gettext("Yes") if value else gettext("No")
    if kind == "amount":
        return f"{nok(value)} kr"
    if kind == "date":
        try:
            return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")
        except (TypeError, ValueError):
            return str(value)
    return str(value)
