"""Online-placement benchmark: a simulated year in weekly batches vs. the hindsight optimum; one JSON object.

    .venv/bin/python bench/online.py [--persons 3000] [--weeks 52] [--seed 1] [--top-k 20] [--samples 0]

The world and its true values come from `simulator.py` (values are p_true summed over a case's adults,
so every policy is scored with the truth). Twice the persons are drawn: the first half is last year's
arrivals (the pool the potentials policy forecasts from), the second half is this year, arriving in
uniformly random weeks. Allowed municipalities per case as in `generate.py` (2 × top-k drawn by
population, the top-k best kept, two network ties). Capacities are 105 % of this year's persons, proportional to population.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from nyinorge.matching.generate import _allowed
from nyinorge.matching.instance import Case, Municipality
from nyinorge.matching.online import hindsight_solve, online_share_of_hindsight, place_online
from nyinorge.matching.simulator import case_values, true_adult_probabilities, world_generate


def year_simulate(*, persons: int, weeks: int, seed: int, top_k: int):
    """(municipalities, weekly batches, last year's cases) of one simulated world."""
    world = world_generate(persons=2 * persons, seed=seed)
    values = case_values(world, adult_probabilities=true_adult_probabilities(world))
    ids = world.municipalities.ids
    population = world.municipalities.population
    # The directorate's pre-filter, as generate.py draws it: places that could take the case, the best kept.
    allowed_pairs = _allowed(np.random.default_rng(seed + 3), values, population, top_k)
    cases = []
    for c, members in enumerate(world.cases):
        allowed = np.flatnonzero(allowed_pairs[c])
        cases.append(Case(id=f"c{c}", demand={"persons": len(members)},
                          values={ids[m]: float(values[c, m]) for m in allowed}))
    sizes = np.cumsum([case.persons for case in cases])
    split = int(np.searchsorted(sizes, persons, side="right"))
    history, year = cases[:split], cases[split:]
    this_year = sum(case.persons for case in year)
    total = int(np.ceil(1.05 * this_year))
    quota = population / population.sum() * total
    capacity = np.floor(quota).astype(int)
    capacity[np.argsort(-(quota - capacity))[: total - capacity.sum()]] += 1
    municipalities = tuple(Municipality(id=m, capacity={"persons": int(k)}) for m, k in zip(ids, capacity))
    week_of = np.sort(np.random.default_rng(seed + 7).integers(0, weeks, len(year)))
    batches = [[case for case, w in zip(year, week_of) if w == week] for week in range(weeks)]
    return municipalities, batches, history


def main() -> int:
    """Simulate, place online three ways and with hindsight, print one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top-k", type=int, default=20)
    parser.add_argument("--samples", type=int, default=0)
    parser.add_argument("--reestimate-every", type=int, default=4)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    if args.persons < 1 or args.weeks < 1 or args.top_k < 1:
        parser.error("--persons, --weeks and --top-k must be at least 1")
    started = time.perf_counter()
    municipalities, batches, history = year_simulate(persons=args.persons, weeks=args.weeks, seed=args.seed,
                                                     top_k=args.top_k)
    hindsight = hindsight_solve(batches, municipalities, time_limit=args.time_limit)
    common = {"history": history, "samples": args.samples, "reestimate_every": args.reestimate_every,
              "seed": args.seed}
    greedy = place_online(batches, municipalities, policy="greedy_batches")
    potentials = place_online(batches, municipalities, policy="potentials", **common)
    even = place_online(batches, municipalities, policy="potentials", even_intake=True, **common)

    def share(online) -> float:
        return round(online_share_of_hindsight(batches=batches, municipalities=municipalities, online=online,
                                               hindsight=hindsight), 4)

    print(json.dumps({
        "persons": sum(c.persons for batch in batches for c in batch),
        "cases": sum(len(batch) for batch in batches),
        "weeks": args.weeks,
        "municipalities": len(municipalities),
        "hindsight_status": hindsight.status,
        "hindsight_value": round(hindsight.objective, 3),
        "greedy_batches_value": round(greedy.value, 3),
        "potentials_value": round(potentials.value, 3),
        "even_intake_value": round(even.value, 3),
        "persons_assigned": {"hindsight": hindsight.persons_assigned, "greedy_batches": greedy.persons_assigned,
                             "potentials": potentials.persons_assigned, "even_intake": even.persons_assigned},
        "greedy_batches_share": share(greedy),
        "online_share_of_hindsight": share(potentials),
        "even_intake_share": share(even),
        "seconds": {"hindsight": round(hindsight.solve_seconds, 2), "greedy_batches": round(greedy.solve_seconds, 2),
                    "potentials": round(potentials.solve_seconds, 2), "even_intake": round(even.solve_seconds, 2),
                    "total": round(time.perf_counter() - started, 2)},
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
