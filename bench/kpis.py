"""Benchmark: all settlement KPIs of a year on a register of 1,000,000 persons (target ≤ 5 s).

    .venv/bin/python bench/kpis.py [--persons 1000000] [--database nyinorge_bench]

Recreates the PostgreSQL database (default `nyinorge_bench` on the server of $DATABASE_URL), migrates it
and fills it with COPY straight into the person, case and case-member tables. That bypasses the services
on purpose: this is a benchmark fixture of random, plausible cases (five years of settlements and people
still waiting), not data anyone reads. Then it times `kpis_compute(year=2019)` and prints
{"persons": …, "seconds_build": …, "seconds_kpis": …} as JSON.
"""

import argparse
import datetime
import json
import os
import random
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))

from _database import fresh_database  # noqa: E402 (bench/ is on sys.path when run as a script)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--database", default="nyinorge_bench")
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "true")
    fresh_database(args.database)

    from django.db import connection
    from nyinorge.statistics.kpis import kpis_compute

    started = time.monotonic()
    persons = _build(connection, args.persons)
    seconds_build = time.monotonic() - started
    started = time.monotonic()
    kpis = kpis_compute(year=2019)
    seconds_kpis = time.monotonic() - started
    print(json.dumps({"persons": persons, "seconds_build": round(seconds_build, 1), "seconds_kpis": round(seconds_kpis, 2),
                      "settled_2019": kpis["settled_total"]}))


def _build(connection, wanted: int) -> int:
    rng = random.Random(1)
    numbers = [m for (m,) in connection.cursor().execute("SELECT number FROM core_municipality").fetchall()]
    from nyinorge.core.models import Municipality
    from nyinorge.core.services.organisations import reception_centre_create

    centre = reception_centre_create(name="Bench centre", operator="Bench AS",
                                     host_municipality=Municipality.objects.get(number="0301")).organisation_id
    now = datetime.datetime.now(datetime.UTC)
    person_rows, case_rows, member_rows = [], [], []
    person_id = case_id = 0
    while person_id < wanted:
        case_id += 1
        kind = rng.random()
        size = 1 if kind < 0.3 else rng.randint(2, 6)
        size = min(size, wanted - person_id)
        settled = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 5 * 365))
        decided = settled - datetime.timedelta(days=int(rng.expovariate(1 / 100)))
        waiting = rng.random() < 0.05
        minor = size == 1 and rng.random() < 0.1
        for index in range(size):
            person_id += 1
            if minor:
                born = decided - datetime.timedelta(days=rng.randint(15 * 365 + 4, 17 * 365))
            elif size > 1 and index >= 2:
                born = settled - datetime.timedelta(days=rng.randint(100, 18 * 365))
            else:
                born = settled - datetime.timedelta(days=rng.randint(19 * 365, 60 * 365))
            person_rows.append((person_id, f"2014{person_id:08d}", "B", "P", born, "unknown", "SY", "[]", "", "", now, now))
            member_rows.append((person_id, case_id, person_id))
        category = rng.choice(("resettlement", "reception"))
        case_rows.append((case_id, category, "directorate",
                          "ready" if waiting else "settled", minor, False, rng.random() < 0.002, decided,
                          centre if category == "reception" else None, "", "", "",
                          None if waiting else rng.choice(numbers), size, None if waiting else settled, now))
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy("COPY core_person (id, duf_number, given_name, family_name, birth_date, sex, citizenship, languages,"
                      " phone, email, created_at, updated_at) FROM STDIN") as copy:
            for row in person_rows:
                copy.write_row(row)
        with raw.copy("COPY settlement_case (id, category, settled_by, state, unaccompanied_minor, special_needs,"
                      " shielded_identity, decision_date, reception_centre_id, private_address, needs_summary,"
                      " competence_summary, municipality_id, persons_count, settlement_date, created_at) FROM STDIN") as copy:
            for row in case_rows:
                copy.write_row(row)
        with raw.copy("COPY settlement_casemember (id, person_id, case_id) FROM STDIN") as copy:
            for row in member_rows:
                copy.write_row((row[0], row[2], row[1]))
        cursor.execute("ANALYZE")
    return person_id


if __name__ == "__main__":
    main()
