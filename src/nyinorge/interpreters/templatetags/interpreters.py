from django import template
from django.utils.translation import gettext as _

from nyinorge.interpreters.categories import category_description, category_label as label_of, rule_table
from nyinorge.interpreters.languages import language_name, variant_name

register = template.Library()

# Designsystemet tag colours by rank: the highest categories stand out (text contrast is the tag's own).
_COLOURS = {5: "success", 4: "success", 3: "info", 2: "info", 1: "neutral"}


@register.filter
def category_label(code: str) -> str:
    return label_of(code)


@register.filter
def category_colour(code: str) -> str:
    for table in (rule_table("2020-12"), rule_table("2019")):
        category = table.by_code(code) if table else None
        if category:
            return _COLOURS.get(category.rank, "neutral")
    return "neutral"


@register.filter
def category_requirement(listing) -> str:
    return category_description(listing.category, listing.rule_version)


@register.filter
def listing_language(listing) -> str:
    variant = variant_name(listing.language, listing.variant)
    return f"{language_name(listing.language)} ({variant})" if variant else language_name(listing.language)


@register.filter
def remote_modes(listing) -> str:
    modes = [str(mode) for flag, mode in ((listing.remote_screen, _("screen")), (listing.remote_phone, _("phone"))) if flag]
    return ", ".join(modes) if modes else _("In person only")


@register.filter
def cell(row: dict, key: str):
    """A table cell: shares as per cent, missing values as a dash."""
    value = row.get(key)
    if value is None:
        return "–"
    if key == "share":
        return f"{round(value * 100)} %"
    return value
