"""Fairness report: predicted gain and assigned outcome by sex and by country group, and a bound on the gap.

The outcome model never sees a protected ground (`protected.py`), but an assignment that maximises the total
predicted outcome can still favour one group: if the model predicts larger gains from a good placement for
persons with more education, and one country group has more education, that group gets the better places.
This module measures it, per adult:

- predicted gain: p̂(a, m) − b_a, the model's probability at the assigned municipality m minus the person's
  baseline b_a, the mean of p̂(a, ·) over all municipalities weighted by their places (what placing the person
  anywhere there is room gives in expectation, roughly what random placement gives);
- expected outcome: p_true(a, m) (only a simulation knows it); realised outcome: one draw, 1 when a uniform
  u_a < p_true(a, m) (the same u_a for every placement, so draws differ only by where people went).

`fairness_report` gives these by group for several placements (the learned assignment, greedy, random draws),
with counts so group figures add up to the totals. `fair_assignment` bounds the gap between the groups' average
predicted gain: it multiplies the values of the groups behind (one weight per group, from one scalar t found by
bisection) and re-solves, until the gap is at most `max_group_gap` or the weight limit is reached, and reports
what the bound cost in total predicted gain. Weighting values, not constraining the MIP, keeps the library's
solver as it is; the price is that the bound is met approximately (bisection on t), not proven to be the cheapest.
Pure Python and numpy; the solver is passed in (the library's `solve` by default).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nyinorge.matching.oracle import _library_solvers, assignment_solve, case_sizes
from nyinorge.matching.simulator import World, adults_of, case_values

UNPLACED = -1


@dataclass(frozen=True)
class GroupFigures:
    """One group's figures under one placement (means over the group's placed adults; NaN when none is placed)."""

    attribute: str  # "sex", "country group", or "all"
    group: str
    placement: str
    adults: int
    placed: float  # mean over draws for random placement
    predicted_gain: float
    predicted: float
    expected: float | None
    realised: float | None
    predicted_gain_total: float  # sum over placed adults (adds up over groups)


@dataclass
class FairnessReport:
    """Rows per (attribute, group, placement) and, per attribute and placement, the gap in mean predicted gain."""

    rows: list[GroupFigures]
    gaps: dict[tuple[str, str], float] = field(default_factory=dict)  # (attribute, placement) -> max − min

    def table(self, attribute: str) -> list[GroupFigures]:
        """The rows of one attribute (and the totals), in placement then group order."""
        return [row for row in self.rows if row.attribute in (attribute, "all")]


def baselines(*, predicted: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """Per adult: the mean predicted probability over the municipalities, weighted by their places."""
    weights = np.asarray(capacity, float)
    if weights.sum() <= 0:
        raise ValueError("no municipality has a place")
    return predicted @ (weights / weights.sum())


def adult_places(*, adult_case: np.ndarray, case_place: np.ndarray) -> np.ndarray:
    """Municipality index per adult from the case's (UNPLACED = −1 when the case is not placed)."""
    return np.asarray(case_place)[np.asarray(adult_case)]


def _placement_figures(*, places: np.ndarray, members: np.ndarray, predicted: np.ndarray, base: np.ndarray,
                       true: np.ndarray | None, uniforms: np.ndarray | None) -> dict[str, float]:
    placed = members & (places != UNPLACED)
    rows = np.flatnonzero(placed)
    p_hat = predicted[rows, places[rows]]
    gain = p_hat - base[rows]
    figures = {"placed": float(len(rows)), "predicted_gain_total": float(gain.sum()),
               "predicted_gain": float(gain.mean()) if len(rows) else float("nan"),
               "predicted": float(p_hat.mean()) if len(rows) else float("nan")}
    if true is not None:
        p = true[rows, places[rows]]
        figures["expected"] = float(p.mean()) if len(rows) else float("nan")
        if uniforms is not None:
            figures["realised"] = float((uniforms[rows] < p).mean()) if len(rows) else float("nan")
    return figures


def fairness_report(
    *,
    groups: Mapping[str, Sequence[str] | np.ndarray],
    adult_case: np.ndarray,
    placements: Mapping[str, np.ndarray | Sequence[np.ndarray]],
    predicted: np.ndarray,
    capacity: np.ndarray,
    true: np.ndarray | None = None,
    uniforms: np.ndarray | None = None,
) -> FairnessReport:
    """Predicted gain and outcome by group for each placement.

    `groups`: attribute -> a label per adult (rows of `predicted`); `adult_case`: the case index of each adult;
    `placements`: name -> municipality index per case (UNPLACED for none), or a sequence of such arrays (random
    draws: figures are averaged over them); `predicted`/`true`: (adults, municipalities) probabilities;
    `uniforms`: one uniform per adult for the realised outcome.
    """
    predicted = np.asarray(predicted, float)
    n_adults = predicted.shape[0]
    for attribute, labels in groups.items():
        if len(labels) != n_adults:
            raise ValueError(f"groups[{attribute!r}] has {len(labels)} labels for {n_adults} adults")
    base = baselines(predicted=predicted, capacity=capacity)
    attributes = [("all", np.array(["all"] * n_adults)), *((a, np.asarray(labels)) for a, labels in groups.items())]
    rows: list[GroupFigures] = []
    gaps: dict[tuple[str, str], float] = {}
    for name, placement in placements.items():
        draws = [placement] if isinstance(placement, np.ndarray) and placement.ndim == 1 else list(placement)
        places = [adult_places(adult_case=adult_case, case_place=draw) for draw in draws]
        for attribute, labels in attributes:
            means = []
            for group in dict.fromkeys(labels.tolist()):
                members = labels == group
                per_draw = [_placement_figures(places=p, members=members, predicted=predicted, base=base, true=true,
                                               uniforms=uniforms) for p in places]
                mean = {key: float(np.mean([d[key] for d in per_draw])) for key in per_draw[0]}
                rows.append(GroupFigures(
                    attribute=attribute, group=str(group), placement=name, adults=int(members.sum()),
                    placed=mean["placed"], predicted_gain=mean["predicted_gain"], predicted=mean["predicted"],
                    expected=mean.get("expected"), realised=mean.get("realised"),
                    predicted_gain_total=mean["predicted_gain_total"]))
                means.append(mean["predicted_gain"])
            if attribute != "all":
                known = [m for m in means if m == m]
                gaps[(attribute, name)] = max(known) - min(known) if known else float("nan")
    return FairnessReport(rows=rows, gaps=gaps)


def group_gains(*, labels: np.ndarray, places: np.ndarray, predicted: np.ndarray,
                base: np.ndarray) -> dict[str, float]:
    """Mean predicted gain per group over its placed adults (groups with nobody placed are left out)."""
    gains: dict[str, float] = {}
    for group in dict.fromkeys(labels.tolist()):
        rows = np.flatnonzero((labels == group) & (places != UNPLACED))
        if len(rows):
            gains[str(group)] = float((predicted[rows, places[rows]] - base[rows]).mean())
    return gains


def _gap(gains: dict[str, float]) -> float:
    return max(gains.values()) - min(gains.values()) if gains else 0.0


@dataclass
class FairAssignment:
    """The assignment under the gap bound, what it cost, and whether the bound was reached."""

    assignment: dict[str, str | None]
    reached: bool
    within_already: bool  # the unconstrained assignment met the bound (it is returned unchanged)
    gap: float
    gap_unconstrained: float
    group_gains: dict[str, float]
    group_gains_unconstrained: dict[str, float]
    weights: dict[str, float]  # value multiplier per group of the returned assignment
    predicted_gain_total: float
    predicted_gain_total_unconstrained: float
    solves: int
    persons_assigned: int
    persons_assigned_unconstrained: int

    @property
    def cost(self) -> float:
        """Total predicted gain given up for the bound (adults in work or education, as the model predicts)."""
        return self.predicted_gain_total_unconstrained - self.predicted_gain_total


def fair_assignment(
    world: World,
    *,
    labels: np.ndarray,
    predicted: np.ndarray,
    capacity: np.ndarray,
    max_group_gap: float,
    solve: Callable[..., Any] | None = None,
    make_instance: Callable[[dict], Any] | None = None,
    max_weight: float = 4.0,
    iterations: int = 8,
    top_k: int = 24,
    time_limit: float = 60.0,
    unconstrained: dict[str, str | None] | None = None,
) -> FairAssignment:
    """The optimal assignment of `world` under the model's values, with the groups' gap in mean predicted gain
    at most `max_group_gap` when reweighting can reach it.

    `labels`: a group per adult (rows of `predicted`, in `adults_of(world)` order). The unconstrained assignment
    (`unconstrained` when the caller has solved it already, else solved here) is returned as it is when its gap is
    within the bound. Otherwise each group g gets the value weight w_g(t) = 1 + t (top − gain_g) / (top − bottom)
    from the unconstrained gains (the group furthest behind gets 1 + t, the one ahead 1), the assignment is
    re-solved at t = max_weight − 1 and then t is bisected (`iterations` solves) towards the point where the group
    furthest behind catches up with the one ahead. Of all assignments tried, the one with the most total predicted
    gain among those within the bound is returned; if none is (even the largest weight leaves the group behind,
    or the solves jump over the bound), the one with the smallest gap, with `reached=False`.
    """
    if max_group_gap < 0:
        raise ValueError(f"max_group_gap must be >= 0, not {max_group_gap}")
    if max_weight < 1:
        raise ValueError(f"max_weight must be >= 1, not {max_weight}")
    if solve is None or make_instance is None:
        solve, make_instance = _library_solvers()
    labels = np.asarray(labels)
    adults = adults_of(world)
    if len(labels) != len(adults) or predicted.shape[0] != len(adults):
        raise ValueError("labels and predicted need one row per adult of the world")
    case_of = np.empty(len(world.persons), int)
    for c, case in enumerate(world.cases):
        case_of[list(case)] = c
    adult_case = case_of[adults]
    base = baselines(predicted=predicted, capacity=capacity)
    index = {m: j for j, m in enumerate(world.municipalities.ids)}
    sizes = case_sizes(world)

    def evaluate(weights: dict[str, float], assignment: dict[str, str | None]) -> dict[str, Any]:
        case_place = np.array([index[m] if (m := assignment.get(f"c{c}")) is not None else UNPLACED
                               for c in range(len(world.cases))])
        places = adult_places(adult_case=adult_case, case_place=case_place)
        gains = group_gains(labels=labels, places=places, predicted=predicted, base=base)
        placed = places != UNPLACED
        return {"assignment": assignment, "gains": gains, "gap": _gap(gains), "weights": weights,
                "total": float((predicted[placed, places[placed]] - base[placed]).sum()),
                "persons": int(sizes[case_place != UNPLACED].sum())}

    def run(weights: dict[str, float]) -> dict[str, Any]:
        per_adult = np.array([weights[str(g)] for g in labels])
        values = case_values(world, adult_probabilities=predicted * per_adult[:, None])
        result = assignment_solve(world, values=values, capacity=capacity, solve=solve, make_instance=make_instance,
                                  top_k=top_k, time_limit=time_limit)
        return evaluate(weights, result["assignment"])

    groups = [str(g) for g in dict.fromkeys(labels.tolist())]
    free = run(dict.fromkeys(groups, 1.0)) if unconstrained is None else evaluate(dict.fromkeys(groups, 1.0),
                                                                                  unconstrained)
    solves = int(unconstrained is None)

    def answer(chosen: dict[str, Any], *, reached: bool) -> FairAssignment:
        return FairAssignment(
            assignment=chosen["assignment"], reached=reached, within_already=chosen is free, gap=chosen["gap"],
            gap_unconstrained=free["gap"], group_gains=chosen["gains"], group_gains_unconstrained=free["gains"],
            weights=chosen["weights"], predicted_gain_total=chosen["total"],
            predicted_gain_total_unconstrained=free["total"], solves=solves, persons_assigned=chosen["persons"],
            persons_assigned_unconstrained=free["persons"])

    if free["gap"] <= max_group_gap:
        return answer(free, reached=True)
    top_group = max(free["gains"], key=free["gains"].__getitem__)
    bottom_group = min(free["gains"], key=free["gains"].__getitem__)
    top, bottom = free["gains"][top_group], free["gains"][bottom_group]

    def weights_at(t: float) -> dict[str, float]:
        # A group nobody of which is placed is treated as furthest behind.
        return {g: 1.0 + t * (top - free["gains"].get(g, bottom)) / (top - bottom) for g in groups}

    def under_corrected(trial: dict[str, Any]) -> bool:
        # Too little weight while the group furthest behind is still behind the one ahead; too much once it has
        # overtaken it (a large weight can overshoot, so the gap alone does not say which way to go).
        gains = trial["gains"]
        return gains.get(bottom_group, -np.inf) < gains.get(top_group, np.inf)

    trials = [run(weights_at(max_weight - 1.0))]
    solves += 1
    low, high = 0.0, max_weight - 1.0
    if under_corrected(trials[0]):
        iterations = 0  # even the largest weight leaves the group behind: the bound cannot be reached this way
    for _ in range(iterations):
        middle = (low + high) / 2
        trials.append(run(weights_at(middle)))
        solves += 1
        if under_corrected(trials[-1]):
            low = middle
        else:
            high = middle
    within = [trial for trial in trials if trial["gap"] <= max_group_gap]
    if within:
        # Smaller weights usually cost less, but not always: the cheapest assignment within the bound.
        return answer(max(within, key=lambda trial: trial["total"]), reached=True)
    return answer(min(trials, key=lambda trial: trial["gap"]), reached=False)
