"""Exact lexicographic assignment with HiGHS: first as many persons as possible, then the most value.

Two stages rather than one weighted objective: a weight large enough to be exact would swamp the values in
the solver's relative tolerances. The README ("The solver") walks through the steps; in short:

Stage 1 (persons). Upper bound: the persons in cases that fit somewhere at all; if not even the LP can place
them all, the persons LP's bound, recomputed from its duals (`bounds.py`) and rounded down. A solution at the
bound proves stage 1: from the greedy start, the rounded value LP at that level (`_lp_rounding`), or an
LP-guided sub-MIP. Failing those, a persons MIP (stopping within one person of its bound), or on big models a
neighbourhood search that moves persons in.

Stage 2 (value, at least P placed; "every case that fits is placed" when P is everybody, which HiGHS
propagates far better than one long persons row):
1. The value LP (by column generation above `COLUMN_GENERATION_ABOVE` columns, with an elastic persons row)
   gives via `bounds.py` a proven bound L and, per column j, a proven bound on any assignment using j. Models
   above `LARGE_MODEL_COLUMNS` skip the LPs and take L from subgradient prices (proven all the same).
   Up to `KNAPSACK_BOUND_COLUMNS` columns, the knapsack Lagrangian (`lagrangian.py`: each municipality's
   capacities kept whole, started from the LP's prices) tightens L further; its packings are kept as a guide.
2. Incumbents: the LP rounded greedily; a sub-MIP guided by both relaxations (the LP's columns, the columns the
   knapsack packings used, the incumbent's, and the columns with the highest bound).
3. Column fixing: columns whose bound is below the incumbent cannot be in a better assignment and are dropped.
   If every column left was in the sub-MIP and it was solved to optimality, that is the optimum. Otherwise a
   final MIP on the columns left (warm-started) — or, above `FINAL_MIP_COLUMNS` columns, where HiGHS would not
   get past its root in time, a large-neighbourhood search improves the incumbent until the deadline.
The reported bound is min(L, knapsack bound, max(last MIP's bound, best bound of a dropped column, value found)):
proven.

Fast path (`network`): when persons is the only resource and every case is one person, every coefficient is 1
and the rows are two laminar families of column sets — the case rows (a partition) and, on the municipality
side, total ⊇ municipality ⊇ (municipality, category). Such a matrix is totally unimodular (Edmonds & Giles),
and all bounds are whole numbers (capacities are rounded down, minimum fills up, the stage-1 optimum is whole),
so every vertex of the LP is integral: simplex on the LP relaxation returns an optimal assignment, and its
objective is also the proven bound. The result is still checked for integrality, and the MIP takes over if
numerics ever spoil it.

Time: every step gets a share of the time left; 2 % of the limit (at most 0.5 s) is kept back; HiGHS runs
under a hard deadline (`highs_run.py`: interrupt callbacks; big MIPs in a child process killed at the deadline).
"""

from __future__ import annotations

import logging
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nyinorge.matching.bounds import best_columns, lagrangian_bound, subgradient_bound
from nyinorge.matching.check import check
from nyinorge.matching.greedy import greedy_columns
from nyinorge.matching.highs_run import (
    ISOLATE_COLUMNS,
    HighsProblem,
    PlainTwoStage,
    Run,
    places_everyone,
    portfolio_size,
    reachable_persons,
    stop_when,
    value_tie_break,
)
from nyinorge.matching.instance import Instance, InvalidInstance, Result, instance_problems, validated
from nyinorge.matching.model import Model, model_build

METHODS = ("auto", "mip", "flow")
log = logging.getLogger(__name__)
INTEGRALITY_TOLERANCE = 1e-6
# Absorbs floating-point error before a persons bound is rounded down to a whole number.
BOUND_SLACK = 1e-6
# Kept back from the time limit for checking and packaging the result.
RESERVE_SECONDS = 0.05
# Models with more columns than this skip the LPs (too slow within a typical limit on a shared 2-core machine):
# stage 1 keeps the greedy level, stage 2 is bounded by subgradient prices.
LARGE_MODEL_COLUMNS = 150_000
# ... but only with many cases too (or four times the columns): the LP's size is in its rows and in the columns column
# generation prices in, so few cases with many places each (the dense family at 5,000 persons: 1,983 cases,
# ~250,000 columns) still get their LPs; 40,000 persons (15,905 cases) do not.
LARGE_MODEL_CASES = 6_000
# A neighbourhood frees the cases in at most this many of one case's places (a dense case may go to 178: freeing
# all of them would free nearly everybody).
NEIGHBOURHOOD_MUNICIPALITIES = 24
# Beyond this many columns left after fixing, a neighbourhood search replaces the final MIP.
FINAL_MIP_COLUMNS = 15_000
NEIGHBOURHOOD_SEEDS = 1
# Value LPs over more columns than this are solved by column generation from this many columns per case.
COLUMN_GENERATION_ABOVE = 20_000
START_COLUMNS_PER_CASE = 3
ENTERING_PER_CASE = 3
# Columns beyond the LP's own that each round of sub-MIP gets, per case, and its share of the time left.
SUB_MIP_ROUNDS = ((1.5, 0.3),)
# Share of the time left for the sub-MIP that settles stage 1 (and is stage 2's first incumbent). HiGHS improves
# its incumbent in jumps that a neighbourhood search does not match: on the 5,000-person instance the same
# sub-MIP was at 1802.0 after 7 s and 1819.8 after 15 s, while neighbourhood search from 1803.9 reached 1808.5
# in 16 s.
STAGE_ONE_SUB_MIP_SHARE = 0.6
# The knapsack Lagrangian (`lagrangian.py`): its share of the time left after the sub-MIP, and the largest model it
# runs on (one step prices every municipality's knapsack; at 340,000 columns a step took ~2 s here).
KNAPSACK_SHARE = 0.15
KNAPSACK_BOUND_COLUMNS = LARGE_MODEL_COLUMNS
# At most this many subgradient steps, so that on a machine with time to spare the packings (and so the sub-MIP
# they guide) do not depend on timing; the bound gains little after that (5,000 persons: 1821.60 after 75 steps,
# 1821.56 after 150).
KNAPSACK_MAX_STEPS = 80
# Importing numba and loading the compiled knapsack from its disk cache takes ~0.75 s once per process (compiling it
# on a fresh install ~2.6 s): with less time than this left, a step skips the knapsack rather than overrun. The
# import stays off the path of code, such as Django's start-up, that imports the solver but may never solve.
KNAPSACK_LOAD_SECONDS = 3.0
# Rough costs per model column (2-core machine, measured at 5,000 and 40,000 persons), so that a step that cannot
# end before the deadline does not start: an LP (the value LP by column generation or the persons LP took ~0.5 s
# at 41,000 columns), a few subgradient steps, and rounding an LP solution (a Python loop over the cases).
LP_SECONDS_PER_COLUMN = 1.5e-5
SUBGRADIENT_SECONDS_PER_COLUMN = 3e-7
ROUNDING_SECONDS_PER_COLUMN = 1.5e-6
# ... and per case (its loop is per case: settling 5,000 persons at 2 s, load 3.6, 1,983 cases took 0.35 s and
# ended past the deadline, where the per-column figure allowed 0.06 s).
ROUNDING_SECONDS_PER_CASE = 1e-4
# A MIP given less than this per column (forking, handing the model over, presolve) would find nothing.
MIP_SECONDS_PER_COLUMN = 5e-6
# The plain two-stage model runs beside the engine (`_plain_member_fits`) on models up to this many columns and
# cases.
PLAIN_MIP_COLUMNS = 80_000
PLAIN_MIP_CASES = 1_000


def solve(instance: Instance, *, time_limit: float = 60.0, method: str = "auto",
          started: float | None = None) -> Result:
    """Assign cases to municipalities: max persons, then max value; exact unless the time limit cuts it.

    `started`: the `time.perf_counter()` reading the time limit counts from (default: now); the command line
    passes its own start, so reading and checking the instance count against the limit too.
    """
    started = time.perf_counter() if started is None else started
    problems = [] if validated(instance) else instance_problems(instance=instance)
    if method not in METHODS:
        problems.append(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    if not (isinstance(time_limit, int | float) and time_limit > 0):
        problems.append(f"time limit must be a positive number of seconds, not {time_limit!r}")
    if problems:
        raise InvalidInstance(problems)
    model = model_build(instance=instance)
    deadline = started + time_limit - _reserve(time_limit, model)
    if method == "flow" or (method == "auto" and model.network):
        if not model.network:
            raise InvalidInstance(["the flow method needs one-person cases and persons as the only resource"])
        outcome = _solve_flow(instance, model, deadline)
        if outcome is not None:
            return _finish(instance, started, *outcome, model=model)
    outcome = _solve_mip(instance, model, deadline)
    return _finish(instance, started, *outcome, model=model)


def _reserve(time_limit: float, model: Model) -> float:
    """Seconds kept back from the limit for killing MIP children, checking, packaging and printing the result.

    2 % of the limit (at most 0.5 s) plus what checking and writing the answer costs per case (measured
    ~6 µs per case for both, doubled for a loaded machine), but never more than a third of the limit.
    """
    return min(time_limit / 3, min(0.02 * time_limit, 0.5) + 0.02 + 12e-6 * len(model.case_ids))


def _solve_flow(instance: Instance, model: Model, deadline: float):
    """The network fast path: LP relaxations only; None if a vertex came out fractional (then the MIP runs)."""
    nobody = {case_id: None for case_id in model.case_ids}
    if model.num_col == 0:
        return _empty(instance, model)
    lp = HighsProblem(model, integral=False)
    first = lp.run(model.col_persons, until=_share(deadline, 0.5))
    if first.status == "infeasible":
        return nobody, 0.0, "infeasible", _infeasible_message(instance), 0
    if first.status != "optimal" or not _integral(first.x):
        return None
    persons = float(np.round(model.col_persons @ first.x))
    lp.persons_at_least(persons)
    second = lp.run(model.col_value, until=_share(deadline, 1.0))
    if second.status != "optimal" or not _integral(second.x):
        return None
    return _assignment(model, second.x), second.bound, "proven", "", int(persons)


def _solve_mip(instance: Instance, model: Model, deadline: float, *, greedy_start: bool = True,
               sub_mip: bool = True, plain: bool | None = None):
    """The engine (both stages as in the module docstring) and, where it fits, the plain model beside it;
    return (assignment, bound, state, message, persons bound).

    state is "proven" (optimal), "stopped" (time limit) or "infeasible". Tests switch off the greedy start,
    the sub-MIP and the plain member (`plain`: default by `_plain_member_fits`) to drive the other paths.
    """
    if model.num_col == 0:
        return _empty(instance, model)
    portfolio = _Portfolio(model, deadline, allowed=plain is not False)
    if plain or (plain is None and _plain_member_fits(model)):
        portfolio.start()
    try:
        x, bound, state, message, persons_bound = _engine(instance, model, deadline, greedy_start=greedy_start,
                                                          sub_mip=sub_mip, portfolio=portfolio)
    finally:
        found = portfolio.close()
    log.debug("engine done: %s", state)
    if found is not None:
        x, bound, state, message, persons_bound = _merge_plain(model, (x, bound, state, message, persons_bound),
                                                               found)
    if x is None:
        return {case_id: None for case_id in model.case_ids}, 0.0, state, message, persons_bound
    return _assignment(model, x), bound, state, message, persons_bound


class _Portfolio:
    """The plain two-stage model beside the engine (`highs_run.PlainTwoStage`), started at once where it fits
    (`_plain_member_fits`) or when the engine finds that not everybody can be placed (`_engine`)."""

    def __init__(self, model: Model, deadline: float, *, allowed: bool = True):
        self.model, self.deadline, self.allowed = model, deadline, allowed
        self.member: PlainTwoStage | None = None
        self._tokens: list = []

    def start(self) -> PlainTwoStage | None:
        """Fork the plain model (once; None if not allowed). Its first stage gets half the time left, as in
        the peers' plain model (`bench/_peers.py`); then it maximises value at its level until the deadline."""
        if self.member is None and self.allowed:
            self.member = PlainTwoStage(self.model, until=self.deadline - RESERVE_SECONDS,
                                        stage_one_until=_share(self.deadline, 0.5))
            # The plain model takes the second core: the engine's big MIPs run one child, and stop once the plain
            # model has proven the optimum.
            self._tokens = [portfolio_size.set(1), stop_when.set(self.member.proven)]
        return self.member

    def cancel(self) -> None:
        """Stop a member started on a guess (the engine settles stage 1 itself after all); it found nothing the
        engine needs."""
        if self.member is not None:
            self.close()
            self.member = None

    def close(self):
        """Stop the plain model; what it found (`PlainTwoStage.finish`) or None."""
        for token in reversed(self._tokens):
            token.var.reset(token)
        self._tokens = []
        return self.member.finish() if self.member is not None else None


def _plain_member_fits(model: Model) -> bool:
    """Whether the plain two-stage model runs beside the engine: on few cases with many allowed places each.

    There HiGHS on the full model gets through its root and branches (300 cases × ~178 allowed: proven optimal
    in 48.9 s, where the engine's column-based steps stopped short), while on many cases with few places each
    (5,000 persons ≈ 2,000 cases × ~22) it falls far behind the engine (1410.6 against 1819.5 at 30 s) and would
    only take the engine's second core. Tiny models need no second process: the engine proves them in
    milliseconds.
    """
    cases = len(model.case_ids)
    return (ISOLATE_COLUMNS < model.num_col <= PLAIN_MIP_COLUMNS and cases <= PLAIN_MIP_CASES)


def _merge_plain(model: Model, engine: tuple, found: tuple) -> tuple:
    """The better answer (persons, then value) of the engine and the plain model, with the tightest true bounds.

    A value bound proven for assignments placing at least P holds for any answer placing P or more, so the
    reported bound is the least of the bounds proven for levels at or below the answer's persons.
    """
    x, bound, state, message, persons_bound = engine
    plain_x, plain_persons_bound, plain_bound, plain_level, plain_proven = found
    if math.isfinite(plain_persons_bound):
        persons_bound = plain_persons_bound if persons_bound is None else min(persons_bound, plain_persons_bound)
    if plain_x is None or state == "infeasible":
        return x, bound, state, message, persons_bound
    engine_persons = -1.0 if x is None else float(model.col_persons @ x)
    best = plain_x if x is None else _better(model, x, plain_x)
    persons = float(model.col_persons @ best)
    bounds = [math.inf]
    if x is not None and engine_persons <= persons + 0.5 and bound is not None:
        bounds.append(bound)
    if plain_level >= 0 and plain_level <= persons + 0.5:
        bounds.append(plain_bound)
    bound = min(bounds)
    if plain_proven and persons >= plain_level - 0.5 and float(model.col_value @ best) >= plain_bound - _tolerance(
            plain_bound) - 1e-6 * max(1.0, abs(plain_bound)):
        log.debug("the plain model proved the optimum: %s", float(model.col_value @ best))
        return best, bound, "proven", "", persons
    if best is not x:
        log.debug("the plain model's answer is better: %s persons, value %s", persons, float(model.col_value @ best))
    value = float(model.col_value @ best)
    if persons_bound is not None and persons >= persons_bound - 0.5 and value >= bound - 1e-6 * max(1.0, abs(bound)):
        # One member's answer meets the other's bound (dense 500 persons: the plain model's value was the engine's
        # final MIP's bound): both objectives are proven.
        return best, bound, "proven", "", persons_bound
    return best, bound, state, message, persons_bound


def _engine(instance: Instance, model: Model, deadline: float, *, greedy_start: bool = True, sub_mip: bool = True,
            portfolio: _Portfolio | None = None):
    """The engine's two stages; (column vector or None, bound, state, message, persons bound)."""
    upper = reachable_persons(model)
    warm = _warm_start(instance, model, deadline) if greedy_start else None
    greedy_x = warm
    placed = float(model.col_persons @ warm) if warm is not None else -1.0
    log.debug("greedy places %s of %s persons who fit somewhere", placed, upper)
    guessed = False
    if (portfolio is not None and portfolio.member is None and placed < upper - 0.5 and not _large(model)
            and ISOLATE_COLUMNS < model.num_col <= PLAIN_MIP_COLUMNS and _time_for(model, deadline,
                                                                                  MIP_SECONDS_PER_COLUMN)):
        # Not everybody is placed yet: if the value LP below cannot place everybody either, a persons stage is
        # needed, and there the plain model's persons MIP without a start is strong (issue 19, tight 5,000
        # persons: plain HiGHS placed 4,989 at 30 s, the engine of the time 4,941 under load). It starts now, on
        # the second core beside the LP, and is stopped if the LP places everybody.
        guessed = portfolio.start() is not None
    relaxation = sub = None
    incumbent = None
    if placed >= upper - 0.5:
        incumbent, persons, persons_proven = warm, placed, True
    elif warm is not None and not _time_for(model, deadline, LP_SECONDS_PER_COLUMN):
        # No time left for an LP over this model (a short limit on a big instance): greedy's level, and stage 2
        # does what it still can.
        incumbent, persons, persons_proven = warm, placed, False
    elif _large(model) and warm is not None:
        # Too big for LPs within the time here: the greedy level, bounded by Lagrangian prices (stage 2).
        incumbent, persons, persons_proven = warm, placed, False
    else:
        # Optimistic first: can everybody who fits be placed? If the value LP at that level exists, a sub-MIP
        # guided by it settles stage 1 if it finds a solution, and is a good start for stage 2. If not even the LP
        # can place everybody, the persons LP's proven bound caps stage 1, and a persons MIP (with a value
        # tie-break, with and without the greedy start) climbs towards it — no sub-MIP is made to demand a level
        # that may not exist (on the tight 5,000-person instance one ran 14 s and found nothing).
        relaxation = _value_relaxation(model, upper, until=_share(deadline, 0.5), start_with=warm)
        if relaxation is not None and guessed:
            portfolio.cancel()
        if relaxation is None and warm is not None and not _time_for(model, deadline, LP_SECONDS_PER_COLUMN):
            incumbent, persons, persons_proven = warm, placed, False
        elif relaxation is None:
            lowered, x_persons = _persons_bound(model, upper, until=_share(deadline, 0.3))
            if lowered is None:
                return None, 0.0, "infeasible", _infeasible_message(instance), 0
            rounded = None if x_persons is None or not _time_to_round(model, deadline) else _lp_rounding(model,
                                                                                                     x_persons)
            if rounded is not None and model.col_persons @ rounded > placed + 0.5:
                warm, placed = rounded, float(model.col_persons @ rounded)
            log.debug("persons bound %s; best start places %s", lowered, placed)
            upper = min(upper, lowered)
            if placed >= upper - 0.5:
                incumbent, persons, persons_proven = warm, placed, True
        if incumbent is None and relaxation is not None:
            rounded = _lp_rounding(model, relaxation.run.x)
            log.debug("LP rounding places %s", None if rounded is None else model.col_persons @ rounded)
            if rounded is not None and model.col_persons @ rounded >= upper - 0.5:
                incumbent, persons, persons_proven = rounded, upper, True
            elif rounded is not None and model.col_persons @ rounded > placed + 0.5:
                warm, placed = rounded, float(model.col_persons @ rounded)
        if incumbent is None and relaxation is not None and sub_mip and _time_for(model, deadline,
                                                                                  MIP_SECONDS_PER_COLUMN):
            _add_knapsack(model, relaxation, upper, until=_share(deadline, KNAPSACK_SHARE))
            sub = _sub_mip(model, relaxation, None, upper, until=_share(deadline, STAGE_ONE_SUB_MIP_SHARE))
            if sub.run.x is not None:
                incumbent, persons, persons_proven = np.round(sub.run.x), upper, True
        if incumbent is None:
            stage1 = _stage_persons(instance, model, deadline, warm, upper,
                                    member=None if portfolio is None else portfolio.member)
            if isinstance(stage1, str):
                state = "infeasible" if stage1 == _infeasible_message(instance) else "stopped"
                return None, 0.0, state, stage1, (0 if state == "infeasible" else int(upper))
            incumbent, persons, persons_proven, upper = stage1
    persons_bound = int(round(persons)) if persons_proven else int(round(upper))
    fallback = None
    if relaxation is not None and relaxation.lp and persons < reachable_persons(model) - 0.5:
        # That LP was for a higher level; its prices still bound the value at the level reached (weaker).
        fallback, relaxation, sub = _rebound(model, relaxation, persons), None, None
    best, bound, value_proven = _stage_value(model, deadline, incumbent, persons, relaxation=relaxation, sub=sub,
                                             sub_mip=sub_mip, fallback=fallback)
    # Never worse than the caseworker baseline: at least greedy's persons, and at greedy's level at least its
    # value (`_better` is exactly that order). The bound stays true: it holds for every level >= persons.
    if greedy_x is not None:
        best = _better(model, best, greedy_x)
    if persons_proven and value_proven:
        return best, bound, "proven", "", persons_bound
    if not persons_proven:
        message = ("stopped at the time limit before proving that no more persons can be placed; the bound "
                   "and gap are for the persons placed, persons_bound for the first objective")
    else:
        message = "stopped at the time limit; the bound and gap say how far from optimal it may be"
    return best, bound, "stopped", message, persons_bound


def _persons_bound(model: Model, upper: float, *, until: float) -> tuple[float | None, np.ndarray | None]:
    """(the persons LP's proven bound rounded down, persons being whole; its solution); (None, None) if even the
    LP is infeasible. Interior point: this LP is highly degenerate, and the bound needs duals, not a vertex."""
    lp = HighsProblem(model, integral=False, interior=True)
    relaxed = lp.run(model.col_persons, until=until)
    log.debug("persons LP: %s, %s", relaxed.status, relaxed.bound)
    if relaxed.status == "infeasible":
        return None, None
    if relaxed.status != "optimal":
        return upper, relaxed.x
    proven = lagrangian_bound(model, cost=model.col_persons, row_dual=relaxed.row_dual, row_lower=lp.row_lower,
                              row_upper=lp.row_upper)
    return float(min(upper, math.floor(proven.bound + BOUND_SLACK))), relaxed.x


def _stage_persons(instance: Instance, model: Model, deadline: float, warm: np.ndarray | None, upper: float, *,
                   member: PlainTwoStage | None = None):
    """(incumbent, persons placed, proven maximal, persons bound) or, if nothing feasible was found, a message.

    A portfolio: a persons MIP without a start solution in a child process (issue 19: on the tight 5,000-person
    instance it reached 4,991 in 8 s without the greedy start, 4,703 with it) while this process moves persons
    in from the start by neighbourhood search; the better answer is kept. The MIP's objective is persons plus a
    value tie-break worth less than one person in all, so its bound, rounded down, still bounds the persons, and
    among equal persons it prefers value (a better start for stage 2). When the plain model runs beside the
    engine it already is that MIP: then only the search runs here. Small models: the MIP in-process, from the start.
    """
    placed = float(model.col_persons @ warm) if warm is not None else -1.0
    weighted = model.col_persons * (1.0 + 2.0 * float(model.col_value.max())) + model.col_value
    until = _share(deadline, 0.35 if _large(model) else 0.5)
    if member is not None:
        # The plain model's first stage is the persons MIP: wait for it, leaving it the CPU (on a shared machine a
        # search here took CPU from it: tight 5,000 persons at 30 s, load 6, it had nothing after 17 s, alone
        # 4,985 after 10 s); search only if it has found nothing by then.
        while not member.stage_one_done() and time.perf_counter() < until:
            time.sleep(0.02)
        theirs = member.current()
        if theirs is None and warm is not None:
            warm = _neighbourhood_search(model, warm, placed, until=_share(deadline, 0.3), cost=weighted,
                                         stop=lambda: member.current() is not None)
            theirs = member.current()
        if theirs is not None and _feasible(model, theirs):
            warm = np.round(theirs) if warm is None else _better(model, warm, theirs)
        if warm is None:
            return "no feasible assignment was found within the time limit (infeasibility not proven)"
        if math.isfinite(member.persons_bound()):
            upper = min(upper, member.persons_bound())
        reached = float(np.round(model.col_persons @ warm))
        log.debug("persons stage: the plain model's first stage %s, the search %s; kept %s",
                  None if theirs is None else model.col_persons @ theirs, placed, reached)
        return warm, reached, reached >= upper - 0.5, max(upper, reached)
    if warm is not None and (_large(model) or portfolio_size.get() is not None):
        # Persons first, value as the tie-break (each move is also checked lexicographically by _better).
        warm = _neighbourhood_search(model, warm, placed, until=until, cost=weighted)
        reached = float(np.round(model.col_persons @ warm))
        return warm, reached, reached >= upper - 0.5, upper
    mip = HighsProblem(model, integral=True)
    cost = model.col_persons + value_tie_break(model) * model.col_value
    # Persons are whole and the tie-break adds less than 0.25: an incumbent within 0.7 of the bound places as many
    # persons as any assignment can.
    if warm is not None and model.num_col > ISOLATE_COLUMNS and (
            until - time.perf_counter() >= MIP_SECONDS_PER_COLUMN * model.num_col):
        children = mip.start(cost, until=until, mip_rel_gap=0.0, mip_abs_gap=0.7)

        def settled() -> bool:
            children.poll()
            return children.settled()

        warm = _neighbourhood_search(model, warm, placed, until=until, cost=weighted, stop=settled)
        while not children.settled() and time.perf_counter() < until:
            children.poll(timeout=min(0.05, until - time.perf_counter()))
        run = children.finish()
    else:
        run = mip.run(cost, until=until, warm=warm, mip_rel_gap=0.0, mip_abs_gap=0.7)
    log.debug("persons MIP: %s, bound %s, persons %s; search from the start: %s", run.status, run.bound,
              None if run.x is None else model.col_persons @ run.x, None if warm is None else model.col_persons @ warm)
    if run.status == "infeasible":
        return _infeasible_message(instance)
    if run.x is not None:
        warm = run.x if warm is None else _better(model, warm, run.x)
    if warm is None:
        return "no feasible assignment was found within the time limit (infeasibility not proven)"
    placed = float(np.round(model.col_persons @ warm))
    if run.bound is not None and math.isfinite(run.bound):
        upper = min(upper, math.floor(run.bound + BOUND_SLACK))
    upper = max(upper, placed)
    return np.round(warm), placed, run.status == "optimal" or placed >= upper - 0.5, upper


@dataclass
class _Relaxation:
    run: Run  # the optimal LP at the persons level (or, if not lp, the Lagrangian's relaxed choice)
    bound: float  # proven L(π)
    column_bound: np.ndarray  # proven, per column
    lp: bool = True
    reduced: np.ndarray | None = None
    prices: np.ndarray | None = None  # the row prices behind the bound (HiGHS's sign), to start other relaxations
    # The knapsack Lagrangian at the same persons level (`_add_knapsack`): its proven bound, and every column that
    # any of its packings used (they guide the sub-MIP).
    knapsack: float = math.inf
    packed: np.ndarray | None = None


def _subgradient_relaxation(model: Model, persons: float, best: np.ndarray, *, until: float) -> _Relaxation:
    """When the LP did not finish in time: prices by subgradient steps; the bounds are proven all the same."""
    lower = model.row_lower.copy()
    lower[model.total_row] = persons
    every_case = places_everyone(model, persons)
    priced, prices = subgradient_bound(model, cost=model.col_value, row_lower=lower, row_upper=model.row_upper,
                                       every_case=every_case, target=float(model.col_value @ best), until=until)
    log.debug("subgradient bound at %s persons: %s", persons, priced.bound)
    chosen = best_columns(model, priced.reduced, every_case=every_case)
    return _Relaxation(Run("stopped", chosen, None, None), priced.bound, priced.column_bound, lp=False,
                       reduced=priced.reduced, prices=prices)


def _rebound(model: Model, relaxation: _Relaxation, persons: float) -> _Relaxation:
    """The same LP prices, with the bounds recomputed for assignments placing at least `persons`."""
    lower = model.row_lower.copy()
    lower[model.total_row] = persons
    priced = lagrangian_bound(model, cost=model.col_value, row_dual=relaxation.run.row_dual, row_lower=lower,
                              row_upper=model.row_upper)
    return _Relaxation(relaxation.run, priced.bound, priced.column_bound, prices=relaxation.prices)


@dataclass
class _Sub:
    run: Run
    columns: np.ndarray


def _value_relaxation(model: Model, persons: float, *, until: float,
                      start_with: np.ndarray | None = None) -> _Relaxation | None:
    """The value LP with at least `persons` placed and its proven bounds; None if infeasible or not solved in time.

    Big models by column generation: start from each case's `START_COLUMNS_PER_CASE` most valuable columns, price
    every other column with the duals (`bounds.py`), add those that would improve the LP, repeat until none
    would; the bound is proven at every round, so the result is the full LP's.
    """
    if model.num_col <= COLUMN_GENERATION_ABOVE:
        relaxation = _value_lp(model, persons, np.arange(model.num_col), until=until)
        return relaxation if isinstance(relaxation, _Relaxation) else None
    order = np.lexsort((-model.col_value, model.col_case))
    rank_in_case = np.arange(model.num_col) - np.searchsorted(model.col_case[order], model.col_case[order])
    start = np.zeros(model.num_col, dtype=bool)
    start[order[rank_in_case < START_COLUMNS_PER_CASE]] = True
    if start_with is not None:
        start |= start_with > 0.5  # e.g. the greedy start: the persons it places need no slack
    start = np.flatnonzero(start)
    # A person missing from the restricted LP costs more than any value a person can bring, so the slack is
    # only used while columns are missing (or if even the full LP cannot place that many).
    relaxation = _value_lp(model, persons, start, until=until, elastic=1000.0 * (1.0 + float(model.col_value.max())))
    if relaxation == "restricted infeasible" and time.perf_counter() < until:
        # Rows other than persons (a minimum fill, a fixed case) can make the restricted LP infeasible.
        relaxation = _value_lp(model, persons, np.arange(model.num_col), until=until)
    return relaxation if isinstance(relaxation, _Relaxation) else None


def _value_lp(model: Model, persons: float, columns: np.ndarray, *, until: float,
              elastic: float | None = None) -> _Relaxation | str | None:
    """Solve the value LP on `columns`, pricing the others in until the proven bound meets the LP's value.

    Without a relaxation: "restricted infeasible" if HiGHS found the LP on the columns so far infeasible,
    None if the full LP cannot place that many or time ran out."""
    lp = HighsProblem(model, integral=False, columns=columns, elastic=elastic)
    lp.persons_at_least(persons)
    in_lp = np.zeros(model.num_col, dtype=bool)
    in_lp[columns] = True
    while True:
        relaxed = lp.run(model.col_value, until=until)
        log.debug("value LP at %s persons on %s columns: %s, %s", persons, in_lp.sum(), relaxed.status, relaxed.bound)
        if relaxed.status == "infeasible" and not in_lp.all():
            return "restricted infeasible"
        if relaxed.status != "optimal":
            return None
        # Persons are whole: in the bound the persons row holds at `persons` itself, not the LP's persons − 0.5.
        lower = lp.row_lower.copy()
        lower[model.total_row] = persons
        priced = lagrangian_bound(model, cost=model.col_value, row_dual=relaxed.row_dual, row_lower=lower,
                                  row_upper=lp.row_upper, every_case=lp.every_case)
        short = lp.slack_value()
        if in_lp.all() or priced.bound - relaxed.bound <= 1e-7 * max(1.0, abs(priced.bound)):
            if short > 1e-6:
                log.debug("value LP cannot place %s persons: %s short", persons, short)
                return None  # even the full LP cannot place that many
            return _Relaxation(relaxed, priced.bound, priced.column_bound, prices=relaxed.row_dual)
        # A column enters if its reduced value beats the best its case has in the LP (the case's own price).
        case_price = np.full(len(model.case_ids), -np.inf if lp.every_case else 0.0)
        np.maximum.at(case_price, model.col_case[in_lp], priced.reduced[in_lp])
        entering = np.flatnonzero(~in_lp & (priced.reduced > case_price[model.col_case] + 1e-9))
        # Partial pricing: per case only its `ENTERING_PER_CASE` most improving columns, so the LP stays small.
        entering = entering[np.lexsort((-priced.reduced[entering], model.col_case[entering]))]
        case_of = model.col_case[entering]
        rank = np.arange(len(entering)) - np.searchsorted(case_of, case_of)
        entering = entering[rank < ENTERING_PER_CASE]
        if len(entering) == 0 or time.perf_counter() >= until:
            # Nothing prices in (tolerances) or no time: the bound is proven all the same, but the LP's solution
            # is only usable if the slack is out of it.
            if short > 1e-6:
                return None
            return _Relaxation(relaxed, priced.bound, priced.column_bound, prices=relaxed.row_dual)
        lp.add_columns(entering)
        in_lp[entering] = True


def _sub_mip(model: Model, relaxation: _Relaxation, best: np.ndarray | None, persons: float, *, until: float,
             per_case: float = 1.5) -> _Sub:
    """LP-guided sub-MIP: the LP's columns, the incumbent's, and the columns whose proven bound is highest.

    The highest-bound columns are those the LP is nearly indifferent to; about `per_case` per case are taken
    (never one that cannot beat the incumbent), so the sub-MIP stays small.
    """
    x_lp = relaxation.run.x
    support = x_lp > INTEGRALITY_TOLERANCE
    if relaxation.packed is not None:
        support |= relaxation.packed
    if best is not None:
        support |= best > 0.5
    candidates = np.flatnonzero(~support)
    if best is not None:
        floor = float(model.col_value @ best) - _tolerance(relaxation.bound)
        candidates = candidates[relaxation.column_bound[candidates] >= floor]
    extra = max(1, int(per_case * len(model.case_ids)))
    if len(candidates) > extra:
        candidates = candidates[np.argpartition(-relaxation.column_bound[candidates], extra - 1)[:extra]]
    columns = np.union1d(np.flatnonzero(support), candidates)
    sub = HighsProblem(model, integral=True, columns=columns)
    sub.persons_at_least(persons)
    run = sub.run(model.col_value, until=until, warm=best)
    log.debug("sub-MIP on %s of %s columns: %s, bound %s, value %s", len(columns), model.num_col, run.status,
              run.bound, None if run.x is None else model.col_value @ run.x)
    return _Sub(run, columns)


def _stage_value(model: Model, deadline: float, incumbent: np.ndarray, persons: float, *,
                 relaxation: _Relaxation | None = None, sub: _Sub | None = None, sub_mip: bool = True,
                 fallback: _Relaxation | None = None):
    """(best column vector, proven bound, proven optimal) for the most value with at least `persons` placed."""
    value = model.col_value
    best = incumbent
    if relaxation is None and not _large(model) and _time_for(model, deadline,
                                                                                 LP_SECONDS_PER_COLUMN):
        relaxation = _value_relaxation(model, persons, until=_share(deadline, 0.4), start_with=best)
    relaxation = relaxation or fallback
    if relaxation is None and _time_for(model, deadline, SUBGRADIENT_SECONDS_PER_COLUMN):
        relaxation = _subgradient_relaxation(model, persons, best, until=_share(deadline, 0.4))
    if relaxation is None and not _time_for(model, deadline, LP_SECONDS_PER_COLUMN):
        return best, math.inf, False
    if relaxation is None:
        # No proven LP bound in time: the MIP's own bound is all there is.
        mip = HighsProblem(model, integral=True)
        mip.persons_at_least(persons)
        run = mip.run(value, until=_share(deadline, 1.0), warm=best)
        best = _better(model, best, run.x)
        return best, run.bound if run.bound is not None else math.inf, run.status == "optimal"
    bound, column_bound = relaxation.bound, relaxation.column_bound
    x_lp = relaxation.run.x
    if relaxation.lp and _integral(x_lp) and float(value @ x_lp) >= bound - _tolerance(bound):
        return np.round(x_lp), bound, True
    if not _time_to_round(model, deadline):
        # Rounding loops over every case in Python (~0.3 s at 40,000 persons): not past the deadline.
        return best, bound, False
    # A Lagrangian relaxation's choice is one column per case: rank the rest by reduced value, not value.
    rounded = _lp_rounding(model, x_lp, preference=None if relaxation.lp else relaxation.reduced)
    log.debug("rounded")
    if rounded is not None and model.col_persons @ rounded >= persons - 0.5:
        best = _better(model, best, rounded)
    # Sub-MIPs on growing neighbourhoods, then column fixing against the incumbent: what is left is every
    # column a better assignment could use.
    in_sub = np.zeros(model.num_col, dtype=bool)
    sub_proven, sub_bound = False, math.inf
    for round_index, (per_case, share) in enumerate(SUB_MIP_ROUNDS if sub_mip else ()):
        if round_index > 0 or sub is None:
            if not _time_for(model, deadline, MIP_SECONDS_PER_COLUMN):
                break
            sub = _sub_mip(model, relaxation, best, persons, per_case=per_case, until=_share(deadline, share))
        best = _better(model, best, sub.run.x)
        in_sub[:] = False
        in_sub[sub.columns] = True
        sub_proven = sub.run.status == "optimal"
        sub_bound = sub.run.bound if sub.run.bound is not None else math.inf
        keep = (column_bound >= float(value @ best) - _tolerance(bound)) | (best > 0.5)
        if not (keep & ~in_sub).any():
            break
    best_value = float(value @ best)
    keep = (column_bound >= best_value - _tolerance(bound)) | (best > 0.5)
    dropped_bound = float(column_bound[~keep].max()) if (~keep).any() else -math.inf
    if sub_proven and not (keep & ~in_sub).any():
        return best, min(bound, max(sub_bound, dropped_bound, best_value)), True
    if not _time_for(model, deadline, MIP_SECONDS_PER_COLUMN):
        return best, bound, False
    if relaxation.packed is None:
        _add_knapsack(model, relaxation, persons, until=_share(deadline, KNAPSACK_SHARE))
    bound = min(bound, relaxation.knapsack)
    if keep.sum() > FINAL_MIP_COLUMNS:
        # HiGHS would not get past the root of a MIP this big in time: improve the incumbent instead.
        best = _neighbourhood_search(model, best, persons, until=_share(deadline, 1.0))
        return best, bound, False
    log.debug("fixing keeps %s columns (%s outside the sub-MIP)", keep.sum(), (keep & ~in_sub).sum())
    rest = HighsProblem(model, integral=True, columns=np.flatnonzero(keep))
    rest.persons_at_least(persons)
    run = rest.run(value, until=_share(deadline, 1.0), warm=best)
    best = _better(model, best, run.x)
    log.debug("MIP: %s, bound %s, value %s", run.status, run.bound, float(value @ best))
    mip_bound = run.bound if run.bound is not None and math.isfinite(run.bound) else math.inf
    return best, min(bound, max(mip_bound, dropped_bound, float(value @ best))), run.status == "optimal"


def _add_knapsack(model: Model, relaxation: _Relaxation, persons: float, *, until: float) -> None:
    """Run the knapsack Lagrangian (`lagrangian.py`) from the relaxation's row prices at `persons`; record its
    proven bound and the columns its packings used on the relaxation (unchanged if it does not apply)."""
    if relaxation.prices is None or model.num_col > KNAPSACK_BOUND_COLUMNS or model.col_weight is None:
        return
    if "nyinorge.matching.lagrangian" not in sys.modules and until - time.perf_counter() < KNAPSACK_LOAD_SECONDS:
        return
    from nyinorge.matching.lagrangian import knapsack_bound, persons_price_of, start_prices

    every_case = places_everyone(model, persons)
    lower = model.row_lower.copy()
    lower[model.total_row] = persons
    priced = lagrangian_bound(model, cost=model.col_value, row_dual=relaxation.prices, row_lower=lower,
                              row_upper=model.row_upper, every_case=every_case)
    persons_price = persons_price_of(model, relaxation.prices)
    packed = np.zeros(model.num_col, dtype=bool)
    # Steps aim just below the LP bound; the step size adapts, and any target keeps the bound proven.
    target = relaxation.bound - 0.005 * max(1.0, abs(relaxation.bound))
    result = knapsack_bound(model, persons=persons, every_case=every_case,
                            case_price=start_prices(model, priced.case_value, persons_price, every_case=every_case),
                            persons_price=persons_price, target=target, until=until, used=packed,
                            max_steps=KNAPSACK_MAX_STEPS)
    if result is None:
        return
    relaxation.knapsack = result.bound
    relaxation.packed = packed
    log.debug("knapsack Lagrangian at %s persons: %s after %s steps; packings use %s columns", persons,
              result.bound, result.steps, int(relaxation.packed.sum()))


def _neighbourhood_search(model: Model, best: np.ndarray, persons: float, *, until: float,
                          cost: np.ndarray | None = None, stop: Callable[[], bool] | None = None) -> np.ndarray:
    """Large-neighbourhood search: free the cases in a few related municipalities (the places one random case may
    go) and the unplaced cases to move among them, everybody else stays; a small MIP finds the best such move.
    Repeat until `until`. `cost`: what the small MIPs maximise (default value; persons in stage 1); a move is
    kept only if it places more persons, or as many with more value.

    The MIP holds only the free cases' columns; the rows' bounds are reduced by what the cases that stay use."""
    cost = model.col_value if cost is None else cost
    rng = np.random.default_rng(0)
    n_municipalities = len(model.municipality_ids)
    n_rows = model.matrix.shape[0]
    rounds = improved = 0
    last_round = 0.0
    while time.perf_counter() + last_round < until - RESERVE_SECONDS and not (stop is not None and stop()):
        round_started = time.perf_counter()
        chosen = np.zeros(n_municipalities, dtype=bool)
        for seed_case in rng.integers(0, len(model.case_ids), NEIGHBOURHOOD_SEEDS):
            places = model.col_municipality[model.col_case == seed_case]
            if len(places) > NEIGHBOURHOOD_MUNICIPALITIES:
                places = rng.choice(places, NEIGHBOURHOOD_MUNICIPALITIES, replace=False)
            chosen[places] = True
        taken = best > 0.5
        placed_case = np.zeros(len(model.case_ids), dtype=bool)
        placed_case[model.col_case[taken]] = True
        current = np.full(len(model.case_ids), -1)
        current[model.col_case[taken]] = model.col_municipality[taken]
        free = ~placed_case | chosen[np.maximum(current, 0)] & placed_case
        free[model.col_case[model.col_lower > 0.5]] = False  # fixed cases never move
        staying = taken & ~free[model.col_case]
        columns = np.flatnonzero(free[model.col_case] & (chosen[model.col_municipality] | taken))
        if len(columns) == 0:
            continue
        used = model.matrix @ staying.astype(np.float64)
        lower = model.row_lower - used
        upper = model.row_upper - used
        level = max(persons, float(np.round(model.col_persons @ best)))
        lower[model.total_row] = level - 0.5 - used[model.total_row]
        problem = HighsProblem(model, integral=True, columns=columns)
        problem.highs.changeRowsBounds(n_rows, np.arange(n_rows, dtype=np.int32), lower, upper)
        # Small MIPs: in-process (a fork each would cost more than the solve).
        run = problem.run(cost, until=min(until - RESERVE_SECONDS, time.perf_counter() + 2.0), warm=best,
                          isolate=False)
        candidate = _better(model, best, None if run.x is None else run.x + staying)
        rounds += 1
        if candidate is not best:
            improved += 1
            best = candidate
        last_round = time.perf_counter() - round_started
    log.debug("neighbourhood search: %s rounds, %s improving, value %s", rounds, improved, model.col_value @ best)
    return best


def _better(model: Model, best: np.ndarray, x: np.ndarray | None) -> np.ndarray:
    """The candidate, rounded to a 0/1 vector, if it places more persons, or as many with more value."""
    if x is None:
        return best
    x = np.round(x)
    more = model.col_persons @ x - model.col_persons @ best
    if more > 0.5 or (more > -0.5 and model.col_value @ x > model.col_value @ best):
        return x
    return best


def _large(model: Model) -> bool:
    """Too big for LPs within a typical limit (see LARGE_MODEL_COLUMNS)."""
    return model.num_col > LARGE_MODEL_COLUMNS and (len(model.case_ids) > LARGE_MODEL_CASES
                                                    or model.num_col > 4 * LARGE_MODEL_COLUMNS)


def _time_for(model: Model, deadline: float, seconds_per_column: float) -> bool:
    """Whether a step costing about `seconds_per_column` per column of the model can end before the deadline."""
    return deadline - RESERVE_SECONDS - time.perf_counter() >= seconds_per_column * model.num_col


def _time_to_round(model: Model, deadline: float) -> bool:
    """Whether `_lp_rounding` (a Python loop over the cases) can end before the deadline."""
    return _time_for(model, deadline, ROUNDING_SECONDS_PER_COLUMN) and (
        deadline - RESERVE_SECONDS - time.perf_counter() >= ROUNDING_SECONDS_PER_CASE * len(model.case_ids))


def _share(deadline: float, share: float) -> float:
    """The wall-clock time by which a step given `share` of the time left must end."""
    now = time.perf_counter()
    return now + max(0.0, deadline - RESERVE_SECONDS - now) * share


def _tolerance(bound: float) -> float:
    return 1e-9 * max(1.0, abs(bound))


def _empty(instance: Instance, model: Model):
    """No case fits anywhere: feasible (nobody placed) unless a minimum fill demands somebody."""
    nobody = {case_id: None for case_id in model.case_ids}
    if np.all(model.row_lower <= 0):
        return nobody, 0.0, "proven", "", 0
    return nobody, 0.0, "infeasible", _infeasible_message(instance), 0


def _warm_start(instance: Instance, model: Model, deadline: float) -> np.ndarray | None:
    """The better (persons, then value) of two greedy orders, as a column vector; only the first if the second
    would end past half the time left. The first is the caseworker baseline (`greedy`) itself.

    None if greedy breaks a row it does not pursue (a minimum fill)."""
    persons = model.case_demand[:, 0]
    # Large families first: the easiest way for a greedy pass to place many persons.
    orders = (None, np.argsort(-persons, kind="stable"))
    best = None
    last_pass = 0.0
    for order in orders:
        started = time.perf_counter()
        if best is not None and started + last_pass > _share(deadline, 0.5):
            break
        x = greedy_columns(model, order)
        last_pass = time.perf_counter() - started
        if not _feasible(model, x):
            continue
        best = x if best is None else _better(model, best, x)
    return best


def _feasible(model: Model, x: np.ndarray) -> bool:
    """Whether x honours every row (the persons row aside): greedy does not pursue a minimum fill, and fixed
    cases may overfill a place."""
    lower = model.row_lower.copy()
    lower[model.total_row] = -np.inf
    activity = model.matrix @ x
    return bool(np.all(activity >= lower - 1e-9) and np.all(activity <= model.row_upper + 1e-6))


def _columns(model: Model, assignment: dict[str, str | None]) -> np.ndarray:
    """Column vector of an assignment (pairs dropped from the model cannot appear in a feasible one)."""
    index = {m: j for j, m in enumerate(model.municipality_ids)}
    chosen = np.array([index.get(assignment[cid], -1) for cid in model.case_ids])
    return (chosen[model.col_case] == model.col_municipality).astype(np.float64)


def _integral(x: np.ndarray) -> bool:
    return bool(np.all(np.abs(x - np.round(x)) <= INTEGRALITY_TOLERANCE))


def _assignment(model: Model, x: np.ndarray) -> dict[str, str | None]:
    assignment: dict[str, str | None] = {case_id: None for case_id in model.case_ids}
    for col in np.flatnonzero(x > 0.5):
        assignment[model.case_ids[model.col_case[col]]] = model.municipality_ids[model.col_municipality[col]]
    return assignment


def _infeasible_message(instance: Instance) -> str:
    """Name the options that cannot all be honoured."""
    options = instance.options
    parts = []
    if options.fixed:
        parts.append(f"{len(options.fixed)} fixed assignment(s)")
    if options.min_fill_share > 0:
        parts.append(f"a minimum fill share of {options.min_fill_share:g}")
    if options.category_caps:
        parts.append(f"{len(options.category_caps)} category cap(s)")
    what = ", ".join(parts) if parts else "the constraints"
    return f"no assignment honours {what} within the capacities"


def _finish(instance: Instance, started: float, assignment, bound, state, message, persons_bound=None, *,
            model: Model | None = None) -> Result:
    """Recompute persons and value independently and package the result."""
    model = model_build(instance=instance) if model is None else model
    report = check(instance, Result(assignment, 0, 0.0, 0.0, 0.0, "feasible", 0.0))
    log.debug("checked")
    if state == "infeasible":
        status = "infeasible"
    elif not report.feasible:
        # Only a numerical accident could get here; say so rather than return a wrong "optimal".
        status, message = "infeasible", "; ".join(report.problems)
    else:
        status = "optimal" if state == "proven" else "feasible"
    objective = report.objective
    # Every case at its best allowed place that fits, capacity ignored: always a true bound, used when the solver
    # has none (pairs the model dropped can never be used).
    best_value = np.zeros(len(model.case_ids))
    np.maximum.at(best_value, model.col_case, model.col_value)
    trivial = float(best_value.sum())
    # Nobody outside a case that fits somewhere can ever be placed.
    fit_bound = int(round(reachable_persons(model)))
    if status == "infeasible":
        bound, persons_bound = 0.0, 0
    else:
        bound = min(trivial, bound) if bound is not None and math.isfinite(bound) else trivial
        # The dual bound carries the solver's tolerance; the value achieved is a floor for any true bound.
        bound = max(bound, objective)
        if status == "optimal":
            persons_bound = report.persons_assigned
        elif persons_bound is None or not math.isfinite(persons_bound):
            persons_bound = fit_bound
        persons_bound = max(report.persons_assigned, min(fit_bound, int(persons_bound)))
    gap = (bound - objective) / max(1e-9, abs(bound))
    return Result(
        assignment=assignment,
        persons_assigned=report.persons_assigned,
        objective=objective,
        bound=bound,
        gap=max(0.0, gap),
        status=status,
        solve_seconds=time.perf_counter() - started,
        message=message,
        persons_bound=persons_bound,
    )


def _lp_rounding(model: Model, x_lp: np.ndarray, preference: np.ndarray | None = None) -> np.ndarray | None:
    """Greedy rounding of an LP solution: cases the LP places (most surely first, then larger), each at the place
    the LP likes most that still has room in every row; None if the result breaks a row's lower bound.

    Cases the LP leaves out are tried last (larger first), at their most valuable place with room.
    """
    matrix = model.matrix
    activity = np.zeros(matrix.shape[0])
    upper = model.row_upper + 1e-9
    chosen = np.zeros(model.num_col)
    preference = model.col_value if preference is None else preference
    order = np.lexsort((-preference, -x_lp, model.col_case))  # per case: LP weight, then preference
    firsts = np.flatnonzero(np.r_[True, model.col_case[order][1:] != model.col_case[order][:-1]])
    case_of_group = model.col_case[order][firsts]
    placed_share = np.zeros(len(model.case_ids))
    np.add.at(placed_share, model.col_case, x_lp)
    persons = np.zeros(len(model.case_ids))
    persons[model.col_case] = model.col_persons
    forced = np.zeros(len(model.case_ids), dtype=bool)
    forced[model.col_case[model.col_lower > 0.5]] = True
    groups = np.split(order, firsts[1:])
    # Fixed cases first, then by how surely the LP places the case, then larger families.
    rank = np.lexsort((-persons[case_of_group], -np.round(placed_share[case_of_group], 6), ~forced[case_of_group]))
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    for g in rank:
        for j in groups[g]:
            rows = indices[indptr[j]:indptr[j + 1]]
            coefficients = data[indptr[j]:indptr[j + 1]]
            if np.all(activity[rows] + coefficients <= upper[rows]):
                activity[rows] += coefficients
                chosen[j] = 1.0
                break
    lower = model.row_lower.copy()
    lower[model.total_row] = -np.inf
    if np.any(chosen < model.col_lower) or np.any(activity < lower - 1e-9):
        return None  # a fixed case or a minimum fill could not be honoured this way
    return chosen
