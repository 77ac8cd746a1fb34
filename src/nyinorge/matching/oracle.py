"""The oracle-gain measure: how much of what perfect knowledge would gain does the learned model gain?

In a simulated world the true probabilities are known, so every assignment can be scored by its true
expected number of adults in work or education. With V(·) that true value,

    oracle_gain_share = (V(learned) − V(baseline)) / (V(oracle) − V(baseline)),

where `learned` is the optimal assignment under the model's predictions, `oracle` the optimal one under
p_true, and the baseline either `random` (the mean of random placements that respect capacity; the
headline figure) or `greedy` (the caseworker's pass, longest-waiting first to the best predicted place
with room; reported separately). 1 means the model is as good as knowing the truth; 0 means no better
than the baseline.

Both assignments are solved over every municipality, honestly: the exact solver gets each case's
`top_k` best municipalities plus every pair the full LP relaxation wants (column generation: pairs with
a positive reduced cost at the restricted LP's duals are added until there are none), and the LP over
ALL pairs is the proven bound. So `gap_learned` and `gap_oracle` say how far each solve may be from the
optimum of the full instance, and `oracle_gain_share_lower` replaces V(oracle) by that bound's true-value
counterpart (the oracle's bound), a share that holds even if the oracle solve was not optimal.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

from nyinorge.matching.outcomes import OutcomeModel
from nyinorge.matching.simulator import (
    World, adults_of, case_values, history_generate, true_adult_probabilities, world_generate,
)

Predictor = Callable[[World], np.ndarray]  # world -> (adults, municipalities) probabilities
# A column whose LP reduced cost is above this is added to the restricted problem.
REDUCED_COST_TOLERANCE = 1e-7
# Past records (adults with a known outcome) a directorate gains per year: 11,342, 15,291, 11,078 and 4,903
# refugees were settled in 2015–2018 (the report for 2019, seed line 455; 4,822 in 2019), about half of them adults,
# so 5,000 a year is on the low side of those years.
HISTORY_RECORDS_PER_YEAR = 5_000
# Until issue 19 the history was 12 × this year's persons: 6,000 records at 500 persons, as if a small year had
# no past. Five years is what the directorate has of the 2015–2019 settlements.
DEFAULT_HISTORY_YEARS = 5


def capacities_for(world: World, *, share: float = 1.05) -> np.ndarray:
    """Persons capacity per municipality, proportional to population, summing to share × persons."""
    total = int(np.ceil(share * len(world.persons)))
    quota = world.municipalities.population / world.municipalities.population.sum() * total
    capacity = np.floor(quota).astype(int)
    # Largest remainder, as the directorate spreads its yearly request.
    capacity[np.argsort(-(quota - capacity))[: total - capacity.sum()]] += 1
    return capacity


def case_sizes(world: World) -> np.ndarray:
    """Persons per case."""
    return np.array([len(case) for case in world.cases])


def instance_json(world: World, *, values: np.ndarray, capacity: np.ndarray, top_k: int | None = None,
                  allowed: np.ndarray | None = None) -> dict:
    """The contract's JSON instance: one persons resource; each case allowed everywhere, its top k, or `allowed`."""
    ids = world.municipalities.ids
    cases = []
    for c, case in enumerate(world.cases):
        if allowed is not None:
            columns = np.flatnonzero(allowed[c])
        elif top_k is None:
            columns = range(len(ids))
        else:
            columns = np.argsort(-values[c])[:top_k]
        cases.append({"id": f"c{c}", "demand": {"persons": len(case)},
                      "values": {ids[m]: round(float(values[c, m]), 9) for m in columns}})
    return {"municipalities": [{"id": m, "capacity": {"persons": int(k)}} for m, k in zip(ids, capacity)],
            "cases": cases}


def assignment_evaluate(world: World, *, assignment: dict[str, str | None], true_values: np.ndarray) -> dict:
    """True value and persons of an assignment (case id -> municipality id or None)."""
    index = {m: i for i, m in enumerate(world.municipalities.ids)}
    value, persons = 0.0, 0
    for c, case in enumerate(world.cases):
        m = assignment.get(f"c{c}")
        if m is not None:
            value += float(true_values[c, index[m]])
            persons += len(case)
    return {"value": value, "persons_assigned": persons}


def random_assignment(world: World, *, capacity: np.ndarray, rng: np.random.Generator) -> dict[str, str | None]:
    """Cases in random order, each to a uniformly random municipality that still has room."""
    room = capacity.astype(int).copy()
    assignment: dict[str, str | None] = {}
    for c in rng.permutation(len(world.cases)):
        size = len(world.cases[c])
        fits = np.flatnonzero(room >= size)
        if len(fits) == 0:
            assignment[f"c{c}"] = None
            continue
        m = int(rng.choice(fits))
        room[m] -= size
        assignment[f"c{c}"] = world.municipalities.ids[m]
    return assignment


def greedy_assignment_matrix(world: World, *, values: np.ndarray, capacity: np.ndarray) -> dict[str, str | None]:
    """The caseworker's pass (as `greedy.greedy`): cases in order, each to its best-valued place with room."""
    room = capacity.astype(float).copy()
    assignment: dict[str, str | None] = {}
    for c, case in enumerate(world.cases):
        fits = room >= len(case) - 1e-9
        if not fits.any():
            assignment[f"c{c}"] = None
            continue
        # argmax takes the first of equal values, as greedy's ranking by municipality position does.
        m = int(np.argmax(np.where(fits, values[c], -np.inf)))
        room[m] -= len(case)
        assignment[f"c{c}"] = world.municipalities.ids[m]
    return assignment


def lp_columns(*, values: np.ndarray, sizes: np.ndarray, capacity: np.ndarray, start: np.ndarray,
               max_rounds: int = 50) -> tuple[np.ndarray, float, float]:
    """Column generation on the full LP relaxation, persons first; returns (LP support, LP value, persons weight).

    Maximises Σ (v_cm + W p_c) x_cm subject to Σ_m x_cm ≤ 1 and Σ_c p_c x_cm ≤ capacity_m, with W above any
    value per person so the LP places as many persons as it can first. Starting from the `start` mask of
    columns, every column with a positive reduced cost at the restricted LP's duals is added until none is
    left: the restricted LP's optimum is then the optimum over ALL pairs, so for any assignment placing P
    persons, value ≤ LP value − W·P is a proven bound. The support (pairs with x > 0 at the optimum) is what
    an exact solve needs on top of the start: a vertex of this LP has at most one fractional pair per row.
    """
    n_case, n_muni = values.shape
    fits = sizes[:, None] <= capacity[None, :] + 1e-9
    per_person = float(np.max(np.where(fits, values, 0.0) / sizes[:, None], initial=0.0))
    weight = 2.0 * per_person + 1e-6
    active = start & fits
    for _ in range(max_rounds):
        case_index, muni_index = np.nonzero(active)
        n = len(case_index)
        matrix = sp.csc_matrix(
            (np.concatenate([np.ones(n), sizes[case_index].astype(float)]),
             (np.concatenate([case_index, n_case + muni_index]), np.tile(np.arange(n), 2))),
            shape=(n_case + n_muni, n))
        cost = -(values[case_index, muni_index] + weight * sizes[case_index])
        bounds = np.concatenate([np.ones(n_case), capacity.astype(float)])
        lp = linprog(cost, A_ub=matrix, b_ub=bounds, bounds=(0, None), method="highs")
        if lp.status != 0:
            raise RuntimeError(f"the LP relaxation could not be solved: {lp.message}")
        duals = -np.asarray(lp.ineqlin.marginals)
        u, price = duals[:n_case], duals[n_case:]
        reduced = values + weight * sizes[:, None] - u[:, None] - sizes[:, None] * price[None, :]
        new = fits & ~active & (reduced > REDUCED_COST_TOLERANCE)
        if not new.any():
            support = np.zeros_like(active)
            support[case_index[lp.x > 1e-9], muni_index[lp.x > 1e-9]] = True
            return support, float(-lp.fun), weight
        active |= new
    raise RuntimeError("column generation did not converge")


def _top(values: np.ndarray, k: int) -> np.ndarray:
    """Mask of each row's k largest entries."""
    k = min(k, values.shape[1])
    mask = np.zeros(values.shape, bool)
    np.put_along_axis(mask, np.argpartition(-values, k - 1, axis=1)[:, :k], True, axis=1)
    return mask


def assignment_solve(world: World, *, values: np.ndarray, capacity: np.ndarray, solve: Callable[..., Any],
                     make_instance: Callable[[dict], Any], top_k: int = 24, time_limit: float = 60.0) -> dict[str, Any]:
    """The optimal assignment under `values` over all municipalities, with a bound proven over all pairs.

    Column generation starts from each case's `top_k` pairs; the exact solve gets the LP's support, each case's
    `top_k // 3` best pairs (room to round the few fractional cases) and the greedy pass's pairs, which keeps it small.
    """
    sizes = case_sizes(world)
    started = time.perf_counter()
    support, lp_value, weight = lp_columns(values=values, sizes=sizes, capacity=capacity, start=_top(values, top_k))
    columns = support | _top(values, max(1, top_k // 3))
    # The caseworker's greedy pass over all pairs places every placeable person; with its pairs in, the solver's
    # own greedy start (same order, same values) finds it again, so the restricted instance loses no persons.
    index = {m: j for j, m in enumerate(world.municipalities.ids)}
    for case_id, municipality_id in greedy_assignment_matrix(world, values=values, capacity=capacity).items():
        if municipality_id is not None:
            columns[int(case_id[1:]), index[municipality_id]] = True
    result = solve(make_instance(instance_json(world, values=values, capacity=capacity, allowed=columns)),
                   time_limit=time_limit)
    seconds = time.perf_counter() - started
    index = {m: j for j, m in enumerate(world.municipalities.ids)}
    objective, persons = 0.0, 0
    for c in range(len(world.cases)):
        m = result.assignment.get(f"c{c}")
        if m is not None:
            objective += float(values[c, index[m]])
            persons += int(sizes[c])
    bound = max(objective, lp_value - weight * persons)
    return {
        "assignment": result.assignment,
        "objective": objective,
        "bound": bound,
        "gap": (bound - objective) / max(abs(bound), 1e-9),
        "persons_assigned": persons,
        "status": getattr(result, "status", None),
        "columns": int(columns.sum()),
        "seconds": seconds,
    }


def model_predictor(model: OutcomeModel) -> Predictor:
    """Adapt a fitted model to the world -> (adults, municipalities) probabilities shape."""

    def predict(world: World) -> np.ndarray:
        adults = adults_of(world)
        n_m = len(world.municipalities)
        p = model.predict(persons=world.persons, municipalities=world.municipalities,
                          person_index=np.repeat(adults, n_m), municipality_index=np.tile(np.arange(n_m), len(adults)))
        return p.reshape(len(adults), n_m)

    return predict


def gain_share(value: float, *, baseline: float, oracle: float) -> float:
    """(value − baseline) / (oracle − baseline); NaN when the oracle gains nothing over the baseline."""
    return (value - baseline) / (oracle - baseline) if oracle - baseline > 1e-12 else float("nan")


def _library_solvers() -> tuple[Callable[..., Any], Callable[[dict], Any]]:
    from nyinorge.matching.instance import Instance
    from nyinorge.matching.solver import solve

    return solve, Instance.from_json


def assignments_compare(
    world: World,
    *,
    true_values: np.ndarray,
    learned_values: np.ndarray,
    capacity: np.ndarray,
    solve: Callable[..., Any],
    make_instance: Callable[[dict], Any],
    top_k: int = 24,
    time_limit: float = 60.0,
    random_draws: int = 5,
    rng: np.random.Generator,
) -> dict[str, Any]:
    """Learned, oracle, greedy and random assignments of (case, municipality) values, all scored with the truth."""
    common = {"capacity": capacity, "solve": solve, "make_instance": make_instance, "top_k": top_k,
              "time_limit": time_limit}
    learned_solve = assignment_solve(world, values=learned_values, **common)
    oracle_solve = assignment_solve(world, values=true_values, **common)
    learned = assignment_evaluate(world, assignment=learned_solve["assignment"], true_values=true_values)
    oracle = assignment_evaluate(world, assignment=oracle_solve["assignment"], true_values=true_values)
    greedy = assignment_evaluate(
        world, assignment=greedy_assignment_matrix(world, values=learned_values, capacity=capacity),
        true_values=true_values)
    randoms = [assignment_evaluate(world, assignment=random_assignment(world, capacity=capacity, rng=rng),
                                   true_values=true_values) for _ in range(random_draws)]
    random_value = float(np.mean([r["value"] for r in randoms]))
    # The oracle's value can be at most its bound (when it places the same persons); the share against the
    # bound is what the learned model has gained for certain.
    oracle_ceiling = oracle_solve["bound"] if oracle["persons_assigned"] >= learned["persons_assigned"] else math.inf
    return {
        "solve_seconds": round(learned_solve["seconds"] + oracle_solve["seconds"], 3),
        "gap_learned": learned_solve["gap"],
        "gap_oracle": oracle_solve["gap"],
        "status_learned": learned_solve["status"],
        "status_oracle": oracle_solve["status"],
        "columns": {"learned": learned_solve["columns"], "oracle": oracle_solve["columns"],
                    "all": int(true_values.size)},
        "value_random": random_value,
        "value_greedy": greedy["value"],
        "value_learned": learned["value"],
        "value_oracle": oracle["value"],
        "value_oracle_bound": oracle_solve["bound"],
        "persons_assigned_random": float(np.mean([r["persons_assigned"] for r in randoms])),
        "persons_assigned_greedy": greedy["persons_assigned"],
        "persons_assigned_learned": learned["persons_assigned"],
        "persons_assigned_oracle": oracle["persons_assigned"],
        "learned_gain_over_random": learned["value"] / random_value - 1 if random_value else None,
        "oracle_gain_share": gain_share(learned["value"], baseline=random_value, oracle=oracle["value"]),
        "oracle_gain_share_lower": gain_share(learned["value"], baseline=random_value, oracle=oracle_ceiling),
        "oracle_gain_share_vs_greedy": gain_share(learned["value"], baseline=greedy["value"], oracle=oracle["value"]),
        "greedy_gain_share": gain_share(greedy["value"], baseline=random_value, oracle=oracle["value"]),
    }


def oracle_gain_experiment(
    *,
    persons: int,
    seed: int,
    solve: Callable[..., Any] | None = None,
    make_instance: Callable[[dict], Any] | None = None,
    municipalities: int | list[str] = 356,
    history_records: int | None = None,
    predictor: Predictor | None = None,
    model: OutcomeModel | None = None,
    capacity_share: float = 1.05,
    random_draws: int = 5,
    top_k: int = 24,
    time_limit: float = 60.0,
) -> dict[str, Any]:
    """Learned, oracle, greedy and random assignments of one simulated world, all scored with p_true.

    Without a `predictor`, `model` (default OutcomeModel()) is trained on `history_records` (default 12 × persons)
    biased historical placements. `solve` and `make_instance` default to the library's `solve` and
    `Instance.from_json`; `solve(make_instance(json), time_limit=...)` must return an object with `.assignment`.
    """
    if solve is None or make_instance is None:
        solve, make_instance = _library_solvers()
    world = world_generate(persons=persons, municipalities=municipalities, seed=seed)
    true_values = case_values(world, adult_probabilities=true_adult_probabilities(world))
    out: dict[str, Any] = {"persons": len(world.persons), "cases": len(world.cases),
                           "municipalities": len(world.municipalities), "seed": seed}
    fit_started = time.perf_counter()
    if predictor is None:
        records = history_records or 12 * persons
        model = (model or OutcomeModel(seed=seed)).fit(history_generate(world, records=records, seed=seed + 1))
        report = model.report()
        out |= {"history_records": records, "auc": report["auc"], "brier": report["brier"],
                "brier_uncalibrated": report["brier_uncalibrated"]}
        predictor = model_predictor(model)
    learned_values = case_values(world, adult_probabilities=predictor(world))
    out["fit_seconds"] = round(time.perf_counter() - fit_started, 3)

    capacity = capacities_for(world, share=capacity_share)
    out |= assignments_compare(world, true_values=true_values, learned_values=learned_values, capacity=capacity,
                               solve=solve, make_instance=make_instance, top_k=top_k, time_limit=time_limit,
                               random_draws=random_draws, rng=np.random.default_rng(seed + 2))
    return out


def history_size(*, persons: int, history_records: int | None = None, history_years: int | None = None) -> int:
    """How many past records train the model: given, or `history_years` × HISTORY_RECORDS_PER_YEAR, or by default
    the more of DEFAULT_HISTORY_YEARS years (a directorate has them whatever this year's intake) and 12 × persons
    (at most 120,000: fitting beyond that changes little and costs minutes)."""
    if history_records is not None and history_years is not None:
        raise ValueError("give history_records or history_years, not both")
    if history_years is not None:
        if history_years < 1:
            raise ValueError(f"history_years must be at least 1, not {history_years}")
        return history_years * HISTORY_RECORDS_PER_YEAR
    if history_records is not None:
        return history_records
    return max(DEFAULT_HISTORY_YEARS * HISTORY_RECORDS_PER_YEAR, min(12 * persons, 120_000))


def oracle_gain_share(*, persons: int, seed: int, time_limit: float = 60.0, history_records: int | None = None,
                      history_years: int | None = None) -> dict[str, Any]:
    """The benchmark's `oracle_gain_share` for a world of `persons` (356 municipalities, the library's solver).

    The model is trained on past records and the assignment is of this year's `persons`. A directorate has
    several years of records, whatever this year's intake: `history_years=5` trains on 5 × 5,000 records
    (HISTORY_RECORDS_PER_YEAR); `history_records` gives the number directly; by default `history_size`'s: five
    years' records, or 12 × persons when that is more (at most 120,000).
    """
    records = history_size(persons=persons, history_records=history_records, history_years=history_years)
    result = oracle_gain_experiment(persons=persons, seed=seed, history_records=records, time_limit=time_limit)
    keys = ("oracle_gain_share", "oracle_gain_share_lower", "oracle_gain_share_vs_greedy", "greedy_gain_share",
            "gap_learned", "gap_oracle", "auc", "brier", "history_records", "fit_seconds", "solve_seconds")
    return {key: result[key] for key in keys}
