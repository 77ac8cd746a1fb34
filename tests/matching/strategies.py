"""Small random instances and a brute-force lexicographic optimum to hold the solver to."""

from __future__ import annotations

from hypothesis import strategies as st

from nyinorge.matching.check import check
from nyinorge.matching.instance import (
    PERSONS,
    Case,
    CategoryCap,
    Instance,
    Municipality,
    Options,
    Result,
    min_fill_persons,
)
from nyinorge.matching.model import Model, model_build

EXTRA_RESOURCES = ("minors", "accessible")
CATEGORIES = ("family", "single")


@st.composite
def instances(draw, *, max_cases: int = 7, max_municipalities: int = 4, single_persons: bool = False, options=True):
    """A random small instance; `single_persons` gives the fast path's shape (one person, one resource)."""
    n_m = draw(st.integers(1, max_municipalities))
    n_c = draw(st.integers(1, max_cases))
    resources = [PERSONS] if single_persons else [PERSONS, *EXTRA_RESOURCES[: draw(st.integers(0, 2))]]
    ids = [f"m{j}" for j in range(n_m)]
    municipalities = []
    for municipality_id in ids:
        capacity = {PERSONS: draw(st.integers(0, 7))}
        for resource in resources[1:]:
            if draw(st.booleans()):
                capacity[resource] = draw(st.integers(0, 2))
        municipalities.append(Municipality(id=municipality_id, capacity=capacity))
    cases = []
    for i in range(n_c):
        demand = {PERSONS: 1 if single_persons else draw(st.integers(1, 4))}
        for resource in resources[1:]:
            if draw(st.integers(0, 3)) == 0:
                demand[resource] = 1
        allowed = draw(st.lists(st.sampled_from(ids), unique=True, max_size=n_m))
        values = {m: draw(st.integers(0, 100)) / 20 for m in allowed}
        preferences = tuple(draw(st.lists(st.sampled_from(ids), unique=True, max_size=2)))
        cases.append(
            Case(id=f"c{i}", demand=demand, values=values, category=draw(st.sampled_from(CATEGORIES)),
                 preferences=preferences)
        )
    chosen = Options()
    if options and draw(st.booleans()):
        caps = tuple(
            CategoryCap(municipality=draw(st.sampled_from([None, *ids])), category=draw(st.sampled_from(CATEGORIES)),
                        max_persons=draw(st.integers(0, 5)))
            for _ in range(draw(st.integers(0, 2)))
        )
        fixable = [c for c in cases if c.values]
        fixed = {}
        if fixable and draw(st.booleans()):
            case = draw(st.sampled_from(fixable))
            fixed[case.id] = draw(st.sampled_from(sorted(case.values)))
        chosen = Options(
            min_fill_share=draw(st.sampled_from([0.0, 0.2, 0.5])),
            preference_bonus=draw(st.sampled_from([0.0, 0.25, 1.0])),
            category_caps=caps,
            fixed=fixed,
        )
    return Instance(municipalities=tuple(municipalities), cases=tuple(cases), options=chosen)


def brute_force(instance: Instance) -> tuple[int, float] | None:
    """The lexicographic optimum (persons, value) by enumerating every assignment; None if none is feasible."""
    options = instance.options
    municipalities = {m.id: m for m in instance.municipalities}
    caps = {}
    for cap in options.category_caps:
        for m in [cap.municipality] if cap.municipality else list(municipalities):
            caps[m, cap.category] = min(caps.get((m, cap.category), float("inf")), cap.max_persons)
    used = {(m, r): 0.0 for m in municipalities for r in {r for c in instance.cases for r in c.demand}}
    per_category = {}
    best = None

    def leaf(persons: int, value: float):
        nonlocal best
        for m in instance.municipalities:
            need = min_fill_persons(share=options.min_fill_share, capacity=m.capacity.get(PERSONS, 0.0))
            if used.get((m.id, PERSONS), 0) < need:
                return
        if best is None or (persons, value) > (best[0], best[1] + 1e-9):
            best = (persons, value)

    def visit(i: int, persons: int, value: float):
        if i == len(instance.cases):
            leaf(persons, value)
            return
        case = instance.cases[i]
        choices = [options.fixed[case.id]] if case.id in options.fixed else [None, *case.values]
        for m in choices:
            if m is None:
                visit(i + 1, persons, value)
                continue
            if any(used[m, r] + a > municipalities[m].capacity.get(r, 0.0) for r, a in case.demand.items()):
                continue
            key = (m, case.category)
            if per_category.get(key, 0) + case.persons > caps.get(key, float("inf")):
                continue
            for r, a in case.demand.items():
                used[m, r] += a
            per_category[key] = per_category.get(key, 0) + case.persons
            visit(i + 1, persons + case.persons, value + instance.effective_value(case, m))
            for r, a in case.demand.items():
                used[m, r] -= a
            per_category[key] -= case.persons

    visit(0, 0, 0.0)
    return best


def feasible_assignments(instance: Instance) -> list:
    """Every feasible assignment as (persons, value, chosen (case index, municipality id) pairs)."""
    found = []
    cases = instance.cases
    ids = [m.id for m in instance.municipalities]

    def visit(i, chosen):
        if i == len(cases):
            assignment = {c.id: None for c in cases}
            assignment.update({cases[k].id: m for k, m in chosen})
            report = check(instance, Result(assignment, 0, 0.0, 0.0, 0.0, "feasible", 0.0))
            if report.feasible:
                found.append((report.persons_assigned, report.objective, list(chosen)))
            return
        visit(i + 1, chosen)
        for m in ids:
            if m in cases[i].values:
                visit(i + 1, [*chosen, (i, m)])

    visit(0, [])
    return found


def priced_level(instance: Instance, data) -> tuple[Model, list, int] | None:
    """(model, every feasible assignment, a persons level some of them reach, drawn); None if there is none."""
    model = model_build(instance=instance)
    if model.num_col == 0:
        return None
    feasible = feasible_assignments(instance)
    if not feasible:
        return None
    return model, feasible, data.draw(st.sampled_from(sorted({p for p, _, _ in feasible})))
