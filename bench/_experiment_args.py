"""The command line the outcome-model experiments share (`bench/outcomes.py`, `bench/competence_features.py`)."""

from __future__ import annotations

import argparse


def experiment_arguments(description: str, *, persons: int, history: int,
                         time_limit: float) -> tuple[argparse.Namespace, list[int]]:
    """Parse --persons, --history, --seeds and --time-limit (defaults per experiment); returns the args and seeds."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--persons", type=int, default=persons)
    parser.add_argument("--history", type=int, default=history)
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--time-limit", type=float, default=time_limit)
    args = parser.parse_args()
    try:
        seeds = [int(seed) for seed in args.seeds.split(",")]
    except ValueError:
        parser.error("--seeds must be whole numbers separated by commas")
    if args.persons < 1 or args.history < 50:
        parser.error("--persons must be at least 1 and --history at least 50")
    return args, seeds
