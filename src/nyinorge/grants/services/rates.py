"""Loading the grant rates from the project's data file (`data/rates.csv`, sources in `data/README.md`)."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from nyinorge.grants.models import GrantRate, Scheme

RATES_FILE = Path(__file__).resolve().parent.parent / "data" / "rates.csv"


def rate_rows(path: Path = RATES_FILE) -> list[dict]:
    """The file's rows as GrantRate keys and values (`key`, `values`); ValueError naming the line of a bad one."""
    with path.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    schemes, units = set(Scheme.values), set(GrantRate.Unit.values)
    parsed = []
    for number, row in enumerate(rows, start=2):
        if row["scheme"] not in schemes or row["unit"] not in units:
            raise ValueError(f"{path.name} line {number}: unknown scheme or unit {row['scheme']!r}/{row['unit']!r}")
        parsed.append({
            "key": {"budget_year": int(row["budget_year"]), "scheme": row["scheme"], "rate_group": row["rate_group"],
                    "year_after_settlement": int(row["year_after_settlement"] or 0)},
            "values": {"amount": Decimal(row["amount_nok"]), "unit": row["unit"], "source": row["source"][:500],
                       "assumed": row["assumed"].strip().lower() == "yes"},
        })
    return parsed


def grant_rates_load(*, path: Path = RATES_FILE, model=GrantRate) -> int:
    """Create or update every rate row of the file (idempotent); returns the number of rows.

    `model` is the migration's historical GrantRate when the data migration loads them.
    """
    rows = rate_rows(path)
    with transaction.atomic():
        for row in rows:
            model.objects.update_or_create(**row["key"], defaults=row["values"])
    return len(rows)
