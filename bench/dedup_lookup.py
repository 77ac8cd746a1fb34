"""Benchmark: the registration-time duplicate lookup (`core.selectors.duplicates.duplicates_for_new`) against a
registry of N persons in PostgreSQL (target: p95 ≤ 300 ms at 1,000,000).

    .venv/bin/python bench/dedup_lookup.py [--persons 1000000] [--probes 1000] [--database nyinorge_bench_dedup]

Recreates the database (on the server of $DATABASE_URL), loads the persons of the synthetic generator with
known duplicates (`nyinorge.synthetic.duplicates`) by COPY into the real tables (core_person, the candidate index
core_personmatchkey, core_familyrelation), holds out `--probes` records (half
of them with a registered duplicate, half without) and times the lookup for each as a directorate caseworker would
make it: candidate keys → one indexed query → the few candidates loaded → scored by the model → audited. Prints one
JSON object. `bench/dedup.py --lookup` calls `measure_lookup` the same way.
"""

import argparse
import datetime
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))
sys.path.insert(0, ROOT)

PERSON_COLUMNS = ("id", "national_id", "duf_number", "given_name", "family_name", "birth_date", "sex", "citizenship",
                  "languages", "phone", "email", "reception_centre_id", "left_reason", "created_at", "updated_at")


def _copy(cursor, table: str, columns, rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _centres(records) -> dict[str, int]:
    """One reception-centre organisation per centre the generator names (records point at them by id)."""
    from nyinorge.core.models import Organisation

    names = sorted({r.reception_centre for r in records if r.reception_centre})
    made = Organisation.objects.bulk_create([Organisation(kind=Organisation.Kind.RECEPTION_CENTRE, municipality_id="3049",
                                                          name=f"Bench mottak {name}") for name in names])
    return {name: organisation.pk for name, organisation in zip(names, made)}


def registry_fill(records, *, progress=None) -> dict[str, int]:
    """COPY the records into core_person and the candidate index; the person id of each record id.

    The registry holds each identifier once (unique columns) and exactly one per person (a check constraint): a
    record without one, or whose number an earlier record took, gets a fresh DUF number of year 1951 (so it never
    collides with the generator's); one with both keeps the national identity number."""
    from django.db import connection
    from django.utils import timezone

    from nyinorge.core.dedup.records import PersonRecord
    from nyinorge.core.selectors.duplicates import person_match_keys

    centres = _centres(records)
    now = timezone.now()
    used: set[str] = set()
    ids: dict[str, int] = {}
    fresh = 0
    chunk = 50000
    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        for start in range(0, len(records), chunk):
            part = records[start:start + chunk]
            persons, keys = [], []
            for offset, record in enumerate(part):
                pk = start + offset + 1
                ids[record.id] = pk
                national_id = record.national_id if record.national_id and record.national_id not in used else None
                duf = None
                if national_id is None:
                    duf = record.duf_number if record.duf_number and record.duf_number not in used else None
                    if duf is None:
                        fresh += 1
                        duf = f"1951{fresh:08d}"
                used.add(national_id or duf)
                persons.append((pk, national_id, duf, record.given_name[:150], record.family_name[:150],
                                record.birth_date or datetime.date(1900, 1, 1), record.sex or "unknown",
                                record.citizenship[:2], "[]", "", "", centres.get(record.reception_centre), "", now, now))
                keys.extend(person_match_keys([PersonRecord(**{**record.__dict__, "id": str(pk)})]))
            _copy(cursor, "core_person", PERSON_COLUMNS, persons)
            _copy(cursor, "core_personmatchkey", ("person_id", "key"), keys)
            if progress:
                progress(min(start + chunk, len(records)))
        cursor.execute("SELECT setval(pg_get_serial_sequence('core_person', 'id'), (SELECT max(id) FROM core_person))")
        cursor.execute("ANALYZE core_person")
        cursor.execute("ANALYZE core_personmatchkey")
    return ids


def relations_fill(ids: dict[str, int]) -> int:
    """Family relations for the table's volume and the lookup's query cost: every two consecutive persons spouses.

    The generator gives each record its relatives' given names, not who they are, so these links are not the
    generator's families: the registered candidates' "family" comparison then mostly has nothing in common with
    the probe's, which only lowers scores a little (the latency is what this measures)."""
    from django.db import connection

    pks = sorted(ids.values())
    now = datetime.datetime.now(datetime.UTC)
    rows = [(a, b, "spouse", now) for a, b in zip(pks[0::2], pks[1::2])]
    with connection.cursor() as wrapper:
        _copy(wrapper.cursor, "core_familyrelation", ("person_id", "relative_id", "kind", "created_at"), rows)
        wrapper.cursor.execute("ANALYZE core_familyrelation")
    return len(rows)


def _probes(records, truth_pairs, count: int):
    """Half the probes have a registered duplicate (one of a true pair, held out), half have none."""
    partnered = {}
    for left, right in truth_pairs:
        partnered.setdefault(left, right)
        partnered.setdefault(right, left)
    with_duplicate, without = [], []
    held: set[str] = set()
    wanted_without = count - count // 2 if partnered else count  # without the truth: any records
    for record in records:
        if record.id in held:
            continue
        if record.id in partnered and partnered[record.id] not in held and len(with_duplicate) < count // 2:
            with_duplicate.append(record)
            held.add(record.id)
        elif record.id not in partnered and len(without) < wanted_without:
            without.append(record)
            held.add(record.id)
        if len(with_duplicate) + len(without) >= count:
            break
    return with_duplicate, without, held


def _prepared(database: str) -> None:
    """Django on a fresh database, unless the caller (this module's `main`) has set one up already."""
    from django.apps import apps

    if apps.ready:
        return
    from bench._database import fresh_database

    # Not DEBUG: Django would keep every query in memory.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOW_SYNTHETIC_IDENTITY_NUMBERS", "true")
    fresh_database(database)


def measure_lookup(records, model=None, *, truth_pairs=(), probes: int = 1000, progress=None,
                   database: str = "nyinorge_bench_dedup", reuse: bool = False) -> dict:
    """Fill a fresh database with the records but the probes, then time `duplicates_for_new` for each probe; the
    latencies and how often a probe with a registered duplicate found it (with `truth_pairs`; `bench/dedup.py
    --lookup` gives its registry's; without them the probes are records of any kind and the rate is not reported)."""
    if not reuse:
        _prepared(database)
    from nyinorge.core.models import Person, User
    from nyinorge.core.roles import Role
    from nyinorge.core.selectors.duplicates import active_model, duplicates_for_new
    from nyinorge.core.services.reference import directorate
    from nyinorge.core.services.users import user_create

    records = list(records)
    with_duplicate, without, held = _probes(records, list(truth_pairs), probes)
    registry = [record for record in records if record.id not in held]
    started = time.perf_counter()
    if reuse:  # the same records and seed filled this database before: the same ids, in the same order
        ids = {record.id: pk for pk, record in enumerate(registry, start=1)}
        relations = len(ids) // 2
    else:
        ids = registry_fill(registry, progress=progress)
        relations = relations_fill(ids)
    fill_seconds = time.perf_counter() - started
    model = model or active_model()
    actor = User.objects.filter(username="bench-dedup").first() or user_create(
        username="bench-dedup", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER], password=None)
    partner = {}
    for left, right in truth_pairs:
        partner.setdefault(left, set()).add(right)
        partner.setdefault(right, set()).add(left)
    for probe in (with_duplicate + without)[:20]:  # warm the caches and the connection
        duplicates_for_new(actor=actor, record=probe.__class__(**{**probe.__dict__, "id": ""}), model=model)
    latencies, shown, found = [], [], 0
    for probe in with_duplicate + without:
        record = probe.__class__(**{**probe.__dict__, "id": ""})
        began = time.perf_counter()
        candidates = duplicates_for_new(actor=actor, record=record, model=model)
        latencies.append((time.perf_counter() - began) * 1000)
        shown.append(len(candidates))
        if probe in with_duplicate:
            expected = {ids[other] for other in partner.get(probe.id, ()) if other in ids}
            found += bool(expected & {c.person.pk for c in candidates})
    latencies.sort()

    def quantile(q: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * q))], 1)

    return {"persons": Person.objects.count(), "fill_seconds": round(fill_seconds, 1), "family_relations": relations,
            "probes": len(latencies), "probes_with_duplicate": len(with_duplicate),
            "p50_ms": quantile(0.50), "p95_ms": quantile(0.95), "p99_ms": quantile(0.99),
            "mean_ms": round(statistics.fmean(latencies), 1), "candidates_mean": round(statistics.fmean(shown), 2),
            "duplicate_found_rate": round(found / len(with_duplicate), 3) if with_duplicate else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--probes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="nyinorge_bench_dedup")
    parser.add_argument("--reuse", action="store_true",
                        help="time against the database a previous run with the same --persons and --seed filled")
    args = parser.parse_args()
    if args.reuse:
        from urllib.parse import urlsplit, urlunsplit

        server = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nyinorge"))
        os.environ["DATABASE_URL"] = urlunsplit(server._replace(path=f"/{args.database}"))
        os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nyinorge.settings")
        import django

        django.setup()
    else:
        _prepared(args.database)
    from nyinorge.synthetic import duplicates as generator

    started = time.perf_counter()
    data = generator.generate(persons=args.persons, seed=args.seed)
    records, truth = data.records, data.true_pairs()
    generated = time.perf_counter() - started

    def progress(done: int) -> None:
        print(f"  {done} persons loaded", file=sys.stderr)

    result = measure_lookup(records, truth_pairs=truth, probes=args.probes, progress=progress, reuse=args.reuse)
    print(json.dumps({"generate_seconds": round(generated, 1), **result}))


if __name__ == "__main__":
    main()
