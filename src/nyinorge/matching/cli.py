"""Command line: solve an instance file, or check a result against one. Errors exit 2, never a traceback.

The time limit counts from this module's import (the process's start, up to the interpreter's own ~20 ms), so
reading the file, checking the instance and printing the result are inside it. The solver (numpy, scipy, HiGHS)
is imported only by `solve`.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402 (after the clock starts)
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from nyinorge.matching.check import check  # noqa: E402
from nyinorge.matching.instance import Instance, InvalidInstance, Result  # noqa: E402

EXIT_INVALID = 2
# Reported and recomputed objectives agree if they differ by no more than this, relatively.
OBJECTIVE_TOLERANCE = 1e-6


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        """Usage errors exit 2 like invalid input, with the usage line."""
        self.print_usage(sys.stderr)
        raise _Failure(message)


class _Failure(Exception):
    pass


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return the exit code."""
    parser = _Parser(prog="python -m nyinorge.matching", description="Assign cases to municipalities.")
    commands = parser.add_subparsers(dest="command", required=True)
    solve_parser = commands.add_parser("solve", help="solve INSTANCE.json and print the result JSON")
    solve_parser.add_argument("instance", type=Path)
    solve_parser.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    check_parser = commands.add_parser("check", help="verify RESULT.json against INSTANCE.json")
    check_parser.add_argument("instance", type=Path)
    check_parser.add_argument("result", type=Path)
    try:
        args = parser.parse_args(argv)
        instance = Instance.from_json(_read_json(args.instance))
        if args.command == "solve":
            if not (math.isfinite(args.time_limit) and args.time_limit > 0):
                raise _Failure(f"--time-limit must be a positive number of seconds, not {args.time_limit}")
            from nyinorge.matching.solver import solve

            result = solve(instance, time_limit=args.time_limit, started=STARTED)
            json.dump(result.to_json(), sys.stdout, indent=1)
            sys.stdout.write("\n")
            return 0
        result = Result.from_json(_read_json(args.result))
    except (_Failure, InvalidInstance) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INVALID
    report = check(instance, result)
    matches = report.persons_assigned == result.persons_assigned and math.isclose(
        report.objective, result.objective, rel_tol=OBJECTIVE_TOLERANCE, abs_tol=OBJECTIVE_TOLERANCE
    )
    if not matches:
        report.problems.append(
            f"the result reports {result.persons_assigned} persons and objective {result.objective}, "
            f"recomputed {report.persons_assigned} and {report.objective}"
        )
    if result.persons_bound is not None and result.persons_bound < report.persons_assigned:
        # A proven bound below what the assignment places cannot be proven.
        report.problems.append(f"the result's persons_bound {result.persons_bound} is below the "
                               f"{report.persons_assigned} persons it places")
        matches = False
    json.dump({**report.to_json(), "objective_matches": matches}, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0 if report.feasible and matches else 1


def _read_json(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _Failure(f"cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
    if not text.strip():
        raise _Failure(f"{path} is empty")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError as error:
        raise _Failure(f"{path} is not valid JSON: {error}") from None


def _reject_constant(name: str):
    # NaN and Infinity are not JSON; Python would accept them silently.
    raise ValueError(f"{name} is not allowed")
