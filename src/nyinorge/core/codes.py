"""ISO 3166 country and ISO 639 language codes (from pycountry), with names for the user interface."""

from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# ISO 3166 reserves XX for user assignment; registers use it for stateless or unknown citizenship.
STATELESS_OR_UNKNOWN = "XX"


def normalise_country_code(value: str) -> str:
    """Return the ISO 3166-1 alpha-2 code for an alpha-2 or alpha-3 code, or raise ValidationError."""
    code = (value or "").strip().upper()
    if code == STATELESS_OR_UNKNOWN:
        return code
    country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else pycountry.countries.get(alpha_3=code)
    if country is None:
        raise ValidationError(
            _("%(code)s is not an ISO 3166 country code (use two letters, e.g. SY, or XX for stateless/unknown)."),
            code="country",
            params={"code": value},
        )
    return country.alpha_2


def normalise_language_code(value: str) -> str:
    """Return the shortest ISO 639 code (639-1 if it has one, else 639-3) for a language, or raise."""
    code = (value or "").strip().lower()
    language = None
    if len(code) == 2:
        language = pycountry.languages.get(alpha_2=code)
    elif len(code) == 3:
        language = pycountry.languages.get(alpha_3=code) or pycountry.languages.get(bibliographic=code)
    if language is None:
        raise ValidationError(
            _("%(code)s is not an ISO 639 language code (e.g. ar, ti, prs)."), code="language", params={"code": value}
        )
    return getattr(language, "alpha_2", None) or language.alpha_3


def validate_language_codes(values: list[str]) -> None:
    """Django field validator for a list of ISO 639 codes."""
    if not isinstance(values, list):
        raise ValidationError(_("Languages must be a list of ISO 639 codes."), code="languages")
    for value in values:
        normalise_language_code(value)


@cache
def country_choices() -> list[tuple[str, str]]:
    """(code, English name) for every ISO 3166 country, plus stateless/unknown."""
    countries = sorted((c.alpha_2, c.name) for c in pycountry.countries)
    return [(STATELESS_OR_UNKNOWN, str(_("Stateless or unknown"))), *countries]


def country_name(code: str) -> str:
    """A readable name for a stored country code."""
    if code == STATELESS_OR_UNKNOWN:
        return str(_("Stateless or unknown"))
    country = pycountry.countries.get(alpha_2=code) if code else None
    return country.name if country else code


def language_name(code: str) -> str:
    """A readable name for a stored language code."""
    language = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return language.name if language else code
