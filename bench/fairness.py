"""Fairness report: predicted gain and outcome by sex and by country group, learned vs greedy vs random placement,
and the learned assignment with the gap between groups' mean predicted gain bounded.

    .venv/bin/python bench/fairness.py [--persons 2000] [--history 25000] [--seeds 1,2] [--time-limit 30]
                                       [--max-gap-sex 0.005] [--max-gap-country 0.01]

Per seed: a simulated world (`simulator.py`: sex and age in p_true, a country group per person that acts only
through education), the lawful outcome model ("basic" features: no sex, age or country) fitted on biased history,
and four placements of this year's persons: learned (optimal under the model, `oracle.assignment_solve`), greedy
(the caseworker's pass on the model's values), random (5 draws, averaged) and learned with the gap bounded
(`fairness.fair_assignment`, bisection on the weight of the groups behind). Per group: adults, placed, mean
predicted gain (p̂ at the place minus the person's capacity-weighted mean p̂), mean p̂, mean p_true, realised
share (one draw per adult, the same uniforms for every placement). Markdown tables, then one JSON line per seed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from nyinorge.matching.fairness import UNPLACED, fair_assignment, fairness_report  # noqa: E402
from nyinorge.matching.instance import Instance  # noqa: E402
from nyinorge.matching.oracle import (  # noqa: E402
    assignment_solve, capacities_for, greedy_assignment_matrix, model_predictor, random_assignment,
)
from nyinorge.matching.outcomes import OutcomeModel  # noqa: E402
from nyinorge.matching.simulator import (  # noqa: E402
    COUNTRY_GROUPS, adults_of, case_values, history_generate, true_adult_probabilities, world_generate,
)
from nyinorge.matching.solver import solve  # noqa: E402


def case_places(world, assignment: dict[str, str | None]) -> np.ndarray:
    index = {m: j for j, m in enumerate(world.municipalities.ids)}
    return np.array([index[m] if (m := assignment.get(f"c{c}")) is not None else UNPLACED
                     for c in range(len(world.cases))])


def markdown(report, attribute: str, title: str) -> str:
    lines = [f"### {title}", "", "| placement | group | adults | placed | mean predicted gain | mean p̂ | "
             "mean p_true | realised |", "|---|---|---|---|---|---|---|---|"]
    for row in report.table(attribute):
        lines.append(f"| {row.placement} | {row.group} | {row.adults} | {row.placed:.0f} | {row.predicted_gain:+.4f} | "
                     f"{row.predicted:.3f} | {row.expected:.3f} | {row.realised:.3f} |")
    gaps = {placement: round(gap, 4) for (a, placement), gap in report.gaps.items() if a == attribute}
    lines += ["", f"gap (max − min mean predicted gain): {gaps}", ""]
    return "\n".join(lines)


def one_seed(*, seed: int, persons: int, history: int, time_limit: float, max_gaps: dict[str, float]) -> dict:
    started = time.perf_counter()
    world = world_generate(persons=persons, seed=seed)
    model = OutcomeModel(seed=seed).fit(history_generate(world, records=history, seed=seed + 1))
    predicted = model_predictor(model)(world)
    true = true_adult_probabilities(world)
    capacity = capacities_for(world)
    values = case_values(world, adult_probabilities=predicted)
    adults = adults_of(world)
    case_of = np.empty(len(world.persons), int)
    for c, case in enumerate(world.cases):
        case_of[list(case)] = c
    labels = {"sex": np.where(world.persons.male[adults] == 1, "men", "women"),
              "country group": np.array(COUNTRY_GROUPS)[world.persons.country_group[adults]]}
    common = {"capacity": capacity, "solve": solve, "make_instance": Instance.from_json}
    learned = assignment_solve(world, values=values, time_limit=time_limit, **common)
    rng = np.random.default_rng(seed + 2)
    placements: dict = {
        "learned": case_places(world, learned["assignment"]),
        "greedy": case_places(world, greedy_assignment_matrix(world, values=values, capacity=capacity)),
        "random": [case_places(world, random_assignment(world, capacity=capacity, rng=rng)) for _ in range(5)],
    }
    bounded = {}
    for attribute, bound in max_gaps.items():
        fair = fair_assignment(world, labels=labels[attribute], predicted=predicted, max_group_gap=bound,
                               unconstrained=learned["assignment"],
                               time_limit=time_limit / 3, iterations=5, **common)
        placements[f"learned, {attribute} gap ≤ {bound}"] = case_places(world, fair.assignment)
        bounded[attribute] = {
            "max_group_gap": bound, "reached": fair.reached, "within_already": fair.within_already,
            "gap_unconstrained": round(fair.gap_unconstrained, 4), "gap": round(fair.gap, 4),
            "weights": {g: round(w, 3) for g, w in fair.weights.items()}, "solves": fair.solves,
            "predicted_gain_total_unconstrained": round(fair.predicted_gain_total_unconstrained, 2),
            "predicted_gain_total": round(fair.predicted_gain_total, 2), "cost_predicted_gain": round(fair.cost, 2),
            "persons_assigned": fair.persons_assigned,
        }
    uniforms = np.random.default_rng(seed + 3).random(len(adults))
    report = fairness_report(groups=labels, adult_case=case_of[adults], placements=placements, predicted=predicted,
                             capacity=capacity, true=true, uniforms=uniforms)
    print(f"## Seed {seed}: {len(world.persons)} persons, {len(adults)} adults, AUC {model.report()['auc']:.3f}, "
          f"learned gap {learned['gap']:.2%}\n")
    print(markdown(report, "sex", "By sex"))
    print(markdown(report, "country group", "By country group"))
    totals = {row.placement: {"expected_total": round(row.expected * row.placed, 2),
                              "predicted_gain_total": round(row.predicted_gain_total, 2)}
              for row in report.rows if row.attribute == "all"}
    result = {"seed": seed, "persons": len(world.persons), "adults": len(adults), "history_records": history,
              "learned_gap": float(f"{learned['gap']:.2e}"), "bounded": bounded, "totals": totals,
              "gaps": {f"{a} / {p}": round(g, 4) for (a, p), g in report.gaps.items()},
              "seconds": round(time.perf_counter() - started, 1), "load": open("/proc/loadavg").read().split()[0]}
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--history", type=int, default=25000)
    parser.add_argument("--seeds", default="1,2")
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--max-gap-sex", type=float, default=0.005)
    parser.add_argument("--max-gap-country", type=float, default=0.01)
    args = parser.parse_args()
    for seed in (int(s) for s in args.seeds.split(",")):
        one_seed(seed=seed, persons=args.persons, history=args.history, time_limit=args.time_limit,
                 max_gaps={"sex": args.max_gap_sex, "country group": args.max_gap_country})
    return 0


if __name__ == "__main__":
    sys.exit(main())
