"""The engine's reason codes (`core.dedup.scoring.Reason`: comparison and level) in words, for the pages."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

COMPARISONS = {
    "duf_number": gettext_lazy("DUF number"),
    "national_id": gettext_lazy("National identity number"),
    "name": gettext_lazy("Name"),
    "given_name": gettext_lazy("Given name"),
    "family_name": gettext_lazy("Family name"),
    "full_name": gettext_lazy("Name"),
    "birth_date": gettext_lazy("Date of birth"),
    "dob": gettext_lazy("Date of birth"),
    "sex": gettext_lazy("Sex"),
    "citizenship": gettext_lazy("Citizenship"),
    "reception_centre": gettext_lazy("Reception centre"),
    "arrival_date": gettext_lazy("Arrival"),
    "relatives": gettext_lazy("Family"),
    "family": gettext_lazy("Family"),
}

# Whole sentences where the pair (comparison, level) says more than its parts.
SENTENCES = {
    ("duf_number", "exact"): gettext_lazy("Same DUF number"),
    ("duf_number", "different"): gettext_lazy("Different DUF numbers"),
    ("national_id", "exact"): gettext_lazy("Same national identity number"),
    ("national_id", "different"): gettext_lazy("Different national identity numbers"),
    ("sex", "exact"): gettext_lazy("Same sex"),
    ("sex", "different"): gettext_lazy("Different sex"),
    ("citizenship", "exact"): gettext_lazy("Same citizenship"),
    ("citizenship", "different"): gettext_lazy("Different citizenship"),
    ("reception_centre", "exact"): gettext_lazy("Same reception centre"),
    ("reception_centre", "different"): gettext_lazy("Different reception centres"),
    ("relatives", "exact"): gettext_lazy("Their relatives have the same names"),
    ("relatives", "similar"): gettext_lazy("Their relatives have similar names"),
    ("relatives", "some"): gettext_lazy("Some relatives have the same names"),
    ("relatives", "different"): gettext_lazy("Their relatives have different names"),
}

LEVELS = {
    "exact": gettext_lazy("the same"),
    "normalised": gettext_lazy("the same when written alike"),
    "transliteration": gettext_lazy("sound alike (transliteration)"),
    "transliterated": gettext_lazy("sound alike (transliteration)"),
    "phonetic": gettext_lazy("sound alike (transliteration)"),
    "fuzzy": gettext_lazy("nearly the same (a typing error?)"),
    "typo": gettext_lazy("nearly the same (a typing error?)"),
    "similar": gettext_lazy("similar"),
    "swapped": gettext_lazy("given and family names swapped"),
    "partial": gettext_lazy("partly the same"),
    "token": gettext_lazy("share a name"),
    "year_only": gettext_lazy("born the same year; date recorded as 1 January or 1 July"),
    "partial_date": gettext_lazy("born the same year; date recorded as 1 January or 1 July"),
    "jan1": gettext_lazy("born the same year; date recorded as 1 January"),
    "january_first": gettext_lazy("born the same year; date recorded as 1 January"),
    "jul1": gettext_lazy("born the same year; date recorded as 1 July"),
    "same_year": gettext_lazy("born the same year"),
    "year": gettext_lazy("born the same year"),
    "month": gettext_lazy("born the same month"),
    "close": gettext_lazy("close"),
    "transposed": gettext_lazy("day and month swapped"),
    "within_days": gettext_lazy("within a few days"),
    "different": gettext_lazy("different"),
    "else": gettext_lazy("different"),
    "missing": gettext_lazy("missing for one of them"),
    "null": gettext_lazy("missing for one of them"),
}

NAME_SENTENCES = {
    "exact": gettext_lazy("Same name"),
    "transliteration": gettext_lazy("Names sound alike (transliteration)"),
    "transliterated": gettext_lazy("Names sound alike (transliteration)"),
    "phonetic": gettext_lazy("Names sound alike (transliteration)"),
    "swapped": gettext_lazy("Given and family names swapped"),
}


def reason_text(comparison: str, level: str) -> str:
    """One reason as a short sentence, e.g. “Same DUF number” or “Given name: sound alike (transliteration)”."""
    sentence = SENTENCES.get((comparison, level))
    if sentence is not None:
        return str(sentence)
    if comparison in ("name", "full_name") and level in NAME_SENTENCES:
        return str(NAME_SENTENCES[level])
    if level in ("swapped",):
        return str(NAME_SENTENCES["swapped"])
    what = COMPARISONS.get(comparison, comparison.replace("_", " ").capitalize())
    how = LEVELS.get(level, level.replace("_", " "))
    return _("%(what)s: %(how)s") % {"what": what, "how": how}


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
