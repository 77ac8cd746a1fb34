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

Only u_i and v_m are hidden from the directorate; every other term is something it records (the registry,
Kompass competence mapping, Statistics Norway and NAV's labour-demand survey). Sex and age stay in p_true — the
world is what it is: men were in work or education far more often (72 % against 48 %) — but they are protected
grounds (`protected.py`, likestillings- og diskrimineringsloven § 6), so no model feature set holds them: a model
learns the rest honestly, never sex, age or p_true itself.

## Country groups

Every simulated person (and every history record) carries a `country_group`, an index into COUNTRY_GROUPS:
Syria, Eritrea, DR Congo, Afghanistan, Somalia and other, the largest citizenships among refugees settled in
2015–2019 (Syria by far the largest in 2015–2017; the report for 2019, seed line 450: most resettlement refugees
settled in 2019 came from Congo and Syria). The shares COUNTRY_GROUP_SHARES (0.33, 0.14, 0.08, 0.09, 0.06, 0.30)
are an assumption near those years' mix. The group enters p_true *only through the features' distributions*: it
is drawn after the person, given the coarse education level, by Bayes' rule from each group's education bands
(none, primary/lower secondary, upper secondary, higher: EDUCATION_BANDS, the same bands as the synthetic
register's `nyinorge.synthetic.competence`: Syria 25 % higher education, Eritrea and Afghanistan 7 %). So a Syrian
is more often highly educated, but two persons with the same features have the same p_true whatever their group;
a family shares its first adult's group.
It is drawn from its own random stream, so every other draw of a world or history is what it was before groups
existed (the same seeds give the same persons, placements and outcomes). Like sex and age it is recorded for the
fairness report (`fairness.py`) and never a feature.

## The competence world (`world_generate(..., features="competence")`)

The same world, but persons carry what a Kompass registration holds (`nyinorge.competence`): the ISCED 2011 level
as a rank isc_i ∈ 0..9 (0 no schooling, 1 ISCED 0, 2 ISCED 1 primary, …, 7 ISCED 6 bachelor, 8 master, 9 doctoral:
`competence.codes.ISCED_RANK`), years of schooling sy_i, years of work experience wy_i, Norwegian and English level
as ranks no_i, en_i ∈ 0..7 (0 a few words, 1 A1, …, 6 C2, 7 mother tongue: `LANGUAGE_LEVEL_RANK`) and the STYRK-08
major group g_i ∈ 0..9 of the main occupation (none without work experience). Municipalities carry the labour
demand per major group, dg_m,g (index, 1 = average; the sector demand above refined by an urban/rural tilt per
group: professionals and managers are sought in cities, skilled agricultural, forestry and fishery workers and
plant operators in rural labour markets). Then

    logit p_true(i, m) = β0c
        + 0.10 (isc_i − 4) + 0.03 (sy_i − 10)                        (education, per level and per year)
        + 0.06 (min(wy_i, 10) − 3)                                   (work experience, up to ten years)
        + 0.30 (no_i − 2) + 0.15 (en_i − 2)                          (per CEFR step)
        − 0.03 (age_i − 35) + 1.15 (male_i − 0.5) + 6.0 (emp_m − 0.68)
        + 1.40 [g_i ≠ none] min(1, wy_i / 4) ln dg_m,g_i             (occupation × regional demand)
        + 0.60 (2 − min(no_i, 4)) / 2 × (2 cen_m − 1)                (little Norwegian × centrality)
        + 0.35 [isc_i ≥ 7] size_m                                    (bachelor or more × labour-market size)
        + 0.25 (en_i − 2) / 2 × (2 cen_m − 1)                        (English pays in cities)
        + 0.80 net_im + u_i + v_m,
    β0c = COMPETENCE_INTERCEPT (calibrated to the same SP8 mean 0.63).

So *where* a person is placed matters most for one with years in an occupation whose demand varies between
labour markets, and for the highly educated; least for one without work experience. The effect sizes are
assumptions in the direction of the literature (Statistics Norway's register studies of refugees' employment:
education, Norwegian skills and earlier work experience raise the employment rate, most for men; Bansak et al.,
Science 2018, for the location × person interaction) — not estimates. The coarse features of the first world are
derived from these (education from the ISCED rank, Norwegian from its rank, sector from the major group), so the
old feature set (`FEATURE_SETS["basic"]`) can be fitted on the same world and compared.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SECTORS: tuple[str, ...] = ("primary", "industry", "health", "services", "professional")
INTERCEPT = 0.33
COMPETENCE_INTERCEPT = 0.62
WORLD_FEATURES = ("basic", "competence")
# STYRK-08 major groups 0..9 (0 armed forces, 1 managers, 2 professionals, 3 technicians and associate
# professionals, 4 clerical support, 5 service and sales, 6 skilled agricultural, forestry and fishery,
# 7 craft and related trades, 8 plant and machine operators, 9 elementary occupations).
OCCUPATION_GROUPS = 10
# The coarse sector of each major group (for the old feature set), and how much more a city seeks it.
GROUP_SECTOR = np.array([3, 4, 4, 2, 3, 3, 0, 1, 1, 3])
GROUP_URBAN_TILT = np.array([0.0, 0.5, 0.7, 0.4, 0.3, 0.1, -0.9, -0.2, -0.4, -0.2])
# Years of schooling usually behind each ISCED rank (0 none … 9 doctoral).
ISCED_RANK_YEARS = np.array([0, 2, 6, 9, 12, 13, 14, 16, 18, 21])
TARGET_MEAN = 0.63  # SP8, leavers of 2017
# Country groups (see "Country groups" in the module docstring): names, assumed shares, and education bands
# (none, primary/lower secondary, upper secondary/post-secondary, higher) as in `nyinorge.synthetic.competence`.
COUNTRY_GROUPS: tuple[str, ...] = ("Syria", "Eritrea", "DR Congo", "Afghanistan", "Somalia", "other")
COUNTRY_GROUPS_NB: tuple[str, ...] = ("Syria", "Eritrea", "DR Kongo", "Afghanistan", "Somalia", "andre")
COUNTRY_GROUP_SHARES = np.array([0.33, 0.14, 0.08, 0.09, 0.06, 0.30])
EDUCATION_BANDS = np.array([
    [0.08, 0.42, 0.25, 0.25],  # Syria
    [0.15, 0.55, 0.23, 0.07],  # Eritrea
    [0.15, 0.55, 0.22, 0.08],  # DR Congo
    [0.20, 0.55, 0.18, 0.07],  # Afghanistan
    [0.11, 0.63, 0.17, 0.09],  # Somalia
    [0.10, 0.42, 0.28, 0.20],  # other
])

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
COMPETENCE_COEF = {
    "isced": 0.10,
    "schooling_years": 0.03,
    "work_years": 0.06,
    "norwegian": 0.30,
    "english": 0.15,
    "age": -0.03,
    "male": 1.15,
    "employment": 6.0,
    "occupation_demand": 1.40,
    "norwegian_centrality": 0.60,
    "higher_education_size": 0.35,
    "english_centrality": 0.25,
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
    occupation_demand: np.ndarray | None = None  # (n, OCCUPATION_GROUPS) labour demand per STYRK-08 major group

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
    # The competence world only (None in the basic one): see the module docstring.
    isced: np.ndarray | None = None  # ISCED rank 0..9
    schooling_years: np.ndarray | None = None
    work_years: np.ndarray | None = None
    norwegian_level: np.ndarray | None = None  # 0..7
    english_level: np.ndarray | None = None  # 0..7
    occupation_group: np.ndarray | None = None  # STYRK-08 major group 0..9, -1 = no work experience
    # Index into COUNTRY_GROUPS: recorded for the fairness report, never a feature (None when not drawn).
    country_group: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.age)

    @property
    def has_competence(self) -> bool:
        return self.isced is not None

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

    def features(self, feature_set: str = "basic") -> np.ndarray:
        """The model's feature matrix for these records."""
        return pair_features(
            persons=self.persons, municipalities=self.municipalities,
            person_index=np.arange(len(self)), municipality_index=self.municipality, feature_set=feature_set,
        )


FEATURES: tuple[str, ...] = (
    "education", "norwegian", "sector", "has_network",
    "employment", "size", "centrality", "sector_demand",
)
CATEGORICAL_FEATURES: tuple[str, ...] = ("sector",)
# What a model may see — never a protected ground (`protected.py`: sex, age and country group are recorded, not
# features; until issue 19 every set held "age" and "male"): "basic" is the first world's coarse set (education
# 0–3, Norwegian 0–3, sector); "registry" only what the register and the municipality give (no competence at
# all); "competence" the Kompass registration's features (the competence world only).
FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "basic": FEATURES,
    "registry": ("has_network", "employment", "size", "centrality"),
    "competence": ("isced", "schooling_years", "work_years", "norwegian_level", "english_level", "occupation_group",
                   "has_network", "employment", "size", "centrality", "occupation_demand"),
}
CATEGORICAL_FEATURE_SETS: dict[str, tuple[str, ...]] = {
    "basic": CATEGORICAL_FEATURES, "registry": (), "competence": ("occupation_group",),
}
ALL_FEATURES: tuple[str, ...] = tuple(dict.fromkeys(name for names in FEATURE_SETS.values() for name in names))


def _feature_columns(persons: Persons, municipalities: Municipalities, i: np.ndarray, m: np.ndarray,
                     names: tuple[str, ...]) -> dict[str, np.ndarray]:
    columns: dict[str, np.ndarray] = {}
    for name in names:
        if name == "sector":
            # Category 0 = no work experience, 1.. = SECTORS (LightGBM wants non-negative categories).
            columns[name] = persons.sector[i] + 1
        elif name == "sector_demand":
            sector = persons.sector[i]
            columns[name] = np.where(sector >= 0, municipalities.demand[m, np.maximum(sector, 0)], np.nan)
        elif name == "has_network":
            columns[name] = (persons.network[i] == m).astype(float)
        elif name == "occupation_group":
            columns[name] = persons.occupation_group[i] + 1  # 0 = no work experience, 1..10 = major group 0..9
        elif name == "occupation_demand":
            group = persons.occupation_group[i]
            columns[name] = np.where(group >= 0, municipalities.occupation_demand[m, np.maximum(group, 0)], np.nan)
        elif name in ("employment", "size", "centrality"):
            columns[name] = getattr(municipalities, name)[m]
        else:
            columns[name] = getattr(persons, name)[i]
    return columns


def pair_features(
    *, persons: Persons, municipalities: Municipalities, person_index: np.ndarray, municipality_index: np.ndarray,
    feature_set: str = "basic",
) -> np.ndarray:
    """Observed features (FEATURE_SETS[feature_set] order) of each (person, municipality) pair; never the latent terms."""
    if feature_set not in FEATURE_SETS:
        raise ValueError(f"unknown feature set {feature_set!r}; one of {sorted(FEATURE_SETS)}")
    if feature_set == "competence" and not persons.has_competence:
        raise ValueError("the competence features exist only in a world generated with features='competence'")
    names = FEATURE_SETS[feature_set]
    columns = _feature_columns(persons, municipalities, np.asarray(person_index), np.asarray(municipality_index), names)
    return np.column_stack([columns[name] for name in names]).astype(float)


def true_logit(
    *, persons: Persons, municipalities: Municipalities, person_index: np.ndarray, municipality_index: np.ndarray
) -> np.ndarray:
    """logit p_true for each pair: exactly the formula in the module docstring (the competence one when it has it)."""
    i = np.asarray(person_index)
    m = np.asarray(municipality_index)
    if persons.has_competence:
        return _competence_logit(persons, municipalities, i, m)
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


def _competence_logit(persons: Persons, municipalities: Municipalities, i: np.ndarray, m: np.ndarray) -> np.ndarray:
    c = COMPETENCE_COEF
    nor, eng, years = persons.norwegian_level[i], persons.english_level[i], persons.work_years[i]
    group = persons.occupation_group[i]
    log_demand = np.where(group >= 0, np.log(municipalities.occupation_demand[m, np.maximum(group, 0)]), 0.0)
    city = 2 * municipalities.centrality[m] - 1
    return (
        COMPETENCE_INTERCEPT
        + c["isced"] * (persons.isced[i] - 4)
        + c["schooling_years"] * (persons.schooling_years[i] - 10)
        + c["work_years"] * (np.minimum(years, 10) - 3)
        + c["norwegian"] * (nor - 2)
        + c["english"] * (eng - 2)
        + c["age"] * (persons.age[i] - 35)
        + c["male"] * (persons.male[i] - 0.5)
        + c["employment"] * (municipalities.employment[m] - 0.68)
        + c["occupation_demand"] * np.minimum(1.0, years / 4) * log_demand
        + c["norwegian_centrality"] * (2 - np.minimum(nor, 4)) / 2 * city
        + c["higher_education_size"] * (persons.isced[i] >= 7) * municipalities.size[m]
        + c["english_centrality"] * (eng - 2) / 2 * city
        + c["network"] * (persons.network[i] == m)
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
    latent = rng.normal(0, MUNICIPALITY_LATENT_SD, n)
    # Demand per STYRK-08 major group from its own stream, so the basic world's draws stay as they were.
    group_rng = np.random.default_rng([seed, 9])
    occupation_demand = demand[:, GROUP_SECTOR] * np.exp(
        group_rng.normal(0, 0.25, (n, OCCUPATION_GROUPS)) + np.outer(centrality - 0.4, GROUP_URBAN_TILT))
    return Municipalities(
        ids=tuple(chosen), employment=employment, demand=demand, size=size, centrality=centrality,
        population=np.round(np.exp(log_population)), latent=latent, occupation_demand=occupation_demand,
    )


def persons_generate(*, count: int, adults: np.ndarray | None, municipalities: Municipalities,
                     rng: np.random.Generator, features: str = "basic",
                     group_rng: np.random.Generator | None = None) -> Persons:
    """Random persons; `adults` marks who is 18+ (children get an age under 18 and nothing else).

    With features="competence" they also get a Kompass registration's features (drawn after the basic ones),
    and the coarse basic features are derived from them. Country groups come from `group_rng` (default: a side
    stream of `rng` that leaves its draws untouched).
    """
    if features not in WORLD_FEATURES:
        raise ValueError(f"features must be one of {WORLD_FEATURES}, not {features!r}")
    adult = np.ones(count, bool) if adults is None else adults
    age = np.where(adult, np.clip(rng.gamma(6.0, 2.4, count) + 18, 18, 64).round(),
                   rng.integers(0, 18, count)).astype(float)
    weights = municipalities.population / municipalities.population.sum()
    network = np.where(rng.random(count) < 0.3, rng.choice(len(municipalities), size=count, p=weights), -1)
    persons = Persons(
        education=rng.choice(4, size=count, p=[0.25, 0.30, 0.30, 0.15]).astype(float),
        norwegian=rng.choice(4, size=count, p=[0.15, 0.35, 0.35, 0.15]).astype(float),
        age=age,
        male=(rng.random(count) < 0.55).astype(float),
        sector=np.where(rng.random(count) < 0.3, -1, rng.integers(0, len(SECTORS), count)),
        network=network,
        latent=rng.normal(0, PERSON_LATENT_SD, count),
    )
    persons = competence_add(persons, rng=rng) if features == "competence" else persons
    return country_groups_add(persons, rng=_side_stream(rng) if group_rng is None else group_rng)


def _side_stream(rng: np.random.Generator) -> np.random.Generator:
    """A generator seeded from `rng`'s current state without advancing it (so `rng`'s later draws stay as they were)."""
    return np.random.default_rng([rng.bit_generator.state["state"]["state"] % 2**64, 11])


def country_groups_add(persons: Persons, *, rng: np.random.Generator) -> Persons:
    """The persons with a country group each, drawn given their coarse education (see the module docstring)."""
    joint = COUNTRY_GROUP_SHARES[:, None] * EDUCATION_BANDS  # (group, education)
    given_education = joint / joint.sum(axis=0, keepdims=True)
    cumulative = np.cumsum(given_education[:, persons.education.astype(int)].T, axis=1)
    group = (rng.random(len(persons))[:, None] > cumulative).sum(axis=1).clip(0, len(COUNTRY_GROUPS) - 1)
    return Persons(**{**persons.__dict__, "country_group": group})


# Highest education of adult refugees on arrival, as ISCED ranks 0..9 (none, ISCED 0 … 8). An assumption near
# Statistics Norway's survey of refugees' education (a third with at most primary school, about one in five with
# higher education); the synthetic year (`nyinorge.synthetic.competence`) draws by citizenship around it.
ISCED_RANK_P = np.array([0.10, 0.05, 0.17, 0.20, 0.22, 0.04, 0.06, 0.10, 0.05, 0.01])
# Major group of the main occupation by education: (bachelor or more, post-secondary and short tertiary, the rest).
GROUP_P = np.array([
    [0.00, 0.12, 0.45, 0.18, 0.10, 0.08, 0.01, 0.03, 0.02, 0.01],
    [0.01, 0.06, 0.08, 0.25, 0.15, 0.20, 0.03, 0.12, 0.06, 0.04],
    [0.01, 0.03, 0.01, 0.03, 0.04, 0.25, 0.14, 0.20, 0.11, 0.18],
])


def competence_add(persons: Persons, *, rng: np.random.Generator) -> Persons:
    """The persons with competence features (see the module docstring) and the basic features derived from them."""
    n = len(persons)
    isced = rng.choice(len(ISCED_RANK_P), size=n, p=ISCED_RANK_P)
    schooling = np.clip(np.round(ISCED_RANK_YEARS[isced] + rng.normal(0, 1.5, n)), 0, 25)
    norwegian = np.clip(np.round(0.8 + 0.25 * (isced - 3) + rng.normal(0, 1.1, n)), 0, 6)
    english = np.clip(np.round(0.5 + 0.55 * (isced - 2) + rng.normal(0, 1.2, n)), 0, 6)
    working_age = np.maximum(persons.age - 15, 0)
    has_work = (rng.random(n) < 0.72) & (working_age > 0)
    work_years = np.where(has_work, np.round(np.minimum(rng.gamma(2.0, 3.5, n) + 0.5, working_age), 1), 0.0)
    level = np.where(isced >= 7, 0, np.where(isced >= 5, 1, 2))
    cumulative = np.cumsum(GROUP_P[level], axis=1)
    group = (rng.random(n)[:, None] > cumulative).sum(axis=1).clip(0, OCCUPATION_GROUPS - 1)
    group = np.where(has_work, group, -1)
    children = persons.age < 18
    isced = np.where(children, np.minimum(isced, 3), isced)
    return Persons(**{
        **persons.__dict__,
        "education": np.array([0, 0, 1, 1, 2, 2, 3, 3, 3, 3], float)[isced],
        "norwegian": np.array([0, 1, 1, 2, 3, 3, 3, 3], float)[norwegian.astype(int)],
        "sector": np.where(group >= 0, GROUP_SECTOR[np.maximum(group, 0)], -1),
        "isced": isced.astype(float), "schooling_years": schooling, "work_years": work_years,
        "norwegian_level": norwegian, "english_level": english, "occupation_group": group,
    })


def world_generate(*, persons: int, municipalities: int | list[str] = 356, seed: int,
                   features: str = "basic") -> World:
    """A world of about `persons` persons in cases of 1–8 (adults first) and the given municipalities.

    features="competence" gives the persons (and the history drawn for the world) the competence features.
    """
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
    people = persons_generate(count=len(adult_flags), adults=np.array(adult_flags), municipalities=munis, rng=rng,
                              features=features)
    # A family shares its network and its country group: everyone gets the first adult's.
    network, group = people.network.copy(), people.country_group.copy()
    for case in cases:
        network[list(case)] = network[case[0]]
        group[list(case)] = group[case[0]]
    people = Persons(**{**people.__dict__, "network": network, "country_group": group})
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
    features = "competence" if world.persons.has_competence else "basic"
    people = persons_generate(count=records, adults=None, municipalities=munis, rng=rng, features=features)
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
