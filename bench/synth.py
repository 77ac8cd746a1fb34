"""Benchmark: a full synthetic settlement year through the services (target < 120 s), its KPIs next to the report's.

    .venv/bin/python bench/synth.py [--year 2019] [--seed 1] [--scale 1.0] [--database nyinorge_bench_synth]

Recreates the PostgreSQL database (default `nyinorge_bench_synth` on the server of $DATABASE_URL), migrates it,
loads the reference data, then times `nyinorge synth` and prints one JSON object:
{"persons", "cases", "seconds", "load_average", "kpis": {key: {"computed", "report"}}}.
"""

import argparse
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))

from _database import fresh_database  # noqa: E402 (bench/ is on sys.path when run as a script)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database", default="nyinorge_bench_synth")
    args = parser.parse_args()
    # Not DEBUG: Django would keep every query in memory; synthetic numbers must still be accepted.
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOW_SYNTHETIC_IDENTITY_NUMBERS", "true")
    fresh_database(args.database)

    from nyinorge.statistics.competence_kpis import (
        COMPETENCE_KPI_KEYS, competence_kpis_compute, competence_report_figure,
    )
    from nyinorge.statistics.kpis import KPI_KEYS, kpis_compute, report_figures
    from nyinorge.synthetic.management.commands.synth import base_for
    from nyinorge.synthetic.services import synth_year

    started = time.monotonic()
    result = synth_year(year=args.year, seed=args.seed, scale=args.scale, base=base_for(args.year))
    seconds = time.monotonic() - started
    kpis, figures = kpis_compute(year=args.year), report_figures()
    competence = competence_kpis_compute(year=args.year)
    print(json.dumps({
        "year": args.year, "scale": args.scale, "persons": result.persons, "cases": result.cases,
        "seconds": round(seconds, 1), "load_average": [round(x, 1) for x in os.getloadavg()],
        "kpis": {key: {"computed": kpis[key], "report": figures.get((key, args.year))} for key in KPI_KEYS},
        "competence": {key: {"computed": competence[key],
                             "report": competence_report_figure(figures, key, args.year)} for key in COMPETENCE_KPI_KEYS},
    }, indent=1))


if __name__ == "__main__":
    main()
