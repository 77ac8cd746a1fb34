"""Synthetic instances over Norway's 356 municipalities of 2020, for tests and the benchmark.

Municipalities: the real numbers from `nyinorge/core/data/municipalities-2020.csv`. That file has no
populations, so each municipality gets a stand-in population: a fixed log-normal draw (median 5,000,
σ = 1.2, the shape of Norway's municipality sizes), with Oslo, Bergen, Trondheim and Stavanger set to
their rough real sizes so the largest places are right.

Capacities (`capacities=`), summing to 105 % of the demand of each resource (100 % and uneven if `tight`):

- `"settling"` (default; realistic): as IMDi does, only some municipalities are asked to settle and a
  municipality not asked has capacity 0. In 2019 IMDi asked 235 municipalities for 5,350 persons, about
  23 each (`annual-report-2019-figures.csv`: municipalities_requested, refugees_requested), so about
  persons × 235 / 5,350 municipalities are asked (at least 10, at most all 356), drawn in proportion to
  population. The persons places are proportional to the square root of population with at least 10 per
  asked municipality (a municipality builds a service for a few dozen refugees a year, not for one);
  the other resources are spread over the asked municipalities in proportion to population.
- `"population"`: every one of the 356 municipalities gets places proportional to population, so most
  get one to five places and big families fit almost nowhere — a hard bin-packing stress test rather
  than a realistic year.

Cases: 1–8 persons (mean ≈ 2.5); about 4 % of single persons are unaccompanied minors (they also
demand the resource `unaccompanied_minors`), about 6 % of cases need an accessible dwelling.

Values (the default model; pass `values_fn` for a realistic one): case c has a general employability
s_c ~ N(0, 1) and sector aptitudes u_c ~ N(0, I₃); municipality m has a labour-market level
b_m ~ N(0, 0.5²) and sector demand w_m ~ N(0, 0.5² I₃). The probability that an adult is in work or
education is p = σ(−0.4 + 0.8 s_c + b_m + u_c·w_m), and the case's value is (adults) × p with
adults = max(1, round(0.45 × persons)).

Allowed sets: for each case, 2 × `top_k` municipalities with places are drawn in proportion to
population (the places that could take this case), the `top_k` best of them by value are allowed, plus two uniformly
random ones standing in for network ties — a directorate's pre-filter; the solver is exact for
whatever is allowed.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np

from nyinorge.matching.instance import PERSONS, Case, Instance, Municipality, Options

RESOURCES = (PERSONS, "unaccompanied_minors", "accessible_dwellings")
DATA = Path(__file__).resolve().parent.parent / "core" / "data" / "municipalities-2020.csv"
FAMILY_SIZE_SHARES = (0.42, 0.18, 0.14, 0.11, 0.07, 0.045, 0.022, 0.013)
KNOWN_POPULATIONS = {"0301": 693_000, "4601": 285_000, "5001": 205_000, "1103": 143_000}
CAPACITY_MODELS = ("settling", "population")
# IMDi 2019: 235 municipalities asked to settle 5,350 refugees in all.
ASKED_PER_PERSON = 235 / 5350
MIN_PLACES = 10

# values_fn(rng, persons per case, municipality ids) -> matrix cases × municipalities of expected outcomes.
ValuesFn = Callable[[np.random.Generator, np.ndarray, list[str]], np.ndarray]


def municipality_numbers() -> list[str]:
    """The 356 municipality numbers of 2020, read straight from the reference CSV (no Django)."""
    with DATA.open(encoding="utf-8") as handle:
        return [row["municipality_number"] for row in csv.DictReader(handle)]


def stand_in_populations(numbers: list[str]) -> np.ndarray:
    """A fixed, documented stand-in population per municipality (the reference data has none)."""
    rng = np.random.default_rng(2020)
    population = np.round(np.exp(rng.normal(np.log(5000), 1.2, len(numbers)))) + 200
    for i, number in enumerate(numbers):
        population[i] = KNOWN_POPULATIONS.get(number, population[i])
    return population


def default_values(rng: np.random.Generator, persons: np.ndarray, municipality_ids: list[str]) -> np.ndarray:
    """The simple random outcome model documented above."""
    n, m = len(persons), len(municipality_ids)
    skill = rng.normal(0, 1, n)
    aptitude = rng.normal(0, 1, (n, 3))
    level = rng.normal(0, 0.5, m)
    demand = rng.normal(0, 0.5, (m, 3))
    logit = -0.4 + 0.8 * skill[:, None] + level[None, :] + aptitude @ demand.T
    adults = np.maximum(1, np.round(0.45 * persons))
    return adults[:, None] / (1 + np.exp(-logit))


def generate_instance(
    *,
    persons: int,
    seed: int = 1,
    tight: bool = False,
    top_k: int = 20,
    values_fn: ValuesFn | None = None,
    options: Options | None = None,
    capacities: str = "settling",
) -> Instance:
    """A random instance of about `persons` persons; `tight` makes capacities 100 % and uneven per resource."""
    if capacities not in CAPACITY_MODELS:
        raise ValueError(f"capacities must be one of {', '.join(CAPACITY_MODELS)}, not {capacities!r}")
    rng = np.random.default_rng(seed)
    numbers = municipality_numbers()
    sizes = []
    while sum(sizes) < persons:
        sizes.append(int(rng.choice(np.arange(1, 9), p=FAMILY_SIZE_SHARES)))
    size = np.array(sizes)
    minor = (size == 1) & (rng.random(len(size)) < 0.04)
    accessible = rng.random(len(size)) < 0.06
    demand = np.stack([size, minor.astype(float), accessible.astype(float)], axis=1)

    values = (values_fn or default_values)(rng, size, numbers)
    population = stand_in_populations(numbers)
    if capacities == "settling":
        asked = _asked(rng, population, persons)
        capacity = _capacities(rng, population, demand.sum(axis=0), tight=tight, asked=asked)
        # The places that could take a case are drawn in proportion to their places.
        allowed = _allowed(rng, values, capacity[:, 0], top_k)
    else:
        allowed = _allowed(rng, values, population, top_k)
        capacity = _capacities(rng, population, demand.sum(axis=0), tight=tight)
    municipalities = tuple(
        Municipality(id=number, capacity={r: float(capacity[j, i]) for i, r in enumerate(RESOURCES)})
        for j, number in enumerate(numbers)
    )
    cases = []
    for i in range(len(size)):
        columns = np.flatnonzero(allowed[i])
        category = "unaccompanied_minor" if minor[i] else ("family" if size[i] > 1 else "single")
        cases.append(
            Case(
                id=f"c{i + 1}",
                demand={r: float(demand[i, j]) if j else int(size[i]) for j, r in enumerate(RESOURCES) if demand[i, j]},
                values={numbers[j]: round(float(values[i, j]), 6) for j in columns},
                category=category,
            )
        )
    return Instance(municipalities=municipalities, cases=tuple(cases), options=options or Options())


def _asked(rng: np.random.Generator, population: np.ndarray, persons: int) -> np.ndarray:
    """Which municipalities are asked to settle (a boolean mask), drawn in proportion to population."""
    m = len(population)
    count = int(np.clip(round(persons * ASKED_PER_PERSON), min(10, m), m))
    keys = np.log(population) - np.log(-np.log(rng.random(m)))
    asked = np.zeros(m, dtype=bool)
    asked[np.argsort(-keys)[:count]] = True
    return asked


def _allowed(rng: np.random.Generator, values: np.ndarray, population: np.ndarray, top_k: int) -> np.ndarray:
    """Per case: `top_k` municipalities drawn in proportion to population, the best of them kept, plus two ties.

    A municipality of population 0 is never drawn (nor tied to), unless fewer than 2 × `top_k` have people.
    """
    n, m = values.shape
    eligible = np.flatnonzero(population > 0)
    if len(eligible) < m:
        # Draw among the municipalities that can take anybody; map back to all columns.
        inner = _allowed(rng, values[:, eligible], population[eligible], top_k)
        allowed = np.zeros((n, m), dtype=bool)
        allowed[:, eligible] = inner
        return allowed
    k = min(top_k, m)
    # Gumbel top-k: sampling without replacement in proportion to population, for all cases at once.
    keys = np.log(population)[None, :] - np.log(-np.log(rng.random((n, m))))
    drawn = np.argpartition(-keys, 2 * k - 1, axis=1)[:, : 2 * k] if 2 * k < m else np.tile(np.arange(m), (n, 1))
    best = np.take_along_axis(drawn, np.argsort(-np.take_along_axis(values, drawn, axis=1), axis=1)[:, :k], axis=1)
    allowed = np.zeros((n, m), dtype=bool)
    np.put_along_axis(allowed, best, True, axis=1)
    allowed[np.arange(n)[:, None], rng.integers(0, m, (n, 2))] = True
    return allowed


def _capacities(
    rng: np.random.Generator, population: np.ndarray, totals: np.ndarray, *, tight: bool, asked: np.ndarray | None = None
) -> np.ndarray:
    """Whole capacities per municipality and resource summing to the target (see the module docstring)."""
    share = 1.0 if tight else 1.05
    capacity = np.zeros((len(population), len(totals)))
    for r, total in enumerate(totals):
        weight = population * (rng.lognormal(0, 0.6, len(population)) if tight else 1.0)
        target = int(np.ceil(share * total))
        if asked is None:
            capacity[:, r] = _whole_shares(weight, target)
        elif r == 0:
            floor = min(MIN_PLACES, target // int(asked.sum()))
            base = np.where(asked, floor, 0)
            capacity[:, r] = base + _whole_shares(np.sqrt(weight) * asked, target - int(base.sum()))
        else:
            capacity[:, r] = _whole_shares(weight * asked, target)
    return capacity


def _whole_shares(weight: np.ndarray, target: int) -> np.ndarray:
    """`target` split in proportion to `weight` into whole numbers that sum to exactly `target`."""
    exact = target * weight / weight.sum()
    whole = np.floor(exact)
    # Largest remainders get the places rounding left over, so the total is exactly the target.
    whole[np.argsort(-(exact - whole))[: target - int(whole.sum())]] += 1
    return whole
