"""A synthetic 2019 round of every scheme in the catalogue, calibrated to the annual report (`nyinorge synth_schemes
--year 2019 --seed 1`, run by `make run`). What the report states is reproduced exactly (grants, amounts, counts per
priority area and sub-goal, planned participants, schools, places); what it does not state is drawn from the seed
(applied amounts of single applications, applicants, texts) and said so in `grants/data/README.md`.

Municipalities and counties are the real ones of the reference data; voluntary organisations and employers are
generated, each with a valid organisation number (mod-11 check digit). Idempotent: a year already generated is left
alone. One transaction: an interrupted run leaves nothing.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from nyinorge.core.models import Organisation, User
from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.grants.models import GrantCall, GrantScheme, SchemeDelegation
from nyinorge.grants.selectors.prize import AWARD_KEY
from nyinorge.grants.services.catalogue import catalogue_delegated_municipalities, catalogue_entry, catalogue_load
from nyinorge.grants.synthetic_rounds import Officers, Planned, Timeline, synthetic_call, synthetic_round
from nyinorge.settlement.apportionment import apportion

PREFIX = "synth-grants"
ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)

# The annual report 2019 (../shared/seed/imdi-annual-report-2019.txt); line numbers in grants/data/README.md.
JOBBSJANSEN_A = {"applications": 32, "applied": 93_900_000, "granted": 31, "amount": 80_300_000,
                 "participants_planned": 1022, "new_projects": 5, "work_or_education_share": 0.70}
JOBBSJANSEN_B = {"applications": 18, "applied": 83_400_000, "granted": 18, "amount": 70_000_000, "schools": 72,
                 "places": 1201}
# Tabell 3-2-1: (amount, projects) per priority area; Tabell 4-2: 144 applications.
MUNICIPAL_AREAS = {"area_1": (20_000_500, 13), "area_2": (10_000_000, 7), "area_3": (5_875_000, 6),
                   "area_4": (9_685_000, 14), "area_5": (5_271_200, 9)}
MUNICIPAL_APPLICATIONS = 144
MENTOR = {"applications": 39, "applied": 22_450_000, "granted": 21, "amount": 9_700_000}
ENTREPRENEUR = {"applications": 31, "applied": 12_900_000, "granted": 11, "amount": 6_400_000, "counties": 3}
# Tabell 3-3-2 (IMDi's own part) with assumed counts per sub-goal; 142 applications, 80 M applied, 70 granted.
VOLUNTEER_SUB_GOALS = {"a": (12_650_000, 30), "b": (7_740_000, 19), "c": (8_790_000, 21)}
VOLUNTEER = {"applications": 142, "applied": 80_000_000, "scheme_total": 83_200_000}
NATIONAL_RESOURCE_TOTAL = 48_000_000
PRIZE_NOMINATIONS = 350


@dataclass(frozen=True)
class SynthSchemesResult:
    year: int
    created: bool
    applications: int


def synthetic_organisation_number(rng: random.Random, taken: set[str]) -> str:
    """A valid nine-digit organisation number (mod-11 check digit) not in `taken` (which it joins)."""
    while True:
        body = str(rng.choice((8, 9))) + "".join(str(rng.randrange(10)) for _ in range(7))
        check = (11 - sum(int(d) * w for d, w in zip(body, ORGNR_WEIGHTS)) % 11) % 11
        number = body + str(check)
        if check != 10 and number not in taken:
            taken.add(number)
            return number


def split(total: int, count: int, rng: random.Random, *, unit: int = 1, minimum: int = 1,
          spread: float = 0.5) -> list[int]:
    """`count` positive parts of `total` (multiples of `unit` but the first, which takes what `unit` leaves),
    randomly weighted, summing to `total` exactly."""
    units, leftover = divmod(total, unit)
    free = units - minimum * count
    if free < 0:
        raise ValueError(f"{total} cannot be split into {count} parts of at least {minimum * unit}")
    weights = {str(i): rng.uniform(1 - spread, 1 + spread) for i in range(count)}
    parts = apportion(free, weights)
    amounts = [(parts[str(i)] + minimum) * unit for i in range(count)]
    amounts[0] += leftover
    return amounts


class _World:
    """Officers, organisations and names for one run."""

    VOLUNTARY_KINDS = ("Flerkulturelt forum", "Internasjonal kvinnegruppe", "Språkkafé og leksehjelp",
                       "Innvandrerforeningen", "Idrettslaget Inkludering", "Nettverk for nye landsmenn",
                       "Frivillig møteplass", "Somalisk kulturforening", "Eritreisk kulturforening",
                       "Syrisk-norsk forening", "Afghansk kulturforening", "Polsk forening", "Foreldrenettverket",
                       "Ungdomsklubben Møteplass", "Turlaget Sammen", "Kvinner i arbeid", "Mentornettverket",
                       "Kulturhuset Mangfold", "Sykkelvenner", "Matfellesskapet")
    EMPLOYER_STEMS = ("Fjord", "Nord", "Vest", "Berg", "Lys", "Havs", "Skog", "Elve", "Stein", "Vik", "Sol", "Is")
    EMPLOYER_TRADES = ("teknikk", "bygg", "mat", "data", "helse", "logistikk", "energi", "design", "regnskap",
                       "service", "marin", "trykk")

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.taken = set(Organisation.objects.exclude(organisation_number=None)
                         .values_list("organisation_number", flat=True))
        self.directorate = directorate()
        self.municipalities = {o.municipality_id: o for o in Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPALITY).select_related("municipality")}
        self.counties = list(Organisation.objects.filter(kind=Organisation.Kind.COUNTY).order_by("county_id"))
        self.names_used: set[str] = set(Organisation.objects.filter(
            kind__in=[Organisation.Kind.VOLUNTARY, Organisation.Kind.EMPLOYER]).values_list("name", flat=True))

    def officers(self, organisation: Organisation, tag: str) -> Officers:
        users = []
        for number in (1, 2):
            username = f"{PREFIX}-{tag}-{number}"
            user = User.objects.filter(username=username).first() or user_create(
                username=username, organisation=organisation, roles=[Role.GRANT_OFFICER], first_name="Synthetic",
                last_name=f"Grant officer {tag} {number}")
            users.append(user)
        return Officers(*users)

    def organisation(self, kind: str, name: str, municipality_id: str | None = None) -> Organisation:
        found = Organisation.objects.filter(kind=kind, name=name).first()
        if found:
            return found
        self.names_used.add(name)
        return Organisation.objects.create(kind=kind, name=name, municipality_id=municipality_id,
                                           organisation_number=synthetic_organisation_number(self.rng, self.taken))

    def _fresh(self, candidates) -> str:
        for name in candidates:
            if name not in self.names_used:
                self.names_used.add(name)
                return name
        raise RuntimeError("no fresh name")

    def voluntary(self, place: str, municipality_id: str | None = None) -> Organisation:
        kinds = self.rng.sample(self.VOLUNTARY_KINDS, len(self.VOLUNTARY_KINDS))
        name = self._fresh([f"{kind} {place}" for kind in kinds] + [f"{kinds[0]} {place} {n}" for n in range(2, 99)])
        return self.organisation(Organisation.Kind.VOLUNTARY, name, municipality_id)

    def employer_name(self) -> str:
        stems = self.rng.sample(self.EMPLOYER_STEMS, len(self.EMPLOYER_STEMS))
        trades = self.rng.sample(self.EMPLOYER_TRADES, len(self.EMPLOYER_TRADES))
        return self._fresh([f"{s}{t} AS" for s in stems for t in trades]
                           + [f"{stems[0]}{trades[0]} {n} AS" for n in range(2, 999)])

    def employer(self) -> Organisation:
        return self.organisation(Organisation.Kind.EMPLOYER, self.employer_name())

    def any_municipality(self) -> Organisation:
        return self.municipalities[self.rng.choice(sorted(self.municipalities))]


def _contact(rng: random.Random, organisation: Organisation | None) -> dict:
    serial = rng.randrange(10_000)
    return {"contact_name": f"Kontaktperson {serial}", "contact_email": f"kontakt{serial}@synthetic.invalid"}


def _project(year: int, summary: str) -> dict:
    return {"summary": summary, "goals": "Flere deltakere i arbeid, utdanning og samfunnsliv (syntetisk).",
            "start_date": f"{year}-01-01", "end_date": f"{year}-12-31"}


def _applied_for(granted: list[int], total_applied: int, rejected: int, rng: random.Random) -> tuple[list[int], list[int]]:
    """What the granted applications asked for (at least what they got) and the rejected ones, summing to the
    total applied for."""
    asked = [int(round(amount * rng.uniform(1.0, 1.3), -3)) for amount in granted]
    asked = [max(a, g) for a, g in zip(asked, granted)]
    rest = total_applied - sum(asked)
    if rejected == 0:
        asked[-1] += rest
        return asked, []
    return asked, split(rest, rejected, rng, unit=1000, minimum=50)


def _year_timeline(year: int) -> Timeline:
    return Timeline(datetime.date(year, 1, 15), datetime.date(year, 2, 15), datetime.date(year, 2, 20),
                    datetime.date(year, 4, 1))


def _shuffled(items: list[Planned], rng: random.Random) -> list[Planned]:
    rng.shuffle(items)
    return items


def _jobbsjansen_a(world: _World, year: int) -> list[Planned]:
    rng, c = world.rng, JOBBSJANSEN_A
    amounts = split(c["amount"], c["granted"], rng, unit=1000, minimum=500)
    planned = split(c["participants_planned"], c["granted"], rng, minimum=10)
    asked, asked_rejected = _applied_for(amounts, c["applied"], c["applications"] - c["granted"], rng)
    completed = [max(1, round(p * rng.uniform(0.35, 0.55))) for p in planned]
    to_either = apportion(round(c["work_or_education_share"] * sum(completed)),
                          {str(i): n * rng.uniform(0.85, 1.15) for i, n in enumerate(completed)})
    municipalities = rng.sample(sorted(world.municipalities), c["applications"])
    items = []
    for i, (amount, people, done) in enumerate(zip(amounts, planned, completed)):
        either = min(to_either[str(i)], done)
        work = round(either * rng.uniform(0.5, 0.7))
        organisation = world.municipalities[municipalities[i]]
        items.append(Planned(
            organisation, f"Jobbsjansen A {organisation.municipality.name}", asked[i], amount,
            answers={**_contact(rng, organisation), **_project(year, "Kvalifisering av hjemmeværende innvandrerkvinner."),
                     "participants_planned": people, "participant_profile": "Kvinner uten arbeidserfaring i Norge.",
                     "nav_cooperation": True, "is_continuation": i >= c["new_projects"],
                     **({"previous_results": "Gode overganger i fjor."} if i >= c["new_projects"] else {})},
            participants={"participants": people, "completed": done, "to_work": work, "to_education": either - work,
                          "to_work_or_education": either}))
    for applied in asked_rejected:
        organisation = world.municipalities[municipalities[len(items)]]
        items.append(Planned(organisation, f"Jobbsjansen A {organisation.municipality.name}", applied,
                             answers={**_contact(rng, organisation), **_project(year, "Nytt prosjekt."),
                                      "participants_planned": 20, "participant_profile": "Kvinner.",
                                      "nav_cooperation": False, "is_continuation": False}))
    return items


def _jobbsjansen_b(world: _World, year: int) -> list[Planned]:
    rng, c = world.rng, JOBBSJANSEN_B
    amounts = split(c["amount"], c["granted"], rng, unit=1000, minimum=500)
    schools = split(c["schools"], c["granted"], rng, minimum=1, spread=0.6)
    places = split(c["places"], c["granted"], rng, minimum=20)
    asked, _rest = _applied_for(amounts, c["applied"], 0, rng)
    items = []
    for i in range(c["granted"]):
        county = world.counties[i % len(world.counties)]
        done = round(places[i] * rng.uniform(0.7, 0.9))
        education = round(done * rng.uniform(0.55, 0.7))
        items.append(Planned(
            county, f"Jobbsjansen B {county.name} {i // len(world.counties) + 1}", asked[i], amounts[i],
            answers={**_contact(rng, county), **_project(year, "Kombinasjonsklasser for innvandrerungdom."),
                     "schools": schools[i], "places_planned": places[i], "combination_classes": True,
                     "cooperating_municipalities": rng.randrange(1, 12)},
            participants={"participants": places[i], "completed": done, "to_work": round(done * 0.1),
                          "to_education": education,
                          "to_work_or_education": min(done, round(done * 0.1) + education)}))
    return items


def _municipal_integration(world: _World, year: int) -> list[Planned]:
    rng = world.rng
    items = []
    for area, (amount, count) in MUNICIPAL_AREAS.items():
        for granted in split(amount, count, rng, unit=100, minimum=1000):
            organisation = world.any_municipality()
            applied = int(round(granted * rng.uniform(1.0, 1.25), -2))
            items.append(Planned(organisation, f"Utviklingsprosjekt {organisation.municipality.name} ({area})",
                                 max(applied, granted), granted, answers=_municipal_answers(rng, year, area)))
    for _ in range(MUNICIPAL_APPLICATIONS - len(items)):
        organisation = world.any_municipality()
        area = rng.choice(sorted(MUNICIPAL_AREAS))
        items.append(Planned(organisation, f"Utviklingsprosjekt {organisation.municipality.name} ({area})",
                             int(round(rng.uniform(300_000, 2_000_000), -3)), answers=_municipal_answers(rng, year, area)))
    return items


def _municipal_answers(rng: random.Random, year: int, area: str) -> dict:
    return {**_contact(rng, None), **_project(year, "Utprøving av et integreringstiltak av nasjonal interesse."),
            "priority_area": area, "national_interest": "Modellen kan brukes i andre kommuner.",
            "products": "Modellbeskrivelse og verktøy.", "research_partner": False, "is_continuation": False}


def _mentor_trainee(world: _World, year: int) -> list[Planned]:
    rng, c = world.rng, MENTOR
    amounts = split(c["amount"], c["granted"], rng, unit=1000, minimum=100)
    asked, asked_rejected = _applied_for(amounts, c["applied"], c["applications"] - c["granted"], rng)
    items = []
    for granted, applied in [*zip(amounts, asked), *((None, a) for a in asked_rejected)]:
        organisation = world.employer()
        kind = rng.choice(("mentor", "trainee", "both"))
        answers = {**_contact(rng, organisation), **_project(year, "Traineeplasser for innvandrere med utdanning."),
                   "programme_kind": kind, "sector": rng.choice(("private", "public")),
                   "participants_planned": rng.randrange(2, 15), "education_level": rng.choice(("vocational", "higher"))}
        if kind != "trainee":
            answers["mentor_plan"] = "Fast mentor og månedlige samtaler."
        items.append(Planned(organisation, f"Mentor og trainee i {organisation.name}", applied, granted, answers=answers))
    return items


def _entrepreneur_training(world: _World, year: int) -> list[Planned]:
    rng, c = world.rng, ENTREPRENEUR
    amounts = split(c["amount"], c["granted"], rng, unit=1000, minimum=100)
    asked, asked_rejected = _applied_for(amounts, c["applied"], c["applications"] - c["granted"], rng)
    receiving = rng.sample(world.counties, c["counties"])
    others = [county for county in world.counties if county not in receiving]
    items = []
    for i, (granted, applied) in enumerate([*zip(amounts, asked), *((None, a) for a in asked_rejected)]):
        county = receiving[i % len(receiving)] if granted else others[i % len(others)]
        items.append(Planned(county, f"Etablereropplæring {county.name} {i + 1}", applied, granted, answers={
            **_contact(rng, county), **_project(year, "Etablereropplæring tilpasset innvandrere."),
            "participants_planned": rng.randrange(10, 80), "municipalities_covered": rng.randrange(1, 20),
            "offer_description": "Kurs og veiledning.", "has_partner": False}))
    return items


def _volunteer_answers(rng: random.Random, year: int, sub_goal: str, place: str) -> dict:
    answers = {**_contact(rng, None), **_project(year, "Møteplasser og aktiviteter for nye innbyggere."),
               "sub_goal": sub_goal, "participants_planned": rng.randrange(10, 300), "activity_municipality": place,
               "has_partner": False}
    if sub_goal == "c":
        answers["social_control_competence"] = "Kurs og veiledere med erfaring."
    return answers


def _volunteer_directorate(world: _World, year: int) -> list[Planned]:
    rng = world.rng
    granted_rows = [(goal, amount) for goal, (total, count) in VOLUNTEER_SUB_GOALS.items()
                    for amount in split(total, count, rng, unit=1000, minimum=50)]
    rejected = VOLUNTEER["applications"] - len(granted_rows)
    asked, asked_rejected = _applied_for([amount for _goal, amount in granted_rows], VOLUNTEER["applied"], rejected, rng)
    items = []
    for (goal, granted), applied in [*zip(granted_rows, asked),
                                     *(((rng.choice("abc"), None), a) for a in asked_rejected)]:
        county = rng.choice(world.counties)
        organisation = world.voluntary(county.county.name if county.county_id else "Norge")
        items.append(Planned(organisation, f"{organisation.name}: aktiviteter {year}", applied, granted,
                             answers=_volunteer_answers(rng, year, goal, county.county.name)))
    return items


def _volunteer_delegated(world: _World, municipality: Organisation, frame: int, year: int) -> list[Planned]:
    rng = world.rng
    granted_count = max(3, frame // 400_000)
    amounts = split(frame, granted_count, rng, unit=1000, minimum=20)
    rejected = max(2, granted_count // 2)
    asked, asked_rejected = _applied_for(amounts, int(frame * rng.uniform(1.5, 1.9)), rejected, rng)
    place = municipality.municipality.name
    items = []
    for granted, applied in [*zip(amounts, asked), *((None, a) for a in asked_rejected)]:
        organisation = world.voluntary(place, municipality.municipality_id)
        goal = rng.choices("abc", weights=(6, 3, 1))[0]
        items.append(Planned(organisation, f"{organisation.name}: lokale aktiviteter {year}", applied, granted,
                             answers=_volunteer_answers(rng, year, goal, place)))
    return items


def _earmarked(world: _World, year: int, recipients: list[tuple[str, int]], text: str) -> list[Planned]:
    rng = world.rng
    items = []
    for name, amount in recipients:
        organisation = world.organisation(Organisation.Kind.VOLUNTARY, name)
        items.append(Planned(organisation, f"{name}: {text} {year}", amount, amount,
                             reasons="Tilskuddet er øremerket i statsbudsjettet; vilkårene er oppfylt.",
                             answers={**_contact(rng, organisation), "activity_plan": "Drift og aktiviteter.",
                                      "purpose": "Formålet i budsjettvedtaket."}))
    return items


PLACEMENT_TEXT = {"gold": "Gull", "silver": "Sølv", "bronze": "Bronse"}
CATEGORY_TEXT = {"small": "små virksomheter", "medium_large": "mellomstore og store virksomheter"}


def _prize(world: _World, year: int) -> list[Planned]:
    rng = world.rng
    items = []
    for winner in catalogue_entry("diversity-prize")["winners_2019"]:
        municipality = world.municipalities[winner["municipality"]]
        reasons = f"{PLACEMENT_TEXT[winner['placement']]}, {CATEGORY_TEXT[winner['category']]}"
        if winner.get("employer_of_the_year"):
            reasons += "; Årets mangfoldsvirksomhet"
        items.append(_nomination(rng, len(items), winner["name"], municipality, winner["category"], True,
                                 f"{reasons} ({winner['place']}).", placing=winner["placement"]))
    while len(items) < PRIZE_NOMINATIONS:
        items.append(_nomination(rng, len(items), world.employer_name(), world.any_municipality(),
                                 rng.choices(("small", "medium_large"), weights=(6, 4))[0], False, ""))
    return items


def _nomination(rng: random.Random, serial: int, name: str, municipality: Organisation, category: str,
                awarded: bool, reasons: str, placing: str = "") -> Planned:
    answers = {"nominee_name": name, "nominee_municipality": municipality.municipality.name, "category": category,
               "competence_use": "Ansetter etter kompetanse, også utdanning fra utlandet.",
               "diversity_levels": "Mangfold blant ansatte, ledere og i styret.",
               "strategic_work": "Mål for rekruttering og mentorordning."}
    if awarded:  # the placing as `prize_nomination_decide` keeps it, so the public page lists the winners
        answers[AWARD_KEY] = {"placing": placing, "category": category}
    return Planned(None, name, 0, awarded=awarded, reasons=reasons or "Ikke blant vinnerne.",
                   nominator=(f"Forslagsstiller {serial + 1}", f"forslag{serial + 1}@synthetic.invalid"),
                   answers=answers)


def _run(world: _World, year: int) -> int:
    officers = world.officers(world.directorate, "directorate")
    schemes = {scheme.code: scheme for scheme in GrantScheme.objects.all()}
    timeline = _year_timeline(year)
    count = 0

    def directorate_round(code: str, planned: list[Planned], frame: int | None = None, when: Timeline = timeline):
        nonlocal count
        frame = frame if frame is not None else sum(item.granted or 0 for item in planned)
        call = synthetic_call(scheme=schemes[code], year=year, administered_by=world.directorate, frame=frame,
                              timeline=when, created_by=officers.first)
        count += len(synthetic_round(call=call, planned=_shuffled(planned, world.rng), officers=officers,
                                     timeline=when, rng=world.rng))

    directorate_round("jobbsjansen-a", _jobbsjansen_a(world, year))
    directorate_round("jobbsjansen-b", _jobbsjansen_b(world, year))
    directorate_round("municipal-integration", _municipal_integration(world, year))
    directorate_round("mentor-trainee", _mentor_trainee(world, year))
    directorate_round("entrepreneur-training", _entrepreneur_training(world, year))
    volunteer = _volunteer_directorate(world, year)
    directorate_round("volunteer-integration", volunteer)
    earmarked_timeline = Timeline(datetime.date(year, 1, 2), datetime.date(year, 1, 31), datetime.date(year, 2, 4),
                                  datetime.date(year, 2, 15))
    resource = catalogue_entry("national-resource")["recipients"]
    directorate_round("national-resource", _earmarked(world, year, list(zip(resource, split(
        NATIONAL_RESOURCE_TOTAL, len(resource), world.rng, unit=5000, minimum=100))), "drift"),
        when=earmarked_timeline)
    directorate_round("earmarked-single", _earmarked(world, year, [tuple(r) for r in catalogue_entry(
        "earmarked-single")["recipients"]], "øremerket tilskudd"), when=earmarked_timeline)
    prize_timeline = Timeline(datetime.date(year, 3, 1), datetime.date(year, 5, 31), datetime.date(year, 6, 10),
                              datetime.date(year, 9, 24))
    directorate_round("diversity-prize", _prize(world, year), frame=0, when=prize_timeline)
    # The 20 municipalities administer the rest of the volunteer scheme (60 % of the frame plus the remainder).
    delegated_total = VOLUNTEER["scheme_total"] - sum(total for total, _count in VOLUNTEER_SUB_GOALS.values())
    numbers = catalogue_delegated_municipalities()
    weights = {number: 20.0 if number == "0301" else world.rng.uniform(2.0, 8.0) for number in numbers}
    frames = {number: amount * 1000 for number, amount in apportion(delegated_total // 1000, weights).items()}
    local = Timeline(datetime.date(year, 2, 1), datetime.date(year, 3, 15), datetime.date(year, 3, 20),
                     datetime.date(year, 5, 2))
    for number in numbers:
        municipality = world.municipalities[number]
        SchemeDelegation.objects.get_or_create(scheme=schemes["volunteer-integration"], organisation=municipality,
                                               budget_year=year,
                                               defaults={"frame": frames[number], "created_by": officers.first})
        local_officers = world.officers(municipality, number)
        call = synthetic_call(scheme=schemes["volunteer-integration"], year=year, administered_by=municipality,
                              frame=frames[number], timeline=local, created_by=local_officers.first, delegated=True,
                              title={"nb": f"Frivillige organisasjoners integreringsarbeid i {municipality.name} {year}",
                                     "en": f"Integration work by voluntary organisations in {municipality.name} {year}"})
        planned = _volunteer_delegated(world, municipality, frames[number], year)
        count += len(synthetic_round(call=call, planned=_shuffled(planned, world.rng), officers=local_officers,
                                     timeline=local, rng=world.rng))
    return count


def synth_schemes(*, year: int, seed: int = 1) -> SynthSchemesResult:
    """Generate the year's round of every scheme (only 2019 is calibrated); nothing when it exists already."""
    if year != 2019:
        raise ValueError("Only 2019 is calibrated (the annual report's figures); choose --year 2019.")
    catalogue_load()
    if GrantCall.objects.filter(budget_year=year, created_by__username__startswith=PREFIX).exists():
        return SynthSchemesResult(year, False, 0)
    with transaction.atomic():
        count = _run(_World(random.Random(seed)), year)
    return SynthSchemesResult(year, True, count)
