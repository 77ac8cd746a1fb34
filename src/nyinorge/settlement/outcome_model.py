"""The platform's trained outcome model: P(in work or education after the programme | adult, municipality), trained on
the platform's own settlements (`selectors.outcome_training`).

The same method as the research model (`nyinorge.matching.outcomes.OutcomeModel`) on the platform's arrays:
gradient boosting (LightGBM, the optional `research` extra) with a sigmoid (Platt) calibration, cross-fitted. The
records are split into K folds *by case* (a family's adults share a municipality and much else, so they are never
on both sides of a split); each fold model scores only the fold it did not see, and each fold's scores are
calibrated by a sigmoid fitted on the other folds' scores. Every figure on the model card (AUC, Brier score,
reliability, the group metrics) is computed on those out-of-sample predictions, never in-sample. The model used
for suggestions is then trained on all records, with the sigmoid fitted on all out-of-fold scores.

The artefact is LightGBM's own text format (`Booster.model_to_string`), so a stored version loads without pickle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nyinorge.matching.outcomes import platt_fit, reliability_bins, research_import
from nyinorge.matching.protected import features_require_lawful

PARAMS: dict[str, Any] = {
    "objective": "binary", "learning_rate": 0.05, "num_leaves": 15, "min_data_in_leaf": 40,
    "feature_fraction": 0.9, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
    "num_threads": 1, "verbose": -1,
}
ROUNDS = 300
FOLDS = 5
MIN_RECORDS_PER_FOLD = 10


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def auc_score(outcomes: np.ndarray, probabilities: np.ndarray) -> float | None:
    """Area under the ROC curve (Mann–Whitney, ties counted half); None when one class is missing."""
    y = np.asarray(outcomes, dtype=int)
    positives, negatives = int(y.sum()), int(len(y) - y.sum())
    if not positives or not negatives:
        return None
    order = np.argsort(probabilities, kind="mergesort")
    ranks = np.empty(len(y))
    sorted_p = np.asarray(probabilities)[order]
    # Average ranks over ties.
    start = 0
    for end in range(1, len(y) + 1):
        if end == len(y) or sorted_p[end] != sorted_p[start]:
            ranks[order[start:end]] = (start + end + 1) / 2
            start = end
    return float((ranks[y == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def brier_score(outcomes: np.ndarray, probabilities: np.ndarray) -> float:
    return float(np.mean((np.asarray(probabilities) - np.asarray(outcomes)) ** 2))


def group_metrics(*, outcomes: np.ndarray, probabilities: np.ndarray, groups: np.ndarray) -> list[dict]:
    """Per group: records, observed rate, mean prediction, AUC and Brier score (out-of-sample predictions)."""
    rows = []
    for group in sorted(set(groups.tolist())):
        mask = groups == group
        y, p = outcomes[mask], probabilities[mask]
        rows.append({"group": str(group), "records": int(mask.sum()), "observed": float(y.mean()),
                     "predicted": float(p.mean()), "auc": auc_score(y, p), "brier": brier_score(y, p)})
    return rows


@dataclass
class CrossFit:
    """The out-of-sample predictions of the cross-fitting, and the final model's parts."""

    probabilities: np.ndarray
    fold_of: np.ndarray
    booster_text: str
    calibration: tuple[float, float]


def fit(*, x: np.ndarray, y: np.ndarray, cases: np.ndarray, features: tuple[str, ...],
        categorical: tuple[str, ...] = (), folds: int = FOLDS, rounds: int = ROUNDS, seed: int = 0) -> CrossFit:
    """Cross-fit K fold models grouped by case, calibrate, and train the final model on everything."""
    features_require_lawful(features)
    if len(y) < MIN_RECORDS_PER_FOLD * folds:
        raise ValueError(f"need at least {MIN_RECORDS_PER_FOLD * folds} records, got {len(y)}")
    if y.min() == y.max():
        raise ValueError("every record has the same outcome; there is nothing to learn")
    lgb = research_import("lightgbm")
    params = {**PARAMS, "seed": seed}

    def train(rows: np.ndarray):
        data = lgb.Dataset(x[rows], label=y[rows], feature_name=list(features), categorical_feature=list(categorical),
                           free_raw_data=False)
        return lgb.train(params, data, num_boost_round=rounds)

    rng = np.random.default_rng(seed)
    unique_cases = np.unique(cases)
    fold_of_case = dict(zip(unique_cases.tolist(), (rng.permutation(len(unique_cases)) % folds).tolist()))
    fold_of = np.array([fold_of_case[case] for case in cases.tolist()])
    raw = np.empty(len(y))
    for k in range(folds):
        held_out = fold_of == k
        raw[held_out] = train(~held_out).predict(x[held_out], raw_score=True)
    probabilities = np.empty(len(y))
    for k in range(folds):
        # Calibrated by a sigmoid fitted on the other folds: not even the calibration has seen the record.
        a, b = platt_fit(scores=raw[fold_of != k], outcomes=y[fold_of != k])
        probabilities[fold_of == k] = _sigmoid(a * raw[fold_of == k] + b)
    calibration = platt_fit(scores=raw, outcomes=y)
    final = train(np.ones(len(y), dtype=bool))
    return CrossFit(probabilities, fold_of, final.model_to_string(), calibration)


def model_card(*, fitted: CrossFit, y: np.ndarray, groups: dict[str, np.ndarray], bins: int = 10) -> dict:
    """AUC, Brier score, reliability and the same by each grouping, all on the out-of-sample predictions."""
    p = fitted.probabilities
    return {
        "records": int(len(y)), "folds": int(fitted.fold_of.max() + 1), "base_rate": float(y.mean()),
        "auc": auc_score(y, p), "brier": brier_score(y, p),
        # The Brier score of predicting the base rate for everyone: the card's reference point.
        "brier_base_rate": brier_score(y, np.full(len(y), y.mean())),
        "reliability": reliability_bins(probabilities=p, outcomes=y, bins=bins),
        "groups": {name: group_metrics(outcomes=y, probabilities=p, groups=values) for name, values in groups.items()},
    }


@dataclass
class TrainedOutcomeModel:
    """A stored version loaded for predictions: the booster and its calibration."""

    booster_text: str
    calibration: tuple[float, float]
    features: tuple[str, ...]
    _booster: Any = field(default=None, repr=False)

    @property
    def booster(self):
        if self._booster is None:
            lgb = research_import("lightgbm")
            self._booster = lgb.Booster(model_str=self.booster_text)
        return self._booster

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Calibrated probabilities, one per row."""
        a, b = self.calibration
        return _sigmoid(a * self.booster.predict(x, raw_score=True) + b)

    def contributions(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(base probability per row, (rows, features) contributions in probability units).

        LightGBM's TreeSHAP contributions (`pred_contrib`) in the calibrated logit space, scaled so each row's add up
        to its probability's distance from the base (the logit-to-probability map is monotone, so signs keep)."""
        a, b = self.calibration
        contrib = self.booster.predict(x, pred_contrib=True)
        phi, base_z = contrib[:, :-1] * a, a * contrib[:, -1] + b
        z = base_z + phi.sum(axis=1)
        delta_z = z - base_z
        delta_p = _sigmoid(z) - _sigmoid(base_z)
        scale = np.divide(delta_p, delta_z, out=np.zeros_like(delta_z), where=np.abs(delta_z) > 1e-12)
        return _sigmoid(base_z), phi * scale[:, None]


def calibration_svg(*, reliability: list[dict], auc: float | None, brier: float, title: str = "") -> str:
    """The reliability diagram as a small self-contained SVG: predicted against observed per bin, the diagonal,
    point area by the bin's count. Drawn by hand so the web needs no plotting library."""
    size, pad = 320, 44
    inner = size - 2 * pad

    def px(value: float) -> float:
        return round(pad + value * inner, 1)

    def py(value: float) -> float:
        return round(size - pad - value * inner, 1)

    largest = max((row["count"] for row in reliability), default=1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'role="img" font-family="sans-serif" font-size="11">',
        f'<title>{_escape(title)}</title>',
        f'<rect x="{pad}" y="{pad}" width="{inner}" height="{inner}" fill="none" stroke="#888"/>',
        f'<line x1="{px(0)}" y1="{py(0)}" x2="{px(1)}" y2="{py(1)}" stroke="#888" stroke-dasharray="4 3"/>',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        parts.append(f'<text x="{px(tick)}" y="{size - pad + 14}" text-anchor="middle">{tick:g}</text>')
        parts.append(f'<text x="{pad - 6}" y="{py(tick) + 4}" text-anchor="end">{tick:g}</text>')
    points = [(px(row["predicted"]), py(row["observed"]), row["count"]) for row in reliability]
    if len(points) > 1:
        parts.append('<polyline fill="none" stroke="#1e5aa0" stroke-width="1.5" points="'
                     + " ".join(f"{x},{y}" for x, y, _c in points) + '"/>')
    for x, y, count in points:
        radius = round(2.5 + 7 * math.sqrt(count / largest), 1)
        parts.append(f'<circle cx="{x}" cy="{y}" r="{radius}" fill="#1e5aa0" fill-opacity="0.6"/>')
    auc_text = "–" if auc is None else f"{auc:.3f}"
    parts += [
        f'<text x="{size / 2}" y="{pad - 18}" text-anchor="middle" font-size="12">AUC {auc_text} · Brier {brier:.3f}</text>',
        f'<text x="{size / 2}" y="{size - 8}" text-anchor="middle">predicted</text>',
        f'<text x="12" y="{size / 2}" text-anchor="middle" transform="rotate(-90 12 {size / 2})">observed</text>',
        "</svg>",
    ]
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
