"""The caseworker baseline: one case at a time, to the best municipality that still has room."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence

from nyinorge.matching.check import check
from nyinorge.matching.instance import Instance, InvalidInstance, Result


def greedy(instance: Instance, *, order: Sequence[str] | None = None) -> Result:
    """Place cases in `order` (default: as given, longest-waiting first), each where its value is best and it fits."""
    started = time.perf_counter()
    assignment = greedy_assignment(instance=instance, order=order)
    report = check(instance, Result(assignment, 0, 0.0, 0.0, 0.0, "feasible", 0.0))
    # Capacity ignored, every case at its best municipality: a true (if loose) upper bound on the value.
    bound = sum(max((instance.effective_value(c, m) for m in c.values), default=0.0) for c in instance.cases)
    return Result(
        assignment=assignment,
        persons_assigned=report.persons_assigned,
        objective=report.objective,
        bound=bound,
        gap=(bound - report.objective) / max(1e-9, abs(bound)),
        status="feasible" if report.feasible else "infeasible",
        solve_seconds=time.perf_counter() - started,
        message="" if report.feasible else "; ".join(report.problems),
    )


def greedy_assignment(*, instance: Instance, order: Sequence[str] | None = None) -> dict[str, str | None]:
    """The greedy assignment itself: fixed cases first, then the others in order; min fill is not pursued."""
    cases = {c.id: c for c in instance.cases}
    if order is None:
        order = [c.id for c in instance.cases]
    unknown = [case_id for case_id in order if case_id not in cases]
    if unknown:
        raise InvalidInstance([f"greedy order names unknown case {case_id!r}" for case_id in unknown])
    remaining = {m.id: dict(m.capacity) for m in instance.municipalities}
    caps: dict[tuple[str, str], float] = {}
    for cap in instance.options.category_caps:
        targets = [cap.municipality] if cap.municipality is not None else list(remaining)
        for municipality_id in targets:
            key = (municipality_id, cap.category)
            caps[key] = min(caps.get(key, float("inf")), cap.max_persons)
    category_used: dict[tuple[str, str], float] = defaultdict(float)
    assignment: dict[str, str | None] = {c.id: None for c in instance.cases}

    def take(case, municipality_id: str) -> None:
        room = remaining[municipality_id]
        for resource, amount in case.demand.items():
            room[resource] = room.get(resource, 0.0) - amount
        category_used[municipality_id, case.category] += case.persons
        assignment[case.id] = municipality_id

    def fits(case, municipality_id: str) -> bool:
        room = remaining[municipality_id]
        if any(amount > room.get(resource, 0.0) + 1e-9 for resource, amount in case.demand.items() if amount):
            return False
        cap = caps.get((municipality_id, case.category))
        return cap is None or category_used[municipality_id, case.category] + case.persons <= cap + 1e-9

    for case_id, municipality_id in instance.options.fixed.items():
        take(cases[case_id], municipality_id)
    position = {m.id: i for i, m in enumerate(instance.municipalities)}
    for case_id in order:
        case = cases[case_id]
        if assignment[case_id] is not None:
            continue
        ranked = sorted(case.values, key=lambda m: (-instance.effective_value(case, m), position.get(m, 0)))
        for municipality_id in ranked:
            if fits(case, municipality_id):
                take(case, municipality_id)
                break
    return assignment
