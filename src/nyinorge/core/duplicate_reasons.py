"""The engine's reason codes (`core.dedup.comparisons`: a comparison and its level) in words, for the pages."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

COMPARISONS = {
    "name": gettext_lazy("Name"),
    "birth_date": gettext_lazy("Date of birth"),
    "sex": gettext_lazy("Sex"),
    "citizenship": gettext_lazy("Citizenship"),
    "duf": gettext_lazy("DUF number"),
    "national_id": gettext_lazy("National identity number"),
    "centre": gettext_lazy("Reception centre"),
    "arrival": gettext_lazy("Arrival"),
    "family": gettext_lazy("Family"),
}

LEVELS = {
    "exact": gettext_lazy("the same"),
    "swapped": gettext_lazy("given and family names swapped"),
    "phonetic": gettext_lazy("sound alike (transliteration)"),
    "typo": gettext_lazy("nearly the same (a typing error?)"),
    "subset": gettext_lazy("two or more names in common"),
    "one_name": gettext_lazy("one name in common"),
    "exact_partial": gettext_lazy("the same, recorded as 1 January or 1 July"),
    "year_partial": gettext_lazy("the same year, recorded as 1 January or 1 July"),
    "year_near": gettext_lazy("within a year, recorded as 1 January or 1 July"),
    "month": gettext_lazy("within a month"),
    "year": gettext_lazy("within a year"),
    "two_or_more": gettext_lazy("two or more relatives with the same given names"),
    "one": gettext_lazy("a relative with the same given name"),
    "other_given": gettext_lazy("a relative's given name in common"),
    "else": gettext_lazy("different"),
    "null": gettext_lazy("missing for one of them"),
}

SENTENCES = {
    ("name", "exact"): gettext_lazy("Same name"),
    ("name", "swapped"): gettext_lazy("Given and family names swapped"),
    ("name", "phonetic"): gettext_lazy("Names sound alike (transliteration)"),
    ("name", "typo"): gettext_lazy("Names nearly the same (a typing error?)"),
    ("name", "subset"): gettext_lazy("Two or more names in common"),
    ("name", "one_name"): gettext_lazy("One name in common"),
    ("name", "else"): gettext_lazy("Different names"),
    ("birth_date", "exact"): gettext_lazy("Same date of birth"),
    ("birth_date", "exact_partial"): gettext_lazy("Same date of birth, recorded as 1 January or 1 July (the year only)"),
    ("birth_date", "year_partial"): gettext_lazy("Born the same year; date recorded as 1 January or 1 July"),
    ("birth_date", "typo"): gettext_lazy("Dates of birth nearly the same (a typing error, or day and month swapped)"),
    ("birth_date", "year_near"): gettext_lazy("Born within a year; date recorded as 1 January or 1 July"),
    ("birth_date", "else"): gettext_lazy("Different dates of birth"),
    ("sex", "exact"): gettext_lazy("Same sex"),
    ("sex", "else"): gettext_lazy("Different sex"),
    ("citizenship", "exact"): gettext_lazy("Same citizenship"),
    ("citizenship", "else"): gettext_lazy("Different citizenship"),
    ("duf", "exact"): gettext_lazy("Same DUF number"),
    ("duf", "else"): gettext_lazy("Different DUF numbers"),
    ("national_id", "exact"): gettext_lazy("Same national identity number"),
    ("national_id", "else"): gettext_lazy("Different national identity numbers"),
    ("centre", "exact"): gettext_lazy("Same reception centre"),
    ("centre", "else"): gettext_lazy("Different reception centres"),
    ("arrival", "exact"): gettext_lazy("Arrived the same day"),
    ("arrival", "month"): gettext_lazy("Arrived within a month of each other"),
    ("arrival", "year"): gettext_lazy("Arrived within a year of each other"),
    ("arrival", "else"): gettext_lazy("Arrived more than a year apart"),
    ("family", "two_or_more"): gettext_lazy("Two or more relatives with the same given names"),
    ("family", "one"): gettext_lazy("A relative with the same given name"),
    ("family", "other_given"): gettext_lazy("A relative's given name in common"),
    ("family", "else"): gettext_lazy("Different relatives"),
}


def comparison_label(comparison: str) -> str:
    return str(COMPARISONS.get(comparison, comparison.replace("_", " ").capitalize()))


def level_label(level: str) -> str:
    return str(LEVELS.get(level, level.replace("_", " ")))


def reason_text(comparison: str, level: str) -> str:
    """One reason as a short sentence, e.g. “Same DUF number” or “Names sound alike (transliteration)”."""
    sentence = SENTENCES.get((comparison, level))
    if sentence is not None:
        return str(sentence)
    return _("%(what)s: %(how)s") % {"what": comparison_label(comparison), "how": level_label(level)}


def reasons_in_words(reasons) -> list[dict]:
    """Reasons (engine objects or their stored JSON) as rows: text, weight, whether it speaks for the match."""
    rows = []
    for reason in reasons:
        comparison = reason["comparison"] if isinstance(reason, dict) else reason.comparison
        level = reason["level"] if isinstance(reason, dict) else reason.level
        weight = float(reason["weight"] if isinstance(reason, dict) else reason.weight)
        rows.append({"comparison": comparison, "level": level, "text": reason_text(comparison, level),
                     "weight": weight, "for_match": weight > 0})
    return rows
