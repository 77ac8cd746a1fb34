"""Calendar arithmetic the rules need: months and years added the way deadlines are counted in law."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it is shorter (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (29 February becomes 28 February in a common year)."""
    return add_months(day, 12 * years)


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    """Whole years of age on the date."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)
