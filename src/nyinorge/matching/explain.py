"""Why each case went where it did: its value there, the best alternative and the difference."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from nyinorge.matching.instance import Instance, Result

# (case id, municipality id) -> [(feature, contribution)], supplied by the outcome model.
Contributions = Callable[[str, str], list[tuple[str, float]]]


@dataclass
class Explanation:
    case_id: str
    municipality: str
    value_chosen: float
    best_alternative: str | None
    value_alternative: float | None
    difference: float | None
    contributions: list[tuple[str, float]] = field(default_factory=list)


def assignment_explanations(
    instance: Instance, result: Result, contributions: Contributions | None = None
) -> dict[str, Explanation]:
    """An explanation per assigned case; contributions sorted by size when a model provides them."""
    municipalities = {m.id: m for m in instance.municipalities}
    explanations = {}
    for case in instance.cases:
        chosen = result.assignment.get(case.id)
        if chosen is None or chosen not in case.values:
            continue
        # An alternative the case could have used on its own: allowed and with capacity for its demand.
        alternatives = [
            m
            for m in case.values
            if m != chosen
            and m in municipalities
            and all(amount <= municipalities[m].capacity.get(r, 0.0) for r, amount in case.demand.items() if amount)
        ]
        best = max(alternatives, key=lambda m: instance.effective_value(case, m), default=None)
        value_chosen = instance.effective_value(case, chosen)
        value_alternative = instance.effective_value(case, best) if best is not None else None
        features = list(contributions(case.id, chosen)) if contributions is not None else []
        explanations[case.id] = Explanation(
            case_id=case.id,
            municipality=chosen,
            value_chosen=value_chosen,
            best_alternative=best,
            value_alternative=value_alternative,
            difference=value_chosen - value_alternative if value_alternative is not None else None,
            contributions=sorted(features, key=lambda item: -abs(item[1])),
        )
    return explanations
