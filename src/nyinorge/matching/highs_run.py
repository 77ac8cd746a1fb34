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

import contextvars
import math
import mmap
import multiprocessing
import multiprocessing.connection
import os
import time
import warnings
from collections.abc import Callable, Sequence
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
# Set by the solver while another process (the plain model, `PlainTwoStage`) uses the second core: then big MIPs run
# as this many children instead of `PORTFOLIO`.
portfolio_size: contextvars.ContextVar[int | None] = contextvars.ContextVar("portfolio_size", default=None)
# Set by the solver: a cheap check that says the answer is settled elsewhere (the plain model proved it), so running
# LPs and MIPs stop as if their deadline had passed.
stop_when: contextvars.ContextVar[Callable[[], bool] | None] = contextvars.ContextVar("stop_when", default=None)


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
        self._stop = _never
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
        matrix = model.matrix.columns(self.columns) if columns is not None else model.matrix
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
        matrix = self.model.matrix.columns(columns)
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
        starts: Sequence[bool] | None = None,
    ) -> Run:
        """Maximise `cost` (over all model columns) until the wall-clock time `until`.

        `isolate`: run a MIP in a child process (default: if it has more than `ISOLATE_COLUMNS` columns).
        `starts`: for an isolated MIP, one flag per child: whether that child gets `warm` (a start solution can
        trap HiGHS: the tight 5,000-person persons MIP reached 4,991 in 8 s without the greedy start, 4,703 with
        it), so a portfolio can run with and without it. The number of children is then len(starts).

        HiGHS's claim that a MIP is optimal is checked against the solution it hands back: HiGHS 1.16 with presolve
        and a start solution was seen to report the right optimum and bound but return the start solution's
        columns (the regression test in tests/matching/test_solver.py). Then it runs again without presolve, and
        if the claim still does not hold, the run counts as stopped (not proven).
        """
        if until <= time.perf_counter():
            # No time at all: not even a model hand-over or a fork.
            return Run("stopped", None, None, None)
        for attempt in range(2):
            if isolate is None:
                isolate = len(self.columns) > ISOLATE_COLUMNS
            split = self.integral and isolate and starts is not None and warm is not None
            self._prepare(cost, until=until, warm=None if split else warm, mip_rel_gap=mip_rel_gap,
                          mip_abs_gap=mip_abs_gap)
            if self.integral and isolate:
                run = self._run_isolated(until, warm=warm if split else None, starts=starts if split else None)
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
        self._stop = stop_when.get() or _never
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

    def _run_isolated(self, until: float, *, warm: np.ndarray | None = None,
                      starts: Sequence[bool] | None = None) -> Run:
        """Run the MIP in forked children (`Children`) until `until` or until one settles it."""
        children = Children(self, warm=warm, starts=starts)
        stop = stop_when.get()
        while not children.settled():
            left = until - time.perf_counter()
            if left <= 0 or (stop is not None and stop()):
                break
            children.poll(timeout=min(left, 0.05))
        return children.finish()

    def start(self, cost: np.ndarray, *, until: float, warm: np.ndarray | None = None, mip_rel_gap: float = 1e-6,
              mip_abs_gap: float = 1e-6, starts: Sequence[bool] | None = None) -> Children:
        """Start the MIP in forked children and return at once: the caller works meanwhile, polls and finishes
        them (`Children`); the children stop by themselves at `until`."""
        split = starts is not None and warm is not None
        self._prepare(cost, until=until, warm=None if split else warm, mip_rel_gap=mip_rel_gap,
                      mip_abs_gap=mip_abs_gap)
        return Children(self, warm=warm if split else None, starts=starts if split else None)


class Children:
    """A MIP running in `PORTFOLIO` forked children, each with its own HiGHS random seed.

    Keeps the best solution any child reported and the least dual bound (each child solves the same MIP, so
    each bound is a true bound); a child that proves optimality or infeasibility settles the run for all.
    With `starts`, child i gets `warm` as its start solution iff starts[i] (children without it fork first:
    HiGHS keeps a start solution once set).
    """

    def __init__(self, problem: HighsProblem, *, warm: np.ndarray | None = None,
                 starts: Sequence[bool] | None = None):
        self.problem = problem
        context = multiprocessing.get_context("fork")
        self._cost = problem._cost
        self._children, self._receivers = [], []
        count = portfolio_size.get() or PORTFOLIO
        if starts is None:
            plan = [(seed, False) for seed in range(count)]
        else:
            # Fewer children than starts (another process has the second core): keep those with the start,
            # the plain model beside them runs without one.
            plan = sorted(enumerate(starts), key=lambda item: item[1])[-count:]
        with warnings.catch_warnings():
            # The other threads are idle BLAS workers; the child uses neither them nor any lock they hold, and it
            # resets HiGHS's scheduler before solving.
            warnings.filterwarnings("ignore", message=".*use of fork\\(\\) may lead to deadlocks", category=DeprecationWarning)
            for seed, start in plan:
                if start and warm is not None:
                    problem.highs.setSolution(len(problem.columns), problem.positions,
                                              np.asarray(warm, dtype=np.float64)[problem.columns])
                    warm = None
                receiver, sender = context.Pipe(duplex=False)
                child = context.Process(target=_child_main, args=(problem, sender, seed), daemon=True)
                child.start()
                sender.close()
                self._children.append(child)
                self._receivers.append(receiver)
        self._open = list(self._receivers)
        self.x, self._x_value, self.bound, self.status = None, -np.inf, None, "stopped"

    def settled(self) -> bool:
        """Whether a child proved optimality or infeasibility, or every child has ended."""
        return self.status != "stopped" or not self._open

    def _offer(self, candidate) -> None:
        value = float(self._cost @ np.round(candidate))
        if value > self._x_value:
            self.x, self._x_value = candidate, value

    def poll(self, timeout: float = 0.0) -> None:
        """Take in what the children reported (waiting up to `timeout` seconds for something)."""
        if self.settled():
            return
        for receiver in multiprocessing.connection.wait(self._open, timeout=timeout):
            try:
                kind, payload = receiver.recv()
            except EOFError:
                self._open.remove(receiver)
                continue
            if kind == "solution":
                self._offer(payload)
            elif kind == "bound":
                self.bound = payload if self.bound is None else min(self.bound, payload)
            elif kind == "done":
                self._open.remove(receiver)
                child_status, final_x, final_bound = payload
                if final_x is not None:
                    self._offer(final_x)
                if final_bound is not None:
                    self.bound = final_bound if self.bound is None else min(self.bound, final_bound)
                if child_status in ("optimal", "infeasible"):
                    self.status = child_status
                    if child_status == "optimal":
                        self.x, self.bound = final_x, final_bound
                    return

    def best(self) -> np.ndarray | None:
        """The best solution so far, over all model columns."""
        if self.x is None:
            return None
        full = np.zeros(self.problem.model.num_col)
        full[self.problem.columns] = self.x
        return full

    def finish(self) -> Run:
        """Kill the children (if still running) and return what they found."""
        self.poll()
        for child in self._children:
            if child.is_alive():
                child.kill()
        for child in self._children:
            child.join()
        for receiver in self._receivers:
            receiver.close()
        if self.status == "infeasible":
            return Run("infeasible", None, None, None)
        return Run(self.status, self.best(), self.bound, None)


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


def value_tie_break(model: Model) -> float:
    """Weight of value in a persons MIP: all value together is worth at most 0.2 persons, so the MIP's bound
    rounded down still bounds the persons, and within 0.7 of it the persons are optimal."""
    best = np.zeros(len(model.case_ids))
    np.maximum.at(best, model.col_case, model.col_value)
    return 0.2 / (1.0 + float(best.sum()))


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
    """HiGHS calls this now and then during a solve; past the deadline (or when told to stop), ask it to stop."""
    if data_in is not None and (time.perf_counter() > problem._deadline or problem._stop()):
        data_in.user_interrupt = True


def _never() -> bool:
    return False


class PlainTwoStage:
    """The plain two-stage model as a portfolio member: one forked child runs HiGHS on the full model, first the
    most persons, then the most value with at least that many placed (no start solution, no column fixing).

    Issue 19: on 300 cases × 356 municipalities with half of them allowed per case (~53,000 columns), this plain
    model proved 497.52 optimal in 48.9 s where the engine stopped at 493.34; the solver runs it beside the
    engine where that can happen (`solver._plain_member_fits`) and keeps the better answer.

    The child shares an anonymous memory map with the parent instead of a pipe: the parent is busy with its own
    steps and would not drain a pipe, and a killed child must not leave a half-written solution. The child writes
    each improving solution into the slot not in use, then flips the slot index; the parent reads after killing it.
    """

    # Header slots (float64): which solution slot is valid (-1 none), persons bound, value bound, the persons level
    # that value bound holds for, stage-1 proven, stage-2 proven (at that level), and how many solution writes
    # have begun (a reader that sees it change while copying a slot copies again).
    _HEADER = 7

    def __init__(self, model: Model, *, until: float, stage_one_until: float | None = None):
        """Fork the child now; it stops itself at `until` (the parent also kills it in `finish`). Stage 1 stops
        at `stage_one_until` (default `until`) if it has not proven its level by then but has a solution, like
        the peers' plain model, which gives stage 1 at most half the time left (without a solution it goes on:
        the parent merges whatever it has at the deadline)."""
        self.model = model
        n = model.num_col
        self._memory = mmap.mmap(-1, 8 * (self._HEADER + 2 * n))
        self._header = np.frombuffer(self._memory, dtype=np.float64, count=self._HEADER)
        self._header[:] = (-1.0, math.inf, math.inf, -1.0, 0.0, 0.0, 0.0)
        self._slots = np.frombuffer(self._memory, dtype=np.float64, offset=8 * self._HEADER).reshape(2, n)
        problem = HighsProblem(model, integral=True)
        context = multiprocessing.get_context("fork")
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*use of fork", category=DeprecationWarning)
            self._child = context.Process(target=_plain_main,
                                          args=(problem, self, until, stage_one_until or until), daemon=True)
            self._child.start()

    def proven(self) -> bool:
        """Whether the child has proven both stages (cheap; called from HiGHS callbacks)."""
        return bool(self._header[4] and self._header[5])

    def stage_one_done(self) -> bool:
        """Whether the child's first stage has ended (it now maximises value at its level), or the child has."""
        return self._header[3] >= 0 or not self._child.is_alive()

    def persons_bound(self) -> float:
        """The persons bound the child has proven so far (inf if none)."""
        return float(self._header[1])

    def current(self) -> np.ndarray | None:
        """The child's best solution so far (a consistent copy, or None), without stopping it."""
        for _ in range(5):
            writes, slot = self._header[6], int(self._header[0])
            if slot < 0:
                return None
            x = self._slots[slot].copy()
            if self._header[6] == writes:
                return x
        return None

    def finish(self) -> tuple[np.ndarray | None, float, float, float, bool]:
        """Kill the child; (best solution or None, persons bound, value bound, level it holds for, proven)."""
        if self._child.is_alive():
            self._child.kill()
        self._child.join()
        slot = int(self._header[0])
        x = None if slot < 0 else self._slots[slot].copy()
        persons_bound, value_bound, level = float(self._header[1]), float(self._header[2]), float(self._header[3])
        proven = self.proven()
        if proven and x is not None:
            # HiGHS's claim is checked against the solution it handed back (see HighsProblem.run).
            claimed = Run("optimal", x, value_bound, None)
            proven = _gap_closed(claimed, self.model.col_value, 1e-6, 1e-6)
        return x, persons_bound, value_bound, level, proven

    def _offer(self, x: np.ndarray) -> None:
        """In the child: keep `x` if it places more persons, or as many with more value, than the kept one."""
        model = self.model
        x = np.round(x)
        slot = int(self._header[0])
        if slot >= 0:
            kept = self._slots[slot]
            more = model.col_persons @ x - model.col_persons @ kept
            if more < -0.5 or (more < 0.5 and model.col_value @ x <= model.col_value @ kept):
                return
        target = 1 - max(slot, 0) if slot >= 0 else 0
        self._header[6] += 1
        self._slots[target] = x
        self._header[0] = target


def _plain_main(problem: HighsProblem, plain: PlainTwoStage, until: float, stage_one_until: float) -> None:
    """In the forked child: both stages of the plain model; every improving solution goes to the shared map."""
    try:
        highspy._core._Highs.resetGlobalScheduler(True)
        model = problem.model
        highs = problem.highs
        problem._stop = _never
        stage = [1]

        def callback(callback_type, message, data_out, data_in, _):
            if callback_type == highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution:
                plain._offer(np.array(data_out.mip_solution, dtype=np.float64))
            # Only the MIP interrupt callback's dual bound is the MIP's (other callbacks leave it unset).
            if (callback_type == highspy.cb.HighsCallbackType.kCallbackMipInterrupt
                    and math.isfinite(data_out.mip_dual_bound)):
                if stage[0] == 1:
                    plain._header[1] = min(plain._header[1], math.floor(data_out.mip_dual_bound + 1e-6))
                else:
                    plain._header[2] = min(plain._header[2], data_out.mip_dual_bound)
            # Stage 1 stops at its own time only once it has a solution: a stage 2 without a level is worthless,
            # and the parent merges whatever the child found by the deadline.
            now = time.perf_counter()
            if data_in is not None and (now > until or (stage[0] == 1 and now > stage_one_until
                                                         and plain._header[0] >= 0)):
                data_in.user_interrupt = True

        highs.setCallback(callback, None)
        highs.startCallback(highspy.cb.HighsCallbackType.kCallbackMipImprovingSolution)
        for kind in INTERRUPTS:
            highs.startCallback(kind)
        # Persons alone, as the peers' plain model: a value tie-break (`value_tie_break`) gives stage 2 a better
        # start, but it slows the first stage where persons are scarce (tight 5,000 persons, this child alone at
        # load ~4: 4,991 after 6 s without it, 4,985 after 10 s with it). Persons are whole: within 0.7 of the
        # bound they are optimal. Stage 2 here and the engine's own stage 2 then work on value.
        problem._prepare(model.col_persons, until=until, warm=None, mip_rel_gap=0.0, mip_abs_gap=0.7)
        highs.run()
        first = problem._collect()
        if first.x is None:
            return
        plain._offer(first.x)
        level = float(np.round(model.col_persons @ first.x))
        if first.bound is not None and math.isfinite(first.bound):
            plain._header[1] = min(plain._header[1], max(level, math.floor(first.bound + 1e-6)))
        plain._header[4] = float(first.status == "optimal" or plain._header[1] <= level)
        problem.persons_at_least(level)
        problem._prepare(model.col_value, until=until, warm=np.round(first.x), mip_rel_gap=1e-6, mip_abs_gap=1e-6)
        # The value bound below is for assignments placing at least `level`.
        plain._header[3] = level
        stage[0] = 2
        highs.run()
        second = problem._collect()
        if second.x is not None:
            plain._offer(second.x)
        if second.bound is not None and math.isfinite(second.bound):
            plain._header[2] = min(plain._header[2], second.bound)
        plain._header[5] = float(second.status == "optimal")
    finally:
        os._exit(0)
