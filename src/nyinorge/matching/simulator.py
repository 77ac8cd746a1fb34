"""A synthetic ground-truth world for the outcome model: people, municipalities and a KNOWN true probability.

The outcome is SP8 of the directorate's 2019 annual report: in work or education one year after the
introduction programme. For leavers of 2017 it was 63 % (men 72 %, women 48 %; Statistics Norway, quoted in
`shared/seed/imdi-annual-report-2019.txt` §3.2 and `shared/data/annual-report-2019-figures.csv`,
key `intro_in_work_or_education_one_year_after`). The intercept below is calibrated so the mean of p_true
over a generated population placed as history places people is 0.63 (a test holds it to ±0.02).

For adult person i and municipality m, with

    edu_i ∈ {0 none, 1 primary, 2 secondary, 3 higher}, nor_i ∈ {0 A0, 1 A1–A2, 2 B1, 3 B2+} (Norwegian),
    age_i in years, male_i ∈ {0, 1}, sector_i ∈ SECTORS or none (work experience),
    emp_m = share of the residents 15–74 in work, dem_m,s = labour demand in sector s (index, 1 = average),
    size_m = standardised log population, cen_m ∈ [0, 1] centrality (1 = a large city),
    net_im = 1 when i has family or friends in m, u_i ~ N(0, 0.6²) and v_m ~ N(0, 0.1²) unobserved,

    logit p_true(i, m) = β0
        + 0.30 (edu_i − 1.5) + 0.45 (nor_i − 1.5) − 0.03 (age_i − 35) + 1.15 (male_i − 0.5)
        + 6.0 (emp_m − 0.68)
        + 1.20 [sector_i ≠ none] ln dem_m,sector_i          (sector demand × work experience)
        + 0.60 (1.5 − nor_i) / 1.5 × (2 cen_m − 1)           (Norwegian × centrality)
        + 0.40 [edu_i = 3] size_m                            (higher education × labour-market size)
        + 0.80 net_im                                        (network)
        + u_i + v_m,
    β0 = INTERCEPT.

Only u_i and v_m are hidden from the directorate; every other term is a feature it has (the registry,
Kompass competence mapping, Statistics Norway and NAV's labour-demand survey), so a model can learn the
rest honestly but never p_true itself.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SECTORS: tuple[str, ...] = ("primary", "industry", "health", "services", "professional")
INTERCEPT = 0.33
TARGET_MEAN = 0.63  # SP8, leavers of 2017

COEF = {
    "education": 0.30,
    "norwegian": 0.45,
    "age": -0.03,
    "male": 1.15,
    "employment": 6.0,
    "sector_demand": 1.20,
    "norwegian_centrality": 0.60,
    "higher_education_size": 0.40,
    "network": 0.80,
}
PERSON_LATENT_SD = 0.6
MUNICIPALITY_LATENT_SD = 0.1

# Cities a centrality score is measured from: regional labour markets, not administrative centres.
_CITIES = ("0301", "4601", "5001", "1103", "4204", "5401")
_MUNICIPALITIES_CSV = Path(__file__).resolve().parent.parent / "core" / "data" / "municipalities-2020.csv"

# Case sizes 1–8 (mean ≈ 2.4 persons): single adults dominate the refugee quota.
_CASE_SIZES = np.arange(1, 9)
_CASE_SIZE_P = np.array([0.50, 0.15, 0.10, 0.09, 0.07, 0.05, 0.02, 0.02])


@dataclass(frozen=True)
class Municipalities:
    """Municipality features, one row per municipality (columns as arrays)."""

    ids: tuple[str, ...]
    employment: np.ndarray  # share of residents in work
    demand: np.ndarray  # (n, len(SECTORS)) labour demand index
    size: np.ndarray  # standardised log population
    centrality: np.ndarray  # 0..1
    population: np.ndarray  # synthetic residents, for capacities
    latent: np.ndarray  # v_m, unobserved

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Persons:
    """Person features, one row per person (children have age < 18 and no outcome)."""

    education: np.ndarray
    norwegian: np.ndarray
    age: np.ndarray
    male: np.ndarray
    sector: np.ndarray  # index into SECTORS, -1 = no work experience
    network: np.ndarray  # municipality index with family or friends, -1 = none
    latent: np.ndarray  # u_i, unobserved

    def __len__(self) -> int:
        return len(self.age)

    @property
    def adult(self) -> np.ndarray:
        """Mask of persons 18 or older (the ones whose outcome counts)."""
        return self.age >= 18


@dataclass(frozen=True)
class World:
    """Municipalities, the persons to settle, and their cases (families never split)."""

    municipalities: Municipalities
    persons: Persons
    cases: tuple[tuple[int, ...], ...]  # person indices per case, adults first
    seed: int


@dataclass(frozen=True)
class Records:
    """Historical placements: person i was settled in municipality m; outcome = SP8 one year after."""

    persons: Persons
    municipalities: Municipalities
    municipality: np.ndarray  # index per person
    outcome: np.ndarray  # 0/1

    def __len__(self) -> int:
        return len(self.outcome)

    def features(self) -> np.ndarray:
        """The model's feature matrix for these records."""
        return pair_features(
            persons=self.persons, municipalities=self.municipalities,
            person_index=np.arange(len(self)), municipality_index=self.municipality,
        )


FEATURES: tuple[str, ...] = (
    "education", "norwegian", "age", "male", "sector", "has_network",
    "employment", "size", "centrality", "sector_demand",
)
CATEGORICAL_FEATURES: tuple[str, ...] = ("sector",)


def pair_features(
    *, persons: Persons, municipalities: Municipalities, person_index: np.ndarray, municipality_index: np.ndarray
) -> np.ndarray:
    """Observed features (FEATURES order) of each (person, municipality) pair; never the latent terms."""
    i = np.asarray(person_index)
    m = np.asarray(municipality_index)
    sector = persons.sector[i]
    sector_demand = np.where(sector >= 0, municipalities.demand[m, np.maximum(sector, 0)], np.nan)
    # Sector as category 0 = no work experience, 1.. = SECTORS (LightGBM wants non-negative categories).
    return np.column_stack([
        persons.education[i], persons.norwegian[i], persons.age[i], persons.male[i], sector + 1,
        (persons.network[i] == m).astype(float),
        municipalities.employment[m], municipalities.size[m], municipalities.centrality[m], sector_demand,
    ]).astype(float)


def true_logit(
    *, persons: Persons, municipalities: Municipalities, person_index: np.ndarray, municipality_index: np.ndarray
) -> np.ndarray:
    """logit p_true for each pair: exactly the formula in the module docstring."""
    i = np.asarray(person_index)
    m = np.asarray(municipality_index)
    nor = persons.norwegian[i]
    sector = persons.sector[i]
    log_demand = np.where(sector >= 0, np.log(municipalities.demand[m, np.maximum(sector, 0)]), 0.0)
    return (
        INTERCEPT
        + COEF["education"] * (persons.education[i] - 1.5)
        + COEF["norwegian"] * (nor - 1.5)
        + COEF["age"] * (persons.age[i] - 35)
        + COEF["male"] * (persons.male[i] - 0.5)
        + COEF["employment"] * (municipalities.employment[m] - 0.68)
        + COEF["sector_demand"] * log_demand
        + COEF["norwegian_centrality"] * (1.5 - nor) / 1.5 * (2 * municipalities.centrality[m] - 1)
        + COEF["higher_education_size"] * (persons.education[i] == 3) * municipalities.size[m]
        + COEF["network"] * (persons.network[i] == m)
        + persons.latent[i] + municipalities.latent[m]
    )


def p_true(
    *, persons: Persons, municipalities: Municipalities, person_index: np.ndarray, municipality_index: np.ndarray
) -> np.ndarray:
    """True probability of work or education one year after the programme, per pair."""
    z = true_logit(persons=persons, municipalities=municipalities,
                   person_index=person_index, municipality_index=municipality_index)
    return 1.0 / (1.0 + np.exp(-z))


def _real_municipalities() -> list[dict[str, str]]:
    with _MUNICIPALITIES_CSV.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def municipalities_generate(*, municipalities: int | list[str], seed: int) -> Municipalities:
    """Features for real municipality numbers (all 356, a random subset of n, or the ids given)."""
    rng = np.random.default_rng(seed)
    rows = _real_municipalities()
    by_id = {row["municipality_number"]: row for row in rows}
    if isinstance(municipalities, int):
        if not 1 <= municipalities <= len(rows):
            raise ValueError(f"municipalities must be between 1 and {len(rows)}, not {municipalities}")
        chosen = sorted(rng.choice(sorted(by_id), size=municipalities, replace=False).tolist())
    else:
        unknown = [m for m in municipalities if m not in by_id]
        if unknown or not municipalities:
            raise ValueError(f"unknown municipality numbers: {unknown}" if unknown else "no municipalities given")
        chosen = list(municipalities)
    cities = [by_id[c] for c in _CITIES]
    centrality = np.array([
        math.exp(-min(_distance_km(float(by_id[m]["centroid_lat"]), float(by_id[m]["centroid_lon"]),
                                   float(c["centroid_lat"]), float(c["centroid_lon"])) for c in cities) / 80.0)
        for m in chosen
    ])
    n = len(chosen)
    log_population = np.clip(8.3 + 2.5 * centrality + rng.normal(0, 0.8, n), 6.0, 13.5)
    log_population[[i for i, m in enumerate(chosen) if m in _CITIES]] += 2.0
    size = (log_population - 9.0) / 1.2  # standardised on the national spread, not the subset's
    employment = np.clip(0.68 + 0.02 * (centrality - 0.4) + rng.normal(0, 0.03, n), 0.55, 0.80)
    # Rural labour markets need primary-sector hands; cities need professionals and services.
    tilt = np.array([-0.6, 0.0, 0.0, 0.3, 0.6])
    demand = np.exp(rng.normal(0, 0.35, (n, len(SECTORS))) + np.outer(centrality - 0.4, tilt))
    return Municipalities(
        ids=tuple(chosen), employment=employment, demand=demand, size=size, centrality=centrality,
        population=np.round(np.exp(log_population)), latent=rng.normal(0, MUNICIPALITY_LATENT_SD, n),
    )


def persons_generate(*, count: int, adults: np.ndarray | None, municipalities: Municipalities,
                     rng: np.random.Generator) -> Persons:
    """Random persons; `adults` marks who is 18+ (children get an age under 18 and nothing else)."""
    adult = np.ones(count, bool) if adults is None else adults
    age = np.where(adult, np.clip(rng.gamma(6.0, 2.4, count) + 18, 18, 64).round(),
                   rng.integers(0, 18, count)).astype(float)
    weights = municipalities.population / municipalities.population.sum()
    network = np.where(rng.random(count) < 0.3, rng.choice(len(municipalities), size=count, p=weights), -1)
    return Persons(
        education=rng.choice(4, size=count, p=[0.25, 0.30, 0.30, 0.15]).astype(float),
        norwegian=rng.choice(4, size=count, p=[0.15, 0.35, 0.35, 0.15]).astype(float),
        age=age,
        male=(rng.random(count) < 0.55).astype(float),
        sector=np.where(rng.random(count) < 0.3, -1, rng.integers(0, len(SECTORS), count)),
        network=network,
        latent=rng.normal(0, PERSON_LATENT_SD, count),
    )


def world_generate(*, persons: int, municipalities: int | list[str] = 356, seed: int) -> World:
    """A world of about `persons` persons in cases of 1–8 (adults first) and the given municipalities."""
    if persons < 1:
        raise ValueError(f"persons must be at least 1, not {persons}")
    rng = np.random.default_rng(seed)
    munis = municipalities_generate(municipalities=municipalities, seed=seed)
    sizes: list[int] = []
    while sum(sizes) < persons:
        sizes.append(min(int(rng.choice(_CASE_SIZES, p=_CASE_SIZE_P)), persons - sum(sizes)))
    adult_flags: list[bool] = []
    cases: list[tuple[int, ...]] = []
    for size in sizes:
        adults = 1 if size == 1 or rng.random() < (0.5 if size == 2 else 0.2) else 2
        start = len(adult_flags)
        adult_flags += [True] * adults + [False] * (size - adults)
        cases.append(tuple(range(start, start + size)))
    people = persons_generate(count=len(adult_flags), adults=np.array(adult_flags), municipalities=munis, rng=rng)
    # A family shares its network: everyone gets the first adult's.
    network = people.network.copy()
    for case in cases:
        network[list(case)] = network[case[0]]
    people = Persons(**{**people.__dict__, "network": network})
    return World(municipalities=munis, persons=people, cases=tuple(cases), seed=seed)


def history_placement_weights(*, persons: Persons, municipalities: Municipalities) -> np.ndarray:
    """How past placements were biased: towards large places, and low Norwegian towards central ones."""
    base = np.log(municipalities.population) * 0.7
    lean = 0.5 * np.outer((1.5 - persons.norwegian) / 1.5, 2 * municipalities.centrality - 1)
    w = np.exp(base[None, :] + lean)
    return w / w.sum(axis=1, keepdims=True)


def history_generate(world: World, *, records: int, seed: int) -> Records:
    """Past placements of new adults in the world's municipalities, biased as history was, outcomes from p_true."""
    if records < 1:
        raise ValueError(f"records must be at least 1, not {records}")
    rng = np.random.default_rng(seed)
    munis = world.municipalities
    people = persons_generate(count=records, adults=None, municipalities=munis, rng=rng)
    weights = history_placement_weights(persons=people, municipalities=munis)
    placed = (rng.random(records)[:, None] > np.cumsum(weights, axis=1)).sum(axis=1)
    placed = np.minimum(placed, len(munis) - 1)
    # Half of those with a network were settled where it is (the directorate honours ties when it can).
    to_network = (people.network >= 0) & (rng.random(records) < 0.5)
    placed = np.where(to_network, people.network, placed)
    p = p_true(persons=people, municipalities=munis, person_index=np.arange(records), municipality_index=placed)
    outcome = (rng.random(records) < p).astype(int)
    return Records(persons=people, municipalities=munis, municipality=placed, outcome=outcome)


def adults_of(world: World) -> np.ndarray:
    """Indices of the world's adults (the persons whose outcome a case's value sums)."""
    return np.flatnonzero(world.persons.adult)


def case_values(world: World, *, adult_probabilities: np.ndarray) -> np.ndarray:
    """(cases, municipalities) values: per case, the sum over its adults of their probability in m.

    `adult_probabilities` is (len(adults_of(world)), municipalities), rows in adults_of order.
    """
    row_of = {int(p): r for r, p in enumerate(adults_of(world))}
    values = np.zeros((len(world.cases), len(world.municipalities)))
    for c, case in enumerate(world.cases):
        rows = [row_of[p] for p in case if p in row_of]
        values[c] = adult_probabilities[rows].sum(axis=0)
    return values


def true_adult_probabilities(world: World) -> np.ndarray:
    """p_true for every (adult, municipality) pair of the world, rows in adults_of order."""
    adults = adults_of(world)
    n_m = len(world.municipalities)
    p = p_true(persons=world.persons, municipalities=world.municipalities,
               person_index=np.repeat(adults, n_m), municipality_index=np.tile(np.arange(n_m), len(adults)))
    return p.reshape(len(adults), n_m)
