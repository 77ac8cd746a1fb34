"""The settlement KPIs of the annual report (Tabell 3-1, SP1–SP3, figures 3-1-1 to 3-1-6), computed in the database.

Definitions (the statistics page repeats them):

- waiting time in months = days from the residence/entry decision to settlement / (365.25 / 12);
  "within N months" means a waiting time of at most N.0 months (exactly 6.0 months is within 6 months);
- a person counts in the calendar year of the case's settlement date;
- unaccompanied minor: the case is flagged so (the flag decides, also for one who turned 18 while waiting);
  minors under 15 settled by Bufetat (`settled_by = child_welfare`) count like every other;
- family with children: a case, not an unaccompanied minor, with a member under 18 on the settlement date
  (so a family whose only child turned 18 while waiting is not one); persons in families with children are
  its children and its adults;
- other adults: the persons of the remaining cases (every member 18 or older on the settlement date);
- shielded identities: `settled_total`, `settled_resettlement_refugees`, `mean_wait_total` and SP1 count
  everyone; the breakdown by category (unaccompanied minors, families with children, other adults, their
  means, SP2 and SP3) leaves out cases with a shielded identity, as Tabell 3-1 does (2019: 4,813 of 4,822);
- on 31 December: persons in cases decided on or before that day, not settled by then, not withdrawn, that
  live in a reception centre; their waiting time runs to 31 December and their age is taken on that day.

Each group of KPIs is one SQL query that aggregates per case and then per category; Python only combines
the handful of resulting rows, so a register of a million persons takes seconds (see `bench/kpis.py`).
"""

import csv
import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.db.models import Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Person
from nyinorge.settlement.models import Case, CaseMember, RequestVersion, SettlementYear
from nyinorge.settlement.models.cases import DAYS_PER_MONTH
from nyinorge.settlement.selectors.years import current_decisions
from nyinorge.settlement.workflow import State

KPI_KEYS: tuple[str, ...] = (
    "settled_total",
    "settled_resettlement_refugees",
    "unaccompanied_minors_settled",
    "families_with_children_settled",
    "children_in_families_settled",
    "persons_in_families_with_children_settled",
    "other_adults_settled",
    "mean_wait_total",
    "mean_wait_unaccompanied_minors",
    "mean_wait_families_with_children",
    "mean_wait_other_adults",
    "sp1_share_settled_within_6_months",
    "sp1_share_settled_within_12_months",
    "sp2_share_families_with_children_within_3_months",
    "sp3_share_unaccompanied_minors_within_3_months",
    "waiting_in_reception_dec31",
    "median_wait_ready_in_reception_dec31",
    "waiting_over_12_months_dec31",
)

KPI_LABELS: dict[str, Promise] = {
    "settled_total": _("Refugees settled"),
    "settled_resettlement_refugees": _("Resettlement refugees settled"),
    "unaccompanied_minors_settled": _("Unaccompanied minors settled"),
    "families_with_children_settled": _("Families with children settled"),
    "children_in_families_settled": _("Children in families with children settled"),
    "persons_in_families_with_children_settled": _("Persons in families with children settled"),
    "other_adults_settled": _("Other adults settled"),
    "mean_wait_total": _("Mean waiting time, all (months)"),
    "mean_wait_unaccompanied_minors": _("Mean waiting time, unaccompanied minors (months)"),
    "mean_wait_families_with_children": _("Mean waiting time, families with children (months)"),
    "mean_wait_other_adults": _("Mean waiting time, other adults (months)"),
    "sp1_share_settled_within_6_months": _("SP1: share settled within 6 months"),
    "sp1_share_settled_within_12_months": _("SP1: share settled within 12 months"),
    "sp2_share_families_with_children_within_3_months": _("SP2: share of families with children settled within 3 months"),
    "sp3_share_unaccompanied_minors_within_3_months": _("SP3: share of unaccompanied minors settled within 3 months"),
    "waiting_in_reception_dec31": _("Settlement-ready in reception centres on 31 December"),
    "median_wait_ready_in_reception_dec31": _("Median waiting time of those on 31 December (months)"),
    "waiting_over_12_months_dec31": _("Of those, waiting more than 12 months"),
}

TARGETS: dict[str, float] = {
    "sp1_share_settled_within_6_months": 0.90,
    "sp2_share_families_with_children_within_3_months": 0.50,
    "sp3_share_unaccompanied_minors_within_3_months": 0.50,
}

CATEGORIES = ("unaccompanied_minors", "families_with_children", "other_adults")
SHIELDED = "shielded"
FIGURES_CSV = Path(__file__).parent / "data" / "annual-report-2019-figures.csv"


@dataclass(frozen=True)
class CategoryRow:
    category: str  # one of CATEGORIES or "total"
    persons: int
    share_within_3_months: float | None
    share_within_6_months: float | None
    mean_wait_months: float | None
    ready_in_reception_dec31: int


@dataclass(frozen=True)
class YearRow:
    year: int
    municipalities_requested: int | None
    refugees_requested: int | None
    municipalities_agreed: int | None
    places_decided: int | None
    settled_total: int


# --- SQL building blocks that differ between PostgreSQL and SQLite -------------------------------------------

def _date_param() -> str:
    return "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"


def _days(end: str, start: str) -> str:
    if connection.vendor == "postgresql":
        return f"({end} - {start})"  # date - date is an integer number of days
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


def _ymd(column: str) -> str:
    """The date as the integer YYYYMMDD: (on - birth) // 10000 is the age in whole years, as `age_on` counts."""
    if connection.vendor == "postgresql":
        return f"(EXTRACT(YEAR FROM {column}) * 10000 + EXTRACT(MONTH FROM {column}) * 100 + EXTRACT(DAY FROM {column}))"
    return f"CAST(strftime('%%Y%%m%%d', {column}) AS INTEGER)"


def _tables() -> dict[str, str]:
    return {"case": Case._meta.db_table, "member": CaseMember._meta.db_table, "person": Person._meta.db_table}


_GROUP = (f"CASE WHEN shielded THEN '{SHIELDED}' WHEN um THEN 'unaccompanied_minors' "
          "WHEN children > 0 THEN 'families_with_children' ELSE 'other_adults' END")


def _settled_groups(year: int) -> dict[str, dict[str, int]]:
    """Per category (and 'shielded'): cases, persons, children, resettlement persons, person-days, persons and cases within 3/6/12 months."""
    t = _tables()
    per_case = f"""
        SELECT c.id, c.category, c.unaccompanied_minor AS um, c.shielded_identity AS shielded,
               {_days("c.settlement_date", "c.decision_date")} AS days, COUNT(*) AS persons,
               SUM(CASE WHEN {_ymd("c.settlement_date")} - {_ymd("p.birth_date")} < 180000 THEN 1 ELSE 0 END) AS children
        FROM {t["case"]} c JOIN {t["member"]} m ON m.case_id = c.id JOIN {t["person"]} p ON p.id = m.person_id
        WHERE c.state = %s AND c.settlement_date >= {_date_param()} AND c.settlement_date <= {_date_param()}
        GROUP BY c.id, c.category, c.unaccompanied_minor, c.shielded_identity, c.settlement_date, c.decision_date
    """
    three, six, twelve = 3 * DAYS_PER_MONTH, 6 * DAYS_PER_MONTH, 12 * DAYS_PER_MONTH
    sql = f"""
        SELECT grp, COUNT(*), SUM(persons), SUM(children),
               SUM(CASE WHEN category = %s THEN persons ELSE 0 END), SUM(persons * days),
               SUM(CASE WHEN days <= {three} THEN persons ELSE 0 END),
               SUM(CASE WHEN days <= {six} THEN persons ELSE 0 END),
               SUM(CASE WHEN days <= {twelve} THEN persons ELSE 0 END),
               SUM(CASE WHEN days <= {three} THEN 1 ELSE 0 END),
               SUM(CASE WHEN days <= {six} THEN 1 ELSE 0 END)
        FROM (SELECT per_case.*, {_GROUP} AS grp FROM ({per_case}) per_case) grouped
        GROUP BY grp
    """
    names = ("cases", "persons", "children", "resettlement", "person_days", "persons_3", "persons_6", "persons_12",
             "cases_3", "cases_6")
    with connection.cursor() as cursor:
        cursor.execute(sql, [Case.Category.RESETTLEMENT, State.SETTLED,
                             datetime.date(year, 1, 1), datetime.date(year, 12, 31)])
        return {row[0]: {name: int(value or 0) for name, value in zip(names, row[1:])} for row in cursor.fetchall()}


def _dec31_groups(year: int) -> list[tuple[str, int, int]]:
    """(category or 'shielded', days waited on 31 December, persons) for those waiting in reception on 31 December."""
    t = _tables()
    per_case = f"""
        SELECT c.id, c.unaccompanied_minor AS um, c.shielded_identity AS shielded,
               {_days(_date_param(), "c.decision_date")} AS days, COUNT(*) AS persons,
               SUM(CASE WHEN %s - {_ymd("p.birth_date")} < 180000 THEN 1 ELSE 0 END) AS children
        FROM {t["case"]} c JOIN {t["member"]} m ON m.case_id = c.id JOIN {t["person"]} p ON p.id = m.person_id
        WHERE c.decision_date <= {_date_param()} AND (c.settlement_date IS NULL OR c.settlement_date > {_date_param()})
              AND c.state <> %s AND c.reception_centre_id IS NOT NULL
        GROUP BY c.id, c.unaccompanied_minor, c.shielded_identity, c.decision_date
    """
    sql = f"SELECT grp, days, SUM(persons) FROM (SELECT per_case.*, {_GROUP} AS grp FROM ({per_case}) per_case) g GROUP BY grp, days"
    dec31 = datetime.date(year, 12, 31)
    with connection.cursor() as cursor:
        cursor.execute(sql, [dec31, year * 10000 + 1231, dec31, dec31, State.WITHDRAWN])
        return [(grp, int(days), int(persons)) for grp, days, persons in cursor.fetchall()]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _months(person_days: int, persons: int) -> float | None:
    return round(person_days / persons / DAYS_PER_MONTH, 1) if persons else None


def _weighted_median(pairs: list[tuple[int, int]]) -> float | None:
    """Median of values given as (value, count) pairs; the mean of the two middle values for an even count."""
    total = sum(count for _value, count in pairs)
    if not total:
        return None
    wanted = ((total - 1) // 2, total // 2)  # 0-based positions of the middle value(s)
    found: list[int] = []
    seen = 0
    for value, count in sorted(pairs):
        for position in wanted:
            if seen <= position < seen + count:
                found.append(value)
        seen += count
    return sum(found) / len(found)


def kpis_compute(*, year: int) -> dict[str, int | float | None]:
    """All KPIs of a year: {"year": year, key: value}; shares 0–1 (4 decimals), months (1 decimal), counts; None without data."""
    groups = _settled_groups(year)
    zero = dict.fromkeys(("cases", "persons", "children", "resettlement", "person_days", "persons_3", "persons_6",
                          "persons_12", "cases_3", "cases_6"), 0)
    minors, families, others = (groups.get(name, zero) for name in CATEGORIES)
    everyone = {name: sum(group[name] for group in groups.values()) for name in zero}
    waiting = _dec31_groups(year)
    over_12 = sum(persons for _grp, days, persons in waiting if days > 12 * DAYS_PER_MONTH)
    median_days = _weighted_median([(days, persons) for _grp, days, persons in waiting])
    values: dict[str, int | float | None] = {
        "settled_total": everyone["persons"],
        "settled_resettlement_refugees": everyone["resettlement"],
        "unaccompanied_minors_settled": minors["persons"],
        "families_with_children_settled": families["cases"],
        "children_in_families_settled": families["children"],
        "persons_in_families_with_children_settled": families["persons"],
        "other_adults_settled": others["persons"],
        "mean_wait_total": _months(everyone["person_days"], everyone["persons"]),
        "mean_wait_unaccompanied_minors": _months(minors["person_days"], minors["persons"]),
        "mean_wait_families_with_children": _months(families["person_days"], families["persons"]),
        "mean_wait_other_adults": _months(others["person_days"], others["persons"]),
        "sp1_share_settled_within_6_months": _share(everyone["persons_6"], everyone["persons"]),
        "sp1_share_settled_within_12_months": _share(everyone["persons_12"], everyone["persons"]),
        "sp2_share_families_with_children_within_3_months": _share(families["cases_3"], families["cases"]),
        "sp3_share_unaccompanied_minors_within_3_months": _share(minors["persons_3"], minors["persons"]),
        "waiting_in_reception_dec31": sum(persons for _grp, _days, persons in waiting),
        "median_wait_ready_in_reception_dec31": None if median_days is None else round(median_days / DAYS_PER_MONTH, 1),
        "waiting_over_12_months_dec31": over_12,
    }
    return {"year": year, **{key: values[key] for key in KPI_KEYS}}


def kpis_by_category(*, year: int) -> list[CategoryRow]:
    """Figures 3-1-4 to 3-1-6: per category (shielded cases left out) and in total (everyone) — persons, shares, mean, 31 December."""
    groups = _settled_groups(year)
    waiting = _dec31_groups(year)
    rows = []
    for category in (*CATEGORIES, "total"):
        part = list(groups.values()) if category == "total" else [groups[category]] if category in groups else []
        persons = sum(group["persons"] for group in part)
        rows.append(CategoryRow(
            category=category,
            persons=persons,
            share_within_3_months=_share(sum(group["persons_3"] for group in part), persons),
            share_within_6_months=_share(sum(group["persons_6"] for group in part), persons),
            mean_wait_months=_months(sum(group["person_days"] for group in part), persons),
            ready_in_reception_dec31=sum(n for grp, _days, n in waiting if category == "total" or grp == category),
        ))
    return rows


def request_decided_settled(*, years: Sequence[int]) -> list[YearRow]:
    """Figure 3-1-1 per year: municipalities asked and persons requested (newest request version), municipalities
    that decided to settle and their places (latest revisions), and persons settled; None where the year has no cycle."""
    rows = []
    for year in years:
        settled = (Case.objects.filter(state=State.SETTLED, settlement_date__gte=datetime.date(year, 1, 1),
                                       settlement_date__lte=datetime.date(year, 12, 31))
                   .aggregate(n=Sum("persons_count"))["n"] or 0)
        settlement_year = SettlementYear.objects.filter(year=year).first()
        if settlement_year is None:
            rows.append(YearRow(year, None, None, None, None, settled))
            continue
        version = RequestVersion.objects.filter(year=settlement_year).order_by("-number").first()
        lines = version.lines.filter(requested__gt=0) if version else None
        decisions = [d for d in current_decisions(settlement_year).values() if d.persons > 0]
        rows.append(YearRow(
            year=year,
            municipalities_requested=lines.count() if lines is not None else 0,
            refugees_requested=(lines.aggregate(n=Sum("requested"))["n"] or 0) if lines is not None else 0,
            municipalities_agreed=len(decisions),
            places_decided=sum(d.persons for d in decisions),
            settled_total=settled,
        ))
    return rows


@functools.cache
def report_figures() -> dict[tuple[str, int], float]:
    """The annual report's figures, (key, year) → value, from data/annual-report-2019-figures.csv."""
    with FIGURES_CSV.open(encoding="utf-8", newline="") as file:
        return {(row["key"], int(row["year"])): float(row["value"]) for row in csv.DictReader(file)}
