"""Synthetic competence registrations (Kompass in reception, KomBo on selection missions) at the report's rates.

The report for 2019 (seed ch. 3.1 and SP9): 52 % of the target group in reception had completed the registration,
1,400 residents — so a target group of about 1,400 / 0.52 ≈ 2,692 — and 72 % of the refugees settled from reception
in 2019 had completed it; every resettlement refugee interviewed on a selection mission is mapped. The target group
is counted exactly as the statistics count it (`nyinorge.statistics.competence_kpis`): the refugees with a permit in
reception that the settlement year already made, and — to reach the report's size — asylum seekers with a high
likelihood of residence in reception, added here as persons with an asylum-seeker fact and a reception centre.
Rates for other years: 2018 36 % (SP9's figure for 2018 in the report's goal table, seed line 229) and, an
assumption, 50 % of those settled from reception; Kompass did not exist before 2018, so earlier years get none.

What a registration holds is drawn per person, by citizenship. Assumptions, stated once:

- highest education, in four bands (none; primary or lower secondary; upper secondary or post-secondary; higher):
  Syria 25 % higher and Eritrea and Afghanistan 7 % (Statistics Norway on the 2015–2016 refugee cohorts, quoted by
  Kommunal Rapport, "Mange syriske flyktninger har høyere utdanning, men færre er i arbeid"); Iran, Turkey, Somalia
  and Iraq from Statistics Norway's table of immigrants 16+ by education and country background (2013, those with a
  known level); about 42 % of all refugees have at most lower secondary school and 20 % higher education (Statistics
  Norway, "Education from back home", Samfunnsspeilet 4/2016); Sudan and DR Congo are guesses near the average and
  the camp populations respectively. Within a band the ISCED levels split by fixed shares;
- years of schooling: the years usually behind the level, ± 1.5;
- Norwegian: most residents a few words to A2, higher with more education; resettlement refugees on a mission
  almost none. English rises with education. The mother tongue is the first language the person is registered with;
- work experience: 75 % of men and 45 % of women (many women have had no paid work), years up to age − 15; the
  occupation a real STYRK-08 code of a major group that fits the education;
- consent to share with the settlement municipality: 85 % of the completed registrations.

Everything is bulk inserted (one INSERT per table per chunk) with one audit line per registration.
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from nyinorge.competence.codes import IscedLevel, LanguageLevel, QualificationKind, FieldOfStudy, Sector
from nyinorge.competence.models import CompetenceRegistration, LanguageSkill, Qualification, WorkExperience
from nyinorge.core.models import AuditEntry, Organisation, Person, User
from nyinorge.core.services.audit import AuditLine, audit_record_many
from nyinorge.core.services.people import persons_create_bulk
from nyinorge.register.models import PermitType, ResidencePermit, Source
from nyinorge.settlement.models import Case
from nyinorge.settlement.models.cases import age_on
from nyinorge.statistics import competence_kpis as kpis
from nyinorge.synthetic.names import COUNTRIES
from nyinorge.synthetic.plan import CasePlan, PersonPlan

# (SP9 share, share of those settled from reception) per year; 2019 is the report's.
RATES = {2018: (0.36, 0.50), 2019: (0.52, 0.72)}
COMPLETED_2019 = 1400
TARGET_GROUP_2019 = round(COMPLETED_2019 / 0.52)  # 2,692
# Other years: asylum seekers with a high likelihood of residence per refugee with a permit in the target group
# (about 2019's proportion at scale 1).
ASYLUM_PER_PERMIT = 0.6

# (none, primary/lower secondary, upper secondary/post-secondary, higher) per citizenship.
EDUCATION_BANDS = {
    "SY": (0.08, 0.42, 0.25, 0.25), "ER": (0.15, 0.55, 0.23, 0.07), "AF": (0.20, 0.55, 0.18, 0.07),
    "IR": (0.03, 0.31, 0.27, 0.39), "TR": (0.04, 0.55, 0.26, 0.15), "SD": (0.10, 0.50, 0.22, 0.18),
    "SO": (0.11, 0.63, 0.17, 0.09), "IQ": (0.03, 0.52, 0.21, 0.24), "CD": (0.15, 0.55, 0.22, 0.08),
}
DEFAULT_BANDS = (0.10, 0.42, 0.28, 0.20)
# The ISCED levels inside each band, with their shares.
BAND_LEVELS = (
    ((IscedLevel.NONE, 0.6), (IscedLevel.EARLY, 0.4)),
    ((IscedLevel.PRIMARY, 0.45), (IscedLevel.LOWER_SECONDARY, 0.55)),
    ((IscedLevel.UPPER_SECONDARY, 0.85), (IscedLevel.POST_SECONDARY, 0.15)),
    ((IscedLevel.SHORT_TERTIARY, 0.25), (IscedLevel.BACHELOR, 0.50), (IscedLevel.MASTER, 0.22),
     (IscedLevel.DOCTORAL, 0.03)),
)
SCHOOLING_YEARS = {IscedLevel.NONE: 0, IscedLevel.EARLY: 2, IscedLevel.PRIMARY: 6, IscedLevel.LOWER_SECONDARY: 9,
                   IscedLevel.UPPER_SECONDARY: 12, IscedLevel.POST_SECONDARY: 13, IscedLevel.SHORT_TERTIARY: 14,
                   IscedLevel.BACHELOR: 16, IscedLevel.MASTER: 18, IscedLevel.DOCTORAL: 21}
# Real STYRK-08 codes by education band (band 0 and 1 share the list).
OCCUPATIONS = {
    "low": ("5120", "5223", "5141", "6111", "6121", "7112", "7115", "7231", "7531", "8322", "8332", "9112", "9313",
            "9412", "9211"),
    "middle": ("3113", "3115", "3212", "4110", "4311", "5223", "5321", "7411", "7231", "8322", "1420"),
    "higher": ("2211", "2341", "2142", "2512", "2221", "2411", "2611", "3212", "1411", "2330"),
}
FIELDS = (FieldOfStudy.EDUCATION, FieldOfStudy.BUSINESS_LAW, FieldOfStudy.ENGINEERING, FieldOfStudy.HEALTH_WELFARE,
          FieldOfStudy.ICT, FieldOfStudy.ARTS_HUMANITIES, FieldOfStudy.NATURAL_SCIENCES, FieldOfStudy.AGRICULTURE)
CEFR = list(LanguageLevel)  # rank 0..7
SECTIONS = list(CompetenceRegistration.Section.values)
INTERFACE_LANGUAGES = {"ar": "ar", "ti": "ti", "prs": "prs", "fa": "prs", "so": "so", "ku": "kmr", "ps": "ps"}


@dataclass(frozen=True)
class CompetenceSynthResult:
    target_group: int
    asylum_seekers_added: int
    registrations: int
    completed: int


def _weighted(rng: random.Random, pairs: Sequence[tuple[object, float]]) -> object:
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randint(8, 19), rng.randint(0, 59))))


def _between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max(0, (last - first).days)))


@dataclass
class _Draft:
    registration: CompetenceRegistration
    skills: list[LanguageSkill]
    work: list[WorkExperience]
    qualifications: list[Qualification]


def _draft(rng: random.Random, person: Person, on: datetime.date, *, source: str, completed_at: datetime.datetime | None,
           sections: list[str]) -> _Draft:
    """A registration of the person as it stood on `on`, with what the sections done hold."""
    band = rng.choices(range(4), weights=EDUCATION_BANDS.get(person.citizenship, DEFAULT_BANDS))[0]
    level = _weighted(rng, BAND_LEVELS[band])
    age = age_on(person.birth_date, on)
    years = max(0, min(round(SCHOOLING_YEARS[level] + rng.gauss(0, 1.5)), 25, max(0, age - 5)))
    done = set(sections)
    registration = CompetenceRegistration(
        person=person, source=source, sections_done=sections,
        language=INTERFACE_LANGUAGES.get((person.languages or ["en"])[0], "en"),
        completed_at=completed_at)
    if "schooling" in done:
        registration.schooling_country, registration.schooling_years = person.citizenship, years
        registration.highest_level = level
    if "higher_education" in done and band == 3:
        registration.higher_education_field = rng.choice(FIELDS)
    if "driving" in done:
        registration.driving_licence = "B" if rng.random() < (0.45 if person.sex == "male" else 0.12) else "none"
    if "consent" in done and completed_at is not None and rng.random() < 0.85:
        registration.consent_share, registration.consent_at = True, completed_at
    skills = []
    if "languages" in done:
        for code in (person.languages or [])[:2]:
            skills.append(LanguageSkill(registration=registration, language=code, level=LanguageLevel.NATIVE))
        if source == CompetenceRegistration.Source.MISSION:
            norwegian = 0 if rng.random() < 0.95 else 1
        else:
            norwegian = min(6, max(0, round(rng.gauss(1.0 + 0.4 * band, 1.0))))
        english = min(6, max(0, round(rng.gauss(-0.2 + 1.2 * band, 1.2))))
        skills.append(LanguageSkill(registration=registration, language="nb", level=CEFR[norwegian]))
        if english and "en" not in (person.languages or []):
            skills.append(LanguageSkill(registration=registration, language="en", level=CEFR[english]))
    work = []
    if "work" in done and age > 17 and rng.random() < (0.75 if person.sex == "male" else 0.45):
        codes = OCCUPATIONS["higher" if band == 3 else "middle" if band == 2 else "low"]
        work_years = round(min(rng.gammavariate(2.0, 3.5) + 0.5, age - 15), 1)
        work.append(WorkExperience(registration=registration, occupation=rng.choice(codes), years=work_years,
                                   sector=rng.choice([Sector.PRIVATE, Sector.PRIVATE, Sector.PUBLIC, Sector.SELF_EMPLOYED,
                                                      Sector.FAMILY]),
                                   country=person.citizenship))
    qualifications = []
    if "higher_education" in done and band == 3:
        qualifications.append(Qualification(
            registration=registration, kind=QualificationKind.HIGHER_EDUCATION, title=str(level.label)[:200],
            field=registration.higher_education_field, level=level, country=person.citizenship,
            year_completed=max(1960, on.year - max(1, age - 22 - rng.randint(0, 5))), has_document=rng.random() < 0.6))
    return _Draft(registration, skills, work, qualifications)


def _insert(*, actor: User, drafts: list[_Draft]) -> None:
    """Bulk insert the registrations and their rows; one audit line per registration."""
    for start in range(0, len(drafts), 1000):
        chunk = drafts[start:start + 1000]
        CompetenceRegistration.objects.bulk_create([draft.registration for draft in chunk])
        for draft in chunk:  # the foreign keys were set before the registrations had ids
            for row in (*draft.skills, *draft.work, *draft.qualifications):
                row.registration = draft.registration
        LanguageSkill.objects.bulk_create([row for draft in chunk for row in draft.skills])
        WorkExperience.objects.bulk_create([row for draft in chunk for row in draft.work])
        Qualification.objects.bulk_create([row for draft in chunk for row in draft.qualifications])
        audit_record_many(actor=actor, lines=[
            AuditLine(action=AuditEntry.Action.CREATE, object_type="competence.registration",
                      object_id=draft.registration.pk, person_id=draft.registration.person_id,
                      detail=f"synthetic ({draft.registration.source})") for draft in chunk])


def _asylum_seekers(*, actor: User, people, count: int, year: int, centres: list[Organisation],
                    rng: random.Random, last: datetime.date) -> list[Person]:
    """Asylum seekers 16–55 from high-likelihood countries, in reception, registered as awaiting a decision."""
    countries = sorted(kpis.HIGH_LIKELIHOOD_CITIZENSHIPS & set(COUNTRIES))
    weights = [COUNTRIES[country][0] for country in countries]
    made, arrivals = [], []
    for _ in range(count):
        arrived = _between(rng, datetime.date(year - 1, 7, 1), min(datetime.date(year, 11, 30), last))
        plan = CasePlan("asylum", [PersonPlan(arrived - datetime.timedelta(days=rng.randint(16 * 366, 55 * 365)),
                                              rng.choice(("female", "male", "male")))], arrived,
                        country=rng.choices(countries, weights=weights)[0])
        made += people.make(plan, rng, rng.choice(centres))
        arrivals.append(arrived)
    created = []
    for start in range(0, len(made), 500):
        created += persons_create_bulk(actor=actor, persons=made[start:start + 500])
    permits = ResidencePermit.objects.bulk_create([
        ResidencePermit(person=person, permit_type=PermitType.ASYLUM_SEEKER, permit_date=arrived,
                        permanent_basis=False, source=Source.SYSTEM)
        for person, arrived in zip(created, arrivals)])
    audit_record_many(actor=actor, lines=[
        AuditLine(action=AuditEntry.Action.CREATE, object_type="register.residence_permit", object_id=permit.pk,
                  person_id=permit.person_id, detail="synthetic asylum seeker") for permit in permits])
    return created


def competence_synth(*, actor: User, year: int, seed: int, scale: float, people, centres: list[Organisation],
                     today: datetime.date) -> CompetenceSynthResult:
    """The year's competence registrations (and the asylum seekers that complete its target group), once the
    year's cases are settled. Counted as the statistics count, so the year's SP9 comes out at the report's rate."""
    rates = RATES.get(year, RATES[2019] if year > 2019 else None)
    if rates is None:
        return CompetenceSynthResult(0, 0, 0, 0)
    share_target, share_settled = rates
    rng = random.Random(f"{seed}-{year}-competence")
    first, last = datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today - datetime.timedelta(days=1))
    permit = kpis._permit_holders(first, datetime.date(year, 12, 31))
    asylum = {person: datetime.date(year, 12, 31) for person in kpis._asylum_seekers(first, datetime.date(year, 12, 31))
              if person not in permit}
    wanted = round(TARGET_GROUP_2019 * scale) if year == 2019 else round(len(permit) * (1 + ASYLUM_PER_PERMIT))
    added = _asylum_seekers(actor=actor, people=people, count=max(0, wanted - len(permit) - len(asylum)), year=year,
                            centres=centres, rng=rng, last=last)
    asylum |= {person.pk: datetime.date(year, 12, 31) for person in added}
    target = permit | asylum
    has_registration = set(CompetenceRegistration.objects.values_list("person_id", flat=True))
    completed = kpis._completed_dates()
    settled = kpis._settled(first, datetime.date(year, 12, 31), from_reception=True)

    def done(person: int, end: datetime.date) -> bool:
        return person in completed and completed[person] <= end

    free_settled = sorted(p for p in settled if p not in has_registration)
    free_rest = sorted(p for p in target if p not in settled and p not in has_registration)
    rng.shuffle(free_settled)
    rng.shuffle(free_rest)
    need_settled = max(0, round(share_settled * len(settled)) - sum(done(p, d) for p, d in settled.items()))
    chosen_settled = free_settled[:need_settled]
    already = sum(done(p, end) for p, end in target.items())
    need_rest = max(0, round(share_target * len(target)) - already - len(chosen_settled))
    chosen_rest = free_rest[:need_rest]
    # About four in ten of the others started and stopped (no translation, low digital skills, moved on).
    started = [p for p in free_settled[need_settled:] + free_rest[need_rest:] if rng.random() < 0.4]

    persons = Person.objects.in_bulk([*chosen_settled, *chosen_rest, *started])
    arrivals = dict(ResidencePermit.objects.filter(person__in=[p for p in persons if p in asylum],
                                                   permit_type=PermitType.ASYLUM_SEEKER)
                    .values_list("person_id", "permit_date"))
    decided = dict(Case.objects.filter(members__person__in=persons).values_list("members__person", "decision_date"))
    drafts = []
    for person_id in chosen_settled + chosen_rest:
        end = target[person_id]
        begin = max(first, decided.get(person_id, first) - datetime.timedelta(days=120))
        if person_id in asylum:
            begin = max(first, arrivals[person_id])
        completed_on = _between(rng, min(begin, end), end)
        drafts.append(_draft(rng, persons[person_id], completed_on, source=_source(rng),
                             completed_at=_at(completed_on, rng), sections=SECTIONS))
    for person_id in started:
        drafts.append(_draft(rng, persons[person_id], target[person_id], source=_source(rng), completed_at=None,
                             sections=SECTIONS[:rng.randint(1, len(SECTIONS) - 2)]))
    # Resettlement refugees: mapped on the selection mission, before the decision on their quota place.
    resettled = kpis._settled(first, datetime.date(year, 12, 31), from_reception=False)
    mission = Person.objects.in_bulk([p for p in resettled if p not in has_registration])
    mission_decided = dict(Case.objects.filter(members__person__in=mission).values_list("members__person",
                                                                                        "decision_date"))
    for person_id, person in mission.items():
        on = mission_decided[person_id] - datetime.timedelta(days=rng.randint(20, 120))
        drafts.append(_draft(rng, person, on, source=CompetenceRegistration.Source.MISSION,
                             completed_at=_at(on, rng), sections=SECTIONS))
    _insert(actor=actor, drafts=drafts)
    return CompetenceSynthResult(len(target), len(added), len(drafts), len(chosen_settled) + len(chosen_rest) + len(mission))


def _source(rng: random.Random) -> str:
    return CompetenceRegistration.Source.SELF if rng.random() < 0.7 else CompetenceRegistration.Source.STAFF
