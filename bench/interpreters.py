"""Benchmark: the public interpreter search over 100,000 interpreters × 3 languages (target p95 ≤ 50 ms).

    .venv/bin/python bench/interpreters.py [--interpreters 100000] [--repeat 20] [--database nyinorge_bench_interpreters]

Recreates the PostgreSQL database (on the server of $DATABASE_URL), migrates it and loads a synthetic register
through the bulk service (same generator as `nyinorge synth`, every interpreter in three languages), in chunks.
Then it runs a fixed set of searches through `listings_search` — the selector the page and the JSON API use — each
`--repeat` times after one warm-up, and prints the build time and p50/p95/max of all timings in milliseconds as
JSON, with the slowest queries.
"""

import argparse
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))

from _database import fresh_database  # noqa: E402 (bench/ is on sys.path when run as a script)

CHUNK = 10_000


def _queries():
    from nyinorge.interpreters.selectors.search import SearchQuery
    from nyinorge.synthetic.names import name_list

    syrian, somali, eritrean = name_list("SY")["family"], name_list("SO")["family"], name_list("ER")["family"]
    queries = {f"language={code}": SearchQuery(language=code) for code in ("ar", "ti", "so", "prs", "fa", "pl", "tr", "ru")}
    queries |= {
        "language=ar&category>=C": SearchQuery(language="ar", min_rank=3),
        "language=so&category>=D": SearchQuery(language="so", min_rank=2),
        "language=ar&variant=levantine": SearchQuery(language="ar", variant="levantine"),
        "language=ar&county=03": SearchQuery(language="ar", county="03"),
        "language=ti&county=46": SearchQuery(language="ti", county="46"),
        "language=so&county=50": SearchQuery(language="so", county="50"),
        "language=ar&municipality=0301": SearchQuery(language="ar", municipality="0301"),
        "language=pl&municipality=4601": SearchQuery(language="pl", municipality="4601"),
        "language=ar&remote_screen": SearchQuery(language="ar", remote_screen=True),
        "language=ti&remote_phone&county=03": SearchQuery(language="ti", remote_phone=True, county="03"),
        f"name={syrian[3]}": SearchQuery(name=syrian[3]),
        f"name={somali[5]}": SearchQuery(name=somali[5]),
        f"language=ti&name={eritrean[7]}": SearchQuery(language="ti", name=eritrean[7]),
        f"language=ar&name={syrian[10][:4]}": SearchQuery(language="ar", name=syrian[10][:4]),
        "no filter": SearchQuery(),
        "category>=B": SearchQuery(min_rank=4),
        "language=ar&page=5": SearchQuery(language="ar", offset=80),
        "language=smj (rare)": SearchQuery(language="smj"),
    }
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interpreters", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database", default="nyinorge_bench_interpreters")
    args = parser.parse_args()
    os.environ.setdefault("DEBUG", "true")
    fresh_database(args.database)

    from django.db import connection, reset_queries

    from nyinorge.interpreters.models import Evidence, Listing
    from nyinorge.interpreters.selectors.search import listings_search
    from nyinorge.interpreters.services.bulk import interpreters_create_bulk
    from nyinorge.synthetic.interpreters import register_records

    started = time.monotonic()
    records = register_records(seed=1, count=args.interpreters, languages_per_interpreter={3: 1.0})
    for start in range(0, len(records), CHUNK):
        interpreters_create_bulk(actor=None, records=records[start:start + CHUNK], source=Evidence.Source.SYNTHETIC)
        records[start:start + CHUNK] = [None] * len(records[start:start + CHUNK])  # let the chunk go
        reset_queries()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    seconds_build = time.monotonic() - started

    timings: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for label, query in _queries().items():
        listings_search(query=query)  # warm-up
        for _ in range(args.repeat):
            began = time.perf_counter()
            result = listings_search(query=query)
            timings.setdefault(label, []).append((time.perf_counter() - began) * 1000)
        totals[label] = result.total
    everything = sorted(t for values in timings.values() for t in values)
    slowest = sorted(timings, key=lambda label: statistics.median(timings[label]), reverse=True)[:5]
    print(json.dumps({
        "interpreters": args.interpreters,
        "listings": Listing.objects.count(),
        "seconds_build": round(seconds_build, 1),
        "queries": len(timings),
        "samples": len(everything),
        "p50_ms": round(statistics.median(everything), 2),
        "p95_ms": round(everything[int(0.95 * (len(everything) - 1))], 2),
        "max_ms": round(everything[-1], 2),
        "slowest_p50_ms": {label: round(statistics.median(timings[label]), 2) for label in slowest},
        "matches": totals,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
