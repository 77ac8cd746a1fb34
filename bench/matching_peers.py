"""The engine beside plain peers on the same instances and limits, every answer checked independently.

    .venv/bin/python bench/matching_peers.py [--families settling,tight,dense,...] [--limits 2,30,120]
        [--sizes settling=5000,dense=300c] [--solvers engine,highs,cpsat,scip] [--seed 1] [--grace S]
        [--json-out FILE] [--from-json FILE ...]

Instances: the families of `nyinorge.matching.generate.generate_family_instance` (see its module docstring),
sizes in persons ("5000") or cases ("300c"); defaults: settling and tight 5,000 persons, dense 300 cases, the
other families 2,000 persons. Solvers, each in its own process with the limit (so the process wall includes
imports and the model build, as a user waits for it):

- "engine": `python -m nyinorge.matching solve INSTANCE.json --time-limit S`;
- "highs", "cpsat", "scip": the textbook two-stage model (persons, then value at that persons level) in
  highspy (1 thread), OR-Tools CP-SAT (2 workers) and PySCIPOpt — `bench/_peers.py` says exactly what they
  solve. The last two come from the `[bench]` extra (`pip install -e '.[bench]'`); a missing one is reported,
  not fatal.

A process still running at limit + grace is killed and reported as a timeout. Every answer is checked by the
library's independent checker (`nyinorge.matching.check`: every capacity, every case at most once, only
allowed pairs; persons and value recomputed and compared with what the solver reported): "checked" or
"INVALID". The grace defaults to 5 s or a quarter of the limit, whichever is more: plain HiGHS does not look
at its time limit during presolve and the root LP, and on a loaded machine overruns by seconds.

Per instance and limit a table: solver, persons placed (and the proven persons bound), value, value bound (at
the persons level placed), gap, process wall and the CPU seconds the process (and its threads) used.
`--json-out` writes every run with the load average; `--from-json` merges earlier runs (a later file's or
this run's run of the same solver, instance and limit replaces them), so the peers, which do not change,
need not be rerun when only the engine does. The machine may be shared: read walls with the CPU seconds and
the load.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from nyinorge.matching.check import check
from nyinorge.matching.generate import FAMILIES, generate_family_instance
from nyinorge.matching.instance import Instance, InvalidInstance, Result

SOLVERS = ("engine", "highs", "cpsat", "scip")
DEFAULT_SIZES = {"settling": "5000", "tight": "5000", "dense": "300c"}
OTHER_SIZE = "2000"
PEERS_SCRIPT = Path(__file__).resolve().parent / "_peers.py"
# Reported and recomputed values agree within this (relative), as in the library's `check` command.
OBJECTIVE_TOLERANCE = 1e-6
EXIT_MISSING_PACKAGE = 3


def parse_size(text: str) -> dict:
    """"5000" → {"persons": 5000}; "300c" → {"cases": 300}."""
    text = text.strip()
    if text.endswith("c"):
        return {"cases": int(text[:-1])}
    return {"persons": int(text)}


def size_label(size: dict) -> str:
    """The size as the table shows it."""
    return f"{size['cases']} cases" if "cases" in size else f"{size['persons']} persons"


def instance_key(family: str, size: dict, seed: int) -> str:
    """A stable name of one instance (also the JSON's key)."""
    return f"{family}/{size_label(size).replace(' ', '-')}/seed{seed}"


def command(solver: str, path: Path, limit: float) -> list[str]:
    """The process that runs one solver on one instance file."""
    if solver == "engine":
        return [sys.executable, "-m", "nyinorge.matching", "solve", str(path), "--time-limit", f"{limit:g}"]
    return [sys.executable, str(PEERS_SCRIPT), solver, str(path), f"{limit:g}"]


def run_solver(solver: str, instance: Instance, path: Path, limit: float, grace: float | None = None) -> dict:
    """Run one solver in its own process, time it from outside and check its answer."""
    load_before = os.getloadavg()
    cpu_before = _children_cpu()
    started = time.monotonic()
    grace = grace if grace is not None else max(5.0, 0.25 * limit)
    try:
        done = subprocess.run(command(solver, path, limit), capture_output=True, text=True,
                              timeout=limit + grace)
    except subprocess.TimeoutExpired:
        return {"outcome": "timeout", "wall": time.monotonic() - started, "cpu": _children_cpu() - cpu_before,
                "load": load_before, "note": f"killed at {limit + grace:g} s"}
    wall = time.monotonic() - started
    # CPU beside wall: on a shared machine a process can wait for a core most of its wall time.
    row = {"wall": wall, "cpu": _children_cpu() - cpu_before, "load": load_before}
    if done.returncode == EXIT_MISSING_PACKAGE:
        return {**row, "outcome": "missing", "note": done.stderr.strip()}
    if done.returncode != 0:
        return {**row, "outcome": "error", "note": done.stderr.strip()[-500:]}
    try:
        # Solvers may print a banner first (HiGHS does when created); the answer is the JSON after it.
        data = json.loads(done.stdout[done.stdout.find("{"):] if "\n{" not in done.stdout
                          else done.stdout[done.stdout.index("\n{") + 1:])
        result = Result.from_json(data)
    except (ValueError, InvalidInstance) as error:
        return {**row, "outcome": "INVALID", "note": f"unreadable result: {error}"[:500]}
    return {**row, **verdict(instance, result), "status": result.status, "bound": result.bound,
            "gap": result.gap, "persons_bound": data.get("persons_bound"), "message": result.message,
            "stages": data.get("stages")}


def _children_cpu() -> float:
    """User + system CPU seconds of this process's finished children (subprocess.run waits for them)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def verdict(instance: Instance, result: Result) -> dict:
    """The independent check: feasible, and the reported persons and value are the recomputed ones."""
    report = check(instance, result)
    problems = list(report.problems)
    if report.persons_assigned != result.persons_assigned or not math.isclose(
        report.objective, result.objective, rel_tol=OBJECTIVE_TOLERANCE, abs_tol=OBJECTIVE_TOLERANCE
    ):
        problems.append(f"reported {result.persons_assigned} persons, {result.objective}; "
                        f"recomputed {report.persons_assigned}, {report.objective}")
    return {"outcome": "checked" if not problems else "INVALID", "persons": report.persons_assigned,
            "value": report.objective, **({"problems": problems[:5]} if problems else {})}


def run_all(args) -> list[dict]:
    """Every chosen solver on every chosen instance and limit."""
    runs = []
    with tempfile.TemporaryDirectory(prefix="peers-") as folder:
        for family in args.families:
            size = args.sizes[family]
            data = generate_family_instance(family, seed=args.seed, **size)
            instance = Instance.from_json(data)
            path = Path(folder) / f"{family}.json"
            path.write_text(json.dumps(data), encoding="utf-8")
            key = instance_key(family, size, args.seed)
            facts = {"instance": key, "family": family, "seed": args.seed, "cases": len(instance.cases),
                     "persons_total": sum(c.persons for c in instance.cases),
                     "columns": sum(len(c.values) for c in instance.cases)}
            for limit in args.limits:
                for solver in args.solvers:
                    run = {**facts, "solver": solver, "limit": limit,
                           "when": datetime.now(UTC).isoformat(timespec="seconds"),
                           **run_solver(solver, instance, path, limit, args.grace)}
                    runs.append(run)
                    print(f"# {key} limit {limit:g} {solver}: {run['outcome']} wall {run['wall']:.2f}",
                          file=sys.stderr, flush=True)
    return runs


def merge(earlier: list[dict], newer: list[dict]) -> list[dict]:
    """Earlier runs, each replaced by a newer run of the same solver, instance and limit."""
    def ident(run):
        return run["instance"], run["solver"], float(run["limit"])

    replaced = {ident(run) for run in newer}
    return [run for run in earlier if ident(run) not in replaced] + newer


def table(runs: list[dict]) -> str:
    """One Markdown table per instance and limit."""
    lines = []
    order = {solver: i for i, solver in enumerate(SOLVERS)}
    groups: dict[tuple[str, float], list[dict]] = {}
    for run in runs:
        groups.setdefault((run["instance"], float(run["limit"])), []).append(run)
    for (key, limit), group in sorted(groups.items()):
        first = group[0]
        lines.append(f"\n{key} ({first['cases']} cases, {first['persons_total']} persons, "
                     f"{first['columns']} allowed pairs), limit {limit:g} s")
        lines.append("| solver | check | status | persons (bound) | value | bound | gap | wall s | CPU s "
                     "| load |")
        lines.append("|---|---|---|---|---|---|---|---|---|---|")
        for run in sorted(group, key=lambda r: order.get(r["solver"], 99)):
            load = f"{run['load'][0]:.2f}"
            cpu = f"{run['cpu']:.1f}" if "cpu" in run else "–"
            if "persons" not in run:
                lines.append(f"| {run['solver']} | {run['outcome']} | | | | | | {run['wall']:.2f} | {cpu} "
                             f"| {load} |")
                continue
            bound = run.get("persons_bound")
            persons = f"{run['persons']:,}" + (f" ({bound:,})" if bound is not None else "")
            lines.append(f"| {run['solver']} | {run['outcome']} | {run.get('status', '')} | {persons} | "
                         f"{run['value']:.2f} | {run['bound']:.2f} | {100 * run['gap']:.3f} % | "
                         f"{run['wall']:.2f} | {cpu} | {load} |")
        for run in group:
            if run.get("note") or run.get("problems"):
                lines.append(f"- {run['solver']}: {run.get('note') or '; '.join(run['problems'])}")
    return "\n".join(lines)


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse and check the command line."""
    parser = argparse.ArgumentParser(description="The matching engine beside plain peers, answers checked.")
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--sizes", default="", help="family=SIZE,... with SIZE persons or Nc cases")
    parser.add_argument("--limits", default="2,30,120", help="seconds, comma-separated")
    parser.add_argument("--solvers", default=",".join(SOLVERS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--grace", type=float, default=None,
                        help="seconds past the limit before a kill (default: 5 or a quarter of the limit)")
    parser.add_argument("--json-out", type=Path)
    parser.add_argument("--from-json", type=Path, action="append", default=[])
    args = parser.parse_args(argv)
    # --families "" with --from-json only merges and prints earlier runs.
    args.families = [f for f in args.families.split(",") if f]
    args.solvers = [s for s in args.solvers.split(",") if s]
    unknown = sorted(set(args.families) - set(FAMILIES)) + sorted(set(args.solvers) - set(SOLVERS))
    if unknown:
        parser.error(f"unknown family or solver: {', '.join(unknown)}")
    try:
        args.limits = [float(limit) for limit in args.limits.split(",") if limit]
        chosen = dict(item.split("=", 1) for item in args.sizes.split(",") if item)
        args.sizes = {f: parse_size(chosen.get(f, DEFAULT_SIZES.get(f, OTHER_SIZE))) for f in args.families}
    except ValueError:
        parser.error("--limits must be numbers and --sizes family=N or family=Nc")
    if any(limit <= 0 for limit in args.limits):
        parser.error("--limits must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run, merge, print the tables and write the JSON."""
    args = arguments(argv)
    runs: list[dict] = []
    # Later files replace earlier files' runs of the same solver, instance and limit; this run replaces all.
    for path in args.from_json:
        runs = merge(runs, json.loads(path.read_text(encoding="utf-8"))["runs"])
    runs = merge(runs, run_all(args) if args.families and args.solvers and args.limits else [])
    print(table(runs))
    if args.json_out:
        machine = {"cpus": os.cpu_count(), "loadavg_end": os.getloadavg()}
        text = json.dumps({"machine": machine, "runs": runs}, indent=1) + "\n"
        args.json_out.write_text(text, encoding="utf-8")
    return 1 if any(run["outcome"] == "INVALID" for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
