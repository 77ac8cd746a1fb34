"""The outcome model: P(in work or education one year after the programme | person, municipality).

Gradient boosting (LightGBM) on the pair features of one of `simulator.FEATURE_SETS` (`feature_set`: "basic", the
first world's coarse features, by default; "competence" for a Kompass registration's; "registry" for none), calibrated with a sigmoid
(Platt) fitted on out-of-fold scores, and cross-fitted: K fold models, each scoring only the records it
did not train on, so reported AUC, Brier score and reliability are honest. Sigmoid, not isotonic: isotonic
steps would give many municipalities the same value for a person and blunt the assignment.

No model ever sees a protected ground (`protected.py`, likestillings- og diskrimineringsloven § 6): `features`
refuses a set that holds one (`ProtectedFeature`), before any fitting or prediction.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.optimize import minimize

from nyinorge.matching.protected import features_require_lawful
from nyinorge.matching.simulator import (
    CATEGORICAL_FEATURE_SETS, FEATURE_SETS, Municipalities, Persons, Records, pair_features,
)

if TYPE_CHECKING:
    import lightgbm as lgb

# LightGBM, scikit-learn and matplotlib are the optional `research` extra: a production install of the web
# application does without them, so they are imported only when the outcome model is used.
RESEARCH_EXTRA = "nyinorge[research]"


class ResearchExtraMissing(ImportError):
    """The outcome model was used in an install without the `research` extra."""


def research_import(name: str) -> ModuleType:
    """Import one of the `research` extra's packages, or fail with an error that names the extra."""
    try:
        return importlib.import_module(name)
    except ImportError as error:
        raise ResearchExtraMissing(
            f"the outcome model needs {name.partition('.')[0]}, which is in the optional 'research' extra: "
            f"pip install '{RESEARCH_EXTRA}' (or -e '.[research]' in a checkout)",
            name=name,
        ) from error


FEATURE_LABELS: dict[str, str] = {
    "education": "Education level",
    "norwegian": "Norwegian level",
    "sector": "Work experience (sector)",
    "has_network": "Family or friends in the municipality",
    "employment": "Employment rate in the municipality",
    "size": "Size of the municipality",
    "centrality": "Centrality of the municipality",
    "sector_demand": "Labour demand in the person's sector",
    "isced": "Highest completed education (ISCED)",
    "schooling_years": "Years of schooling",
    "work_years": "Years of work experience",
    "norwegian_level": "Norwegian level (CEFR)",
    "english_level": "English level (CEFR)",
    "occupation_group": "Occupation (STYRK-08 major group)",
    "occupation_demand": "Labour demand in the person's occupation",
}
FEATURE_LABELS_NB: dict[str, str] = {
    "education": "Utdanningsnivå",
    "norwegian": "Norsknivå",
    "sector": "Arbeidserfaring (bransje)",
    "has_network": "Familie eller venner i kommunen",
    "employment": "Sysselsettingsandel i kommunen",
    "size": "Kommunens størrelse",
    "centrality": "Kommunens sentralitet",
    "sector_demand": "Etterspørsel etter arbeidskraft i personens bransje",
    "isced": "Høyeste fullførte utdanning (ISCED)",
    "schooling_years": "År med skolegang",
    "work_years": "År med arbeidserfaring",
    "norwegian_level": "Norsknivå (CEFR)",
    "english_level": "Engelsknivå (CEFR)",
    "occupation_group": "Yrke (STYRK-08 hovedgruppe)",
    "occupation_demand": "Etterspørsel etter arbeidskraft i personens yrke",
}

# Small trees, large leaves, 200 rounds (until issue 19: 15 leaves of at least 40 records, 400 rounds). What the
# assignment needs is how a person's probability varies between municipalities, a smooth low-order effect;
# bigger trees fit the history's municipalities' noise. On the 500-person world, 25,000 records, the correlation
# between predicted and true within-person differences over the municipalities with places went from 0.79 / 0.80
# (seeds 1 / 2) to 0.89 / 0.90, AUC 0.669 / 0.679 to 0.677 / 0.688 (monotone constraints added nothing).
DEFAULT_ROUNDS = 200
DEFAULT_PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 7,
    "min_data_in_leaf": 400,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "num_threads": 1,  # OpenMP spinning on a shared two-core machine costs more than it gains
    "verbose": -1,
}


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def platt_fit(*, scores: np.ndarray, outcomes: np.ndarray) -> tuple[float, float]:
    """(a, b) of p = sigmoid(a * score + b) by maximum likelihood (scores are raw logits)."""
    y = outcomes.astype(float)

    def loss(ab: np.ndarray) -> tuple[float, np.ndarray]:
        z = ab[0] * scores + ab[1]
        p = _sigmoid(z)
        nll = np.sum(np.logaddexp(0, z) - y * z)
        g = p - y
        return float(nll), np.array([np.sum(g * scores), np.sum(g)])

    # A negative slope would invert the model's ranking; with no signal the honest answer is a = 0.
    a, b = minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B", bounds=[(0, None), (None, None)]).x
    return float(a), float(b)


@dataclass
class FoldModel:
    """One cross-fitting fold: a booster and the mask of records it trained on."""

    booster: lgb.Booster
    trained_on: np.ndarray


@dataclass
class OutcomeModel:
    """Cross-fitted, calibrated gradient-boosting model of the SP8 outcome."""

    folds: int = 5
    rounds: int = DEFAULT_ROUNDS
    seed: int = 0
    params: dict[str, Any] = field(default_factory=dict)
    feature_set: str = "basic"
    fold_models: list[FoldModel] = field(default_factory=list)
    fold_of: np.ndarray | None = None
    final: lgb.Booster | None = None
    calibration: tuple[float, float] = (1.0, 0.0)
    fold_calibration: list[tuple[float, float]] = field(default_factory=list)
    oof_raw: np.ndarray | None = None
    outcomes: np.ndarray | None = None

    def _train(self, x: np.ndarray, y: np.ndarray) -> lgb.Booster:
        lgb = research_import("lightgbm")
        params = {**DEFAULT_PARAMS, "seed": self.seed, **self.params}
        data = lgb.Dataset(x, label=y, feature_name=list(self.features),
                           categorical_feature=list(CATEGORICAL_FEATURE_SETS[self.feature_set]), free_raw_data=False)
        return lgb.train(params, data, num_boost_round=self.rounds)

    @property
    def features(self) -> tuple[str, ...]:
        """The names of the model's features, in the feature matrix's order (never a protected ground)."""
        if self.feature_set not in FEATURE_SETS:
            raise ValueError(f"unknown feature set {self.feature_set!r}; one of {sorted(FEATURE_SETS)}")
        names = FEATURE_SETS[self.feature_set]
        features_require_lawful(names)
        return names

    def fit(self, records: Records) -> OutcomeModel:
        """Train K fold models (for honest scores), a final model on all records, and the calibration."""
        self.features  # an unknown feature set fails before any work
        if len(records) < 10 * self.folds:
            raise ValueError(f"need at least {10 * self.folds} records to fit, got {len(records)}")
        research_import("lightgbm")  # before any work: an install without the extra fails at once
        x, y = records.features(self.feature_set), records.outcome.astype(int)
        rng = np.random.default_rng(self.seed)
        self.fold_of = rng.permutation(np.arange(len(y)) % self.folds)
        self.oof_raw = np.empty(len(y))
        self.fold_models = []
        for k in range(self.folds):
            trained_on = self.fold_of != k
            booster = self._train(x[trained_on], y[trained_on])
            self.fold_models.append(FoldModel(booster=booster, trained_on=trained_on))
            self.oof_raw[~trained_on] = booster.predict(x[~trained_on], raw_score=True)
        self.outcomes = y
        # Each fold's scores are calibrated by a sigmoid fitted on the OTHER folds, so not even the
        # calibration has seen a record it scores.
        self.fold_calibration = [
            platt_fit(scores=self.oof_raw[self.fold_of != k], outcomes=y[self.fold_of != k])
            for k in range(self.folds)
        ]
        self.calibration = platt_fit(scores=self.oof_raw, outcomes=y)
        self.final = self._train(x, y)
        return self

    def _require_fitted(self) -> lgb.Booster:
        if self.final is None:
            raise RuntimeError("the outcome model is not fitted yet; call fit(records) first")
        return self.final

    def cross_fitted_predictions(self, records: Records | None = None) -> np.ndarray:
        """Calibrated probability of each training record, from the fold model that did not see it."""
        self._require_fitted()
        if records is not None and len(records) != len(self.fold_of):
            raise ValueError("cross-fitted predictions exist only for the records the model was fitted on")
        a = np.array([self.fold_calibration[k][0] for k in self.fold_of])
        b = np.array([self.fold_calibration[k][1] for k in self.fold_of])
        return _sigmoid(a * self.oof_raw + b)

    def cross_fitted_raw(self) -> np.ndarray:
        """Uncalibrated out-of-fold probabilities (to show what calibration changes)."""
        self._require_fitted()
        return _sigmoid(self.oof_raw)

    def predict_features(self, x: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for a feature matrix (the feature set's order)."""
        a, b = self.calibration
        return _sigmoid(a * self._require_fitted().predict(x, raw_score=True) + b)

    def predict(self, *, persons: Persons, municipalities: Municipalities,
                person_index: np.ndarray, municipality_index: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for many (person, municipality) pairs at once."""
        return self.predict_features(pair_features(
            persons=persons, municipalities=municipalities,
            person_index=person_index, municipality_index=municipality_index, feature_set=self.feature_set))

    @property
    def base_probability(self) -> float:
        """The probability at the model's base score (the average raw score): contributions start here."""
        a, b = self.calibration
        booster = self._require_fitted()
        zeros = np.zeros((1, len(self.features)))
        base_raw = booster.predict(zeros, pred_contrib=True)[0, -1]
        return float(_sigmoid(a * base_raw + b))

    def contributions_features(self, x: np.ndarray) -> np.ndarray:
        """(n, features) contributions in probability units; each row sums to p − base_probability.

        TreeSHAP contributions in the booster's logit space, scaled so they add up to the calibrated
        probability's distance from the base (the logit-to-probability map is monotone, so signs keep).
        """
        a, b = self.calibration
        contrib = self._require_fitted().predict(x, pred_contrib=True)
        phi, base_raw = contrib[:, :-1] * a, a * contrib[:, -1] + b
        z = base_raw + phi.sum(axis=1)
        delta_p = _sigmoid(z) - _sigmoid(base_raw)
        delta_z = z - base_raw
        scale = np.divide(delta_p, delta_z, out=np.zeros_like(delta_z), where=np.abs(delta_z) > 1e-12)
        return phi * scale[:, None]

    def contributions(self, *, persons: Persons, municipalities: Municipalities,
                      person: int, municipality: int) -> list[tuple[str, float]]:
        """Per-feature contributions to one prediction, largest effect first."""
        x = pair_features(persons=persons, municipalities=municipalities, person_index=np.array([person]),
                          municipality_index=np.array([municipality]), feature_set=self.feature_set)
        row = self.contributions_features(x)[0]
        return sorted(zip(self.features, row.tolist()), key=lambda fv: -abs(fv[1]))

    def report(self, *, bins: int = 10) -> dict[str, Any]:
        """AUC, Brier score (calibrated and raw) and reliability bins, all on cross-fitted predictions."""
        self._require_fitted()
        metrics = research_import("sklearn.metrics")
        brier_score_loss, roc_auc_score = metrics.brier_score_loss, metrics.roc_auc_score
        p, y = self.cross_fitted_predictions(), self.outcomes
        return {
            "records": int(len(y)),
            "folds": self.folds,
            "auc": float(roc_auc_score(y, p)),
            "brier": float(brier_score_loss(y, p)),
            "brier_uncalibrated": float(brier_score_loss(y, self.cross_fitted_raw())),
            "base_rate": float(y.mean()),
            "reliability": reliability_bins(probabilities=p, outcomes=y, bins=bins),
        }

    def calibration_plot(self, path: str | Path) -> list[Path]:
        """Write the reliability diagram as PNG and SVG next to `path` (its suffix is replaced)."""
        rep = self.report()
        return calibration_plot_write(reliability=rep["reliability"], auc=rep["auc"], brier=rep["brier"], path=path)


def reliability_bins(*, probabilities: np.ndarray, outcomes: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Equal-width bins of predicted probability: count, mean prediction and observed rate."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.digitize(probabilities, edges[1:-1]), 0, bins - 1)
    result = []
    for k in range(bins):
        mask = which == k
        if mask.any():
            result.append({"low": float(edges[k]), "high": float(edges[k + 1]), "count": int(mask.sum()),
                           "predicted": float(probabilities[mask].mean()), "observed": float(outcomes[mask].mean())})
    return result


def calibration_plot_write(*, reliability: list[dict[str, float]], auc: float, brier: float,
                           path: str | Path) -> list[Path]:
    """Reliability diagram (predicted vs observed, point size by count) as PNG and SVG."""
    matplotlib = research_import("matplotlib")
    matplotlib.use("Agg")  # no display on servers
    plt = research_import("matplotlib.pyplot")

    base = Path(path).with_suffix("")
    base.parent.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(5, 5))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    counts = np.array([r["count"] for r in reliability], float)
    ax.scatter([r["predicted"] for r in reliability], [r["observed"] for r in reliability],
               s=20 + 200 * counts / max(counts.max(), 1), label="cross-fitted predictions")
    ax.plot([r["predicted"] for r in reliability], [r["observed"] for r in reliability])
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="predicted probability", ylabel="observed share in work or education",
           title=f"Calibration (AUC {auc:.3f}, Brier {brier:.3f})")
    ax.legend(loc="upper left")
    written = []
    for suffix in (".png", ".svg"):
        out = base.with_suffix(suffix)
        fig.savefig(out, dpi=120)
        written.append(out)
    plt.close(fig)
    return written
