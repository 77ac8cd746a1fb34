"""Regenerate the shipped model, `nyinorge/core/data/dedup_model.json`, from synthetic data with known truth.

    .venv/bin/python -m nyinorge.core.dedup.train_default [--persons 200000] [--seed 1] [--output PATH]

Trains (unsupervised, `training.train`) on a synthetic registry (`nyinorge.synthetic.duplicates`, seed `--seed`),
then chooses the thresholds on another registry of the same size (seed + 1) with its truth: review = the
lowest probability keeping pair precision >= 0.98, warn = the highest probability still finding 99 % of the
true pairs among the candidates (never above review). Deterministic for a given seed apart from `trained_at`.
"""

from __future__ import annotations

import argparse
import json
from importlib import resources
from pathlib import Path
from typing import Any

from nyinorge.core.dedup.batch import PROMOTE_FLOOR_PROBABILITY, find_duplicates
from nyinorge.core.dedup.scoring import DEFAULT_CHART
from nyinorge.core.dedup.training import choose_review_promoting, choose_thresholds, match_weights_chart_svg, train


def thresholds_on_truth(artefact: dict[str, Any], *, persons: int, seed: int) -> tuple[float, float]:
    """(warn, review) chosen on a synthetic registry with known truth (the blocked pairs scoring 0.001 or more).

    Namesakes grow with the registry, so choose on a registry as large as the one the model will run on."""
    from nyinorge.synthetic.duplicates import generate, ordered

    registry = generate(persons=persons, seed=seed)
    true_pairs = registry.true_pairs()
    pairs = find_duplicates(registry.records, artefact, threshold_probability=1e-3, promote=False)
    scored = [(pair.match_probability, ordered(pair.id_l, pair.id_r) in true_pairs) for pair in pairs]
    warn, _review = choose_thresholds(scored)
    # the batch also reports pairs linked through a common third record: choose review with them counted
    review = choose_review_promoting([(p.id_l, p.id_r, p.match_probability) for p in pairs], true_pairs,
                                     floor=PROMOTE_FLOOR_PROBABILITY)
    return min(warn, review), review


def train_default(*, persons: int = 200_000, seed: int = 1) -> dict[str, Any]:
    """The default artefact: trained on `persons` synthetic persons, thresholds from a held-out registry."""
    from nyinorge.synthetic.duplicates import generate

    registry = generate(persons=persons, seed=seed)
    artefact = train(registry.records, seed=seed, version=f"synthetic-{persons}-seed{seed}")
    warn, review = thresholds_on_truth(artefact, persons=persons, seed=seed + 1)
    artefact["nyinorge"]["warn_probability"] = round(warn, 6)
    artefact["nyinorge"]["review_probability"] = round(review, 6)
    artefact["nyinorge"]["trained_on"] = "synthetic (nyinorge.synthetic.duplicates)"
    return artefact


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", type=Path,
                        default=Path(str(resources.files("nyinorge.core") / "data" / "dedup_model.json")))
    args = parser.parse_args()
    artefact = train_default(persons=args.persons, seed=args.seed)
    args.output.write_text(json.dumps(artefact, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    args.output.with_name(DEFAULT_CHART).write_text(match_weights_chart_svg(artefact), encoding="utf-8")
    ours = artefact["nyinorge"]
    print(f"wrote {args.output}: warn {ours['warn_probability']}, review {ours['review_probability']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
