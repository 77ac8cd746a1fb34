"""Independent verification of a result: feasibility of every constraint and the recomputed objective."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from nyinorge.matching.instance import PERSONS, Instance, Result, min_fill_persons

# Solvers work to a feasibility tolerance; a capacity exceeded by less than this is rounding, not overbooking.
TOLERANCE = 1e-6


@dataclass
class CheckReport:
    feasible: bool
    problems: list[str] = field(default_factory=list)
    persons_assigned: int = 0
    objective: float = 0.0

    def to_json(self) -> dict:
        """The report as JSON."""
        return {
            "feasible": self.feasible,
            "problems": list(self.problems),
            "persons_assigned": self.persons_assigned,
            "objective": self.objective,
        }


def check(instance: Instance, result: Result) -> CheckReport:
    """Verify that the result's assignment satisfies every constraint; recompute persons and objective."""
    problems: list[str] = []
    municipalities = {m.id: m for m in instance.municipalities}
    cases = {c.id: c for c in instance.cases}
    for case_id in result.assignment:
        if case_id not in cases:
            problems.append(f"the result assigns unknown case {case_id!r}")
    used: dict[tuple[str, str], float] = defaultdict(float)
    per_category: dict[tuple[str, str | None], float] = defaultdict(float)
    persons = 0
    objective = 0.0
    for case in instance.cases:
        if case.id not in result.assignment:
            problems.append(f"case {case.id!r} is missing from the assignment")
            continue
        municipality_id = result.assignment[case.id]
        fixed = instance.options.fixed.get(case.id)
        if fixed is not None and municipality_id != fixed:
            problems.append(f"case {case.id!r} is fixed to {fixed!r} but was assigned to {municipality_id!r}")
        if municipality_id is None:
            continue
        if municipality_id not in municipalities:
            problems.append(f"case {case.id!r} is assigned to unknown municipality {municipality_id!r}")
            continue
        if municipality_id not in case.values:
            problems.append(f"case {case.id!r} is assigned to {municipality_id!r}, which its values do not allow")
            continue
        for resource, amount in case.demand.items():
            used[municipality_id, resource] += amount
        per_category[municipality_id, case.category] += case.persons
        persons += case.persons
        objective += instance.effective_value(case, municipality_id)
    for (municipality_id, resource), amount in sorted(used.items()):
        capacity = municipalities[municipality_id].capacity.get(resource, 0.0)
        if amount > capacity + TOLERANCE * max(1.0, capacity):
            problems.append(f"municipality {municipality_id!r}: {resource!r} used {amount:g} > capacity {capacity:g}")
    problems.extend(_option_problems(instance, used, per_category))
    return CheckReport(feasible=not problems, problems=problems, persons_assigned=persons, objective=objective)


def _option_problems(instance, used, per_category) -> list[str]:
    problems = []
    options = instance.options
    for m in instance.municipalities:
        needed = min_fill_persons(share=options.min_fill_share, capacity=m.capacity.get(PERSONS, 0.0))
        if used.get((m.id, PERSONS), 0.0) < needed:
            problems.append(f"municipality {m.id!r} receives {used.get((m.id, PERSONS), 0):g} persons, "
                            f"fewer than the minimum fill of {needed}")
    for cap in options.category_caps:
        targets = [cap.municipality] if cap.municipality is not None else [m.id for m in instance.municipalities]
        for municipality_id in targets:
            amount = per_category.get((municipality_id, cap.category), 0.0)
            if amount > cap.max_persons + TOLERANCE:
                problems.append(f"municipality {municipality_id!r} receives {amount:g} persons of category "
                                f"{cap.category!r}, above the cap of {cap.max_persons:g}")
    return problems
