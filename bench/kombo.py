"""Benchmark: importing a KomBo mission bundle (decrypt, validate every record, de-duplicate, create persons, cases,
interviews and registrations in one transaction), then the same families uploaded again unchanged and once changed.

    .venv/bin/python bench/kombo.py [--families 200] [--children 2] [--database nyinorge_bench_kombo]

Recreates the PostgreSQL database (default `nyinorge_bench_kombo` on the server of $DATABASE_URL), migrates it and
loads the reference data, then builds `--families` synthetic families (a couple with competence and `--children`
children each) with the Python twin of the kit's encryption and times each upload. PBKDF2 (310,000 iterations) is
timed on its own: it is paid once per upload whatever the size.
"""

import argparse
import copy
import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _database import fresh_database  # noqa: E402 (bench/ is on sys.path when run as a script)

PASSPHRASE = "benchmark passphrase for a mission"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=200)
    parser.add_argument("--children", type=int, default=2)
    parser.add_argument("--database", default="nyinorge_bench_kombo")
    args = parser.parse_args()
    fresh_database(args.database)

    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from nyinorge.competence.bundles import PBKDF2_ITERATIONS, bundle_encrypt, key_derive
    from nyinorge.competence.mission_samples import duf_numbers, sample_family
    from nyinorge.competence.models import MissionRecord
    from nyinorge.competence.services.missions import mission_batch_upload, mission_create
    from nyinorge.core.models import Person
    from nyinorge.core.roles import Role
    from nyinorge.core.services.reference import directorate
    from nyinorge.core.services.users import user_create
    from nyinorge.settlement.models import Case

    officer = user_create(username="bench-kombo", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER])
    mission = mission_create(actor=officer, name="Benchmark mission", country="LB", code="BENCH-1",
                             starts_on=datetime.date(2025, 3, 1), ends_on=datetime.date(2025, 3, 14))
    size = 2 + args.children
    families = [sample_family(family=f"Bench{n:04d}", duf_numbers=duf_numbers(1 + n * size, size),
                              children=args.children) for n in range(args.families)]

    started = time.perf_counter()
    key_derive(PASSPHRASE, b"0123456789abcdef", PBKDF2_ITERATIONS)
    kdf_seconds = time.perf_counter() - started

    def timed(label: str, records: list[dict]) -> None:
        data = bundle_encrypt({"mission": mission.code, "device": "bench", "records": records},
                              passphrase=PASSPHRASE, mission=mission.code, device="bench")
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            batch = mission_batch_upload(actor=officer, mission=mission, data=data, passphrase=PASSPHRASE)
            seconds = time.perf_counter() - started
        outcomes = {}
        for outcome in MissionRecord.objects.filter(batch=batch).values_list("outcome", flat=True):
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        print(f"{label:<28} {len(records):>5} records {len(data) / 1024:>8.0f} kB {seconds:>7.2f} s "
              f"{seconds / len(records) * 1000:>6.1f} ms/record {len(queries):>7} queries  {outcomes}")

    print(f"PBKDF2-HMAC-SHA256, {PBKDF2_ITERATIONS} iterations: {kdf_seconds:.2f} s (once per upload)")
    timed("first upload", families)
    print(f"  → {Person.objects.count()} persons, {Case.objects.count()} cases")
    timed("same families, unchanged", families)
    changed = copy.deepcopy(families)
    for family in changed:
        family["interview"]["rooms_needed"] = 3
    timed("same families, changed", changed)


if __name__ == "__main__":
    main()
