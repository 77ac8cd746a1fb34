"""Benchmark: the 2019 grant runs over five synthetic cohorts (target ≤ 60 s a run), reconciled with the 2019 accounts.

    .venv/bin/python bench/grants.py [--years 2015-2019] [--seed 1] [--scale 1.0] [--database nyinorge_bench_grants]
                                     [--reuse]

Recreates the PostgreSQL database (default `nyinorge_bench_grants` on the server of $DATABASE_URL), migrates it,
loads the reference data and `nyinorge synth --years 2015-2019 --register` (`--reuse`: keep a database loaded by
an earlier bench and only drop its 2019 runs), then computes 2019's four instalments one after the other, each
approved by a second user, and prints the persons, lines and seconds of each run, the peak memory, and the
total per chapter and post beside the 2019 accounts.

44 of the 46 rates are assumed estimates (`grants/data/rates.csv`), and the synthetic cohorts are calibrated to
the annual report's settlement figures, not to the grants: the difference to the accounts measures the two
together, so the rates are not calibrated against it.
"""

import argparse
import csv
import json
import os
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _database import fresh_database  # noqa: E402 (bench/ is on sys.path when run as a script)

BUDGET_YEAR = 2019
# IMDi's annual report 2019, appropriation accounts (grants/data/README.md section 1.1); the file wins if present.
ACCOUNTS_2019 = {(291, 60): Decimal(8_934_473_293), (291, 61): Decimal(2_291_481_603),
                 (292, 60): Decimal(1_431_828_001)}


def _accounts() -> tuple[dict[tuple[int, int], Decimal], str]:
    path = ROOT / "src" / "nyinorge" / "grants" / "data" / "accounts.csv"
    if not path.exists():
        return ACCOUNTS_2019, "IMDi annual report 2019 (grants/data/README.md 1.1)"
    with path.open(encoding="utf-8") as file:
        rows = [r for r in csv.DictReader(file) if int(r["budget_year"]) == BUDGET_YEAR and r["kind"] == "accounts"]
    return ({(int(r["chapter"]), int(r["post"])): Decimal(r["amount_nok"]) for r in rows},
            f"{path.relative_to(ROOT)} ({rows[0]['source']})" if rows else str(path.relative_to(ROOT)))


def _existing_database(name: str) -> None:
    server = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nyinorge"))
    os.environ["DATABASE_URL"] = urlunsplit(server._replace(path=f"/{name}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nyinorge.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _peak_mib() -> float:
    # ru_maxrss is in KiB on Linux: the process's peak resident memory so far.
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", default="2015-2019")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--database", default="nyinorge_bench_grants")
    parser.add_argument("--reuse", action="store_true", help="keep the loaded database, drop only its 2019 runs")
    args = parser.parse_args()
    os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("ALLOW_SYNTHETIC_IDENTITY_NUMBERS", "true")
    load_seconds = None
    if args.reuse:
        _existing_database(args.database)
    else:
        fresh_database(args.database)
        from django.core.management import call_command

        started = time.monotonic()
        call_command("synth", years=args.years, seed=args.seed, scale=args.scale, register=True,
                     no_interpreters=True, verbosity=0)
        load_seconds = round(time.monotonic() - started, 1)
    memory_after_load = _peak_mib()

    from django.db.models import Sum

    from nyinorge.core.models import User
    from nyinorge.core.roles import Role
    from nyinorge.core.services.reference import directorate
    from nyinorge.core.services.users import user_create
    from nyinorge.grants.models import GrantLine, GrantRun
    from nyinorge.grants.services.runs import grant_run_approve, grant_run_compute, grant_run_start

    # A bench database only: earlier benches' runs go, so the four instalments are computed afresh.
    GrantLine.objects.filter(run__budget_year=BUDGET_YEAR).delete()
    GrantRun.objects.filter(budget_year=BUDGET_YEAR).delete()

    def user(username: str) -> User:
        return User.objects.filter(username=username).first() or user_create(
            username=username, organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER])

    starter, approver = user("bench-grants-start"), user("bench-grants-approve")
    runs = []
    for instalment in range(1, 5):
        run = grant_run_start(actor=starter, budget_year=BUDGET_YEAR, instalment=instalment)
        started = time.monotonic()
        run = grant_run_compute(run_id=run.pk)
        seconds = round(time.monotonic() - started, 1)
        if run.status != GrantRun.Status.COMPUTED:
            raise SystemExit(f"run {run} {run.status}: {run.error}")
        grant_run_approve(actor=approver, run=run)
        runs.append({"instalment": instalment, "persons": run.persons, "lines": run.lines_count,
                     "total_nok": int(run.total), "seconds": seconds, "peak_memory_mib": _peak_mib()})
        print(f"instalment {instalment}: {run.persons} persons, {run.lines_count} lines, {seconds} s", file=sys.stderr)

    accounts, source = _accounts()
    paid = {(r["chapter"], r["post"]): r["total"] for r in GrantLine.objects.filter(run__budget_year=BUDGET_YEAR)
            .values("chapter", "post").annotate(total=Sum("amount"))}
    reconciliation = []
    for key in sorted(set(accounts) | set(paid)):
        computed, booked = paid.get(key, Decimal(0)), accounts.get(key)
        difference = None if not booked else round(float((computed - booked) / booked * 100), 1)
        reconciliation.append({"chapter_post": f"{key[0]}/{key[1]}", "computed_nok": int(computed),
                               "accounts_nok": int(booked) if booked is not None else None,
                               "difference_percent": difference})
    print(json.dumps({
        "years": args.years, "scale": args.scale, "load_seconds": load_seconds,
        "peak_memory_after_load_mib": memory_after_load, "runs": runs,
        "slowest_run_seconds": max(r["seconds"] for r in runs), "target_seconds": 60,
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "reconciliation": reconciliation, "accounts_source": source,
        "note": "44 of the 46 rates are assumed estimates (grants/data/rates.csv), so the difference to the "
                "accounts is not used to calibrate them.",
    }, indent=1))
    print("\nchapter/post   computed 2019 NOK   accounts 2019 NOK   difference", file=sys.stderr)
    for row in reconciliation:
        accounts_text = f"{row['accounts_nok']:>19,}" if row["accounts_nok"] is not None else f"{'–':>19}"
        difference = f"{row['difference_percent']:+.1f} %" if row["difference_percent"] is not None else "–"
        print(f"{row['chapter_post']:<14} {row['computed_nok']:>19,} {accounts_text} {difference:>12}", file=sys.stderr)
    print("44 of 46 rates are assumed estimates: no calibration against the accounts.", file=sys.stderr)


if __name__ == "__main__":
    main()
