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

- `"population_sqrt"`: like `"population"` but in proportion to the square root of population, so every
  municipality has a place or a few and the largest a few dozen (the `"dense"` family below).
- `"concentrated"`: the settling model's asked municipalities, but the 20 most populous of them hold 90 % of
  every resource and the others share the remaining 10 % (in proportion to population, no floor).

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

Instance families (`generate_family_instance`), so the benchmark is not only the generator the engine was
tuned on (issue 19: on a dense family a plain two-stage MIP beat the engine). Each stresses one thing:

- `"settling"`: the default above, the realistic year (≈ persons × 235 / 5,350 asked municipalities, 105 %).
- `"tight"`: the same with capacities 100 % and uneven per resource — not everybody fits, so the persons
  stage (stage 1) is hard and its bound matters.
- `"dense"`: every case allowed in exactly half of the 356 municipalities (uniformly random, no pre-filter),
  the default values, three resources, capacities 105 % over all 356 in proportion to the square root of
  population (every municipality has a few places, Oslo a few dozen). The issue's instance is 300 cases
  (`cases=300`): 53,400 columns for ~750 persons, so column counts, LP degeneracy and column fixing are
  stressed rather than the packing.
- `"singles"`: 90 % of cases are one person (the rest families of the usual sizes 2–8), settling capacities:
  many small interchangeable items, near-totally-unimodular, where an LP rounds well but symmetry is large.
- `"large_families"`: the usual sizes for 97 % of cases, 3 % very large families of 10–14 persons (uniform),
  settling capacities: a big family fits in few municipalities (at least 10 places each, more in the large
  ones), so the knapsack side of the problem — whole families against whole places — dominates.
- `"concentrated"`: the settling sizes with the `"concentrated"` capacities: 20 municipalities hold 90 % of
  places, so a few municipalities take hundreds of cases each (big knapsacks, strong competition).
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
CAPACITY_MODELS = ("settling", "population", "concentrated", "population_sqrt")
FAMILIES = ("settling", "tight", "dense", "singles", "large_families", "concentrated")
# "concentrated": this many of the asked municipalities (the most populous) hold CONCENTRATED_SHARE of places.
CONCENTRATED_MUNICIPALITIES = 20
CONCENTRATED_SHARE = 0.9
SINGLES_SHARE = 0.9
LARGE_FAMILY_SHARE = 0.03
LARGE_FAMILY_SIZES = (10, 14)
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
    size_shares: tuple[float, ...] = FAMILY_SIZE_SHARES,
    cases: int | None = None,
    allowed_share: float | None = None,
) -> Instance:
    """A random instance of about `persons` persons; `tight` makes capacities 100 % and uneven per resource.

    `size_shares[k]` is the share of cases of k + 1 persons; `cases` draws exactly that many cases instead of
    `persons` persons; `allowed_share` allows each case in that share of all municipalities, uniformly at
    random, instead of the top-k pre-filter.
    """
    if capacities not in CAPACITY_MODELS:
        raise ValueError(f"capacities must be one of {', '.join(CAPACITY_MODELS)}, not {capacities!r}")
    rng = np.random.default_rng(seed)
    numbers = municipality_numbers()
    sizes: list[int] = []
    choices = np.arange(1, len(size_shares) + 1)
    while (len(sizes) < cases) if cases is not None else (sum(sizes) < persons):
        sizes.append(int(rng.choice(choices, p=size_shares)))
    size = np.array(sizes)
    persons = int(size.sum()) if cases is not None else persons
    minor = (size == 1) & (rng.random(len(size)) < 0.04)
    accessible = rng.random(len(size)) < 0.06
    demand = np.stack([size, minor.astype(float), accessible.astype(float)], axis=1)

    values = (values_fn or default_values)(rng, size, numbers)
    population = stand_in_populations(numbers)
    if capacities in ("settling", "concentrated"):
        asked = _asked(rng, population, persons)
        if capacities == "settling":
            capacity = _capacities(rng, population, demand.sum(axis=0), tight=tight, asked=asked)
        else:
            capacity = _concentrated_capacities(population, demand.sum(axis=0), tight=tight, asked=asked)
        # The places that could take a case are drawn in proportion to their places.
        allowed = _allowed(rng, values, capacity[:, 0], top_k)
    elif capacities == "population_sqrt":
        capacity = _capacities(rng, np.sqrt(population), demand.sum(axis=0), tight=tight)
        allowed = _allowed(rng, values, np.sqrt(population), top_k) if allowed_share is None else None
    else:
        allowed = _allowed(rng, values, population, top_k)
        capacity = _capacities(rng, population, demand.sum(axis=0), tight=tight)
    if allowed_share is not None:
        allowed = _random_allowed(rng, len(size), len(numbers), allowed_share)
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


def generate_family_instance(
    family: str, *, persons: int | None = None, seed: int, cases: int | None = None
) -> dict:
    """Instance JSON of a family of the module docstring: about `persons` persons or exactly `cases` cases."""
    if (persons is None) == (cases is None):
        raise ValueError("give exactly one of persons and cases")
    size = {"persons": persons or 0, "cases": cases, "seed": seed}
    if family == "settling":
        instance = generate_instance(**size)
    elif family == "tight":
        instance = generate_instance(**size, tight=True)
    elif family == "dense":
        instance = generate_instance(**size, capacities="population_sqrt", allowed_share=0.5)
    elif family == "singles":
        rest = np.array(FAMILY_SIZE_SHARES[1:]) / sum(FAMILY_SIZE_SHARES[1:])
        instance = generate_instance(**size, size_shares=(SINGLES_SHARE, *((1 - SINGLES_SHARE) * rest)))
    elif family == "large_families":
        low, high = LARGE_FAMILY_SIZES
        ordinary = [(1 - LARGE_FAMILY_SHARE) * share for share in FAMILY_SIZE_SHARES]
        gap = [0.0] * (low - len(ordinary) - 1)
        large = [LARGE_FAMILY_SHARE / (high - low + 1)] * (high - low + 1)
        instance = generate_instance(**size, size_shares=(*ordinary, *gap, *large))
    elif family == "concentrated":
        instance = generate_instance(**size, capacities="concentrated")
    else:
        raise ValueError(f"family must be one of {', '.join(FAMILIES)}, not {family!r}")
    data = instance.to_json()
    # The documented format is the contract: whatever is generated must parse and validate.
    Instance.from_json(data)
    return data


def _random_allowed(rng: np.random.Generator, n: int, m: int, share: float) -> np.ndarray:
    """Each case allowed in round(share × m) municipalities, uniformly at random."""
    k = max(1, round(share * m))
    chosen = np.argpartition(rng.random((n, m)), k - 1, axis=1)[:, :k]
    allowed = np.zeros((n, m), dtype=bool)
    np.put_along_axis(allowed, chosen, True, axis=1)
    return allowed


def _concentrated_capacities(
    population: np.ndarray, totals: np.ndarray, *, tight: bool, asked: np.ndarray
) -> np.ndarray:
    """The most populous asked municipalities hold CONCENTRATED_SHARE of each resource, the other asked the rest."""
    share = 1.0 if tight else 1.05
    order = np.argsort(-np.where(asked, population, -1.0))
    top = np.zeros(len(population), dtype=bool)
    top[order[: min(CONCENTRATED_MUNICIPALITIES, int(asked.sum()))]] = True
    rest = asked & ~top
    capacity = np.zeros((len(population), len(totals)))
    for r, total in enumerate(totals):
        target = int(np.ceil(share * total))
        major = int(round(CONCENTRATED_SHARE * target)) if rest.any() else target
        capacity[:, r] = _whole_shares(population * top, major)
        if rest.any():
            capacity[:, r] += _whole_shares(population * rest, target - major)
    return capacity


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
