"""The one rule for dates people and systems send: from 1900 to some years ahead, everywhere.

Nobody the platform serves was born, permitted, settled or trained before 1900, and no plan reaches more than
`SANE_YEARS_AHEAD` years ahead; a date outside that range is a typing error (or a probe), and left in it would
reach date arithmetic that overflows (year 9999 + a three-year programme) or a database that cannot store it.
Forms use `SaneDateField`, API schemas `SaneDate` / `SaneDateTime`, query parameters `sane_date_refusal`.
"""

import datetime
from typing import Annotated

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import AfterValidator

SANE_DATE_MIN = datetime.date(1900, 1, 1)
SANE_YEARS_AHEAD = 10


def sane_date_max() -> datetime.date:
    today = timezone.localdate()
    year = today.year + SANE_YEARS_AHEAD
    return today.replace(year=year, day=28) if (today.month, today.day) == (2, 29) else today.replace(year=year)


def sane_date_refusal(day: datetime.date) -> str | None:
    """Why the date is refused, or None when it is within the range."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    if SANE_DATE_MIN <= day <= sane_date_max():
        return None
    return _("Give a date from %(first)s to %(last)s.") % {
        "first": SANE_DATE_MIN.isoformat(), "last": sane_date_max().isoformat()}


def validate_sane_date(value: datetime.date) -> None:
    """A Django validator (forms and model fields)."""
    refusal = sane_date_refusal(value)
    if refusal is not None:
        raise ValidationError(refusal, code="date_out_of_range")


def _pydantic_sane_date(value: datetime.date) -> datetime.date:
    refusal = sane_date_refusal(value)
    if refusal is not None:
        raise ValueError(refusal)
    return value


def _pydantic_sane_datetime(value: datetime.datetime) -> datetime.datetime:
    # A time near the range's ends would overflow when shifted to UTC, so the range is checked on its date.
    return _pydantic_sane_date(value)


SaneDate = Annotated[datetime.date, AfterValidator(_pydantic_sane_date)]
SaneDateTime = Annotated[datetime.datetime, AfterValidator(_pydantic_sane_datetime)]


def sane_year_refusal(year: int) -> str | None:
    """Why a year (a settlement year, a statistics year) is refused, or None."""
    if SANE_DATE_MIN.year <= year <= sane_date_max().year:
        return None
    return _("Give a year from %(first)d to %(last)d.") % {"first": SANE_DATE_MIN.year, "last": sane_date_max().year}


def _pydantic_sane_year(value: int) -> int:
    refusal = sane_year_refusal(value)
    if refusal is not None:
        raise ValueError(refusal)
    return value


SaneYear = Annotated[int, AfterValidator(_pydantic_sane_year)]
# What a test looks for to know that a schema's date field is under the rule.
SANE_VALIDATORS = frozenset({_pydantic_sane_date, _pydantic_sane_datetime})


def year_from_query(raw: str) -> int | None:
    """A year from a query parameter, or None when it is not one within the range (the page then shows its default)."""
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 4:
        return None
    year = int(raw)
    return year if sane_year_refusal(year) is None else None


def date_from_query(raw: str) -> datetime.date | None:
    """A YYYY-MM-DD query parameter within the range, or None."""
    try:
        day = datetime.date.fromisoformat(raw.strip())
    except ValueError:
        return None
    return day if sane_date_refusal(day) is None else None


class SaneDateField(forms.DateField):
    """A form's date field under the shared rule."""

    default_validators = [validate_sane_date]


def deadline_after(day: datetime.date, *, weeks: int) -> datetime.date:
    """A deadline of whole weeks from a day (domstolloven § 148, by forvaltningsloven § 30): the same weekday
    `weeks` later, moved to the next working day when it ends on a Saturday, a Sunday or a public holiday (§ 149)."""
    import holidays

    deadline = day + datetime.timedelta(weeks=weeks)
    public = holidays.country_holidays("NO", years=range(deadline.year, deadline.year + 2))
    while deadline.weekday() >= 5 or deadline in public:
        deadline += datetime.timedelta(days=1)
    return deadline
