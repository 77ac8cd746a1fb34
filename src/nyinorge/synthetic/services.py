"""Loading a synthetic settlement year through the bulk settlement services (validation, history and audit included).

Everything of one year is one transaction: an interrupted run leaves nothing behind. A year that already
exists is left alone, so running it twice (as `make run` does) neither fails nor duplicates.
"""

import datetime
import heapq
import io
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import Municipality, Organisation, Person, ReceptionCentre, User
from nyinorge.core.roles import Role
from nyinorge.core.services.organisations import municipality_organisation_numbers_fill, reception_centre_create
from nyinorge.core.services.people import persons_create_bulk
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.settlement.apportionment import apportion
from nyinorge.settlement.models import Case, SettlementYear
from nyinorge.settlement.services.cases_bulk import CaseDraft, Step, cases_create_bulk, cases_transition_bulk
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.requests import indicators_import, request_compute, request_override, settlement_year_create
from nyinorge.settlement.models.cases import age_on
from nyinorge.settlement.workflow import HISTORICAL_LOAD_REASON, State
from nyinorge.synthetic.competence import competence_synth
from nyinorge.synthetic.names import COUNTRIES, NameMaker
from nyinorge.synthetic.plan import CasePlan, PersonPlan, composition, year_plan

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
    def __init__(self, *, seed: int) -> None:
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

    def make(self, plan: CasePlan, rng: random.Random, centre: Organisation | None) -> list[Person]:
        """The case's persons, unsaved (registered in bulk)."""
        country = plan.country
        family_name = self.names.family_name(country)
        return [
            Person(national_id=self._number(member.birth_date), birth_date=member.birth_date,
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


@dataclass
class _Route:
    """A settled case's way through the year: an optional declined proposal, then proposal, acceptance, settlement."""

    municipality: str
    proposed: datetime.date
    accepted: datetime.date
    declined_by: str | None = None
    first_proposed: datetime.date | None = None
    declined: datetime.date | None = None
    reason: str = ""


def _route(plan: CasePlan, municipality: str, others: list[str], rng: random.Random, deadline_days: int) -> _Route:
    """Dates between the decision and the settlement: proposed 10–45 days before, answered within the deadline."""
    wait = (plan.settlement_date - plan.decision_date).days
    gap = min(wait, rng.randint(10, 45))
    proposed = plan.settlement_date - datetime.timedelta(days=gap)
    route = _Route(municipality, proposed, proposed + datetime.timedelta(days=min(gap, rng.randint(1, deadline_days))))
    if plan.declined_first and others:
        route.declined_by = rng.choice(others)
        route.first_proposed = plan.decision_date + datetime.timedelta(days=round((proposed - plan.decision_date).days * 0.3))
        route.declined = min(route.first_proposed + datetime.timedelta(days=rng.randint(1, deadline_days)), proposed)
        route.reason = rng.choice(DECLINE_REASONS)
    return route


def _chunks(items: list, size: int = 500) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def synth_year(*, year: int, seed: int, scale: float = 1.0, base: dict[str, int] | None = None,
               progress: Callable[[int, int], None] | None = None) -> SynthResult:
    """Create a synthetic settlement year (request, decisions, cases, proposals, declines, settlements), once.

    The cases go through the bulk settlement services stage by stage (register, ready, the declined proposals,
    proposal, acceptance per municipality, settlement), each step dated when it happened in the year.
    Synthetic cases still waiting from an earlier loaded year are settled in this one's first months, as part
    of its settled persons, so each year's 31 December count stays its own (`--years 2015-2019`).
    """
    if SettlementYear.objects.filter(year=year).exists():
        return SynthResult(year, False, 0, 0)
    today = timezone.localdate()
    if year >= today.year:
        raise ValueError(f"a synthetic year must be in the past; {year} is not")
    counts = composition(scale=scale, base=base)
    rng = random.Random(f"{seed}-{year}-load")
    with transaction.atomic():
        carried = _carried(year=year, seed=seed, today=today)
        plans = year_plan(year=year, seed=seed, counts=_without_carried(counts, carried, year), today=today)
        fresh = len(plans)
        plans += carried
        actor = _directorate_user()
        municipality_organisation_numbers_fill()
        centres, care_centre = _centres()
        settlement_year = settlement_year_create(actor=actor, year=year, national_target=counts["refugees_requested"])
        chosen = _request(actor=actor, year=settlement_year, rng=rng, asked=counts["municipalities_requested"])
        free = _decisions(actor=actor, year=settlement_year, chosen=chosen, counts=counts, rng=rng)
        assigned = _assign(plans, free)
        users = {number: _municipality_user(number) for number in free}
        municipalities = {m.number: m for m in Municipality.objects.filter(number__in=free)}
        people = _People(seed=seed)
        members, drafts, routes = [], [], {}
        for index, plan in enumerate(plans):
            if index >= fresh:  # carried: registered and ready already, waiting since an earlier year
                routes[index] = _route(plan, assigned[index], [], rng, settlement_year.answer_deadline_days)
                continue
            plan.country = people.names.country(rng)
            if plan.child_welfare:
                centre = care_centre
            elif plan.category == "resettlement":
                centre = None
            else:
                centre = rng.choice(centres)
            members.append(people.make(plan, rng, centre))
            drafts.append(CaseDraft(
                category=plan.category, members=members[-1], decision_date=plan.decision_date,
                unaccompanied_minor=plan.unaccompanied_minor, shielded_identity=plan.shielded, reception_centre=centre,
                special_needs=rng.random() < 0.05,
                settled_by=Case.SettledBy.CHILD_WELFARE if plan.child_welfare else Case.SettledBy.DIRECTORATE))
            if plan.settlement_date:
                number = assigned[index]
                routes[index] = _route(plan, number, [n for n in free if n != number], rng, settlement_year.answer_deadline_days)
        total = fresh * 3 + 3 * len(routes) + 3 * sum(1 for r in routes.values() if r.declined_by)
        done = 0

        def tick(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, total)

        for batch in _chunks(members, 200):
            persons_create_bulk(actor=actor, persons=[person for group in batch for person in group])
            tick(len(batch))
        cases = []
        for batch in _chunks(drafts):
            cases += cases_create_bulk(actor=actor, drafts=batch)
            tick(len(batch))
        cases += [plan.extra["case"] for plan in carried]

        def step(name: str, user: User, indices: list[int], on: Callable[[int], datetime.date], **kwargs) -> None:
            for batch in _chunks(indices):
                moved = cases_transition_bulk(actor=user, name=name, year=settlement_year, steps=[
                    Step(case=cases[i], on=on(i), **{key: value(i) for key, value in kwargs.items()}) for i in batch])
                for i, case in zip(batch, moved):
                    cases[i] = case
                tick(len(batch))

        # Past years have no settlement interviews in the platform: the guard's exception, stated (see workflow).
        step("make_ready", actor, list(range(fresh)), lambda i: plans[i].decision_date,
             reason=lambda i: HISTORICAL_LOAD_REASON)
        declined = [i for i, route in routes.items() if route.declined_by]
        step("propose", actor, declined, lambda i: routes[i].first_proposed,
             municipality=lambda i: municipalities[routes[i].declined_by])
        for number, group in _by_municipality(declined, lambda i: routes[i].declined_by):
            step("decline", users[number], group, lambda i: routes[i].declined, reason=lambda i: routes[i].reason)
        step("make_ready", actor, declined, lambda i: routes[i].declined, reason=lambda i: HISTORICAL_LOAD_REASON)
        step("propose", actor, list(routes), lambda i: routes[i].proposed,
             municipality=lambda i: municipalities[routes[i].municipality])
        for number, group in _by_municipality(list(routes), lambda i: routes[i].municipality):
            step("accept", users[number], group, lambda i: routes[i].accepted)
        step("settle", actor, list(routes), lambda i: plans[i].settlement_date)
        # Kompass and KomBo registrations at the report's rates, counted on the cases just made.
        competence_synth(actor=actor, year=year, seed=seed, scale=scale, people=people, centres=centres, today=today)
    return SynthResult(year, True, fresh, sum(len(group) for group in members))


def _carried(*, year: int, seed: int, today: datetime.date) -> list[CasePlan]:
    """Synthetic cases still waiting from an earlier year (its 31 December count): settled in this year's first months."""
    centres = Organisation.objects.filter(kind=Organisation.Kind.RECEPTION_CENTRE, name__in=[name for name, _h, _k in CENTRES])
    waiting = (Case.objects.filter(state=State.READY, settlement_date__isnull=True, decision_date__lt=datetime.date(year, 1, 1),
                                   reception_centre__in=centres)
               .order_by("pk").prefetch_related("members__person"))
    rng = random.Random(f"{seed}-{year}-carried")
    last_day = min(datetime.date(year, 12, 31), today - datetime.timedelta(days=1))
    return [
        CasePlan("carried", [PersonPlan(m.person.birth_date, m.person.sex) for m in case.members.all()], case.decision_date,
                 min(datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 89)), last_day),
                 category=case.category, unaccompanied_minor=case.unaccompanied_minor, extra={"case": case})
        for case in waiting
    ]


def _without_carried(counts: dict[str, int], carried: list[CasePlan], year: int) -> dict[str, int]:
    """The counts of new cases to make once the carried ones are counted in their groups; the year's totals stay."""
    if not carried:
        return counts
    counts = dict(counts)
    persons = 0
    for plan in carried:
        children = sum(age_on(m.birth_date, plan.settlement_date) < 18 for m in plan.members)
        persons += len(plan.members)
        if plan.unaccompanied_minor:
            counts["unaccompanied_minors"] -= 1
        elif children:
            counts["families"] -= 1
            counts["children"] -= children
            counts["persons_in_families"] -= len(plan.members)
        else:
            counts["other_adults"] -= len(plan.members)
    if counts["other_adults"] < 0:
        # Only where the report gives no breakdown (before 2019): fewer two-parent families instead.
        counts["persons_in_families"] += counts["other_adults"]
        counts["other_adults"] = 0
    counts["resettlement"] = min(counts["resettlement"], counts["settled_total"] - counts["unaccompanied_minors"] - persons)
    fits = (counts["unaccompanied_minors"] >= 0 and counts["children"] >= counts["families"] >= 0
            and (counts["families"] > 0 or counts["children"] == 0)
            and counts["persons_in_families"] >= counts["children"] + counts["families"])
    if not fits:
        raise ValueError(f"the {persons} persons still waiting from before {year} do not fit in {year}'s settled persons")
    counts["minors_by_child_welfare"] = min(counts["minors_by_child_welfare"], counts["unaccompanied_minors"])
    return counts


def _by_municipality(indices: list[int], key: Callable[[int], str]) -> list[tuple[str, list[int]]]:
    groups: dict[str, list[int]] = {}
    for i in indices:
        groups.setdefault(key(i), []).append(i)
    return sorted(groups.items())
