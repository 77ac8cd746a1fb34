"""Outcome-model benchmark: model quality and the oracle-gain shares; one JSON object per seed, then a summary.

    .venv/bin/python bench/outcomes.py [--persons 5000] [--history 60000 | --history-years 5] [--seeds 1,2,3]
                                       [--time-limit 60]

Per seed: a simulated world (`simulator.py`), the outcome model fitted on biased history, and four
assignments scored with p_true — learned (optimal under the model), oracle (optimal under p_true), greedy
(the caseworker's pass on the model's values) and random. Both optimal assignments are solved over all
356 municipalities with a proven bound (see `oracle.py`), and their gaps are printed. The last line holds
the mean and min of the shares over the seeds. Writes var/bench/calibration.png and .svg (first seed).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._experiment_args import experiment_arguments  # noqa: E402

from nyinorge.matching.oracle import oracle_gain_experiment
from nyinorge.matching.outcomes import OutcomeModel

ROOT = Path(__file__).resolve().parent.parent
SHARES = ("oracle_gain_share", "oracle_gain_share_lower", "oracle_gain_share_vs_greedy", "greedy_gain_share")


def main() -> int:
    """Fit, solve, score and print per seed; then the summary."""
    args, seeds = experiment_arguments(__doc__.splitlines()[0], persons=5000, history=60000, time_limit=60.0)
    rows = []
    for seed in seeds:
        started = time.perf_counter()
        model = OutcomeModel(seed=seed)
        result = oracle_gain_experiment(persons=args.persons, seed=seed, history_records=args.history, model=model,
                                        time_limit=args.time_limit)
        if seed == seeds[0]:
            model.calibration_plot(ROOT / "var" / "bench" / "calibration.png")
        row = {
            "seed": seed, "persons": result["persons"], "cases": result["cases"],
            "municipalities": result["municipalities"], "history_records": args.history,
            "auc": round(result["auc"], 4), "brier": round(result["brier"], 4),
            "brier_uncalibrated": round(result["brier_uncalibrated"], 4),
            **{key: round(result[key], 4) for key in SHARES},
            "learned_gain_over_random": round(result["learned_gain_over_random"], 4),
            **{key: round(result[key], 3) for key in ("value_random", "value_greedy", "value_learned", "value_oracle",
                                                      "value_oracle_bound")},
            "persons_assigned": {name: result[f"persons_assigned_{name}"]
                                 for name in ("random", "greedy", "learned", "oracle")},
            "gap_learned": float(f"{result['gap_learned']:.2e}"), "gap_oracle": float(f"{result['gap_oracle']:.2e}"),
            "status_learned": result["status_learned"], "status_oracle": result["status_oracle"],
            "columns": result["columns"],
            "fit_seconds": result["fit_seconds"], "solve_seconds": result["solve_seconds"],
            "seconds": round(time.perf_counter() - started, 1),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    summary = {"summary": True, "seeds": seeds, "persons": args.persons, "history_records": args.history}
    for key in (*SHARES, "auc", "brier"):
        figures = np.array([row[key] for row in rows], float)
        summary[f"{key}_mean"] = round(float(figures.mean()), 4)
        summary[f"{key}_min"] = round(float(figures.min()), 4)
    summary["gap_max"] = max(max(row["gap_learned"], row["gap_oracle"]) for row in rows)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
