"""Online-placement benchmark: a simulated year in weekly batches vs. the hindsight optimum, over several seeds.

    .venv/bin/python bench/online.py [--persons 2000] [--weeks 52] [--seeds 1,2,3] [--top-k 20] [--samples 0]
                                     [--reestimate-every 1] [--price-discount 0] [--time-limit 120]
                                     [--capacities settling|population] [--lookahead-samples 0]
                                     [--lookahead-from 1] [--lookahead-weight 1] [--lookahead-values]
                                     [--skip-even]

The world and its true values come from `simulator.py` (values are p_true summed over a case's adults,
so every policy is scored with the truth). Twice the persons are drawn: the first half is last year's
arrivals (the pool the potentials policy forecasts from), the second half is this year, arriving in
uniformly random weeks. Capacities are 105 % of this year's persons, by the capacity model of `generate.py`:
"settling" (default, IMDi-like: only the asked municipalities have places, at least 10 each) or "population"
(all 356 in proportion to population, most with 1-5 places). Allowed municipalities per case as in `generate.py`
(2 × top-k drawn in proportion to places, or to population in the population model; the top-k best kept; two
network ties).
One JSON object per seed, then a summary line with the mean and min of each share over the seeds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from nyinorge.matching.generate import CAPACITY_MODELS, _allowed, _asked, _capacities
from nyinorge.matching.instance import Case, Municipality
from nyinorge.matching.online import hindsight_solve, online_share_of_hindsight, place_online
from nyinorge.matching.simulator import case_values, true_adult_probabilities, world_generate


def year_simulate(*, persons: int, weeks: int, seed: int, top_k: int, capacities: str = "settling"):
    """(municipalities, weekly batches, last year's cases) of one simulated world."""
    world = world_generate(persons=2 * persons, seed=seed)
    values = case_values(world, adult_probabilities=true_adult_probabilities(world))
    ids = world.municipalities.ids
    population = world.municipalities.population
    sizes = np.cumsum([len(members) for members in world.cases])
    split = int(np.searchsorted(sizes, persons, side="right"))
    this_year = int(sizes[-1] - (sizes[split - 1] if split else 0))
    if capacities == "settling":
        # As generate.py's default: only the asked municipalities have places (at least 10 each).
        rng = np.random.default_rng(seed + 5)
        asked = _asked(rng, population, this_year)
        capacity = _capacities(rng, population, np.array([this_year]), tight=False, asked=asked)[:, 0].astype(int)
        weight = capacity.astype(float)
    else:
        total = int(np.ceil(1.05 * this_year))
        quota = population / population.sum() * total
        capacity = np.floor(quota).astype(int)
        capacity[np.argsort(-(quota - capacity))[: total - capacity.sum()]] += 1
        weight = population
    # The directorate's pre-filter, as generate.py draws it: places that could take the case, the best kept.
    allowed_pairs = _allowed(np.random.default_rng(seed + 3), values, weight, top_k)
    cases = []
    for c, members in enumerate(world.cases):
        allowed = np.flatnonzero(allowed_pairs[c])
        cases.append(Case(id=f"c{c}", demand={"persons": len(members)},
                          values={ids[m]: float(values[c, m]) for m in allowed}))
    history, year = cases[:split], cases[split:]
    municipalities = tuple(Municipality(id=m, capacity={"persons": int(k)}) for m, k in zip(ids, capacity))
    week_of = np.sort(np.random.default_rng(seed + 7).integers(0, weeks, len(year)))
    batches = [[case for case, w in zip(year, week_of) if w == week] for week in range(weeks)]
    return municipalities, batches, history


def bench_seed(*, persons: int, weeks: int, seed: int, top_k: int, policy: dict, time_limit: float,
               capacities: str = "settling", even: bool = True) -> dict:
    """Simulate one year, place it online three ways and with hindsight; the figures as a dict."""
    started = time.perf_counter()
    municipalities, batches, history = year_simulate(persons=persons, weeks=weeks, seed=seed, top_k=top_k,
                                                     capacities=capacities)
    hindsight = hindsight_solve(batches, municipalities, time_limit=time_limit)
    common = {"history": history, "seed": seed, **policy}
    greedy = place_online(batches, municipalities, policy="greedy_batches")
    potentials = place_online(batches, municipalities, policy="potentials", **common)
    even = place_online(batches, municipalities, policy="potentials", even_intake=True, **common) if even else None

    def share(online, against: float | None = None) -> float:
        if against is not None:
            return round(online.value / against, 4)
        return round(online_share_of_hindsight(batches=batches, municipalities=municipalities, online=online,
                                               hindsight=hindsight), 4)

    return {
        "seed": seed,
        "persons": sum(c.persons for batch in batches for c in batch),
        "cases": sum(len(batch) for batch in batches),
        "weeks": weeks,
        "capacities": capacities,
        "municipalities": len(municipalities),
        "policy": policy,
        "hindsight_status": hindsight.status,
        "hindsight_value": round(hindsight.objective, 3),
        "hindsight_bound": round(hindsight.bound, 3),
        "hindsight_gap": float(f"{hindsight.gap:.2e}"),
        "greedy_batches_value": round(greedy.value, 3),
        "potentials_value": round(potentials.value, 3),
        "even_intake_value": round(even.value, 3) if even else None,
        "persons_assigned": {"hindsight": hindsight.persons_assigned, "greedy_batches": greedy.persons_assigned,
                             "potentials": potentials.persons_assigned,
                             "even_intake": even.persons_assigned if even else None},
        "greedy_batches_share": share(greedy),
        "online_share_of_hindsight": share(potentials),
        # Against the hindsight's proven bound: a share that holds even if the hindsight solve stopped early.
        "online_share_of_hindsight_bound": share(potentials, hindsight.bound),
        "even_intake_share": share(even) if even else None,
        "seconds": {"hindsight": round(hindsight.solve_seconds, 2), "greedy_batches": round(greedy.solve_seconds, 2),
                    "potentials": round(potentials.solve_seconds, 2),
                    "even_intake": round(even.solve_seconds, 2) if even else None,
                    "total": round(time.perf_counter() - started, 2)},
    }


def main() -> int:
    """Per seed one JSON object; then the mean and min of the shares."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--top-k", type=int, default=20)
    parser.add_argument("--samples", type=int, default=0)
    parser.add_argument("--reestimate-every", type=int, default=1)
    parser.add_argument("--price-discount", type=float, default=0.0)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--capacities", choices=CAPACITY_MODELS, default="settling",
                        help="capacity model as in generate.py: settling (asked municipalities, at least 10 places "
                        "each) or population (all 356, most with 1-5 places)")
    parser.add_argument("--lookahead-samples", type=int, default=0,
                        help="sampled futures in the weekly packing look-ahead (0: none)")
    parser.add_argument("--lookahead-from", type=int, default=1, help="first week with the look-ahead")
    parser.add_argument("--lookahead-weight", type=float, default=1.0,
                        help="a sampled future person's worth, in mean values per person")
    parser.add_argument("--lookahead-values", action="store_true",
                        help="the look-ahead counts the sampled futures' values too (two-stage stochastic program)")
    parser.add_argument("--skip-even", action="store_true", help="leave out the even-intake run")
    args = parser.parse_args()
    if args.persons < 1 or args.weeks < 1 or args.top_k < 1:
        parser.error("--persons, --weeks and --top-k must be at least 1")
    try:
        seeds = [int(seed) for seed in args.seeds.split(",")]
    except ValueError:
        parser.error("--seeds must be whole numbers separated by commas")
    policy = {"samples": args.samples, "reestimate_every": args.reestimate_every,
              "price_discount": args.price_discount, "lookahead_samples": args.lookahead_samples,
              "lookahead_from": args.lookahead_from, "lookahead_weight": args.lookahead_weight,
              "lookahead_values": args.lookahead_values}
    rows = []
    for seed in seeds:
        row = bench_seed(persons=args.persons, weeks=args.weeks, seed=seed, top_k=args.top_k, policy=policy,
                         time_limit=args.time_limit, capacities=args.capacities, even=not args.skip_even)
        rows.append(row)
        print(json.dumps(row), flush=True)
    summary = {"summary": True, "seeds": seeds, "persons": args.persons, "capacities": args.capacities,
               "policy": policy,
               "hindsight_all_optimal": all(row["hindsight_status"] == "optimal" for row in rows)}
    for key in ("online_share_of_hindsight", "online_share_of_hindsight_bound", "greedy_batches_share",
                "even_intake_share"):
        figures = [row[key] for row in rows if row[key] is not None]
        if not figures:
            continue
        summary[f"{key}_mean"] = round(float(np.mean(figures)), 4)
        summary[f"{key}_min"] = round(float(np.min(figures)), 4)
    # Persons come first in the objective: a share bought with fewer persons placed is no gain.
    for who in ("hindsight", "potentials", "greedy_batches"):
        summary[f"persons_{who}_total"] = sum(row["persons_assigned"][who] for row in rows)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
