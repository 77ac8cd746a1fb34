"""Loading a synthetic settlement year through the settlement services (validation, history and audit included).

Everything of one year is one transaction: an interrupted run leaves nothing behind. A year that already
exists is left alone, so running it twice (as `make run` does) neither fails nor duplicates.
"""

import datetime
import heapq
import io
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import Municipality, Organisation, Person, ReceptionCentre, User
from nyinorge.core.roles import Role
from nyinorge.core.services.organisations import reception_centre_create
from nyinorge.core.services.people import person_create
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.settlement.apportionment import apportion
from nyinorge.settlement.models import Case, SettlementYear
from nyinorge.settlement.services.cases import (
    case_accept, case_create, case_decline, case_make_ready, case_propose, case_settle,
)
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.requests import indicators_import, request_compute, request_override, settlement_year_create
from nyinorge.synthetic.names import COUNTRIES, NameMaker
from nyinorge.synthetic.plan import CasePlan, composition, year_plan

SYNTH_PREFIX = "synth-"
CENTRES = [  # (name, host municipality, type)
    ("Synthetic reception centre Oslo", "0301", ReceptionCentre.CentreType.ORDINARY),
    ("Synthetic reception centre Bergen", "4601", ReceptionCentre.CentreType.ORDINARY),
    ("Synthetic reception centre Trondheim", "5001", ReceptionCentre.CentreType.INTEGRATION),
    ("Synthetic reception centre Stavanger", "1103", ReceptionCentre.CentreType.ORDINARY),
    ("Synthetic reception centre Kristiansand", "4204", ReceptionCentre.CentreType.INTEGRATION),
    ("Synthetic reception centre Tromsø", "5401", ReceptionCentre.CentreType.ORDINARY),
    ("Synthetic reception centre Hamar", "3403", ReceptionCentre.CentreType.ORDINARY),
    ("Synthetic care centre Drammen", "3005", ReceptionCentre.CentreType.CARE),
]
DECLINE_REASONS = ["No suitable dwelling free in time.", "The school has no place for the children this term.",
                   "The municipality lacks the health services the case needs."]


@dataclass(frozen=True)
class SynthResult:
    year: int
    created: bool
    cases: int
    persons: int


def _directorate_user() -> User:
    user = User.objects.filter(username=f"{SYNTH_PREFIX}directorate").first()
    return user or user_create(username=f"{SYNTH_PREFIX}directorate", organisation=directorate(),
                               roles=[Role.DIRECTORATE_CASEWORKER], first_name="Synthetic", last_name="Caseworker")


def _municipality_user(number: str) -> User:
    user = User.objects.filter(username=f"{SYNTH_PREFIX}{number}").first()
    organisation = Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, municipality_id=number)
    return user or user_create(username=f"{SYNTH_PREFIX}{number}", organisation=organisation,
                               roles=[Role.MUNICIPALITY_CASEWORKER], first_name="Synthetic", last_name=number)


def _centres() -> tuple[list[Organisation], Organisation]:
    made = []
    for name, host, kind in CENTRES:
        organisation = Organisation.objects.filter(kind=Organisation.Kind.RECEPTION_CENTRE, name=name).first()
        made.append(organisation or reception_centre_create(
            name=name, operator="Synthetic operator AS", host_municipality=Municipality.objects.get(number=host),
            centre_type=kind).organisation)
    return made[:-1], made[-1]


def _request(*, actor: User, year: SettlementYear, rng: random.Random, asked: int) -> list[str]:
    """Synthetic indicators for every municipality; the largest `asked` get a request, the others an override to 0."""
    numbers = list(Municipality.objects.order_by("number").values_list("number", flat=True))
    population = {number: int(rng.lognormvariate(9.2, 1.1)) + 200 for number in numbers}
    population["0301"] = 690_000
    rows = ["municipality_number,population,employment_share,introduction_results_share,immigrant_share,ready,settled_last_years"]
    for number in numbers:
        rows.append(f"{number},{population[number]},{rng.uniform(0.6, 0.8):.3f},{rng.uniform(0.4, 0.75):.3f},"
                    f"{rng.uniform(0.03, 0.2):.3f},true,{int(population[number] * rng.uniform(0.002, 0.01))}")
    indicators_import(actor=actor, year=year, file=io.StringIO("\n".join(rows) + "\n"))
    chosen = sorted(numbers, key=lambda n: -population[n])[:asked]
    request_compute(actor=actor, year=year, note="synthetic indicators")
    version = request_override(actor=actor, year=year, overrides={n: 0 for n in numbers if n not in chosen},
                               reason="synthetic year: not asked this year")
    zero = [line.municipality_id for line in version.lines.all() if line.municipality_id in chosen and line.requested == 0]
    if zero:
        request_override(actor=actor, year=year, overrides=dict.fromkeys(zero, 1), reason="synthetic year: at least one")
    return chosen


def _decisions(*, actor: User, year: SettlementYear, chosen: list[str], counts: dict[str, int],
               rng: random.Random) -> dict[str, list[int]]:
    """Decisions of the agreeing municipalities summing to the decided places; returns free [others, minors] each."""
    agreed = sorted(rng.sample(chosen, counts["municipalities_agreed"]))
    weights = {number: float(rank) for rank, number in zip(range(len(chosen), 0, -1), chosen) if number in agreed}
    places = apportion(counts["places_decided"], weights)
    minors_total = min(round(counts["unaccompanied_minors"] * 1.15) + 1, counts["places_decided"] - counts["settled_total"]
                       + counts["unaccompanied_minors"])
    minor_weights = {number: weights[number] for number in sorted(agreed, key=lambda n: -weights[n])[:40]}
    minors = apportion(minors_total, minor_weights)
    free = {}
    for number in agreed:
        m = min(minors.get(number, 0), places[number])
        municipal_decision_register(actor=actor, year=year, municipality=Municipality.objects.get(number=number),
                                    persons=places[number], unaccompanied_minors=m,
                                    decided_on=datetime.date(year.year - 1, 12, 1) + datetime.timedelta(days=rng.randint(0, 60)))
        free[number] = [places[number] - m, m]
    return free


class _People:
    def __init__(self, *, actor: User, seed: int) -> None:
        self.actor = actor
        self.names = NameMaker(seed)
        self.taken = set(Person.objects.filter(national_id__isnull=False).values_list("national_id", flat=True))
        self.serials: dict[datetime.date, int] = {}

    def _number(self, born: datetime.date) -> str:
        while True:
            serial = self.serials.get(born, 0)
            self.serials[born] = serial + 1
            number = synthetic_national_identity_number(born, serial=serial)
            if number not in self.taken:
                self.taken.add(number)
                return number

    def create(self, plan: CasePlan, rng: random.Random, centre: Organisation | None) -> list[Person]:
        country = plan.country
        family_name = self.names.family_name(country)
        return [
            person_create(actor=self.actor, national_id=self._number(member.birth_date), birth_date=member.birth_date,
                          given_name=self.names.given_name(country, member.sex),
                          family_name=family_name if index == 0 or len(plan.members) > 1 and rng.random() < 0.9
                          else self.names.family_name(country),
                          sex=member.sex, citizenship=country, languages=COUNTRIES[country][2], reception_centre=centre)
            for index, member in enumerate(plan.members)
        ]


def _assign(plans: list[CasePlan], free: dict[str, list[int]]) -> dict[int, str]:
    """Municipality per settled case: largest cases first, each to the municipality with most free places of its kind."""
    heaps = [[(-places[kind], number) for number, places in free.items()] for kind in (0, 1)]
    for heap in heaps:
        heapq.heapify(heap)
    assigned = {}
    for index in sorted((i for i, p in enumerate(plans) if p.settlement_date), key=lambda i: -len(plans[i].members)):
        plan = plans[index]
        kind = 1 if plan.unaccompanied_minor else 0
        negative_free, number = heapq.heappop(heaps[kind])
        if -negative_free < len(plan.members):
            raise ValueError(f"not enough decided places for a case of {len(plan.members)}")
        assigned[index] = number
        heapq.heappush(heaps[kind], (negative_free + len(plan.members), number))
    return assigned


def synth_year(*, year: int, seed: int, scale: float = 1.0, base: dict[str, int] | None = None,
               progress: Callable[[int, int], None] | None = None) -> SynthResult:
    """Create a synthetic settlement year (request, decisions, cases, proposals, declines, settlements), once."""
    if SettlementYear.objects.filter(year=year).exists():
        return SynthResult(year, False, 0, 0)
    today = timezone.localdate()
    if year >= today.year:
        raise ValueError(f"a synthetic year must be in the past; {year} is not")
    counts = composition(scale=scale, base=base)
    rng = random.Random(f"{seed}-{year}-load")
    plans = year_plan(year=year, seed=seed, counts=counts, today=today)
    with transaction.atomic():
        actor = _directorate_user()
        centres, care_centre = _centres()
        settlement_year = settlement_year_create(actor=actor, year=year, national_target=counts["refugees_requested"])
        chosen = _request(actor=actor, year=settlement_year, rng=rng, asked=counts["municipalities_requested"])
        free = _decisions(actor=actor, year=settlement_year, chosen=chosen, counts=counts, rng=rng)
        assigned = _assign(plans, free)
        users = {number: _municipality_user(number) for number in free}
        municipalities = {m.number: m for m in Municipality.objects.filter(number__in=free)}
        people = _People(actor=actor, seed=seed)
        # Settle in date order, so the history reads like the year it was.
        order = sorted(range(len(plans)), key=lambda i: (plans[i].settlement_date or datetime.date.max, i))
        persons = 0
        for done, index in enumerate(order, start=1):
            plan = plans[index]
            plan.country = people.names.country(rng)
            if plan.child_welfare:
                centre = care_centre
            elif plan.category == "resettlement":
                centre = None
            else:
                centre = rng.choice(centres)
            members = people.create(plan, rng, centre)
            persons += len(members)
            case = case_create(
                actor=actor, category=plan.category, members=members, decision_date=plan.decision_date,
                unaccompanied_minor=plan.unaccompanied_minor, shielded_identity=plan.shielded, reception_centre=centre,
                special_needs=rng.random() < 0.05,
                settled_by=Case.SettledBy.CHILD_WELFARE if plan.child_welfare else Case.SettledBy.DIRECTORATE)
            case = case_make_ready(actor=actor, case=case)
            if plan.settlement_date:
                number = assigned[index]
                if plan.declined_first and len(free) > 1:
                    other = rng.choice([n for n in free if n != number])
                    case = case_propose(actor=actor, case=case, municipality=municipalities[other], year=settlement_year)
                    case = case_decline(actor=users[other], case=case, reason=rng.choice(DECLINE_REASONS))
                    case = case_make_ready(actor=actor, case=case)
                case = case_propose(actor=actor, case=case, municipality=municipalities[number], year=settlement_year)
                case = case_accept(actor=users[number], case=case)
                case_settle(actor=actor, case=case, settlement_date=plan.settlement_date)
            if progress:
                progress(done, len(plans))
    return SynthResult(year, True, len(plans), persons)
