"""The languages the register lists, with the variants (dialects) searchers can ask for.

Codes follow BCP 47: ISO 639-1 where one exists, otherwise ISO 639-3 (Dari `prs`, Sorani `ckb`, Kurmanji `kmr`,
Chin `cnh`, the Sami languages). Order is roughly demand in public-sector interpreting (seed 3.3: Arabic is by far
the most requested), which the synthetic register uses as weights.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LANGUAGES: dict[str, Promise] = {
    "ar": _("Arabic"),
    "ti": _("Tigrinya"),
    "so": _("Somali"),
    "prs": _("Dari"),
    "fa": _("Persian"),
    "pl": _("Polish"),
    "ps": _("Pashto"),
    "ckb": _("Sorani (Kurdish)"),
    "kmr": _("Kurmanji (Kurdish)"),
    "ru": _("Russian"),
    "tr": _("Turkish"),
    "lt": _("Lithuanian"),
    "uk": _("Ukrainian"),
    "ur": _("Urdu"),
    "vi": _("Vietnamese"),
    "th": _("Thai"),
    "am": _("Amharic"),
    "es": _("Spanish"),
    "fr": _("French"),
    "en": _("English"),
    "ro": _("Romanian"),
    "hbs": _("Bosnian, Croatian and Serbian"),
    "sq": _("Albanian"),
    "pa": _("Punjabi"),
    "cmn": _("Mandarin Chinese"),
    "de": _("German"),
    "pt": _("Portuguese"),
    "bg": _("Bulgarian"),
    "lv": _("Latvian"),
    "et": _("Estonian"),
    "om": _("Oromo"),
    "sw": _("Swahili"),
    "my": _("Burmese"),
    "ksw": _("Karen"),
    "cnh": _("Chin"),
    "ne": _("Nepali"),
    "ta": _("Tamil"),
    "bn": _("Bengali"),
    "hi": _("Hindi"),
    "tl": _("Tagalog"),
    "it": _("Italian"),
    "hu": _("Hungarian"),
    "cs": _("Czech"),
    "sk": _("Slovak"),
    "el": _("Greek"),
    "mk": _("Macedonian"),
    "rw": _("Kinyarwanda"),
    "rn": _("Kirundi"),
    "ln": _("Lingala"),
    "ff": _("Fula"),
    "ha": _("Hausa"),
    "yo": _("Yoruba"),
    "ig": _("Igbo"),
    "si": _("Sinhala"),
    "yue": _("Cantonese"),
    "ja": _("Japanese"),
    "ko": _("Korean"),
    "mn": _("Mongolian"),
    "uz": _("Uzbek"),
    "ka": _("Georgian"),
    "hy": _("Armenian"),
    "az": _("Azerbaijani"),
    "ce": _("Chechen"),
    "he": _("Hebrew"),
    "fi": _("Finnish"),
    "se": _("Northern Sami"),
    "sma": _("Southern Sami"),
    "smj": _("Lule Sami"),
    "nl": _("Dutch"),
    "tg": _("Tajik"),
    "bo": _("Tibetan"),
}

# Variants a search can ask for; "" (the language as such) is always allowed.
VARIANTS: dict[str, dict[str, Promise]] = {
    "ar": {
        "levantine": _("Levantine Arabic"),
        "iraqi": _("Iraqi Arabic"),
        "egyptian": _("Egyptian Arabic"),
        "sudanese": _("Sudanese Arabic"),
        "maghrebi": _("North African Arabic"),
    },
    "prs": {"hazaragi": _("Hazaragi")},
    "kmr": {"badini": _("Badini")},
    "hbs": {"bosnian": _("Bosnian"), "croatian": _("Croatian"), "serbian": _("Serbian")},
    "pt": {"brazilian": _("Brazilian Portuguese")},
    "so": {"maay": _("Maay")},
}


def language_name(code: str) -> str:
    """The language's name in the current language (the code itself if unknown)."""
    name = LANGUAGES.get(code)
    return str(name) if name is not None else code


def variant_name(language: str, variant: str) -> str:
    """The variant's name ("" for the language as such)."""
    if not variant:
        return ""
    name = VARIANTS.get(language, {}).get(variant)
    return str(name) if name is not None else variant


def language_choices() -> list[tuple[str, str]]:
    """(code, name) sorted by name in the current language, for forms."""
    return sorted(((code, str(name)) for code, name in LANGUAGES.items()), key=lambda item: item[1].casefold())


def variant_choices() -> list[tuple[str, str, str]]:
    """(language, variant, name) for every known variant, for forms."""
    return [(language, variant, str(name)) for language, variants in VARIANTS.items() for variant, name in variants.items()]


def is_known(language: str, variant: str = "") -> bool:
    """Whether the language is listed and the variant is one of its known variants (or "")."""
    return language in LANGUAGES and (not variant or variant in VARIANTS.get(language, {}))
