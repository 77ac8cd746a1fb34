"""The figures a year's grants are held against: the accounts and appropriations per chapter and post
(`data/accounts.csv`, each row with its source)."""

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

ACCOUNTS_CSV = Path(__file__).resolve().parents[1] / "data" / "accounts.csv"
ACCOUNTS, APPROPRIATION = "accounts", "appropriation"


@dataclass(frozen=True)
class BudgetFigure:
    budget_year: int
    chapter: int
    post: int
    kind: str
    amount: Decimal
    source: str


@cache
def budget_figures() -> tuple[BudgetFigure, ...]:
    with ACCOUNTS_CSV.open(encoding="utf-8") as handle:
        return tuple(
            BudgetFigure(int(row["budget_year"]), int(row["chapter"]), int(row["post"]), row["kind"],
                         Decimal(row["amount_nok"]), row["source"])
            for row in csv.DictReader(handle))


def budget_figure(*, kind: str, budget_year: int, chapter: int, post: int) -> BudgetFigure | None:
    return next((f for f in budget_figures()
                 if (f.kind, f.budget_year, f.chapter, f.post) == (kind, budget_year, chapter, post)), None)


def accounts_year_for(budget_year: int) -> int | None:
    """The year whose accounts a budget year is compared with: its own if known, else the latest before it, else
    the earliest known (the 2019 accounts are the only ones in the data so far)."""
    years = sorted({f.budget_year for f in budget_figures() if f.kind == ACCOUNTS})
    if not years:
        return None
    earlier = [year for year in years if year <= budget_year]
    return earlier[-1] if earlier else years[0]
