"""The command line the outcome-model experiments share (`bench/outcomes.py`, `bench/competence_features.py`)."""

from __future__ import annotations

import argparse


def experiment_arguments(description: str, *, persons: int, history: int,
                         time_limit: float) -> tuple[argparse.Namespace, list[int]]:
    """Parse --persons, --history (or --history-years: years × `oracle.HISTORY_RECORDS_PER_YEAR` records), --seeds and
    --time-limit (defaults per experiment); returns the args and seeds."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--persons", type=int, default=persons)
    parser.add_argument("--history", type=int, default=history)
    parser.add_argument("--history-years", type=int, default=None,
                        help="past years of records (5,000 a year) instead of --history")
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--time-limit", type=float, default=time_limit)
    args = parser.parse_args()
    try:
        seeds = [int(seed) for seed in args.seeds.split(",")]
    except ValueError:
        parser.error("--seeds must be whole numbers separated by commas")
    if args.history_years is not None:
        from nyinorge.matching.oracle import history_size

        if args.history_years < 1:
            parser.error("--history-years must be at least 1")
        args.history = history_size(persons=args.persons, history_years=args.history_years)
    if args.persons < 1 or args.history < 50:
        parser.error("--persons must be at least 1 and --history at least 50")
    return args, seeds
