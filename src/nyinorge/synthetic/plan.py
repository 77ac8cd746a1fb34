"""The plan of a synthetic settlement year: which cases, who is in them, and when they were decided and settled.

Pure Python and deterministic for a seed. The composition is the report's (Tabell 3-1, chapter 3.1) times
the scale; waiting times come from piecewise-linear distributions read off at evenly spaced quantiles
(stratified, so the shares within 3/6/12 months and the means come out as designed, not as luck gives them).
Which case gets which quantile is shuffled by the seed.
"""

import datetime
import random
from dataclasses import dataclass, field

from nyinorge.settlement.models.cases import age_on

D = datetime.date
DAY = datetime.timedelta(days=1)

# The report's 2019 figures (seed: Tabell 3-1, chapter 2.2 and 3.1).
COMPOSITION_2019 = {
    "settled_total": 4822, "resettlement": 2806, "unaccompanied_minors": 137, "minors_by_child_welfare": 43,
    "families": 847, "children": 2162, "persons_in_families": 3793, "other_adults": 883, "shielded": 9,
    "waiting_dec31": 386, "waiting_over_12_months_dec31": 75,
    "municipalities_requested": 235, "refugees_requested": 5350, "municipalities_agreed": 232, "places_decided": 5259,
}

# (days from decision to settlement, cumulative share of cases). Designed for the report's SP2 0.60 (families),
# SP3 0.67 (minors), means 3.2/3.2/3.8 months and SP1 0.95 / 0.99; 91 days = 2.99 months, 182 = 5.98.
WAITS = {
    "families": [(20, 0.0), (91, 0.60), (182, 0.96), (365, 0.99), (540, 1.0)],
    "minors": [(20, 0.0), (91, 0.67), (182, 0.91), (365, 0.99), (500, 1.0)],
    "adults": [(20, 0.0), (91, 0.45), (182, 0.91), (365, 0.98), (600, 1.0)],
}
# Days waited on 31 December by those not yet settled, below 12 months (median 2.2 months overall).
WAIT_DEC31_UNDER_12 = [(3, 0.0), (67, 0.62), (365, 1.0)]
WAIT_DEC31_OVER_12 = [(366, 0.0), (900, 1.0)]


@dataclass
class PersonPlan:
    birth_date: datetime.date
    sex: str


@dataclass
class CasePlan:
    kind: str  # families | minors | adults | shielded | waiting
    members: list[PersonPlan]
    decision_date: datetime.date
    settlement_date: datetime.date | None = None
    category: str = "reception"
    unaccompanied_minor: bool = False
    child_welfare: bool = False
    shielded: bool = False
    declined_first: bool = False
    country: str = ""
    extra: dict = field(default_factory=dict)


def composition(*, scale: float, base: dict[str, int] | None = None) -> dict[str, int]:
    """The counts to make at a scale, kept consistent (children ≥ families, persons in families ≥ both)."""
    base = base or COMPOSITION_2019
    c = {key: max(0, round(value * scale)) for key, value in base.items()}
    c["families"] = max(1, c["families"])
    c["children"] = max(c["families"], c["children"])
    c["persons_in_families"] = max(c["families"] + c["children"], c["persons_in_families"])
    c["minors_by_child_welfare"] = min(c["minors_by_child_welfare"], c["unaccompanied_minors"])
    c["settled_total"] = c["unaccompanied_minors"] + c["persons_in_families"] + c["other_adults"] + c["shielded"]
    c["resettlement"] = min(c["resettlement"], c["settled_total"] - c["unaccompanied_minors"])
    c["waiting_over_12_months_dec31"] = min(c["waiting_over_12_months_dec31"], c["waiting_dec31"])
    c["municipalities_agreed"] = max(1, min(c["municipalities_agreed"], c["municipalities_requested"], 356))
    c["municipalities_requested"] = max(c["municipalities_agreed"], min(c["municipalities_requested"], 356))
    needed = c["settled_total"] + c["unaccompanied_minors"]  # room for everyone, minors also on their own quota
    c["places_decided"] = max(c["places_decided"], needed)
    c["refugees_requested"] = max(c["refugees_requested"], c["municipalities_requested"])
    return c


def quantile(knots: list[tuple[int, float]], u: float) -> int:
    """The value at cumulative share u of a piecewise-linear distribution."""
    for (x0, p0), (x1, p1) in zip(knots, knots[1:]):
        if u <= p1:
            return round(x0 + (x1 - x0) * ((u - p0) / (p1 - p0) if p1 > p0 else 0))
    return knots[-1][0]


def _stratified(rng: random.Random, knots: list[tuple[int, float]], n: int) -> list[int]:
    values = [quantile(knots, (i + 0.5) / n) for i in range(n)]
    rng.shuffle(values)
    return values


def _birth(rng: random.Random, on: datetime.date, low: int, high: int) -> datetime.date:
    """A birth date making the person low..high whole years old on the date."""
    while True:
        born = on - datetime.timedelta(days=rng.randint(int(low * 365.25), int((high + 1) * 365.25) - 1))
        if low <= age_on(born, on) <= high:
            return born


def _sex(rng: random.Random) -> str:
    return rng.choice(("female", "male"))


def _spread(rng: random.Random, total: int, parts: int, minimum: int) -> list[int]:
    """total split into parts of at least minimum each, the rest at random."""
    sizes = [minimum] * parts
    for _ in range(total - minimum * parts):
        sizes[rng.randrange(parts)] += 1
    return sizes


def year_plan(*, year: int, seed: int, counts: dict[str, int], today: datetime.date) -> list[CasePlan]:
    """Every case of the year, settled ones with dates in the year, and those still waiting on 31 December."""
    rng = random.Random(f"{seed}-{year}")
    last_day = min(D(year, 12, 31), today - DAY)
    span = (last_day - D(year, 1, 1)).days

    def settled_on(days: int) -> datetime.date:
        # Decided in the year where the wait allows: those decided the year before are the ones that year
        # counted as waiting on 31 December (loaded as its waiting cases, settled early in this year).
        return D(year, 1, 1) + datetime.timedelta(days=rng.randint(min(days, span), span))

    cases: list[CasePlan] = []
    # Families with children: every child under 18 on the settlement date, parents 20–55 and 18+ older than the eldest.
    adults = counts["persons_in_families"] - counts["children"]
    children = _spread(rng, counts["children"], counts["families"], 1)
    two_parents = set(rng.sample(range(counts["families"]), max(0, min(counts["families"], adults - counts["families"]))))
    for index, (n_children, days) in enumerate(zip(children, _stratified(rng, WAITS["families"], counts["families"]))):
        settled = settled_on(days)
        decided = settled - days * DAY
        kids = [PersonPlan(_birth(rng, settled, 0, 17), _sex(rng)) for _ in range(n_children)]
        kids = [kid if kid.birth_date < decided else PersonPlan(decided - rng.randint(1, 300) * DAY, kid.sex) for kid in kids]
        eldest = max(age_on(kid.birth_date, settled) for kid in kids)
        parents = [PersonPlan(_birth(rng, settled, max(20, eldest + 18), max(55, eldest + 25)), sex)
                   for sex in (("female", "male") if index in two_parents else (_sex(rng),))]
        cases.append(CasePlan("families", parents + kids, decided, settled))
    # Unaccompanied minors: 15–17 on the decision date (the directorate), under 15 (Bufetat).
    for index, days in enumerate(_stratified(rng, WAITS["minors"], counts["unaccompanied_minors"])):
        settled = settled_on(days)
        decided = settled - days * DAY
        by_child_welfare = index < counts["minors_by_child_welfare"]
        born = _birth(rng, decided, 8, 14) if by_child_welfare else _birth(rng, decided, 15, 17)
        cases.append(CasePlan("minors", [PersonPlan(born, "male" if rng.random() < 0.8 else "female")], decided,
                              settled, unaccompanied_minor=True, child_welfare=by_child_welfare))
    # Other adults: mostly single, some couples; the shielded are single adults.
    couples = counts["other_adults"] // 10
    sizes = [2] * couples + [1] * (counts["other_adults"] - 2 * couples)
    for size, days in zip(sizes, _stratified(rng, WAITS["adults"], len(sizes))):
        settled = settled_on(days)
        cases.append(CasePlan("adults", [PersonPlan(_birth(rng, settled, 18, 64), _sex(rng)) for _ in range(size)],
                              settled - days * DAY, settled))
    for days in _stratified(rng, WAITS["adults"], counts["shielded"]):
        settled = settled_on(days)
        cases.append(CasePlan("shielded", [PersonPlan(_birth(rng, settled, 18, 50), _sex(rng))], settled - days * DAY,
                              settled, shielded=True))
    # Resettlement refugees: whole cases (not the minors) until the count is met exactly; singles fill the rest.
    candidates = [case for case in cases if not case.unaccompanied_minor]
    rng.shuffle(candidates)
    candidates.sort(key=lambda case: len(case.members) == 1)  # families first, the singles last to fill exactly
    left = counts["resettlement"]
    for case in candidates:
        if len(case.members) <= left:
            case.category = "resettlement"
            left -= len(case.members)
    for case in cases:
        case.declined_first = rng.random() < 0.07
    # Waiting in reception on 31 December: the longest waiters single, the others single or in families of three.
    dec31 = D(year, 12, 31)
    for days in _stratified(rng, WAIT_DEC31_OVER_12, counts["waiting_over_12_months_dec31"]):
        decided = dec31 - days * DAY
        cases.append(CasePlan("waiting", [PersonPlan(_birth(rng, decided, 19, 55), _sex(rng))], decided))
    rest = counts["waiting_dec31"] - counts["waiting_over_12_months_dec31"]
    families = rest // 10
    sizes = [3] * families + [1] * (rest - 3 * families)
    rng.shuffle(sizes)
    persons_before = 0
    for size in sizes:
        days = quantile(WAIT_DEC31_UNDER_12, (persons_before + size / 2) / rest)
        persons_before += size
        decided = min(dec31 - days * DAY, last_day)
        members = [PersonPlan(_birth(rng, decided, 22, 50), _sex(rng))]
        members += [PersonPlan(_birth(rng, dec31, 20, 50), _sex(rng)), PersonPlan(_birth(rng, decided, 1, 12), _sex(rng))][: size - 1]
        cases.append(CasePlan("waiting", members, decided))
    return cases
