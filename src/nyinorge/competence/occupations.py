"""STYRK-08 occupations: Statistics Norway's version of the ILO's ISCO-08 (International Standard Classification of
Occupations, 2008), in `data/styrk08.csv`.

Source: ILO, ISCO-08 structure (the 10 major groups, 43 sub-major groups and 436 unit groups; English titles as in
the ILO's structure table); SSB, STYRK-08 (bokmål titles in its style; where SSB gives a code a national meaning,
e.g. 2221 Spesialsykepleiere, the title here follows the ISCO content). The file holds every major and sub-major
group and all 436 unit groups, but not the 130 minor groups (level 3), which nothing here uses. Order: the groups
(major group 0, the armed forces, last), then the unit groups by code (0110, 0210, 0310 last). A resident picks a
unit group, or the sub-major group when unsure which unit group is theirs.

The group labels are msgids below, translated in the .po files like any other text; a unit group's title exists
only in English and bokmål, so in another language it is shown as its sub-major group's translated label plus the
English title, marked as English (`resident_i18n`).
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_noop as _

DATA = Path(__file__).parent / "data" / "styrk08.csv"

#: The major (1 digit) and sub-major (2 digits) groups, as msgids for the .po files (same text as the CSV's).
GROUP_LABELS = {
    "1": _("Managers"),
    "11": _("Chief executives, senior officials and legislators"),
    "12": _("Administrative and commercial managers"),
    "13": _("Production and specialised services managers"),
    "14": _("Hospitality, retail and other services managers"),
    "2": _("Professionals"),
    "21": _("Science and engineering professionals"),
    "22": _("Health professionals"),
    "23": _("Teaching professionals"),
    "24": _("Business and administration professionals"),
    "25": _("Information and communications technology professionals"),
    "26": _("Legal, social and cultural professionals"),
    "3": _("Technicians and associate professionals"),
    "31": _("Science and engineering associate professionals"),
    "32": _("Health associate professionals"),
    "33": _("Business and administration associate professionals"),
    "34": _("Legal, social, cultural and related associate professionals"),
    "35": _("Information and communications technicians"),
    "4": _("Clerical support workers"),
    "41": _("General and keyboard clerks"),
    "42": _("Customer services clerks"),
    "43": _("Numerical and material recording clerks"),
    "44": _("Other clerical support workers"),
    "5": _("Service and sales workers"),
    "51": _("Personal service workers"),
    "52": _("Sales workers"),
    "53": _("Personal care workers"),
    "54": _("Protective services workers"),
    "6": _("Skilled agricultural, forestry and fishery workers"),
    "61": _("Market-oriented skilled agricultural workers"),
    "62": _("Market-oriented skilled forestry, fishery and hunting workers"),
    "63": _("Subsistence farmers, fishers, hunters and gatherers"),
    "7": _("Craft and related trades workers"),
    "71": _("Building and related trades workers, excluding electricians"),
    "72": _("Metal, machinery and related trades workers"),
    "73": _("Handicraft and printing workers"),
    "74": _("Electrical and electronic trades workers"),
    "75": _("Food processing, wood working, garment and other craft and related trades workers"),
    "8": _("Plant and machine operators, and assemblers"),
    "81": _("Stationary plant and machine operators"),
    "82": _("Assemblers"),
    "83": _("Drivers and mobile plant operators"),
    "9": _("Elementary occupations"),
    "91": _("Cleaners and helpers"),
    "92": _("Agricultural, forestry and fishery labourers"),
    "93": _("Labourers in mining, construction, manufacturing and transport"),
    "94": _("Food preparation assistants"),
    "95": _("Street and related sales and service workers"),
    "96": _("Refuse workers and other elementary workers"),
    "0": _("Armed forces occupations"),
    "01": _("Commissioned armed forces officers"),
    "02": _("Non-commissioned armed forces officers"),
    "03": _("Armed forces occupations, other ranks"),}


@dataclass(frozen=True)
class Occupation:
    code: str
    level: int  # 1 major group, 2 sub-major group, 4 unit group
    title_en: str
    title_nb: str

    @property
    def sub_major(self) -> str:
        return self.code[:2]


@cache
def occupations() -> dict[str, Occupation]:
    with DATA.open(encoding="utf-8") as handle:
        return {row["code"]: Occupation(row["code"], int(row["level"]), row["title_en"], row["title_nb"])
                for row in csv.DictReader(handle)}


def occupation(code: str) -> Occupation | None:
    return occupations().get((code or "").strip())


def selectable(code: str) -> bool:
    """A code a work experience may name: a unit group, or a sub-major group when the unit is not listed."""
    found = occupation(code)
    return found is not None and found.level in (2, 4)


def title(code: str, language: str = "nb") -> str:
    """The code and its title for staff: bokmål, or English for any other language ("5120 Kokker")."""
    found = occupation(code)
    if found is None:
        return code
    return f"{code} {found.title_nb if language.startswith('nb') else found.title_en}"


def title_nb(code: str) -> str:
    return title(code, "nb")


def label(code: str, language: str) -> SafeString:
    """The occupation's title in the language, as HTML: a unit group outside English and bokmål is its sub-major
    group's translated label and the English title marked `lang="en"` (visibly not translated)."""
    from nyinorge.competence.resident_i18n import resident_text  # noqa: PLC0415 (the i18n helper reads settings)

    found = occupation(code)
    if found is None:
        return format_html("{}", code)
    if language == "nb":
        return format_html("{} {}", code, found.title_nb)
    if language == "en":
        return format_html("{} {}", code, found.title_en)
    if found.level < 4:
        return format_html("{} {}", code, resident_text(found.title_en))
    return format_html('<bdi>{}</bdi> {} – <span lang="en" dir="ltr">{}</span>', code,
                       resident_text(GROUP_LABELS[found.sub_major]), found.title_en)


def search(query: str, language: str, *, limit: int = 20) -> list[Occupation]:
    """Occupations whose code or title (English, bokmål, or the group's label in the language) contains the query."""
    from nyinorge.competence.resident_i18n import translated_or_none  # noqa: PLC0415

    needle = (query or "").strip().casefold()
    if not needle:
        return []
    found = []
    for item in occupations().values():
        if item.level not in (2, 4):
            continue
        group = translated_or_none(GROUP_LABELS.get(item.sub_major, ""), language) or ""
        own = translated_or_none(item.title_en, language) or "" if item.level == 2 else ""
        haystack = " ".join((item.code, item.title_en, item.title_nb, group, own)).casefold()
        if needle in haystack:
            found.append(item)
    found.sort(key=lambda item: (not item.code.startswith(needle), -item.level, item.code))
    return found[:limit]
