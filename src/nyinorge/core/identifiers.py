"""Validation of Norwegian identifiers: fødselsnummer, D number, DUF number, organisation number.

The check-digit arithmetic comes from python-stdnum; what is ours is the classification
(fødselsnummer vs D number, synthetic test numbers) and the wording of the errors.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import fodselsnummer, orgnr


class IdentityNumberKind(StrEnum):
    FODSELSNUMMER = "fodselsnummer"
    D_NUMBER = "d_number"


@dataclass(frozen=True)
class NationalIdentityNumber:
    value: str
    kind: IdentityNumberKind
    synthetic: bool
    birth_date: datetime.date


# Birth-month offsets used by Norway's synthetic test populations (NAV: +40, Skatteetaten's Tenor: +80).
SYNTHETIC_MONTH_OFFSETS = (40, 80)


def _digits(value: str, length: int, label: str) -> str:
    compact = "".join(str(value).split()).replace("-", "").replace(".", "")
    if not compact.isdigit() or len(compact) != length:
        raise ValidationError(
            _("%(label)s must be exactly %(length)d digits."),
            code="format",
            params={"label": label, "length": length},
        )
    return compact


def parse_national_identity_number(value: str, *, allow_synthetic: bool | None = None) -> NationalIdentityNumber:
    """Validate a fødselsnummer or D number (check digits, date) and say which it is."""
    if allow_synthetic is None:
        allow_synthetic = settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS
    number = _digits(value, 11, _("A national identity number"))
    if number[9] != fodselsnummer.calc_check_digit1(number) or number[10] != fodselsnummer.calc_check_digit2(number):
        raise ValidationError(
            _("The check digits of the national identity number %(number)s do not match; check for a typing error."),
            code="checksum",
            params={"number": number},
        )
    day, month = int(number[0:2]), int(number[2:4])
    if day >= 80:
        raise ValidationError(
            _("%(number)s is an FH number (a help number in the health sector), not a personal identity number."),
            code="fh_number",
            params={"number": number},
        )
    kind = IdentityNumberKind.D_NUMBER if day > 40 else IdentityNumberKind.FODSELSNUMMER
    synthetic = False
    for offset in SYNTHETIC_MONTH_OFFSETS:
        if offset < month <= offset + 12:
            synthetic = True
            month -= offset
    if synthetic and not allow_synthetic:
        raise ValidationError(
            _("%(number)s is a synthetic test number; synthetic numbers are not accepted in this environment."),
            code="synthetic",
            params={"number": number},
        )
    normalised = number[0:2] + f"{month:02d}" + number[4:]
    try:
        birth_date = fodselsnummer.get_birth_date(normalised)
    except (StdnumError, ValueError):
        raise ValidationError(
            _("The national identity number %(number)s does not contain a valid date of birth."),
            code="birth_date",
            params={"number": number},
        ) from None
    return NationalIdentityNumber(value=number, kind=kind, synthetic=synthetic, birth_date=birth_date)


def validate_national_identity_number(value: str) -> None:
    """Django field validator for a fødselsnummer or D number."""
    parse_national_identity_number(value)


def normalise_duf_number(value: str) -> str:
    """Validate a DUF number (the immigration authority's 12-digit case number) and return its digits."""
    number = _digits(value, 12, _("A DUF number"))
    year = int(number[:4])
    if not 1950 <= year <= datetime.date.today().year:
        raise ValidationError(
            _("A DUF number starts with the year it was registered; %(year)s is not a possible year."),
            code="duf_year",
            params={"year": number[:4]},
        )
    return number


def validate_duf_number(value: str) -> None:
    """Django field validator for a DUF number."""
    normalise_duf_number(value)


def validate_organisation_number(value: str) -> None:
    """Django field validator for a Norwegian organisation number (nine digits, mod-11 check digit)."""
    try:
        orgnr.validate(value)
    except StdnumError:
        raise ValidationError(
            _("%(value)s is not a valid organisation number (nine digits with a valid check digit)."),
            code="orgnr",
            params={"value": value},
        ) from None


def synthetic_national_identity_number(
    birth_date: datetime.date, *, serial: int = 0, d_number: bool = False, month_offset: int = 80
) -> str:
    """Make a valid synthetic test number (birth month + 80 by default) for demo and test data.

    `serial` picks among the valid individual numbers for that date, so different serials give
    different people born on the same day.
    """
    if birth_date.year >= 2000:
        first, last = 500, 999
    elif birth_date.year >= 1900:
        first, last = 0, 499
    else:
        raise ValueError("synthetic numbers are made for people born from 1900 on")
    day = birth_date.day + (40 if d_number else 0)
    prefix = f"{day:02d}{birth_date.month + month_offset:02d}{birth_date.year % 100:02d}"
    found = -1
    for individual in range(first, last + 1):
        base = f"{prefix}{individual:03d}"
        check1 = fodselsnummer.calc_check_digit1(base)
        if len(check1) != 1:
            continue
        check2 = fodselsnummer.calc_check_digit2(base + check1)
        if len(check2) != 1:
            continue
        found += 1
        if found == serial:
            return base + check1 + check2
    raise ValueError(f"no synthetic number left for {birth_date} at serial {serial}")
