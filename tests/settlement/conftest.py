import io

import pytest

from nyinorge.core.models import Municipality
from nyinorge.settlement.services.requests import indicators_import, settlement_year_create

HEADER = "municipality_number,population,employment_share,introduction_results_share,immigrant_share,ready,settled_last_years\n"


def indicator_csv(rows: list[tuple]) -> io.StringIO:
    return io.StringIO(HEADER + "".join(",".join(str(v) for v in row) + "\n" for row in rows))


@pytest.fixture
def year_2019(caseworker):
    return settlement_year_create(actor=caseworker, year=2019, national_target=5120)


@pytest.fixture
def all_indicators(caseworker, year_2019):
    """Plausible indicators for all 356 municipalities, derived deterministically from their numbers."""
    rows = []
    for index, municipality in enumerate(Municipality.objects.order_by("number")):
        population = 2_000 + (int(municipality.number) * 37) % 60_000
        immigrant = 0.30 if municipality.number == "0301" else 0.05 + (index % 17) / 100
        rows.append((municipality.number, population, 0.6 + (index % 7) / 50, 0.5 + (index % 11) / 40,
                     f"{immigrant:.2f}", "true" if index % 9 else "false", index % 40))
    indicators_import(actor=caseworker, year=year_2019, file=indicator_csv(rows))
    return rows
