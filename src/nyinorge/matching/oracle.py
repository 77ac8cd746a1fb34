"""The oracle-gain measure: how much of what perfect knowledge would gain does the learned model gain?

In a simulated world the true probabilities are known, so every assignment can be scored by its true
expected number of adults in work or education. With V(·) that true value,

    oracle_gain_share = (V(learned) − V(random)) / (V(oracle) − V(random)),

where `learned` is the optimal assignment under the model's predictions, `oracle` the optimal one under
p_true, and `random` the mean of random placements that respect capacity. 1 means the model is as good
as knowing the truth; 0 means no better than chance.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from nyinorge.matching.outcomes import OutcomeModel
from nyinorge.matching.simulator import (
    World, adults_of, case_values, history_generate, true_adult_probabilities, world_generate,
)

Predictor = Callable[[World], np.ndarray]  # world -> (adults, municipalities) probabilities


def capacities_for(world: World, *, share: float = 1.05) -> np.ndarray:
    """Persons capacity per municipality, proportional to population, summing to share × persons."""
    total = int(np.ceil(share * len(world.persons)))
    quota = world.municipalities.population / world.municipalities.population.sum() * total
    capacity = np.floor(quota).astype(int)
    # Largest remainder, as the directorate spreads its yearly request.
    capacity[np.argsort(-(quota - capacity))[: total - capacity.sum()]] += 1
    return capacity


def instance_json(world: World, *, values: np.ndarray, capacity: np.ndarray, top_k: int | None = None) -> dict:
    """The contract's JSON instance: one persons resource, each case allowed everywhere (or its top k)."""
    ids = world.municipalities.ids
    cases = []
    for c, case in enumerate(world.cases):
        allowed = range(len(ids)) if top_k is None else np.argsort(-values[c])[:top_k]
        cases.append({"id": f"c{c}", "demand": {"persons": len(case)},
                      "values": {ids[m]: round(float(values[c, m]), 9) for m in allowed}})
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


def model_predictor(model: OutcomeModel) -> Predictor:
    """Adapt a fitted model to the world -> (adults, municipalities) probabilities shape."""

    def predict(world: World) -> np.ndarray:
        adults = adults_of(world)
        n_m = len(world.municipalities)
        p = model.predict(persons=world.persons, municipalities=world.municipalities,
                          person_index=np.repeat(adults, n_m), municipality_index=np.tile(np.arange(n_m), len(adults)))
        return p.reshape(len(adults), n_m)

    return predict


def _share(value: float, *, random: float, oracle: float) -> float:
    return (value - random) / (oracle - random) if oracle - random > 1e-12 else float("nan")


def oracle_gain_experiment(
    *,
    persons: int,
    seed: int,
    solve: Callable[..., Any],
    greedy: Callable[..., Any],
    municipalities: int | list[str] = 356,
    history_records: int | None = None,
    predictor: Predictor | None = None,
    model: OutcomeModel | None = None,
    make_instance: Callable[[dict], Any] | None = None,
    capacity_share: float = 1.05,
    random_draws: int = 5,
    top_k: int | None = None,
    time_limit: float = 60.0,
) -> dict[str, Any]:
    """Learned, oracle, greedy and random assignments of one simulated world, all scored with p_true.

    Without a `predictor`, `model` (default OutcomeModel()) is trained on `history_records` (default 12 × persons) biased
    historical placements. `make_instance` turns the JSON instance into what `solve`/`greedy` take
    (default: the contract's `Instance.from_json`).
    """
    if make_instance is None:
        from nyinorge.matching.instance import Instance

        make_instance = Instance.from_json
    world = world_generate(persons=persons, municipalities=municipalities, seed=seed)
    true_values = case_values(world, adult_probabilities=true_adult_probabilities(world))
    out: dict[str, Any] = {"persons": len(world.persons), "cases": len(world.cases),
                           "municipalities": len(world.municipalities)}
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
    learned_instance = make_instance(instance_json(world, values=learned_values, capacity=capacity, top_k=top_k))
    oracle_instance = make_instance(instance_json(world, values=true_values, capacity=capacity, top_k=top_k))
    started = time.perf_counter()
    learned = assignment_evaluate(world, assignment=solve(learned_instance, time_limit=time_limit).assignment,
                                  true_values=true_values)
    oracle = assignment_evaluate(world, assignment=solve(oracle_instance, time_limit=time_limit).assignment,
                                 true_values=true_values)
    out["solve_seconds"] = round(time.perf_counter() - started, 3)
    greedy_eval = assignment_evaluate(world, assignment=greedy(learned_instance).assignment, true_values=true_values)
    rng = np.random.default_rng(seed + 2)
    randoms = [assignment_evaluate(world, assignment=random_assignment(world, capacity=capacity, rng=rng),
                                   true_values=true_values) for _ in range(random_draws)]
    random_value = float(np.mean([r["value"] for r in randoms]))
    out |= {
        "value_random": round(random_value, 3),
        "value_greedy": round(greedy_eval["value"], 3),
        "value_learned": round(learned["value"], 3),
        "value_oracle": round(oracle["value"], 3),
        "persons_assigned_random": float(np.mean([r["persons_assigned"] for r in randoms])),
        "persons_assigned_greedy": greedy_eval["persons_assigned"],
        "persons_assigned_learned": learned["persons_assigned"],
        "persons_assigned_oracle": oracle["persons_assigned"],
        "learned_gain_over_random": round(learned["value"] / random_value - 1, 4) if random_value else None,
        "oracle_gain_share": _share(learned["value"], random=random_value, oracle=oracle["value"]),
        "greedy_gain_share": _share(greedy_eval["value"], random=random_value, oracle=oracle["value"]),
    }
    return out
