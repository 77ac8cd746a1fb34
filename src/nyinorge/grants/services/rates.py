"""Loading the grant rates from the project's data file (`data/rates.csv`, sources in `data/README.md`)."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from nyinorge.grants.models import GrantRate, Scheme

RATES_FILE = Path(__file__).resolve().parent.parent / "data" / "rates.csv"


def grant_rates_load(*, path: Path = RATES_FILE) -> int:
    """Create or update every rate row of the file (idempotent); returns the number of rows."""
    with path.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    schemes, units = set(Scheme.values), set(GrantRate.Unit.values)
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            if row["scheme"] not in schemes or row["unit"] not in units:
                raise ValueError(f"{path.name} line {number}: unknown scheme or unit {row['scheme']!r}/{row['unit']!r}")
            GrantRate.objects.update_or_create(
                budget_year=int(row["budget_year"]), scheme=row["scheme"], rate_group=row["rate_group"],
                year_after_settlement=int(row["year_after_settlement"] or 0),
                defaults={"amount": Decimal(row["amount_nok"]), "unit": row["unit"], "source": row["source"][:500],
                          "assumed": row["assumed"].strip().lower() == "yes"},
            )
    return len(rows)
