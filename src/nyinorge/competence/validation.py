"""The rules a registration's answers must keep, as (field, msgid, values): the forms show each in the resident's
language (`resident_i18n`), the services refuse to save anything that breaks one."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_noop as _

from nyinorge.competence import occupations
from nyinorge.competence.codes import MAX_SCHOOLING_YEARS, IscedLevel

Problem = tuple[str, str, dict]

# The fewest years of schooling a level can take (lenient: systems differ); "no schooling" means none.
MINIMUM_YEARS_FOR_LEVEL = {
    IscedLevel.NONE: 0, IscedLevel.EARLY: 0, IscedLevel.PRIMARY: 1, IscedLevel.LOWER_SECONDARY: 5,
    IscedLevel.UPPER_SECONDARY: 8, IscedLevel.POST_SECONDARY: 9, IscedLevel.SHORT_TERTIARY: 10,
    IscedLevel.BACHELOR: 12, IscedLevel.MASTER: 13, IscedLevel.DOCTORAL: 15,
}
YEARS_BEFORE_WORK = 10  # nobody has worked longer than their age less ten years


def schooling_problems(years: int | None, level: str, birth_date: datetime.date) -> list[Problem]:
    problems = []
    age = timezone.localdate().year - birth_date.year
    if years is not None:
        if years > MAX_SCHOOLING_YEARS or years > age:
            problems.append(("schooling_years", _("That is more years of school than is possible. "
                                                  "Count only the years you went to school."), {}))
        elif level == IscedLevel.NONE and years > 0:
            problems.append(("schooling_years", _("You chose “No schooling” but wrote years of school."), {}))
        elif level and years < MINIMUM_YEARS_FOR_LEVEL.get(level, 0):
            problems.append(("schooling_years", _("That is too few years for the level you chose. "
                                                  "Check the years or the level."), {}))
    return problems


def year_problems(field: str, year: int | None, birth_date: datetime.date) -> list[Problem]:
    if year is None:
        return []
    if year > timezone.localdate().year:
        return [(field, _("The year cannot be in the future."), {})]
    if year < birth_date.year + 5:
        return [(field, _("The year is before you were old enough. Check the year."), {})]
    return []


def work_problems(occupation: str, years: Decimal | None, birth_date: datetime.date) -> list[Problem]:
    problems = []
    if occupation and not occupations.selectable(occupation):
        problems.append(("occupation", _("We do not know this occupation code. Choose one from the list."), {}))
    age = timezone.localdate().year - birth_date.year
    if years is not None and (years < 0 or years > max(age - YEARS_BEFORE_WORK, 0)):
        problems.append(("years", _("That is more years of work than is possible at your age."), {}))
    return problems
