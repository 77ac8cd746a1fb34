"""Benchmark of the matching engine: one JSON object per size and variant on stdout.

    .venv/bin/python bench/matching.py [--sizes 500,5000,40000] [--seed 1] [--time-limit 30] [--no-tight]
                                       [--capacities settling|population] [--oracle-max-persons 5000]

Instances from `nyinorge.matching.generate` (356 real municipality numbers, three resources, capacities 105 %
of demand; "tight": 100 % and uneven per resource). `--capacities` picks the capacity model documented there:
"settling" (default, IMDi-like: only asked municipalities have places, at least 10 each) or "population"
(every municipality, most with 1-5 places: a bin-packing stress test).

Process wall clock, limits kept and the instance families: `bench/matching_limits.py`.

Timing: the machine is shared, so wall-clock seconds alone mislead. `solve_seconds` is wall clock (what a user
waits); `solve_cpu_seconds` is the CPU time the solve used, including the child processes that run big MIPs
(`os.times()`; children count once they have been waited for, which the solver always does). A solve that
took 3 s wall but 0.8 s CPU was mostly waiting for a core.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

from nyinorge.matching import greedy, oracle, solve
from nyinorge.matching.generate import CAPACITY_MODELS, RESOURCES, generate_instance
from nyinorge.matching.model import model_build


def cpu_seconds() -> float:
    """CPU time of this process and its waited-for children (user + system)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def oracle_gain_share(*, persons: int, seed: int, time_limit: float) -> float | None:
    """The learned model's share of the oracle gain on a simulated world of this size (`oracle.py`)."""
    return oracle.oracle_gain_share(persons=persons, seed=seed, time_limit=time_limit)["oracle_gain_share"]


def bench_one(*, persons: int, seed: int, tight: bool, time_limit: float, capacities: str) -> dict:
    """Generate, solve and compare one instance."""
    instance = generate_instance(persons=persons, seed=seed, tight=tight, capacities=capacities)
    started = time.perf_counter()
    model_build(instance=instance)
    build_seconds = time.perf_counter() - started
    cpu = cpu_seconds()
    result = solve(instance, time_limit=time_limit)
    solve_cpu = cpu_seconds() - cpu
    baseline = greedy(instance)
    return {
        "variant": "tight" if tight else "105%",
        "capacities": capacities,
        "persons": sum(c.persons for c in instance.cases),
        "cases": len(instance.cases),
        "municipalities": len(instance.municipalities),
        "municipalities_with_places": sum(1 for m in instance.municipalities if m.capacity.get("persons", 0) > 0),
        "resources": len(RESOURCES),
        "persons_assigned": result.persons_assigned,
        "persons_bound": result.persons_bound,
        "time_limit": time_limit,
        "solve_seconds": round(result.solve_seconds, 3),
        "solve_cpu_seconds": round(solve_cpu, 3),
        "within_time_limit": result.solve_seconds <= time_limit,
        "build_seconds": round(build_seconds, 3),
        "status": result.status,
        "objective": round(result.objective, 4),
        "bound": round(result.bound, 4),
        "gap": result.gap,
        "greedy_persons_assigned": baseline.persons_assigned,
        "greedy_objective": round(baseline.objective, 4),
        "greedy_seconds": round(baseline.solve_seconds, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> int:
    """Run the benchmark sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000,40000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--no-tight", action="store_true", help="skip the tight, uneven variant")
    parser.add_argument("--capacities", choices=CAPACITY_MODELS, default="settling")
    parser.add_argument("--oracle-max-persons", type=int, default=5000,
                        help="measure oracle_gain_share (a simulated world, a LightGBM fit and two solves; minutes at "
                        "40,000) only up to this size; null above it")
    args = parser.parse_args()
    try:
        sizes = [int(size) for size in args.sizes.split(",")]
    except ValueError:
        parser.error("--sizes must be whole numbers separated by commas")
    for persons in sizes:
        for tight in (False,) if args.no_tight else (False, True):
            row = bench_one(persons=persons, seed=args.seed, tight=tight, time_limit=args.time_limit,
                            capacities=args.capacities)
            # Once per size, on the 105 % row: the simulated world does not depend on the capacity variant.
            measure = not tight and persons <= args.oracle_max_persons
            row["oracle_gain_share"] = (
                oracle_gain_share(persons=persons, seed=args.seed, time_limit=args.time_limit) if measure else None
            )
            print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
