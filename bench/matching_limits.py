"""Time limits kept? The matching engine's command line, timed from outside, per family, size and limit.

    .venv/bin/python bench/matching_limits.py [--sizes 500,5000,40000] [--limits 2,30] [--families tight,dense]
                                             [--seed 1] [--startup-runs 5] [--keep DIR]

For each instance family × size × limit it writes the instance as JSON, runs
`python -m nyinorge.matching solve INSTANCE --time-limit L` in a subprocess and measures the process's wall clock
from outside (start to exit: interpreter, imports, reading, solving, printing), then checks the answer with
`python -m nyinorge.matching check` and compares it with the caseworker baseline (`greedy`). The promise is
wall <= limit + 0.3 s at every size (`ok`).

Columns: persons placed and `persons_bound` (the proven most that fit: equal when the first objective is
proven), value and `bound` (proven at that persons level), `gap`, the CLI's status, wall seconds, greedy's
persons and value, and `vs_greedy` (">=" when the answer is at least greedy's persons and, at equal persons, at
least its value). Families: those of `nyinorge.matching.generate.generate_family_instance` ("settling",
"tight", "dense" — each case allowed in half of the 356 municipalities —, "singles", "large_families",
"concentrated"); `--dense-cases` adds the dense family at a number of cases (issue 19's instance: 300). Start-up: the process wall of solving a 10-person
instance (median of `--startup-runs`) and the import time of the solver (`python -X importtime`).

The machine's load average is printed before and after every row: on a shared machine a wall clock means little
without it. Rows print as they finish (a table line, then `--json` lines if asked).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nyinorge.matching import Instance, greedy  # noqa: E402
from nyinorge.matching.generate import generate_family_instance, generate_instance  # noqa: E402

SLACK_SECONDS = 0.3


def load() -> str:
    """The 1-, 5- and 15-minute load averages."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def family_instance(family: str, *, persons: int | None = None, cases: int | None = None, seed: int) -> Instance:
    """An instance of a family of `nyinorge.matching.generate.generate_family_instance`."""
    return Instance.from_json(generate_family_instance(family, persons=persons, cases=cases, seed=seed))


def run_cli(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    """Run the command line; (completed process, wall seconds measured from here)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "nyinorge.matching", *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    return done, time.perf_counter() - started


def startup(directory: Path, runs: int) -> dict:
    """Process wall for a 10-person instance and the solver's import time."""
    tiny = directory / "tiny.json"
    tiny.write_text(json.dumps(generate_instance(persons=10, seed=1).to_json()))
    walls, solves = [], []
    for _ in range(runs):
        done, wall = run_cli("solve", str(tiny), "--time-limit", "2")
        walls.append(wall)
        solves.append(json.loads(done.stdout)["solve_seconds"])
    imports = subprocess.run([sys.executable, "-X", "importtime", "-c", "import nyinorge.matching.solver"],
                             capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    cumulative = [int(line.split("|")[1]) for line in imports.stderr.splitlines() if line.startswith("import time:")
                  and line.split("|")[1].strip().isdigit()]
    return {"tiny_process_wall": round(statistics.median(walls), 3),
            "tiny_solve_seconds": round(statistics.median(solves), 3),
            "solver_import_seconds": round(max(cumulative, default=0) / 1e6, 3), "load": load()}


def bench_row(directory: Path, family: str, size: str, limit: float, seed: int) -> dict:
    """Solve one instance through the command line and describe the answer; `size` is persons, or cases as
    "300c"."""
    if size.endswith("c"):
        instance = family_instance(family, cases=int(size[:-1]), seed=seed)
    else:
        instance = family_instance(family, persons=int(size), seed=seed)
    path = directory / f"{family}-{size}-{seed}.json"
    if not path.exists():
        path.write_text(json.dumps(instance.to_json()))
    load_before = load()
    done, wall = run_cli("solve", str(path), "--time-limit", f"{limit:g}")
    row = {"family": family, "persons": sum(c.persons for c in instance.cases), "cases": len(instance.cases),
           "limit": limit, "load_before": load_before}
    if done.returncode != 0:
        return {**row, "error": done.stderr.strip()[-300:], "wall": round(wall, 2)}
    result = json.loads(done.stdout)
    result_path = directory / "result.json"
    result_path.write_text(done.stdout)
    checked, _ = run_cli("check", str(path), str(result_path))
    baseline = greedy(instance)
    placed, value = result["persons_assigned"], result["objective"]
    not_worse = placed > baseline.persons_assigned or (
        placed == baseline.persons_assigned and value >= baseline.objective - 1e-9)
    return {**row, "placed": placed, "persons_bound": result.get("persons_bound"), "value": round(value, 2),
            "bound": round(result["bound"], 2), "gap": round(result["gap"], 5), "status": result["status"],
            "checked": checked.returncode == 0, "wall": round(wall, 2),
            "solve_seconds": round(result["solve_seconds"], 2), "ok": wall <= limit + SLACK_SECONDS,
            "greedy_placed": baseline.persons_assigned, "greedy_value": round(baseline.objective, 2),
            "vs_greedy": ">=" if not_worse else "WORSE", "load_after": load()}


COLUMNS = ("family", "persons", "cases", "limit", "placed", "persons_bound", "value", "bound", "gap", "status", "wall", "ok",
           "greedy_placed", "greedy_value", "vs_greedy", "load_before", "load_after")


def main() -> int:
    """Run the grid and print one line per row."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,5000,40000")
    parser.add_argument("--limits", default="2,30")
    parser.add_argument("--families", default="tight,dense")
    parser.add_argument("--dense-cases", default="300",
                        help="also the dense family at these numbers of cases (issue 19's 300-case instance); '' for none")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep the instance files in this directory")
    parser.add_argument("--json", action="store_true", help="also print each row as a JSON line")
    args = parser.parse_args()
    directory = args.keep or Path(tempfile.mkdtemp(prefix="matching-limits-"))
    directory.mkdir(parents=True, exist_ok=True)
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, {os.cpu_count()} CPUs, load {load()}; "
          f"promise: process wall <= limit + {SLACK_SECONDS} s", flush=True)
    print("# start-up:", json.dumps(startup(directory, args.startup_runs)), flush=True)
    print("\t".join(COLUMNS), flush=True)
    grid = [(family, size) for family in args.families.split(",") for size in args.sizes.split(",")]
    grid += [("dense", f"{cases}c") for cases in args.dense_cases.split(",") if cases]
    for family, size in grid:
        for limit in (float(limit) for limit in args.limits.split(",")):
            row = bench_row(directory, family, size, limit, args.seed)
            print("\t".join(str(row.get(column, "")) for column in COLUMNS), flush=True)
            if "error" in row:
                print("#", row["error"], flush=True)
            if args.json:
                print(json.dumps(row), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
