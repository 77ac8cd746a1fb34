"""Settlement demo data for `nyinorge load_demo`: this year's settlement year, decisions, cases in every
state and open housing notices, so every settlement page has something to show.

Runs after the core demo (its users, reception centres and people) and goes through the services,
as the caseworkers would. Dates are relative to today, so waiting times and deadlines look current.
Idempotent: the year, decisions and users are looked up first; the cases come once, with their people.
"""

import datetime
import io
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from nyinorge.core.demo import DEMO_PASSWORD, DemoLogin
from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import Municipality, Organisation, Person, User
from nyinorge.core.roles import Role
from nyinorge.core.services.people import family_relation_add, person_create
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.settlement.models import Case, MunicipalDecision, SettlementYear
from nyinorge.settlement.services.cases import (
    case_accept,
    case_create,
    case_decline,
    case_make_ready,
    case_propose,
    case_settle,
    case_withdraw,
)
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.housing import housing_notice_register
from nyinorge.settlement.services.requests import indicators_import, request_compute, settlement_year_create

LIER, STORD = "Demo mottak Lier", "Demo integreringsmottak Stord"
# municipality number → (persons, of which unaccompanied minors)
DEMO_DECISIONS = {"0301": (150, 10), "4601": (120, 8), "5001": (90, 6)}


@dataclass(frozen=True)
class SettlementDemo:
    logins: list[DemoLogin]
    cases_created: int


def _months_ago(day: datetime.date, months: int) -> datetime.date:
    total = day.year * 12 + day.month - 1 - months
    return datetime.date(total // 12, total % 12 + 1, min(day.day, 28))


def _demo_people(today: datetime.date) -> list[tuple]:
    # key, given, family, birth date, sex, citizenship, languages, reception centre, identifier kind
    return [
        ("abdi", "Abdi", "Warsame", datetime.date(1991, 2, 3), "male", "SO", ["so"], LIER, "duf"),
        ("nadia", "Nadia", "Karimi", datetime.date(1987, 6, 19), "female", "AF", ["fa"], None, "dnr"),
        ("hassan", "Hassan", "Alkhatib", datetime.date(1985, 4, 4), "male", "SY", ["ar"], LIER, "fnr"),
        ("rania", "Rania", "Alkhatib", datetime.date(1989, 9, 9), "female", "SY", ["ar", "en"], LIER, "fnr"),
        ("sami", "Sami", "Alkhatib", datetime.date(2015, 5, 5), "male", "SY", ["ar"], LIER, "fnr"),
        ("lama", "Lama", "Alkhatib", datetime.date(2019, 12, 12), "female", "SY", ["ar"], LIER, "fnr"),
        ("yusuf", "Yusuf", "Demir", datetime.date(1968, 11, 30), "male", "TR", ["tr", "ku"], STORD, "dnr"),
        # 16 years and 4 months old today: an unaccompanied minor the directorate settles (15–17).
        ("kidane", "Kidane", "Berhe", _months_ago(today, 16 * 12 + 4), "male", "ER", ["ti"], LIER, "duf"),
        ("leila", "Leila", "Ahmadi", datetime.date(1993, 1, 27), "female", "IR", ["fa"], STORD, "dnr"),
        ("mariam", "Mariam", "Hussein", datetime.date(1990, 8, 8), "female", "SO", ["so", "ar"], LIER, "fnr"),
        ("ali", "Ali", "Hussein", datetime.date(2016, 3, 3), "male", "SO", ["so"], LIER, "fnr"),
        ("tesfaye", "Tesfaye", "Alemu", datetime.date(1982, 12, 12), "male", "ET", ["am"], STORD, "duf"),
        ("olha", "Olha", "Kovalenko", datetime.date(1979, 4, 21), "female", "UA", ["uk", "ru"], None, "dnr"),
        ("bashir", "Bashir", "Noorzai", datetime.date(1996, 7, 7), "male", "AF", ["ps"], LIER, "duf"),
        ("fatima", "Fatima", "Osman", datetime.date(1975, 10, 10), "female", "SD", ["ar"], STORD, "fnr"),
        ("jamal", "Jamal", "Haidari", datetime.date(1988, 2, 14), "male", "AF", ["fa"], LIER, "fnr"),
        ("zahra", "Zahra", "Haidari", datetime.date(1990, 3, 15), "female", "AF", ["fa"], LIER, "fnr"),
        ("amina", "Amina", "Abdullahi", datetime.date(1998, 5, 5), "female", "SO", ["so"], STORD, "duf"),
        ("viktor", "Viktor", "Petrenko", datetime.date(1970, 1, 1), "male", "UA", ["uk"], None, "fnr"),
    ]


def _people(actor: User, today: datetime.date) -> dict[str, Person]:
    centres = {centre.name: centre for centre in Organisation.objects.filter(name__in=[LIER, STORD])}
    people = {}
    for serial, (key, given, family, born, sex, country, languages, centre, kind) in enumerate(_demo_people(today), start=40):
        identifiers = (
            {"duf_number": f"{today.year - 1 - serial % 3}{serial:08d}"} if kind == "duf"
            else {"national_id": synthetic_national_identity_number(born, serial=serial, d_number=kind == "dnr")}
        )
        people[key] = person_create(actor=actor, given_name=given, family_name=family, birth_date=born, sex=sex,
                                    citizenship=country, languages=languages,
                                    reception_centre=centres.get(centre), **identifiers)
    for person, relative, kind in [
        ("hassan", "rania", "spouse"), ("hassan", "sami", "parent"), ("hassan", "lama", "parent"),
        ("rania", "sami", "parent"), ("rania", "lama", "parent"), ("sami", "lama", "sibling"),
        ("mariam", "ali", "parent"), ("jamal", "zahra", "spouse"),
    ]:
        family_relation_add(actor=actor, person=people[person], relative=people[relative], kind=kind)
    return people


DEMO_READY_REASON = "Bosettingssamtalen ble holdt på papir før IMDinett mottak ble tatt i bruk på mottaket."


def _interview(case: Case, today: datetime.date, *, complete: bool) -> None:
    """The reception centre's settlement interview: a completed one for the Alkhatib family (ready), a draft for
    Abdi Warsame (registered), held by the centre's demo user with an interpreter from the register if listed."""
    from nyinorge.competence.services.interviews import InterviewInput, TieInput, interview_save
    from nyinorge.interpreters.models import Listing

    staff = User.objects.get(username="mottak")
    if complete:
        listing = Listing.objects.filter(language="ar").order_by("-category_rank", "interpreter_id").first()
        data = InterviewInput(
            held_on=max(case.decision_date, today - datetime.timedelta(days=400)),
            interpreter=listing.interpreter if listing else None, interpreter_language="ar",
            family_situation="Foreldre og to barn. Farens bror bor med familie i Bergen.",
            must_live_together=True, accessible_dwelling=False, rooms_needed=3,
            wishes="Ønsker å bo nær skole og arbeid innen bygg (far) og helse (mor).", competence_reviewed=True,
            ties=[TieInput(municipality=Municipality.objects.get(number="4601"), relation="sibling",
                           note="Brors familie bor i Bergen.")])
    else:
        data = InterviewInput(family_situation="Enslig voksen. Familie i Somalia.", rooms_needed=1)
    interview_save(actor=staff, case=case, data=data, complete=complete)


def _deadline_set(case: Case, deadline: datetime.date) -> None:
    """Backdate a proposal's deadline directly: the services always set today + the year's days (a
    proposal cannot be made in the past), but the demo needs one due tomorrow and one overdue."""
    Case.objects.filter(pk=case.pk).update(answer_deadline=deadline)


def _cases(today: datetime.date, year: SettlementYear) -> int:
    directorate_user = User.objects.get(username="saksbehandler")
    oslo_user, bergen_user = User.objects.get(username="oslo"), User.objects.get(username="bergen")
    people = _people(directorate_user, today)
    core = {p.given_name: p for p in Person.objects.filter(given_name__in=["Jean", "Amani", "Ahmad"], family_name__in=[
        "Mukendi", "Rahimi"])}
    oslo, bergen = Municipality.objects.get(number="0301"), Municipality.objects.get(number="4601")

    def new(keys: list[str], days_ago: int, category: str = "reception", **flags) -> Case:
        members = [people[key] if key in people else core[key] for key in keys]
        centre = members[0].reception_centre
        return case_create(actor=directorate_user, category=category, members=members, reception_centre=centre,
                           decision_date=today - datetime.timedelta(days=days_ago), **flags)

    def ready(*args, interview: bool = False, **kwargs) -> Case:
        case = new(*args, **kwargs)
        if interview:
            _interview(case, today, complete=True)
        # The demo's other reception-centre cases were prepared before interviews were recorded: the guard's
        # exception, with its reason in the history.
        return case_make_ready(actor=directorate_user, case=case,
                               reason="" if interview or case.reception_centre_id is None else DEMO_READY_REASON)

    def propose(case: Case, municipality: Municipality) -> Case:
        return case_propose(actor=directorate_user, case=case, municipality=municipality, year=year)

    abdi = new(["abdi"], 20)
    _interview(abdi, today, complete=False)
    cases = [
        abdi,
        new(["nadia"], 10, category="family_reunification", network_municipality=Municipality.objects.get(number="5001")),
        ready(["hassan", "rania", "sami", "lama"], 430, category="resettlement", interview=True),
        ready(["yusuf"], 240, special_needs=True,
              needs_summary="Bruker rullestol; trenger bolig på bakkeplan og oppfølging fra fysioterapeut."),
        ready(["kidane"], 60, unaccompanied_minor=True),
        ready(["leila"], 150, shielded_identity=True),
        ready(["Jean", "Amani"], 95),
        ready(["Ahmad"], 35),
    ]
    tomorrow = propose(ready(["mariam", "ali"], 200), oslo)
    _deadline_set(tomorrow, today + datetime.timedelta(days=1))
    overdue = propose(ready(["tesfaye"], 320), oslo)
    _deadline_set(overdue, today - datetime.timedelta(days=3))
    cases += [tomorrow, overdue, propose(ready(["olha"], 75, category="resettlement"), bergen)]
    cases.append(case_accept(actor=oslo_user, case=propose(ready(["bashir"], 180), oslo)))
    cases.append(case_decline(actor=bergen_user, case=propose(ready(["fatima"], 270), bergen),
                              reason="Ingen ledig bolig med heis før sommeren; vi kan ta imot fra august."))
    for keys, municipality, user, days_ago in [(["jamal", "zahra"], oslo, oslo_user, 300), (["amina"], bergen, bergen_user, 210)]:
        accepted = case_accept(actor=user, case=propose(ready(keys, days_ago), municipality))
        cases.append(case_settle(actor=user, case=accepted, settlement_date=today - datetime.timedelta(days=30)))
    cases.append(case_withdraw(actor=directorate_user, case=ready(["viktor"], 120),
                               reason="Har fått bolig privat i Drammen og bosetter seg selv."))
    return len(cases)


def _housing_notices(today: datetime.date) -> None:
    until = today + datetime.timedelta(days=90)
    for username, number, rooms, accessible, ready_in, note in [
        ("oslo", "0301", 3, False, 7, "Demo: tremannsbolig på Furuset, nær skole."),
        ("oslo", "0301", 2, True, 14, "Demo: bakkeplan, tilrettelagt for rullestol."),
        ("bergen", "4601", 4, False, 21, "Demo: enebolig i Åsane, passer for stor familie."),
    ]:
        housing_notice_register(actor=User.objects.get(username=username), municipality=Municipality.objects.get(number=number),
                                rooms=rooms, accessible=accessible, ready_date=today + datetime.timedelta(days=ready_in),
                                available_until=until, note=note)


def _year(today: datetime.date) -> SettlementYear:
    actor = User.objects.get(username="saksbehandler")
    year = SettlementYear.objects.filter(year=today.year).first() or settlement_year_create(
        actor=actor, year=today.year, national_target=4_000, answer_deadline_days=7)
    decided_on = min(datetime.date(today.year, 1, 10), today)
    for number, (persons, minors) in DEMO_DECISIONS.items():
        if not MunicipalDecision.objects.filter(year=year, municipality_id=number).exists():
            municipal_decision_register(actor=actor, year=year, municipality=Municipality.objects.get(number=number),
                                        persons=persons, unaccompanied_minors=minors, decided_on=decided_on)
    return year


def _indicators(year: SettlementYear) -> None:
    """Synthetic, plausible indicators for every municipality (seeded), and the request computed from them."""
    if year.indicators.exists():
        return
    rng = random.Random(2020)
    rows = ["municipality_number,population,employment_share,introduction_results_share,immigrant_share,ready,settled_last_years"]
    # Populations of the three demo cities from SSB (1 January 2020); the rest drawn (the data set has none).
    known = {"0301": 693_494, "4601": 283_929, "5001": 205_163}
    for number in Municipality.objects.order_by("number").values_list("number", flat=True):
        population = known.get(number) or int(rng.lognormvariate(8.9, 1.0))
        rows.append(f"{number},{population},{rng.uniform(0.62, 0.80):.3f},{rng.uniform(0.45, 0.75):.3f},"
                    f"{rng.uniform(0.04, 0.22) if number != '0301' else 0.34:.3f},{'true' if rng.random() > 0.1 else 'false'},"
                    f"{rng.randint(0, max(1, population // 400))}")
    actor = User.objects.get(username="saksbehandler")
    indicators_import(actor=actor, year=year, file=io.StringIO("\n".join(rows) + "\n"))
    request_compute(actor=actor, year=year, note="demo: synthetic indicators")


def _shielded_officer() -> DemoLogin:
    if not User.objects.filter(username="skjerming").exists():
        user_create(username="skjerming", organisation=directorate(), password=DEMO_PASSWORD,
                    roles=[Role.DIRECTORATE_CASEWORKER, Role.SHIELDED_IDENTITY_OFFICER],
                    first_name="Stine", last_name="Skjerming", email="skjerming@demo.nyinorge.invalid")
    return DemoLogin("skjerming", Role.SHIELDED_IDENTITY_OFFICER, directorate().name)


def settlement_demo_load() -> SettlementDemo:
    """Create the settlement demo data (idempotent); needs the core demo loaded first."""
    today = timezone.localdate()
    with transaction.atomic():
        logins = [_shielded_officer()]
        year = _year(today)
        _indicators(year)
        created = 0
        if not Person.objects.filter(given_name="Abdi", family_name="Warsame").exists():
            created = _cases(today, year)
            _housing_notices(today)
    return SettlementDemo(logins=logins, cases_created=created)
