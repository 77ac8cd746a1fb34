"""Amounts in kroner as the pages show them: whole kroner, thousands grouped with a no-break space."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def nok(value) -> str:
    if value is None or value == "":
        return "–"
    number = int(Decimal(value))
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
