"""Benchmark of the matching engine: one JSON object per size and variant on stdout.

    .venv/bin/python bench/matching.py [--sizes 500,5000,40000] [--seed 1] [--time-limit 60] [--no-tight]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

from nyinorge.matching import greedy, solve
from nyinorge.matching.generate import RESOURCES, generate_instance
from nyinorge.matching.model import model_build


def bench_one(*, persons: int, seed: int, tight: bool, time_limit: float) -> dict:
    """Generate, solve and compare one instance."""
    instance = generate_instance(persons=persons, seed=seed, tight=tight)
    started = time.perf_counter()
    model_build(instance=instance)
    build_seconds = time.perf_counter() - started
    result = solve(instance, time_limit=time_limit)
    baseline = greedy(instance)
    return {
        "variant": "tight" if tight else "105%",
        "persons": sum(c.persons for c in instance.cases),
        "cases": len(instance.cases),
        "municipalities": len(instance.municipalities),
        "resources": len(RESOURCES),
        "persons_assigned": result.persons_assigned,
        "solve_seconds": round(result.solve_seconds, 3),
        "build_seconds": round(build_seconds, 3),
        "status": result.status,
        "objective": round(result.objective, 4),
        "bound": round(result.bound, 4),
        "gap": result.gap,
        "greedy_persons_assigned": baseline.persons_assigned,
        "greedy_objective": round(baseline.objective, 4),
        "greedy_seconds": round(baseline.solve_seconds, 3),
        # Filled by the outcome model's part of the benchmark.
        "oracle_gain_share": None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> int:
    """Run the benchmark sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000,40000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--no-tight", action="store_true", help="skip the tight, uneven variant")
    args = parser.parse_args()
    try:
        sizes = [int(size) for size in args.sizes.split(",")]
    except ValueError:
        parser.error("--sizes must be whole numbers separated by commas")
    for persons in sizes:
        for tight in (False,) if args.no_tight else (False, True):
            print(json.dumps(bench_one(persons=persons, seed=args.seed, tight=tight, time_limit=args.time_limit)),
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
