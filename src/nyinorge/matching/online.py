"""Online placement through the year: weekly batches placed as they arrive, each placement final.

Cases become ready week by week. Each week's batch (plus any case still waiting) is placed exactly, with
`solve`, against the capacity that is left; nothing placed is ever moved. Two policies:

- ``"greedy_batches"`` — each batch is solved with its own values: myopic, it spends the best places on
  whoever arrives first.
- ``"potentials"`` — bid prices, after Ahani, Gölz, Procaccia, Teytelboym & Trapp, "Dynamic placement in
  refugee resettlement", Operations Research (2024), pp. 1087–1104, doi:10.1287/opre.2021.0534. Before
  the year, and again every ``reestimate_every`` weeks, the expected arrivals of the rest of the year are
  matched to the remaining capacity in an LP relaxation; the dual of each municipality-resource capacity
  row is its price, the value later arrivals are expected to get from one unit of it. The batch is then
  solved exactly with value'(c, m) = value(c, m) − Σ_r price[m, r] · demand[c, r].

Expected arrivals come from a pool of cases standing in for the future: last year's arrivals
(``history``) and this year's so far. With ``samples=0`` the LP is the fluid one (every pool case
weighted by expected future arrivals / pool size, no sampling noise); with ``samples=k`` it is solved
for k multinomial draws of the future and the prices are averaged, as in the paper.

``even_intake`` keeps each municipality's intake even: by the end of week w it has received at most
ceil(capacity · w / weeks · (1 + even_slack)) of every resource.

At its dual price the marginal type of case is exactly indifferent between a place now and leaving it
for an expected later arrival; prices are scaled by (1 − ``price_discount``) so the case in hand wins.
``demand_scale`` multiplies the expected later arrivals (above 1 reserves more, below 1 less). On the
benchmark's simulated years (bench/online.py) ``reestimate_every=1, price_discount=0, demand_scale=1`` did
best of the settings tried.

The prices only ever see `history` and the batches of weeks already reached (a test holds the policy to
that): never the realised future.

On the benchmark's default, IMDi-like capacities (`generate.py`'s "settling" model: only the asked
municipalities have places, at least 10 each) the share is 0.9881, 0.9878 and 0.9872 (seeds 1–3, 2,000
persons; 0.9878, 0.9874 and 0.9868 against the hindsight's proven bound), greedy batches 0.929, 0.935 and 0.920.
Why not higher than about 0.975 of hindsight with `--capacities population` (2,000 persons over 356
municipalities, most with room for 1–5 persons): even prices re-estimated every week from the ACTUAL rest of
the year reach only 0.977–0.984 (measured, seeds 1–3), because per-unit prices do not see packing: late large
families find no municipality with room for the whole family (the online policies place 1,963–1,997 of ~2,000
persons, the hindsight all). Tried and worse on these seeds: sampled prices (samples=8), demand_scale 1.1 and
1.25, an integer look-ahead over one sampled future, and re-solving the primal LP with the batch inside.

Packing look-ahead (``lookahead_samples=k``, opt-in, from week ``lookahead_from``): after the batch is solved
at its priced values, a two-stage MIP (scipy's HiGHS) places it again, keeping its persons, so that most of
the persons of k sampled futures (Poisson many cases drawn from history and the weeks seen) still fit in what
it leaves, a sampled person worth ``lookahead_weight`` mean values per person / k. With
``lookahead_values=True`` the futures count with their own values and the batch with its own: the two-stage
stochastic program of Ahani et al., with the sampled futures' families kept whole.
Measured on seed 1 of the benchmark ("settling", Dec 2026, a machine loaded 8–14 on 2 cores, so MIPs often
stopped at their limit): k=4 from week 40 with weight ≈ 3 placed 1,981 persons at share 0.9860, from week 36
with weight 1 1,977 at 0.9812, with ``lookahead_values`` from week 44 1,983 (the most persons) at 0.9845 —
all below the plain prices (1,977 at 0.9882). Also below it on seed 1: a best-fit tie-break (0.005 per
free place left: 1,979 at 0.9851) and expecting arrivals only after the current week instead of from it
(1,972 at 0.9843). The stochastic program in the last five weeks only (``lookahead_samples=4,
lookahead_from=48, lookahead_values=True``, the week chosen on seed 1) places more persons on every "settling"
seed — 1,982, 1,995, 1,995 against 1,977, 1,984, 1,989 (seeds 1–3; the hindsight 2,000–2,002) — at shares
0.9874, 0.9898, 0.9863 against 0.9882, 0.9878, 0.9874 (mean 0.9878 both); "population": 1,966, 1,959, 2,002
persons against 1,966, 1,959, 1,997, at 0.9786, 0.9684, 0.9686 against 0.9796, 0.9700, 0.9708.
What the plain prices lose, by the hindsight's values of the families they leave unplaced (large families in the
last weeks, their allowed municipalities down to 1–3 free
places): "settling" seeds 1–3, 3.6 of the 9.8 gap, 3.3 of 9.7, 2.6 of 10.1 — placed at their hindsight values
the share would be 0.9925, 0.9919, 0.9906; "population", 7.5 of 16.9, 10.2 of 23.6, 1.3 of 23.3 — 0.9887,
0.9830, 0.9724. So with "settling" packing is the whole way to 0.99; with "population" the per-unit prices'
own error is the larger part. A look-ahead MIP stopped by ``time_limit`` keeps its best solution, so
on a loaded machine the look-ahead's placements can vary from run to run; without it the policy is deterministic.

The lexicographic objective holds every week: first as many persons as possible, then value. Adjusted
values may be negative while `solve` takes values >= 0, so every case gets a constant per person added;
at a fixed number of persons that changes every feasible assignment's value by the same amount.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from nyinorge.matching.instance import (
    PERSONS, Case, Instance, InvalidInstance, Municipality, Options, Result, instance_problems,
)
from nyinorge.matching.solver import solve

POLICIES = ("greedy_batches", "potentials")

Prices = dict[tuple[str, str], float]


@dataclass
class OnlineResult:
    assignment: dict[str, str | None]  # every case id -> municipality id or None (never placed)
    week_placed: dict[str, int]  # placed case id -> week (1-based) it was placed in
    persons_assigned: int
    value: float  # total value with the cases' own values (incl. preference bonus)
    policy: str
    weeks: int
    even_intake: bool
    solve_seconds: float
    # Prices in force at each re-estimation (week -> {(municipality, resource): price}); empty for greedy.
    prices: dict[int, Prices] = field(default_factory=dict)

    def to_json(self) -> dict:
        """The online result as JSON (prices as municipality -> resource -> price)."""
        prices = {}
        for week, table in self.prices.items():
            nested: dict[str, dict[str, float]] = {}
            for (municipality_id, resource), price in table.items():
                nested.setdefault(municipality_id, {})[resource] = price
            prices[str(week)] = nested
        return {
            "assignment": dict(self.assignment),
            "week_placed": dict(self.week_placed),
            "persons_assigned": self.persons_assigned,
            "value": self.value,
            "policy": self.policy,
            "weeks": self.weeks,
            "even_intake": self.even_intake,
            "solve_seconds": self.solve_seconds,
            "prices": prices,
        }


def place_online(
    batches: Sequence[Sequence[Case]],
    municipalities: Sequence[Municipality],
    *,
    policy: str = "potentials",
    options: Options | None = None,
    history: Sequence[Case] = (),
    samples: int = 0,
    reestimate_every: int = 4,
    price_discount: float = 0.02,
    demand_scale: float = 1.0,
    even_intake: bool = False,
    even_slack: float = 0.1,
    carry_over: bool = True,
    lookahead_samples: int = 0,
    lookahead_from: int = 1,
    lookahead_weight: float = 1.0,
    lookahead_values: bool = False,
    seed: int = 0,
    time_limit: float = 10.0,
) -> OnlineResult:
    """Place weekly batches as they arrive against the capacity left; placements are final."""
    started = time.perf_counter()
    options = options or Options()
    _validate(batches, municipalities, policy=policy, options=options, history=history, samples=samples,
              reestimate_every=reestimate_every, price_discount=price_discount, demand_scale=demand_scale,
              even_slack=even_slack, time_limit=time_limit, lookahead_samples=lookahead_samples,
              lookahead_from=lookahead_from, lookahead_weight=lookahead_weight)
    weeks = len(batches)
    capacity = {m.id: {r: float(a) for r, a in m.capacity.items()} for m in municipalities}
    used: dict[str, dict[str, float]] = {m.id: {} for m in municipalities}
    assignment: dict[str, str | None] = {c.id: None for batch in batches for c in batch}
    week_placed: dict[str, int] = {}
    rng = np.random.default_rng(seed)
    prices: Prices = {}
    price_log: dict[int, Prices] = {}
    seen: list[Case] = []
    waiting: list[Case] = []
    for week, batch in enumerate(batches, start=1):
        seen.extend(batch)
        waiting = (waiting if carry_over else []) + list(batch)
        if policy == "potentials" and (week - 1) % reestimate_every == 0:
            room = {m: {r: a - used[m].get(r, 0.0) for r, a in cap.items()} for m, cap in capacity.items()}
            pool = list(history) + seen
            rate = _arrival_rate(history=len(history), past=len(seen) - len(batch), week=week, weeks=weeks,
                                 current=len(batch))
            prices = potentials_estimate(municipalities=municipalities, remaining=room, pool=pool,
                                         expected_arrivals=demand_scale * rate * (weeks - week + 1), options=options,
                                         samples=samples, rng=rng)
            # The marginal type is exactly indifferent at the dual price; a case in hand beats an expected one.
            prices = {key: price * (1 - price_discount) for key, price in prices.items()}
            price_log[week] = prices
        if not waiting:
            continue
        limit = {
            m: {r: _even_cap(a, week, weeks, even_slack) if even_intake else a for r, a in cap.items()}
            for m, cap in capacity.items()
        }
        room_now = tuple(
            Municipality(id=m.id, capacity={r: max(0.0, a - used[m.id].get(r, 0.0)) for r, a in limit[m.id].items()})
            for m in municipalities
        )
        cases = tuple(_priced(c, prices, options) for c in waiting) if prices else tuple(waiting)
        batch_instance = Instance(municipalities=room_now, cases=cases,
                                  options=Options(preference_bonus=0.0 if prices else options.preference_bonus))
        result = solve(batch_instance, time_limit=time_limit)
        if result.status == "infeasible":
            raise InvalidInstance([f"week {week}: {result.message or 'the batch could not be placed'}"])
        if lookahead_samples and week < weeks and week >= lookahead_from:
            rate = _arrival_rate(history=len(history), past=len(seen), week=week + 1, weeks=weeks, current=len(batch))
            pool = list(history) + seen
            futures = [
                [pool[i] for i in rng.integers(0, len(pool), rng.poisson(rate * (weeks - week)))]
                for _ in range(lookahead_samples)
            ]
            # With the futures' values the MIP is the two-stage stochastic program itself: the batch at its own values.
            at_own_values = tuple(_priced(c, {}, options) for c in waiting)
            chosen = _packing_lookahead(municipalities=room_now, cases=at_own_values if lookahead_values else cases,
                                        futures=futures, future_values=lookahead_values,
                                        batch_persons=result.persons_assigned, time_limit=time_limit,
                                        person_weight=lookahead_weight * _value_per_person(pool, options))
            if chosen is not None:
                result = Result(chosen, result.persons_assigned, 0.0, 0.0, 0.0, "feasible", 0.0)
        still_waiting = []
        for case in waiting:
            municipality_id = result.assignment.get(case.id)
            if municipality_id is None:
                still_waiting.append(case)
                continue
            assignment[case.id] = municipality_id
            week_placed[case.id] = week
            for resource, amount in case.demand.items():
                used[municipality_id][resource] = used[municipality_id].get(resource, 0.0) + amount
        waiting = still_waiting
    everyone = [c for batch in batches for c in batch]
    scoring = Instance(municipalities=tuple(municipalities), cases=tuple(everyone), options=options)
    return OnlineResult(
        assignment=assignment,
        week_placed=week_placed,
        persons_assigned=sum(c.persons for c in everyone if assignment[c.id] is not None),
        value=assignment_value(instance=scoring, assignment=assignment),
        policy=policy,
        weeks=weeks,
        even_intake=even_intake,
        solve_seconds=time.perf_counter() - started,
        prices=price_log,
    )


def potentials_estimate(
    *,
    municipalities: Sequence[Municipality],
    remaining: Mapping[str, Mapping[str, float]],
    pool: Sequence[Case],
    expected_arrivals: float,
    options: Options | None = None,
    samples: int = 0,
    rng: np.random.Generator | None = None,
) -> Prices:
    """Price per (municipality, resource): the LP dual of remaining capacity against expected future arrivals."""
    options = options or Options()
    if not pool or expected_arrivals <= 0:
        return {}
    if samples <= 0:
        return _lp_prices(municipalities, remaining, pool, np.full(len(pool), expected_arrivals / len(pool)), options)
    rng = rng or np.random.default_rng(0)
    total: dict[tuple[str, str], float] = {}
    for _ in range(samples):
        counts = rng.multinomial(int(round(expected_arrivals)), np.full(len(pool), 1 / len(pool))).astype(float)
        for key, price in _lp_prices(municipalities, remaining, pool, counts, options).items():
            total[key] = total.get(key, 0.0) + price / samples
    return total


def _lp_prices(municipalities, remaining, pool, weight: np.ndarray, options: Options) -> Prices:
    """Solve max Σ w_c (v_cm + M p_c) x_cm s.t. Σ_m x_cm ≤ 1, Σ_c w_c d_cr x_cm ≤ room_mr; return capacity duals.

    M per person (p_c persons) above any value per person makes the LP lexicographic as the weekly solves
    are: a place a later family could not do without is priced at what a placed person is worth.
    """
    keep = np.flatnonzero(weight > 0)
    per_person = max((max(c.values.values(), default=0.0) + options.preference_bonus) / c.persons for c in pool)
    person_worth = 2.0 * per_person + 1e-6
    m_index = {m.id: j for j, m in enumerate(municipalities)}
    resources = sorted({r for c in pool for r, a in c.demand.items() if a} | {PERSONS})
    r_index = {r: k for k, r in enumerate(resources)}
    n_case, n_res = len(keep), len(resources)
    cap_row = lambda j, k: n_case + j * n_res + k  # noqa: E731 - one row per (municipality, resource)
    rows, cols, vals, cost = [], [], [], []
    col = 0
    for i, c in enumerate(keep):
        case, w = pool[c], weight[c]
        demand = [(r_index[r], a) for r, a in case.demand.items() if a]
        for municipality_id in case.values:
            room = remaining.get(municipality_id, {})
            # A family never fits in crumbs: without this cut the LP spreads it over places too small for it.
            if any(amount > room.get(r, 0.0) + 1e-9 for r, amount in case.demand.items() if amount):
                continue
            j = m_index[municipality_id]
            value = case.values[municipality_id]
            if municipality_id in case.preferences:
                value += options.preference_bonus
            cost.append(-w * (value + person_worth * case.persons))
            rows.append(i), cols.append(col), vals.append(1.0)
            for k, amount in demand:
                rows.append(cap_row(j, k)), cols.append(col), vals.append(w * amount)
            col += 1
    if col == 0:
        return {}
    upper = np.ones(n_case + len(municipalities) * n_res)
    for j, m in enumerate(municipalities):
        for r, k in r_index.items():
            upper[cap_row(j, k)] = max(0.0, remaining.get(m.id, {}).get(r, 0.0))
    matrix = sp.csc_matrix((vals, (rows, cols)), shape=(len(upper), col))
    lp = linprog(np.array(cost), A_ub=matrix, b_ub=upper, bounds=(0, None), method="highs")
    if lp.status != 0:
        return {}
    duals = -np.asarray(lp.ineqlin.marginals)
    prices = {}
    for j, m in enumerate(municipalities):
        for r, k in r_index.items():
            price = float(duals[cap_row(j, k)])
            if price > 1e-9:
                prices[m.id, r] = price
    return prices


def _packing_lookahead(*, municipalities: Sequence[Municipality], cases: Sequence[Case],
                       futures: Sequence[Sequence[Case]], batch_persons: int, time_limit: float,
                       person_weight: float, future_values: bool = False):
    """The batch's placement that keeps most sampled future persons packable: a two-stage MIP.

    First stage: the batch (binary, at least `batch_persons` persons, its own values). Second stage, per
    sampled future: its cases (binary) packed into what the batch leaves, each person worth `weight` / samples.
    """
    room = {m.id: m.capacity for m in municipalities}
    weight = person_weight
    cols_case, cols_cap, cols_obj, col_persons, integral = [], [], [], [], []
    case_rows = 0
    cap_key: dict[tuple[int, str, str], int] = {}

    def fits(case, municipality_id):
        have = room.get(municipality_id, {})
        return all(a <= have.get(r, 0.0) + 1e-9 for r, a in case.demand.items() if a)

    blocks = [(-1, cases)] + list(enumerate(futures))
    batch_cols: list[tuple[str, str]] = []
    for scenario, block in blocks:
        for case in block:
            row = case_rows
            case_rows += 1
            for municipality_id, value in case.values.items():
                if not fits(case, municipality_id):
                    continue
                if scenario < 0:
                    batch_cols.append((case.id, municipality_id))
                    cols_obj.append(-value)
                    col_persons.append(case.persons)
                else:
                    worth = weight * case.persons + (value if future_values else 0.0)
                    cols_obj.append(-worth / len(futures))
                    col_persons.append(0)
                cols_case.append(row)
                keys = []
                for r, a in case.demand.items():
                    if not a:
                        continue
                    for s in (range(len(futures)) if scenario < 0 else (scenario,)):
                        keys.append((cap_key.setdefault((s, municipality_id, r), len(cap_key)), a))
                cols_cap.append(keys)
                integral.append(1)
    if not batch_cols or not futures:
        return None
    n = len(cols_obj)
    rows, cols, vals = [], [], []
    for j in range(n):
        rows.append(cols_case[j]), cols.append(j), vals.append(1.0)
        for k, a in cols_cap[j]:
            rows.append(case_rows + k), cols.append(j), vals.append(a)
    persons_row = case_rows + len(cap_key)
    for j, p in enumerate(col_persons):
        if p:
            rows.append(persons_row), cols.append(j), vals.append(float(p))
    upper = np.ones(persons_row + 1)
    lower = np.full(persons_row + 1, -np.inf)
    for (s, municipality_id, r), k in cap_key.items():
        upper[case_rows + k] = room[municipality_id].get(r, 0.0)
    upper[persons_row] = np.inf
    lower[persons_row] = batch_persons - 1e-6
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(persons_row + 1, n))
    found = milp(np.array(cols_obj), constraints=LinearConstraint(matrix, lower, upper), integrality=np.array(integral),
                 bounds=Bounds(0, 1), options={"time_limit": time_limit, "mip_rel_gap": 1e-4})
    if found.x is None:
        return None
    chosen = {case.id: None for case in cases}
    for j, (case_id, municipality_id) in enumerate(batch_cols):
        if found.x[j] > 0.5:
            chosen[case_id] = municipality_id
    return chosen


def _value_per_person(pool: Sequence[Case], options: Options) -> float:
    """Mean over the pool of a case's best value per person: what a place is worth to an average arrival."""
    return float(np.mean([(max(c.values.values(), default=0.0) + options.preference_bonus) / c.persons
                          for c in pool])) if pool else 0.0


def _priced(case: Case, prices: Prices, options: Options) -> Case:
    """The case with bonus-inclusive values minus the price of the capacity it uses, shifted to stay >= 0."""
    adjusted = {}
    for municipality_id, value in case.values.items():
        if municipality_id in case.preferences:
            value += options.preference_bonus
        cost = sum(prices.get((municipality_id, r), 0.0) * a for r, a in case.demand.items())
        adjusted[municipality_id] = value - cost
    # A constant per person: at the persons level stage 1 fixes, every feasible assignment shifts equally.
    shift = max(0.0, -min(adjusted.values(), default=0.0))
    return Case(id=case.id, demand=case.demand, values={m: v + shift for m, v in adjusted.items()},
                category=case.category)


def _arrival_rate(*, history: int, past: int, week: int, weeks: int, current: int) -> float:
    """Expected cases per week: last year's (a year of `weeks`) and this year's before this week, pooled."""
    if history:
        return (history + past) / (weeks + week - 1)
    # Without history, the first week's batch is the only evidence there is.
    return past / (week - 1) if week > 1 else float(current)


def _even_cap(capacity: float, week: int, weeks: int, slack: float) -> float:
    """Cumulative allowance by the end of `week` under even intake, never above the year's capacity."""
    # The epsilon keeps 10 · 26/52 = 5.000000001 from allowing a sixth place.
    return min(capacity, math.ceil(capacity * week / weeks * (1 + slack) - 1e-9))


def assignment_value(*, instance: Instance, assignment: Mapping[str, str | None],
                     values: Mapping[str, Mapping[str, float]] | None = None) -> float:
    """Total value of an assignment: the instance's values (incl. bonus) or the given ones (e.g. p_true)."""
    total = 0.0
    for case in instance.cases:
        municipality_id = assignment.get(case.id)
        if municipality_id is None:
            continue
        if values is None:
            total += instance.effective_value(case, municipality_id)
        else:
            total += values[case.id][municipality_id]
    return total


def hindsight_solve(batches: Sequence[Sequence[Case]], municipalities: Sequence[Municipality], *,
                    options: Options | None = None, time_limit: float = 60.0) -> Result:
    """The whole year placed at once with full hindsight: one `solve` over every case."""
    instance = Instance(municipalities=tuple(municipalities), cases=tuple(c for b in batches for c in b),
                        options=options or Options())
    return solve(instance, time_limit=time_limit)


def online_share_of_hindsight(
    *,
    batches: Sequence[Sequence[Case]],
    municipalities: Sequence[Municipality],
    online: OnlineResult,
    hindsight: Result | None = None,
    options: Options | None = None,
    values: Mapping[str, Mapping[str, float]] | None = None,
    time_limit: float = 60.0,
) -> float:
    """Value of the online placement as a share of the hindsight optimum, both scored with the same values."""
    options = options or Options()
    if hindsight is None:
        hindsight = hindsight_solve(batches, municipalities, options=options, time_limit=time_limit)
    instance = Instance(municipalities=tuple(municipalities), cases=tuple(c for b in batches for c in b),
                        options=options)
    best = assignment_value(instance=instance, assignment=hindsight.assignment, values=values)
    achieved = assignment_value(instance=instance, assignment=online.assignment, values=values)
    if best <= 0:
        raise InvalidInstance(["the hindsight placement has no value, so a share of it is undefined"])
    return achieved / best


def _validate(batches, municipalities, *, policy, options, history, samples, reestimate_every, price_discount,
              demand_scale, even_slack, time_limit, lookahead_samples=0, lookahead_from=1,
              lookahead_weight=1.0) -> None:
    """Every problem with the arguments at once, as InvalidInstance (never a traceback deep in a solve)."""
    problems = []
    if policy not in POLICIES:
        problems.append(f"policy must be one of {', '.join(POLICIES)}, not {policy!r}")
    if not batches:
        problems.append("there are no weekly batches")
    if not (isinstance(reestimate_every, int) and reestimate_every >= 1):
        problems.append(f"reestimate_every must be a whole number >= 1, not {reestimate_every!r}")
    if not (isinstance(samples, int) and samples >= 0):
        problems.append(f"samples must be a whole number >= 0, not {samples!r}")
    if not (isinstance(price_discount, int | float) and 0 <= price_discount < 1):
        problems.append(f"price_discount must be a number from 0 up to 1, not {price_discount!r}")
    if not (isinstance(demand_scale, int | float) and demand_scale > 0):
        problems.append(f"demand_scale must be a number above 0, not {demand_scale!r}")
    if not (isinstance(lookahead_samples, int) and lookahead_samples >= 0):
        problems.append(f"lookahead_samples must be a whole number >= 0, not {lookahead_samples!r}")
    if not (isinstance(lookahead_from, int) and lookahead_from >= 1):
        problems.append(f"lookahead_from must be a whole number >= 1, not {lookahead_from!r}")
    if not (isinstance(lookahead_weight, int | float) and lookahead_weight >= 0):
        problems.append(f"lookahead_weight must be a number >= 0, not {lookahead_weight!r}")
    if not (isinstance(even_slack, int | float) and even_slack >= 0):
        problems.append(f"even_slack must be a number >= 0, not {even_slack!r}")
    if options.fixed or options.category_caps or options.min_fill_share:
        problems.append("online placement supports only the preference bonus among the options")
    everyone = [c for batch in batches for c in batch]
    if everyone:
        whole = Instance(municipalities=tuple(municipalities), cases=tuple(everyone), options=options)
        problems.extend(instance_problems(instance=whole))
        if history:
            past = Instance(municipalities=tuple(municipalities), cases=tuple(history))
            problems.extend(f"history: {problem}" for problem in instance_problems(instance=past))
    elif batches:
        problems.append("there are no cases in any batch")
    if not (isinstance(time_limit, int | float) and time_limit > 0):
        problems.append(f"time limit must be a positive number of seconds, not {time_limit!r}")
    if problems:
        raise InvalidInstance(problems)
