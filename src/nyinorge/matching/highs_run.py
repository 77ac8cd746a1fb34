"""HiGHS on (a subset of the columns of) the model, with a hard deadline.

HiGHS's own `time_limit` is checked only between some of its steps; on a busy machine it once overran 30 s by
minutes. So every solve also registers HiGHS's interrupt callbacks (simplex, interior point, MIP), which stop
the solve as soon as the wall clock passes the deadline; the caller then gets whatever HiGHS had.

That is not enough for a MIP: the root LP inside HiGHS's MIP solver does not call them (measured: a MIP given
5 s ran 15 s on a loaded machine). So a MIP with more than `ISOLATE_COLUMNS` columns runs in a forked child
process that reports every improving solution and its dual bound through a pipe; at the deadline the parent
kills it and keeps the last solution and bound it received (a dual bound only falls, so an earlier one is
still a true bound). `PORTFOLIO` children run at once with different HiGHS random seeds; the parent keeps the
best solution and the least bound any of them reported. Small MIPs, which finish in milliseconds, run
in-process.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import time
import warnings
from dataclasses import dataclass

import highspy
import numpy as np

from nyinorge.matching.model import Model

INTERRUPTS = (
    highspy.cb.HighsCallbackType.kCallbackSimplexInterrupt,
    highspy.cb.HighsCallbackType.kCallbackIpmInterrupt,
    highspy.cb.HighsCallbackType.kCallbackMipInterrupt,
)
_FEASIBLE = 2  # HiGHS kSolutionStatusFeasible
ISOLATE_COLUMNS = 2000
# Extra HiGHS options for every MIP (tuning hook).
MIP_OPTIONS: dict[str, object] = {}
# MIPs run in a child process run in this many at once, each with its own HiGHS random seed: HiGHS's incumbents
# come in lucky jumps (the 5,000-person sub-MIP reached 1802.0 / 1803.4 / 1802.8 / 1818.9 in 7 s with seeds
# 0–3), and the machine has two cores.
PORTFOLIO = 2
# How often (seconds) the child reports HiGHS's dual bound.
BOUND_REPORT_SECONDS = 0.1


@dataclass
class Run:
    status: str  # "optimal", "stopped" (time limit or interrupt) or "infeasible"
    x: np.ndarray | None  # over ALL model columns (0 outside the subset), None without a feasible solution
    bound: float | None  # MIP: HiGHS's dual bound; LP: the optimum (None unless optimal)
    row_dual: np.ndarray | None  # LP only, when optimal


class HighsProblem:
    """One HiGHS instance holding the model restricted to `columns` (all by default)."""

    def __init__(self, model: Model, *, integral: bool, columns: np.ndarray | None = None, interior: bool = False,
                 elastic: float | None = None):
        """`interior`: an LP by interior point without crossover — faster on degenerate LPs, not a vertex.

        `elastic`: an LP whose persons row gets a slack column costing that much per person, so a restricted
        column set never makes it infeasible (column generation prices the missing columns in).
        """
        self.model = model
        self.integral = integral
        self.columns = np.arange(model.num_col) if columns is None else np.asarray(columns, dtype=np.int64)
        self.row_lower = model.row_lower.copy()
        self.row_upper = model.row_upper.copy()
        self._deadline = 0.0
        self.every_case = False
        # The core class, not highspy.Highs: the wrapper prints a banner to stdout on creation, before output
        # can be switched off, and the CLI's stdout is the result JSON.
        highs = highspy._core._Highs()
        highs.setOptionValue("output_flag", False)
        # One thread and no symmetry detection: on a busy 2-core machine HiGHS's workers overran time limits.
        highs.setOptionValue("threads", 1)
        highs.setOptionValue("mip_detect_symmetry", False)
        if integral:
            for name, option in MIP_OPTIONS.items():
                highs.setOptionValue(name, option)
        if interior and not integral:
            highs.setOptionValue("solver", "ipm")
            highs.setOptionValue("run_crossover", "off")
        elif not integral:
            # Simplex ends on a vertex with duals; the network fast path needs the vertex to be integral.
            highs.setOptionValue("solver", "simplex")
        matrix = model.matrix[:, self.columns].tocsc() if columns is not None else model.matrix
        matrix.sort_indices()
        n = len(self.columns)
        highs.passModel(
            n,
            matrix.shape[0],
            matrix.nnz,
            1,  # column-wise matrix
            -1,  # maximise
            0.0,
            model.col_persons[self.columns],
            model.col_lower[self.columns],
            np.ones(n),
            self.row_lower,
            self.row_upper,
            matrix.indptr.astype(np.int32),
            matrix.indices.astype(np.int32),
            matrix.data,
            np.full(n, 1 if integral else 0, dtype=np.int32),
        )
        self.positions = np.arange(n, dtype=np.int32)  # HiGHS's index of each of self.columns
        self.slack = None
        if elastic is not None and not integral:
            highs.addCol(-float(elastic), 0.0, highspy.kHighsInf, 1, np.array([model.total_row], dtype=np.int32),
                         np.array([1.0]))
            self.slack = n
        highs.setCallback(_interrupt, self)
        for kind in INTERRUPTS:
            highs.startCallback(kind)
        self.highs = highs

    def slack_value(self) -> float:
        """Persons the elastic slack stands in for in the last LP solution (0 without a slack)."""
        if self.slack is None:
            return 0.0
        return float(self.highs.getSolution().col_value[self.slack])

    def add_columns(self, columns: np.ndarray) -> None:
        """Add model columns (not yet in the problem); an LP then continues from its current basis."""
        columns = np.asarray(columns, dtype=np.int64)
        matrix = self.model.matrix[:, columns].tocsc()
        matrix.sort_indices()
        lower = self.model.col_lower[columns].copy()
        if self.every_case:
            per_case = np.bincount(self.model.col_case, minlength=len(self.model.case_ids))
            lower[per_case[self.model.col_case[columns]] == 1] = 1.0
        first = self.highs.getNumCol()
        self.highs.addCols(len(columns), self.model.col_persons[columns], lower, np.ones(len(columns)), matrix.nnz,
                           matrix.indptr[:-1].astype(np.int32), matrix.indices.astype(np.int32), matrix.data)
        self.columns = np.concatenate([self.columns, columns])
        self.positions = np.concatenate([self.positions, np.arange(first, first + len(columns), dtype=np.int32)])

    def persons_at_least(self, persons: float) -> None:
        """Hold the total persons row at or above `persons` (a whole number).

        When that is every person who fits anywhere, it says that every such case is placed: the case rows
        become equalities, which HiGHS propagates far better than one long persons row.
        """
        model = self.model
        self.row_lower[model.total_row] = persons - 0.5
        self.highs.changeRowBounds(model.total_row, persons - 0.5, highspy.kHighsInf)
        # With an elastic slack the case rows stay "at most once": the slack must be able to stand in for anybody.
        self.every_case = self.slack is None and places_everyone(model, persons)
        if not self.every_case:
            return
        for row in range(model.case_rows):
            self.row_lower[row] = 1.0
            self.highs.changeRowBounds(row, 1.0, 1.0)
        per_case = np.bincount(model.col_case, minlength=len(model.case_ids))
        for position in np.flatnonzero(per_case[model.col_case[self.columns]] == 1):
            self.highs.changeColBounds(int(self.positions[position]), 1.0, 1.0)

    def run(
        self,
        cost: np.ndarray,
        *,
        until: float,
        warm: np.ndarray | None = None,
        mip_rel_gap: float = 1e-6,
        mip_abs_gap: float = 1e-6,
        isolate: bool | None = None,
    ) -> Run:
        """Maximise `cost` (over all model columns) until the wall-clock time `until`.

        `isolate`: run a MIP in a child process (default: if it has more than `ISOLATE_COLUMNS` columns).

        HiGHS's claim that a MIP is optimal is checked against the solution it hands back: HiGHS 1.16 with presolve
        and a start solution was seen to report the right optimum and bound but return the start solution's
        columns (the regression test in tests/matching/test_solver.py). Then it runs again without presolve, and
        if the claim still does not hold, the run counts as stopped (not proven).
        """
        for attempt in range(2):
            self._prepare(cost, until=until, warm=warm, mip_rel_gap=mip_rel_gap, mip_abs_gap=mip_abs_gap)
            if isolate is None:
                isolate = len(self.columns) > ISOLATE_COLUMNS
            if self.integral and isolate:
                run = self._run_isolated(until)
            else:
                self.highs.run()
                run = self._collect()
            if not self.integral or run.status != "optimal" or _gap_closed(run, cost, mip_rel_gap, mip_abs_gap):
                return run
            self.highs.setOptionValue("presolve", "off")
        run.status = "stopped"
        return run

    def _prepare(self, cost, *, until, warm, mip_rel_gap, mip_abs_gap) -> None:
        highs = self.highs
        n = len(self.columns)
        index = self.positions
        self._cost = np.asarray(cost, dtype=np.float64)[self.columns]
        highs.changeColsCost(n, index, self._cost)
        self._deadline = until
        highs.setOptionValue("time_limit", max(0.01, until - time.perf_counter()))
        highs.setOptionValue("mip_rel_gap", mip_rel_gap)
        highs.setOptionValue("mip_abs_gap", mip_abs_gap)
        if warm is not None and self.integral:
            highs.setSolution(n, index, np.asarray(warm, dtype=np.float64)[self.columns])

    def _collect(self) -> Run:
        highs = self.highs
        model_status = highs.getModelStatus()
        info = highs.getInfo()
        if model_status in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
            return Run("infeasible", None, None, None)
        optimal = model_status == highspy.HighsModelStatus.kOptimal
        x = None
        if info.primal_solution_status == _FEASIBLE:
            x = np.zeros(self.model.num_col)
            x[self.columns] = np.asarray(highs.getSolution().col_value)[self.positions]
        if self.integral:
            bound = info.mip_dual_bound
            row_dual = None
        else:
            bound = info.objective_function_value if optimal else None
            row_dual = np.asarray(highs.getSolution().row_dual) if optimal else None
        return Run("optimal" if optimal else "stopped", x, bound, row_dual)

    def _run_isolated(self, until: float) -> Run:
        """Run the MIP in `PORTFOLIO` forked children, each with its own HiGHS random seed; kill them at `until`.

        Keep the best solution any child reported and the least dual bound (each child solves the same MIP, so
        each bound is a true bound); a child that proves optimality or infeasibility ends the run for all.
        """
        context = multiprocessing.get_context("fork")
        cost = self._cost
        children, receivers = [], []
        with warnings.catch_warnings():
            # The other threads are idle BLAS workers; the child uses neither them nor any lock they hold, and it
            # resets HiGHS's scheduler before solving.
            warnings.filterwarnings("ignore", message=".*use of fork\\(\\) may lead to deadlocks", category=DeprecationWarning)
            for seed in range(PORTFOLIO):
                receiver, sender = context.Pipe(duplex=False)
                child = context.Process(target=_child_main, args=(self, sender, seed), daemon=True)
                child.start()
                sender.close()
                children.append(child)
                receivers.append(receiver)
        x, x_value, bound, status = None, -np.inf, None, "stopped"
        open_receivers = list(receivers)

        def offer(candidate):
            nonlocal x, x_value
            value = float(cost @ np.round(candidate))
            if value > x_value:
                x, x_value = candidate, value

        try:
            while open_receivers and status == "stopped":
                left = until - time.perf_counter()
                if left <= 0:
                    break
                for receiver in multiprocessing.connection.wait(open_receivers, timeout=min(left, 0.05)):
                    try:
                        kind, payload = receiver.recv()
                    except EOFError:
                        open_receivers.remove(receiver)
                        continue
                    if kind == "solution":
                        offer(payload)
                    elif kind == "bound":
                        bound = payload if bound is None else min(bound, payload)
                    elif kind == "done":
                        open_receivers.remove(receiver)
                        child_status, final_x, final_bound = payload
                        if final_x is not None:
                            offer(final_x)
                        if final_bound is not None:
                            bound = final_bound if bound is None else min(bound, final_bound)
                        if child_status in ("optimal", "infeasible"):
                            status = child_status
                            if child_status == "optimal":
                                x, bound = final_x, final_bound
                            break
        finally:
            for child in children:
                if child.is_alive():
                    child.kill()
            for child in children:
                child.join()
            for receiver in receivers:
                receiver.close()
        if status == "infeasible":
            return Run("infeasible", None, None, None)
        full = None
        if x is not None:
            full = np.zeros(self.model.num_col)
            full[self.columns] = x
        return Run(status, full, bound, None)


def _gap_closed(run: Run, cost: np.ndarray, rel_gap: float, abs_gap: float) -> bool:
    """Whether the solution's own value is within HiGHS's gap tolerances of the reported bound."""
    if run.x is None or run.bound is None or not np.isfinite(run.bound):
        return False
    value = float(np.asarray(cost, dtype=np.float64) @ np.round(run.x))
    slack = abs_gap + rel_gap * abs(run.bound) + 1e-9 * max(1.0, abs(run.bound))
    return run.bound - value <= slack


def reachable_persons(model: Model) -> float:
    """Persons in cases with at least one allowed pair that fits: nobody else can ever be placed."""
    persons = np.zeros(len(model.case_ids))
    persons[model.col_case] = model.col_persons
    return float(persons.sum())


def places_everyone(model: Model, persons: float) -> bool:
    """Whether placing at least `persons` means placing every case that fits somewhere (persons are whole)."""
    return persons >= reachable_persons(model) - 0.5


def _child_main(problem: HighsProblem, sender, seed: int = 0) -> None:
    """In the forked child: solve, reporting improving solutions and the dual bound; never return normally."""
    try:
        highspy._core._Highs.resetGlobalScheduler(True)
        highs = problem.highs
        if seed:
            highs.setOptionValue("random_seed", seed)
        last_report = [0.0]

        def callback(callback_type, message, data_out, data_in, _):
            if callback_type == highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution:
                sender.send(("solution", np.array(data_out.mip_solution, dtype=np.float64)))
            now = time.perf_counter()
            # Only the MIP interrupt callback's dual bound is the MIP's (other callbacks leave it unset).
            if (callback_type == highspy.cb.HighsCallbackType.kCallbackMipInterrupt
                    and now - last_report[0] >= BOUND_REPORT_SECONDS and np.isfinite(data_out.mip_dual_bound)):
                last_report[0] = now
                sender.send(("bound", float(data_out.mip_dual_bound)))
            if data_in is not None and now > problem._deadline:
                data_in.user_interrupt = True

        highs.setCallback(callback, None)
        highs.startCallback(highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution)
        for kind in INTERRUPTS:
            highs.startCallback(kind)
        highs.run()
        run = problem._collect()
        x = None if run.x is None else run.x[problem.columns]
        sender.send(("done", (run.status, x, run.bound)))
        sender.close()
    finally:
        os._exit(0)


def _interrupt(callback_type, message, data_out, data_in, problem: HighsProblem) -> None:
    """HiGHS calls this now and then during a solve; past the deadline, ask it to stop."""
    if data_in is not None and time.perf_counter() > problem._deadline:
        data_in.user_interrupt = True
