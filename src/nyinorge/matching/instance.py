"""The matching problem and its answer as plain data: dataclasses, JSON in and out, validation."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

PERSONS = "persons"
STATUSES = ("optimal", "feasible", "infeasible")


class InvalidInstance(ValueError):
    """An instance or result that cannot be used; the message lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("invalid input:\n" + "\n".join(f"- {problem}" for problem in self.problems))


@dataclass(frozen=True)
class Municipality:
    id: str
    capacity: Mapping[str, float]


@dataclass(frozen=True)
class Case:
    id: str
    demand: Mapping[str, float]
    values: Mapping[str, float]
    category: str | None = None
    preferences: tuple[str, ...] = ()

    @property
    def persons(self) -> int:
        """Number of persons in the case (the family is never split)."""
        return int(self.demand[PERSONS])


@dataclass(frozen=True)
class CategoryCap:
    municipality: str | None
    category: str
    max_persons: float


@dataclass(frozen=True)
class Options:
    min_fill_share: float = 0.0
    preference_bonus: float = 0.0
    category_caps: tuple[CategoryCap, ...] = ()
    fixed: Mapping[str, str] = field(default_factory=dict)

    def binding(self) -> bool:
        """Whether any option constrains the assignment beyond capacities (the bonus only changes values)."""
        return bool(self.min_fill_share > 0 or self.category_caps or self.fixed)


@dataclass(frozen=True)
class Instance:
    municipalities: tuple[Municipality, ...]
    cases: tuple[Case, ...]
    options: Options = Options()

    @classmethod
    def from_json(cls, data: Any) -> Instance:
        """Parse and validate a JSON instance; raise InvalidInstance listing every problem."""
        problems: list[str] = []
        instance = _parse_instance(data, problems)
        if instance is not None:
            problems.extend(instance_problems(instance=instance))
        if problems or instance is None:
            raise InvalidInstance(problems or ["the instance could not be read"])
        # Instances are immutable: `solve` need not check this one again (at 40,000 persons that costs ~0.1 s).
        object.__setattr__(instance, "_validated", True)
        return instance

    def to_json(self) -> dict:
        """The instance in the documented JSON format."""
        options = self.options
        return {
            "municipalities": [{"id": m.id, "capacity": dict(m.capacity)} for m in self.municipalities],
            "cases": [
                {
                    "id": c.id,
                    "demand": dict(c.demand),
                    "values": dict(c.values),
                    "category": c.category,
                    "preferences": list(c.preferences),
                }
                for c in self.cases
            ],
            "options": {
                "min_fill_share": options.min_fill_share,
                "preference_bonus": options.preference_bonus,
                "category_caps": [
                    {"municipality": cap.municipality, "category": cap.category, "max_persons": cap.max_persons}
                    for cap in options.category_caps
                ],
                "fixed": dict(options.fixed),
            },
        }

    def effective_value(self, case: Case, municipality_id: str) -> float:
        """The case's value in the municipality including the refugee preference bonus."""
        value = case.values[municipality_id]
        if municipality_id in case.preferences:
            value += self.options.preference_bonus
        return value


@dataclass
class Result:
    assignment: dict[str, str | None]
    persons_assigned: int
    objective: float
    bound: float
    gap: float
    status: str
    solve_seconds: float
    # Why a result is infeasible or only feasible; empty when optimal.
    message: str = ""
    # Proven upper bound on the persons any feasible assignment can place (None if not known): persons_assigned
    # equals it when the first objective is proven, otherwise the gap in persons is honest.
    persons_bound: int | None = None

    def to_json(self) -> dict:
        """The result in the documented JSON format."""
        data = {
            "assignment": dict(self.assignment),
            "persons_assigned": self.persons_assigned,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "status": self.status,
            "solve_seconds": self.solve_seconds,
        }
        if self.persons_bound is not None:
            data["persons_bound"] = self.persons_bound
        if self.message:
            data["message"] = self.message
        return data

    @classmethod
    def from_json(cls, data: Any) -> Result:
        """Parse a JSON result; raise InvalidInstance listing every problem."""
        problems: list[str] = []
        if not isinstance(data, dict):
            raise InvalidInstance(["the result must be a JSON object"])
        assignment = data.get("assignment")
        if not isinstance(assignment, dict):
            problems.append("result: 'assignment' must be an object of case id -> municipality id or null")
            assignment = {}
        for case_id, municipality_id in assignment.items():
            if municipality_id is not None and not isinstance(municipality_id, str):
                problems.append(f"result: assignment of case {case_id!r} must be a municipality id or null")
        numbers = {}
        for key in ("persons_assigned", "objective", "bound", "gap", "solve_seconds"):
            value = data.get(key)
            if not _is_number(value) or not math.isfinite(value):
                problems.append(f"result: {key!r} must be a finite number")
                value = 0.0
            numbers[key] = value
        status = data.get("status")
        if status not in STATUSES:
            problems.append(f"result: 'status' must be one of {', '.join(STATUSES)}")
        message = data.get("message", "")
        if not isinstance(message, str):
            problems.append("result: 'message' must be a string")
        persons_bound = data.get("persons_bound")
        if persons_bound is not None and (not _is_number(persons_bound) or not math.isfinite(persons_bound)
                                          or persons_bound != int(persons_bound)
                                          or persons_bound < 0):
            problems.append("result: 'persons_bound' must be a whole number >= 0")
            persons_bound = None
        if problems:
            raise InvalidInstance(problems)
        return cls(
            assignment=dict(assignment),
            persons_assigned=int(numbers["persons_assigned"]),
            objective=float(numbers["objective"]),
            bound=float(numbers["bound"]),
            gap=float(numbers["gap"]),
            status=status,
            solve_seconds=float(numbers["solve_seconds"]),
            message=message,
            persons_bound=None if persons_bound is None else int(persons_bound),
        )


def validated(instance: Instance) -> bool:
    """Whether `Instance.from_json` has already checked this instance (its fields cannot change since)."""
    return getattr(instance, "_validated", False)


def min_fill_persons(*, share: float, capacity: float) -> int:
    """Persons a municipality must receive under the minimum fill share (persons are whole)."""
    if share <= 0:
        return 0
    # The epsilon keeps 0.3 * 10 = 3.0000000000000004 from demanding a fourth person.
    return math.ceil(share * capacity - 1e-9)


def instance_problems(*, instance: Instance) -> list[str]:
    """Every semantic problem of an instance built in Python or parsed from JSON."""
    problems: list[str] = []
    if not instance.municipalities:
        problems.append("there are no municipalities")
    if not instance.cases:
        problems.append("there are no cases")
    municipality_ids = set()
    for m in instance.municipalities:
        if m.id in municipality_ids:
            problems.append(f"municipality {m.id!r} appears more than once")
        municipality_ids.add(m.id)
        for resource, amount in m.capacity.items():
            if not _is_number(amount) or not math.isfinite(amount) or amount < 0:
                problems.append(
                    f"municipality {m.id!r}: capacity {resource!r} must be a finite number >= 0, not {amount!r}"
                )
    case_ids: dict[str, Case] = {}
    for c in instance.cases:
        if c.id in case_ids:
            problems.append(f"case {c.id!r} appears more than once")
        case_ids[c.id] = c
        persons = c.demand.get(PERSONS)
        if not _is_number(persons) or not math.isfinite(persons) or persons < 1 or persons != int(persons):
            problems.append(f"case {c.id!r}: demand 'persons' must be a whole number >= 1, not {persons!r}")
        for resource, amount in c.demand.items():
            if resource != PERSONS and (not _is_number(amount) or not math.isfinite(amount) or amount < 0):
                problems.append(
                    f"case {c.id!r}: demand {resource!r} must be a finite number >= 0, not {amount!r}"
                )
        if c.values.keys() <= municipality_ids and _all_finite_nonnegative(c.values.values()):
            # The common case checked in C (40,000 persons: ~350,000 values); the loop below names any problem.
            pass
        else:
            _value_problems(c, municipality_ids, problems)
        for municipality_id in c.preferences:
            if municipality_id not in municipality_ids:
                problems.append(f"case {c.id!r}: preference for unknown municipality {municipality_id!r}")
    problems.extend(_option_problems(instance.options, municipality_ids, case_ids))
    return problems


_NUMBER_TYPES = frozenset((int, float))


def _all_finite_nonnegative(numbers) -> bool:
    """True only if every number is a plain int or float, finite and >= 0 (False may be a false alarm: the sum of
    many huge values overflows; callers then check one by one)."""
    numbers = tuple(numbers)
    if not numbers:
        return True
    if not set(map(type, numbers)) <= _NUMBER_TYPES:
        return False
    return min(numbers) >= 0 and math.isfinite(sum(numbers))


def _value_problems(c: Case, municipality_ids: set[str], problems: list[str]) -> None:
    for municipality_id, value in c.values.items():
        if municipality_id not in municipality_ids:
            problems.append(f"case {c.id!r}: value for unknown municipality {municipality_id!r}")
        if not _is_number(value) or not math.isfinite(value) or value < 0:
            problems.append(
                f"case {c.id!r}: value for {municipality_id!r} must be a finite number >= 0, not {value!r}"
            )


def _option_problems(options: Options, municipality_ids: set[str], cases: dict[str, Case]) -> list[str]:
    problems = []
    share = options.min_fill_share
    if not _is_number(share) or not 0 <= share <= 1:
        problems.append(f"options: 'min_fill_share' must be a number from 0 to 1, not {share!r}")
    bonus = options.preference_bonus
    if not _is_number(bonus) or not math.isfinite(bonus) or bonus < 0:
        problems.append(f"options: 'preference_bonus' must be a finite number >= 0, not {bonus!r}")
    for cap in options.category_caps:
        if cap.municipality is not None and cap.municipality not in municipality_ids:
            problems.append(f"options: category cap for unknown municipality {cap.municipality!r}")
        if not _is_number(cap.max_persons) or not math.isfinite(cap.max_persons) or cap.max_persons < 0:
            problems.append(
                f"options: category cap {cap.category!r} must have 'max_persons' >= 0, not {cap.max_persons!r}"
            )
    for case_id, municipality_id in options.fixed.items():
        if case_id not in cases:
            problems.append(f"options: fixed assignment of unknown case {case_id!r}")
        elif municipality_id not in municipality_ids:
            problems.append(f"options: case {case_id!r} is fixed to unknown municipality {municipality_id!r}")
        elif municipality_id not in cases[case_id].values:
            problems.append(
                f"options: case {case_id!r} is fixed to {municipality_id!r}, which its values do not allow"
            )
    return problems


def _is_number(value: Any) -> bool:
    # bool is an int in Python, but `true` is never a meaningful capacity.
    return isinstance(value, int | float) and not isinstance(value, bool)


def _parse_instance(data: Any, problems: list[str]) -> Instance | None:
    if not isinstance(data, dict):
        problems.append("the instance must be a JSON object with 'municipalities' and 'cases'")
        return None
    _unknown_keys(data, {"municipalities", "cases", "options"}, "instance", problems)
    municipalities = [
        m
        for i, raw in enumerate(_list(data.get("municipalities"), "municipalities", problems))
        if (m := _parse_municipality(raw, i, problems)) is not None
    ]
    cases = [
        c
        for i, raw in enumerate(_list(data.get("cases"), "cases", problems))
        if (c := _parse_case(raw, i, problems)) is not None
    ]
    options = _parse_options(data.get("options", {}), problems)
    return Instance(municipalities=tuple(municipalities), cases=tuple(cases), options=options)


def _list(value: Any, where: str, problems: list[str]) -> list:
    if not isinstance(value, list):
        problems.append(f"{where!r} must be a list")
        return []
    return value


def _unknown_keys(raw: dict, allowed: set[str], where: str, problems: list[str]) -> None:
    for key in sorted(set(raw) - allowed):
        problems.append(f"{where}: unknown field {key!r}")


def _id(raw: dict, where: str, problems: list[str]) -> str | None:
    value = raw.get("id")
    if not isinstance(value, str) or not value:
        problems.append(f"{where}: 'id' must be a non-empty string")
        return None
    return value


def _number_map(value: Any, where: str, problems: list[str]) -> dict[str, float] | None:
    if not isinstance(value, dict):
        problems.append(f"{where} must be an object of name -> number")
        return None
    if set(map(type, value.values())) <= _NUMBER_TYPES:
        return dict(value)  # the common case, checked in C
    for key, amount in value.items():
        if not _is_number(amount):
            problems.append(f"{where}: {key!r} must be a number, not {amount!r}")
            return None
    return dict(value)


def _parse_municipality(raw: Any, index: int, problems: list[str]) -> Municipality | None:
    where = f"municipality #{index + 1}"
    if not isinstance(raw, dict):
        problems.append(f"{where} must be an object")
        return None
    _unknown_keys(raw, {"id", "capacity"}, where, problems)
    municipality_id = _id(raw, where, problems)
    capacity = _number_map(raw.get("capacity"), f"municipality {municipality_id or where}: 'capacity'", problems)
    if municipality_id is None or capacity is None:
        return None
    return Municipality(id=municipality_id, capacity=capacity)


_CASE_KEYS = frozenset(("id", "demand", "values", "category", "preferences"))


def _parse_case(raw: Any, index: int, problems: list[str]) -> Case | None:
    if type(raw) is dict and raw.keys() <= _CASE_KEYS:
        # The common, well-formed case without building any message (40,000 persons: ~16,000 cases).
        case_id, demand, values = raw.get("id"), raw.get("demand"), raw.get("values")
        category, preferences = raw.get("category"), raw.get("preferences", [])
        if (type(case_id) is str and case_id and type(demand) is dict and PERSONS in demand
                and type(values) is dict and set(map(type, demand.values())) <= _NUMBER_TYPES
                and set(map(type, values.values())) <= _NUMBER_TYPES
                and (category is None or type(category) is str)
                and type(preferences) is list and all(type(p) is str for p in preferences)):
            return Case(id=case_id, demand=dict(demand), values=dict(values), category=category,
                        preferences=tuple(preferences))
    where = f"case #{index + 1}"
    if not isinstance(raw, dict):
        problems.append(f"{where} must be an object")
        return None
    _unknown_keys(raw, {"id", "demand", "values", "category", "preferences"}, where, problems)
    case_id = _id(raw, where, problems)
    name = f"case {case_id!r}" if case_id else where
    demand = _number_map(raw.get("demand"), f"{name}: 'demand'", problems)
    if demand is not None and PERSONS not in demand:
        problems.append(f"{name}: 'demand' must contain 'persons'")
        demand = None
    values = _number_map(raw.get("values"), f"{name}: 'values'", problems)
    category = raw.get("category")
    if category is not None and not isinstance(category, str):
        problems.append(f"{name}: 'category' must be a string or null")
        category = None
    preferences = raw.get("preferences", [])
    if not isinstance(preferences, list) or not all(isinstance(p, str) for p in preferences):
        problems.append(f"{name}: 'preferences' must be a list of municipality ids")
        preferences = []
    if case_id is None or demand is None or values is None:
        return None
    return Case(id=case_id, demand=demand, values=values, category=category, preferences=tuple(preferences))


def _parse_options(raw: Any, problems: list[str]) -> Options:
    if raw is None:
        return Options()
    if not isinstance(raw, dict):
        problems.append("'options' must be an object")
        return Options()
    _unknown_keys(raw, {"min_fill_share", "preference_bonus", "category_caps", "fixed"}, "options", problems)
    share = raw.get("min_fill_share", 0.0)
    bonus = raw.get("preference_bonus", 0.0)
    if not _is_number(share):
        problems.append(f"options: 'min_fill_share' must be a number, not {share!r}")
        share = 0.0
    if not _is_number(bonus):
        problems.append(f"options: 'preference_bonus' must be a number, not {bonus!r}")
        bonus = 0.0
    caps = []
    for i, cap in enumerate(_list(raw.get("category_caps", []), "options.category_caps", problems)):
        where = f"options: category cap #{i + 1}"
        if not isinstance(cap, dict):
            problems.append(f"{where} must be an object")
            continue
        _unknown_keys(cap, {"municipality", "category", "max_persons"}, where, problems)
        municipality = cap.get("municipality")
        category = cap.get("category")
        max_persons = cap.get("max_persons")
        if municipality is not None and not isinstance(municipality, str):
            problems.append(f"{where}: 'municipality' must be a municipality id or null")
        elif not isinstance(category, str):
            problems.append(f"{where}: 'category' must be a string")
        elif not _is_number(max_persons):
            problems.append(f"{where}: 'max_persons' must be a number")
        else:
            caps.append(CategoryCap(municipality=municipality, category=category, max_persons=max_persons))
    fixed = raw.get("fixed", {})
    if not isinstance(fixed, dict) or not all(isinstance(m, str) for m in fixed.values()):
        problems.append("options: 'fixed' must be an object of case id -> municipality id")
        fixed = {}
    return Options(
        min_fill_share=share, preference_bonus=bonus, category_caps=tuple(caps), fixed=dict(fixed)
    )
