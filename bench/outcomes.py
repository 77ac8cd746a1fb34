"""Outcome-model benchmark: one JSON object with model quality and the oracle-gain shares.

    .venv/bin/python bench/outcomes.py [--persons 5000] [--history 60000] [--seed 1]

Writes var/bench/calibration.png and .svg. Uses the library's solve/greedy; when they are not there (this
branch alone), scipy-milp stand-ins on the JSON instance (bench/_dict_solvers.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nyinorge.matching.oracle import oracle_gain_experiment  # noqa: E402
from nyinorge.matching.outcomes import OutcomeModel  # noqa: E402
from nyinorge.matching.simulator import history_generate, world_generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def solvers() -> tuple:
    """(solve, greedy, make_instance, name): the library's when present, else the stand-ins."""
    try:
        from nyinorge.matching import greedy, solve
        from nyinorge.matching.instance import Instance
    except ImportError:
        from _dict_solvers import dict_greedy, dict_solve

        return dict_solve, dict_greedy, (lambda data: data), "scipy-milp stand-in"
    return solve, greedy, Instance.from_json, "nyinorge.matching.solve"


def main() -> None:
    """Fit, plot, run the experiment, print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--history", type=int, default=60000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    solve, greedy, make_instance, solver_name = solvers()

    model = OutcomeModel(seed=args.seed)
    world = world_generate(persons=args.persons, seed=args.seed)
    started = time.perf_counter()
    model.fit(history_generate(world, records=args.history, seed=args.seed + 1))
    fit_seconds = time.perf_counter() - started
    model.calibration_plot(ROOT / "var" / "bench" / "calibration.png")

    # The experiment refits the same model on the same history (same seeds), so its numbers match.
    result = oracle_gain_experiment(persons=args.persons, seed=args.seed, solve=solve, greedy=greedy,
                                    history_records=args.history, model=OutcomeModel(seed=args.seed),
                                    make_instance=make_instance)
    print(json.dumps({
        "persons": result["persons"], "cases": result["cases"], "municipalities": result["municipalities"],
        "history_records": args.history, "auc": round(result["auc"], 4), "brier": round(result["brier"], 4),
        "brier_uncalibrated": round(result["brier_uncalibrated"], 4),
        "oracle_gain_share": round(result["oracle_gain_share"], 4),
        "greedy_gain_share": round(result["greedy_gain_share"], 4),
        "learned_gain_over_random": result["learned_gain_over_random"],
        "value_random": result["value_random"], "value_greedy": result["value_greedy"],
        "value_learned": result["value_learned"], "value_oracle": result["value_oracle"],
        "fit_seconds": round(fit_seconds, 2), "solve_seconds": result["solve_seconds"], "solver": solver_name,
    }))


if __name__ == "__main__":
    main()
