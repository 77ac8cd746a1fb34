"""The outcome model and the matching with and without the competence features, on the same worlds.

    .venv/bin/python bench/competence_features.py [--persons 2000] [--history 24000] [--seeds 1,2,3] [--time-limit 30]

Per seed one competence world (`simulator.world_generate(features="competence")`, the Kompass registration's
features and a p_true that uses them) and one biased history; three outcome models are fitted on the same
records, differing only in what they see (`simulator.FEATURE_SETS`; none sees sex, age or country group, the
protected grounds of `protected.py`, since issue 19):

- "registry": network and the municipality (no competence at all);
- "basic": the first world's coarse set (education 0–3, Norwegian 0–3, sector);
- "competence": ISCED level, years of schooling and of work experience, Norwegian and English level (CEFR ranks),
  STYRK-08 major group and the municipality's demand for it.

Each model's values are solved to the optimal assignment over all 356 municipalities (`oracle.assignment_solve`,
gap reported), and the assignment is scored three ways: expected (the model's own sum of probabilities over the
assigned adults), true expected (the sum of p_true) and realised (one draw of every assigned adult's outcome from
p_true, with the same random numbers per adult for every model, so the draws differ only by where people went).
The oracle (optimal under p_true) and random placements give the scale. One JSON object per seed and model, then a
summary of the means over the seeds; the mean absolute contribution per feature of the competence model (over the
assigned pairs) says which features drive the suggestions.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._experiment_args import experiment_arguments  # noqa: E402

from nyinorge.matching.instance import Instance
from nyinorge.matching.oracle import (
    assignment_evaluate, assignment_solve, capacities_for, model_predictor, random_assignment,
)
from nyinorge.matching.outcomes import OutcomeModel
from nyinorge.matching.simulator import (
    FEATURE_SETS, adults_of, case_values, history_generate, p_true, true_adult_probabilities, world_generate,
)
from nyinorge.matching.solver import solve

MODELS = ("registry", "basic", "competence")


def realised(world, assignment: dict[str, str | None], uniforms: np.ndarray) -> tuple[int, int]:
    """(adults in work or education, adults placed): each assigned adult's outcome drawn with its own uniform."""
    index = {m: j for j, m in enumerate(world.municipalities.ids)}
    adults = set(adults_of(world).tolist())
    persons, places = [], []
    for c, case in enumerate(world.cases):
        m = assignment.get(f"c{c}")
        if m is None:
            continue
        for person in case:
            if person in adults:
                persons.append(person)
                places.append(index[m])
    p = p_true(persons=world.persons, municipalities=world.municipalities, person_index=np.array(persons),
               municipality_index=np.array(places))
    return int((uniforms[np.array(persons)] < p).sum()), len(persons)


def one_seed(*, seed: int, persons: int, history: int, time_limit: float) -> list[dict]:
    world = world_generate(persons=persons, seed=seed, features="competence")
    records = history_generate(world, records=history, seed=seed + 1)
    true_values = case_values(world, adult_probabilities=true_adult_probabilities(world))
    capacity = capacities_for(world)
    uniforms = np.random.default_rng(seed + 3).random(len(world.persons))
    common = {"capacity": capacity, "solve": solve, "make_instance": Instance.from_json, "time_limit": time_limit}
    oracle = assignment_solve(world, values=true_values, **common)
    oracle_value = assignment_evaluate(world, assignment=oracle["assignment"], true_values=true_values)["value"]
    oracle_realised, _ = realised(world, oracle["assignment"], uniforms)
    rng = np.random.default_rng(seed + 2)
    random_values = [assignment_evaluate(world, assignment=random_assignment(world, capacity=capacity, rng=rng),
                                         true_values=true_values)["value"] for _ in range(5)]
    random_value = float(np.mean(random_values))
    rows = []
    for feature_set in MODELS:
        started = time.perf_counter()
        model = OutcomeModel(seed=seed, feature_set=feature_set).fit(records)
        report = model.report()
        learned_values = case_values(world, adult_probabilities=model_predictor(model)(world))
        solved = assignment_solve(world, values=learned_values, **common)
        true_value = assignment_evaluate(world, assignment=solved["assignment"], true_values=true_values)["value"]
        in_work, placed = realised(world, solved["assignment"], uniforms)
        row = {
            "seed": seed, "features": feature_set, "persons": len(world.persons), "adults": int(world.persons.adult.sum()),
            "history_records": history, "auc": round(report["auc"], 4), "brier": round(report["brier"], 4),
            "expected_model": round(solved["objective"], 2), "expected_true": round(true_value, 2),
            "realised": in_work, "adults_placed": placed, "realised_share": round(in_work / placed, 4),
            "value_random": round(random_value, 2), "value_oracle": round(oracle_value, 2),
            "oracle_realised": oracle_realised,
            "oracle_gain_share": round((true_value - random_value) / (oracle_value - random_value), 4),
            "gap": float(f"{solved['gap']:.2e}"), "gap_oracle": float(f"{oracle['gap']:.2e}"),
            "seconds": round(time.perf_counter() - started, 1),
        }
        if feature_set == "competence":
            row["mean_abs_contribution"] = drivers(model, world, solved["assignment"])
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return rows


def drivers(model: OutcomeModel, world, assignment: dict[str, str | None]) -> dict[str, float]:
    """Mean |contribution| (probability units) of each feature over the assigned adults' pairs."""
    index = {m: j for j, m in enumerate(world.municipalities.ids)}
    adults = set(adults_of(world).tolist())
    pairs = [(person, index[m]) for c, case in enumerate(world.cases)
             if (m := assignment.get(f"c{c}")) is not None for person in case if person in adults]
    from nyinorge.matching.simulator import pair_features

    x = pair_features(persons=world.persons, municipalities=world.municipalities,
                      person_index=np.array([p for p, _ in pairs]), municipality_index=np.array([m for _, m in pairs]),
                      feature_set=model.feature_set)
    mean_abs = np.abs(model.contributions_features(x)).mean(axis=0)
    return {name: round(float(v), 4) for name, v in sorted(zip(FEATURE_SETS[model.feature_set], mean_abs),
                                                           key=lambda nv: -nv[1])}


def main() -> int:
    args, seeds = experiment_arguments(__doc__.splitlines()[0], persons=2000, history=24000, time_limit=30.0)
    rows = [row for seed in seeds for row in one_seed(seed=seed, persons=args.persons, history=args.history,
                                                        time_limit=args.time_limit)]
    summary = {"summary": True, "seeds": seeds, "persons": args.persons, "history_records": args.history}
    for feature_set in MODELS:
        mine = [row for row in rows if row["features"] == feature_set]
        summary[feature_set] = {key: round(float(np.mean([row[key] for row in mine])), 4)
                                for key in ("auc", "brier", "expected_model", "expected_true", "realised",
                                            "realised_share", "oracle_gain_share")}
    summary["value_oracle"] = round(float(np.mean([row["value_oracle"] for row in rows])), 2)
    summary["value_random"] = round(float(np.mean([row["value_random"] for row in rows])), 2)
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
