"""The grants on the statistics page: what the approved runs of a budget year paid, per municipality and per
scheme, with the persons counted suppressed like every other count of persons (`suppression.py`).

Aggregates only. An amount is hidden with its count of persons: divided by a rate it would give the count back.
The amounts come from rates that are mostly assumed estimates; the page says so beside the tables.
"""

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from nyinorge.core.models import Municipality
from nyinorge.grants.models import SCHEME_POSTS, GrantLine, GrantRate, GrantRun, Scheme
from nyinorge.statistics.suppression import SUPPRESSED, Relation, cells_to_suppress
from nyinorge.statistics.tables import Cell, Table

PAID = [GrantRun.Status.APPROVED, GrantRun.Status.EXPORTED]
TOTAL = "total"
MILLION = 1_000_000


def _paid_lines(year: int):
    return GrantLine.objects.filter(run__budget_year=year, run__status__in=PAID)


def _amount_cells(amount, hidden: bool) -> list[Cell]:
    if hidden:
        return [Cell(SUPPRESSED, "amount"), Cell(SUPPRESSED, "decimal")]
    return [Cell(int(amount), "amount"), Cell(round(float(amount) / MILLION, 1), "decimal")]


def grants_municipality_table(*, year: int, suppress: bool) -> Table:
    """Per municipality: persons with a line in the year's approved runs, and the amount paid."""
    lines = _paid_lines(year)
    persons = dict(lines.filter(person__isnull=False).values_list("municipality_id")
                   .annotate(n=Count("person_id", distinct=True)).values_list("municipality_id", "n"))
    amounts = dict(lines.values_list("municipality_id").annotate(total=Sum("amount"))
                   .values_list("municipality_id", "total"))
    names = dict(Municipality.objects.filter(number__in=amounts).values_list("number", "name"))
    numbers = sorted(amounts)
    values = {number: persons.get(number, 0) for number in numbers}
    values[TOTAL] = lines.filter(person__isnull=False).values("person_id").distinct().count()
    hidden = cells_to_suppress(values=values, relations=[Relation(TOTAL, tuple(numbers))]) if suppress else frozenset()
    rows, keys = [], []
    for number in numbers:
        rows.append([Cell(f"{number} {names.get(number, '')}".strip()),
                     Cell(SUPPRESSED if number in hidden else values[number], "count"),
                     *_amount_cells(amounts[number], number in hidden)])
        keys.append(number)
    total_amount = sum(amounts.values(), 0)
    rows.append([Cell(_("All municipalities")), Cell(SUPPRESSED if TOTAL in hidden else values[TOTAL], "count"),
                 *_amount_cells(total_amount, TOTAL in hidden)])
    keys.append(TOTAL)
    columns = [("municipality", _("Municipality")), ("persons", _("Persons")), ("amount_nok", _("Amount (NOK)")),
               ("amount_million_nok", _("Amount (million NOK)"))]
    return Table("grants-municipalities", _("Per-capita grants %(year)s by municipality (approved runs)")
                 % {"year": year}, columns, rows, keys)


def grants_scheme_table(*, year: int, suppress: bool) -> Table:
    """Per scheme: persons with a line in the year's approved runs, and the amount paid (a person may have several
    schemes, so the persons do not add up)."""
    lines = _paid_lines(year)
    persons = dict(lines.filter(person__isnull=False).values_list("scheme")
                   .annotate(n=Count("person_id", distinct=True)).values_list("scheme", "n"))
    amounts = dict(lines.values_list("scheme").annotate(total=Sum("amount")).values_list("scheme", "total"))
    counted = {scheme: persons.get(scheme, 0) for scheme in amounts if scheme != Scheme.NORWEGIAN_BASIC}
    hidden = cells_to_suppress(values=counted, relations=()) if suppress else frozenset()
    rows, keys = [], []
    for scheme, label in Scheme.choices:
        if scheme not in amounts:
            continue
        chapter, post = SCHEME_POSTS[scheme]
        # The basic grant is paid per municipality: it counts no persons.
        shown_persons = None if scheme == Scheme.NORWEGIAN_BASIC else (
            SUPPRESSED if scheme in hidden else counted[scheme])
        rows.append([Cell(str(label)), Cell(f"{chapter}/{post}"), Cell(shown_persons, "count"),
                     *_amount_cells(amounts[scheme], scheme in hidden)])
        keys.append(scheme)
    columns = [("scheme", _("Scheme")), ("chapter_post", _("Chapter/post")), ("persons", _("Persons")),
               ("amount_nok", _("Amount (NOK)")), ("amount_million_nok", _("Amount (million NOK)"))]
    return Table("grants-schemes", _("Per-capita grants %(year)s by scheme (approved runs)") % {"year": year},
                 columns, rows, keys)


def assumed_rates(year: int) -> tuple[int, int]:
    """(assumed, all) rates of the budget year: the page says how many of the amounts' rates are estimates."""
    rates = GrantRate.objects.filter(budget_year=year)
    return rates.filter(assumed=True).count(), rates.count()
