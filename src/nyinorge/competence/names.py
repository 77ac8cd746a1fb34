"""Country and language names in the resident's language, through pycountry's own translations (iso-codes)."""

import gettext
from functools import cache

import pycountry

# iso-codes has no catalogue named for Dari or bokmål by these codes: Persian is Dari's written standard.
_CATALOGUE_OF = {"prs": "fa", "nb": "nb_NO"}
#: Languages a resident most often knows, first in the list (ISO 639-1 where it exists, else 639-3).
COMMON_LANGUAGES = ["nb", "en", "ar", "prs", "fa", "ps", "ti", "so", "uk", "kmr", "ckb", "ru", "fr", "tr", "am",
                    "ur", "sw", "es", "de"]


@cache
def _catalogue(domain: str, language: str):
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[_CATALOGUE_OF.get(language, language)])
    except OSError:
        return gettext.NullTranslations()


@cache
def country_choices(language: str) -> list[tuple[str, str]]:
    names = _catalogue("iso3166-1", language)
    countries = [(c.alpha_2, names.gettext(c.name)) for c in pycountry.countries]
    return sorted(countries, key=lambda pair: pair[1].casefold())


def country_name(code: str, language: str) -> str:
    country = pycountry.countries.get(alpha_2=code) if code else None
    return _catalogue("iso3166-1", language).gettext(country.name) if country else (code or "")


def _language(code: str):
    return pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)


def language_name(code: str, language: str) -> str:
    if code == "prs":
        english = "Dari"
    elif code == "kmr":
        english = "Northern Kurdish"
    elif code == "ckb":
        english = "Central Kurdish"
    else:
        found = _language(code) if code else None
        if found is None:
            return code or ""
        english = found.name
    return _catalogue("iso639-3", language).gettext(english)


@cache
def language_choices(language: str) -> list[tuple[str, str]]:
    """The common languages first, then every living ISO 639 language with a two-letter code."""
    common = [(code, language_name(code, language)) for code in COMMON_LANGUAGES]
    seen = {code for code, _name in common}
    others = sorted(((lang.alpha_2, language_name(lang.alpha_2, language)) for lang in pycountry.languages
                     if hasattr(lang, "alpha_2") and lang.alpha_2 not in seen), key=lambda pair: pair[1].casefold())
    return common + others


def known_language(code: str) -> bool:
    return code in COMMON_LANGUAGES or (bool(code) and _language(code) is not None)
