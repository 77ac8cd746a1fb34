"""Synthetic introduction-register data for a year, calibrated to the annual report (seed 2.2 and 3.2).

For the report year Y it loads the cohorts whose right and obligation to training began in Y − 3 … Y
(not already loaded): the persons settled in the synthetic settlement years (permit from the case's decision,
residence from the settlement) and, to reach the cohort sizes of the report, family immigrants and
reunified family members who came without a settlement case. Each gets a permit, residence, the derived legal
basis, Norwegian training and (with a right to it) the introduction programme:

- SP6: exactly the report's share of each cohort starts Norwegian training within three months (50 %);
- SP7: exactly the report's share completes the obligation by the three-year deadline (70 %);
- the programme starts within three months for 63 % (seed 3.2), runs two years, some three, some end early;
- participants in the programme and in training during Y are then brought to the report's totals (20,857
  and 33,837 at scale 1): persons whose right began in Y − 2 are added while short, periods of earlier
  cohorts end before Y while over;
- SP5: of the programme participants during Y, the report's shares get primary (27 %) or upper secondary
  education (12 %) as a plan element running in Y;
- men end the programme early more often than women (`EARLY_END`), so that those who finish in a year are
  62.5 % men, the composition the report's three SP8 figures imply; their status the November after is
  `synthetic.outcomes`.

Everything goes through the register's bulk services (`facts_load_bulk`, `records_load_bulk`): the same
validation and residence rule as single records, version 1 of each record, audit entries naming every person.
Loading is idempotent per cohort and per year (markers in the audit log).
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from nyinorge.core.models import AuditEntry, Municipality, Person, User
from nyinorge.core.services.audit import audit_record
from nyinorge.core.services.people import persons_create_bulk
from nyinorge.register.dates import add_months, add_years
from nyinorge.register.models import (
    LegalBasis,
    PermitType,
    PlanElement,
    PlanElementKind,
    ProgrammeOutcome,
    ProgrammeParticipation,
    ResidencePeriod,
    ResidencePermit,
    TrainingEndReason,
    TrainingKind,
    TrainingPeriod,
)
from nyinorge.register.services.bulk import facts_load_bulk, records_load_bulk
from nyinorge.settlement.models import Case, CaseMember
from nyinorge.settlement.workflow import State
from nyinorge.statistics.kpis import report_figures
from nyinorge.synthetic.names import COUNTRIES

DAY = datetime.timedelta(days=1)
COHORT_MARKER = "synthetic.register.cohort"
YEAR_MARKER = "synthetic.register.year"
# Persons who got the right and obligation to training, by year. Seed 3.2: 19,476 in 2016 (SP7) and 8,400 in 2018
# (SP6; the table's comment says 8,400 in 2019 and 11,721 in 2018 instead: we follow the text, as the figures CSV
# does); 2017 interpolated, 2019 as 2018.
COHORT_SIZES = {2016: 19476, 2017: 13900, 2018: 8400, 2019: 8400}
DEFAULT_COHORT = 8400
PROGRAMME_WITHIN_3_MONTHS = 0.63
# Share of participants who end the programme early (before the planned two or three years), by sex; 0.25 on
# average as before. SP8 for 2019 (63 % in all, women 48 %, men 72 %) implies that the cohort who finished in
# 2017 was (72 − 63) / (72 − 48) = 37.5 % women; the synthetic cohort who finish in a year are mostly early
# enders of a population that is half women, so early ending is 0.3125 / 0.1875 = 62.5 / 37.5 for men / women.
# (Statistics Norway's 2016 cohort was 56.5 % men, its 2018 participants 59 %: introinnv, ssb.no.)
EARLY_END = {"male": 0.3125, "female": 0.1875}
DEFAULT_EARLY_END = 0.25
THREE_YEARS = 0.20
CASE_PERMITS = {"resettlement": PermitType.RESETTLEMENT, "reception": PermitType.ASYLUM,
                "family_reunification": PermitType.FAMILY_OF_REFUGEE, "other": PermitType.HUMANITARIAN}
FAMILY_PERMITS = [(PermitType.FAMILY_OF_REFUGEE, 0.5), (PermitType.FAMILY_OF_NORWEGIAN, 0.3),
                  (PermitType.FAMILY_OF_OTHER, 0.2)]
MUNICIPALITY_WEIGHTS = {"0301": 40, "4601": 12, "5001": 10, "1103": 8, "4204": 5, "5401": 3, "3005": 3, "3403": 2}
BATCH = 2000


@dataclass(frozen=True)
class RegisterSynthResult:
    year: int
    created: bool
    persons: int = 0
    records: int = 0


@dataclass
class _Person:
    person_id: int
    municipality: str
    settled_on: datetime.date
    basis: LegalBasis | None = None
    sex: str = ""
    training: TrainingPeriod | None = None
    programme: ProgrammeParticipation | None = None
    elements: list[PlanElement] = field(default_factory=list)


def _figure(key: str, year: int, default: float) -> float:
    return report_figures().get((key, year), default)


def _loaded(object_type: str, year: int) -> bool:
    return AuditEntry.objects.filter(object_type=object_type, object_id=str(year)).exists()


def _mark(actor: User, object_type: str, year: int, detail: str) -> None:
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type=object_type, object_id=year, detail=detail)


def _day_in(rng: random.Random, year: int) -> datetime.date:
    return datetime.date(year, 1, 1) + rng.randint(0, 364) * DAY


def _running_in(start: datetime.date, end: datetime.date | None, year: int) -> bool:
    return start <= datetime.date(year, 12, 31) and (end is None or end >= datetime.date(year, 1, 1))


class _Loader:
    def __init__(self, *, year: int, seed: int, scale: float, actor: User, people_factory, today: datetime.date):
        self.year, self.seed, self.scale, self.actor, self.today = year, seed, scale, actor, today
        self.people = people_factory(seed=seed)
        numbers = list(Municipality.objects.order_by("number").values_list("number", flat=True))
        self.municipalities = {m.number: m for m in Municipality.objects.all()}
        self.numbers, self.weights = numbers, [MUNICIPALITY_WEIGHTS.get(n, 1) for n in numbers]
        self.made: list[_Person] = []
        self.records = 0

    # -- facts --------------------------------------------------------------------------------------------
    def _settled_members(self, cohort: int) -> list[tuple]:
        """Persons settled in the year without a permit yet (their residence came with the settlement)."""
        return list(
            CaseMember.objects.filter(case__state=State.SETTLED, case__settlement_date__year=cohort)
            .exclude(person__residence_permits__isnull=False)
            .values_list("person_id", "case__municipality_id", "case__settlement_date", "case__decision_date",
                         "case__category").order_by("person_id"))

    def _new_people(self, rng: random.Random, n: int, cohort_year: int) -> list[tuple]:
        """Family immigrants and reunified family members without a settlement case, with right and obligation."""
        persons, facts = [], []
        for _ in range(n):
            permit_date = _day_in(rng, cohort_year)
            permit_type = rng.choices([p for p, _w in FAMILY_PERMITS], [w for _p, w in FAMILY_PERMITS])[0]
            settled = min(permit_date + rng.randint(0, 45) * DAY, datetime.date(cohort_year, 12, 31))
            born = settled - datetime.timedelta(days=rng.randint(19 * 365, 50 * 365))
            country = self.people.names.country(rng)
            sex = rng.choice(["female", "male"])
            persons.append(Person(national_id=self.people._number(born), birth_date=born, sex=sex,
                                  given_name=self.people.names.given_name(country, sex),
                                  family_name=self.people.names.family_name(country), citizenship=country,
                                  languages=COUNTRIES[country][2]))
            facts.append((rng.choices(self.numbers, self.weights)[0], settled, permit_date, permit_type))
        created = []
        for start in range(0, len(persons), BATCH):
            created += persons_create_bulk(actor=self.actor, persons=persons[start:start + BATCH])
        return [(person.pk, number, settled, permit_date, permit_type)
                for person, (number, settled, permit_date, permit_type) in zip(created, facts)]

    def _facts(self, rows: list[tuple], *, resident: bool = False) -> list[_Person]:
        """rows: (person_id, municipality, settled_on, permit_date, permit_type) → persons with their derived basis;
        `resident`: their residence is registered already (by the settlement), only the permit is new."""
        made = []
        for start in range(0, len(rows), BATCH):
            chunk = rows[start:start + BATCH]
            periods = [] if resident else [ResidencePeriod(person_id=pid, municipality_id=number, valid_from=settled)
                                           for pid, number, settled, _permit_date, _type in chunk]
            permits = [ResidencePermit(person_id=pid, permit_type=permit_type, permit_date=min(permit_date, settled))
                       for pid, _number, settled, permit_date, permit_type in chunk]
            bases = {b.person_id: b for b in facts_load_bulk(actor=self.actor, periods=periods, permits=permits)}
            made += [_Person(pid, number, settled, bases.get(pid)) for pid, number, settled, _d, _t in chunk]
        return made

    # -- activity -------------------------------------------------------------------------------------------
    def _training(self, rng: random.Random, group: list[_Person], sp6: float, sp7: float) -> None:
        """Norwegian training for a cohort: exactly sp6 start within 3 months, exactly sp7 complete by the deadline."""
        order = group[:]
        rng.shuffle(order)
        n = len(order)
        quick, late = round(sp6 * n), round(0.88 * n) - round(sp6 * n)
        starters = order[:quick + late]
        for index, person in enumerate(starters):
            begun = person.basis.valid_from
            if index < quick:
                start = begun + rng.randint(5, (add_months(begun, 3) - begun).days) * DAY
            else:
                start = add_months(begun, 3) + rng.randint(1, 270) * DAY
            person.training = TrainingPeriod(person_id=person.person_id, municipality=self.municipalities[person.municipality],
                                             kind=TrainingKind.NORWEGIAN, start=start)
        completers = round(sp7 * n)
        ranked = starters[:]
        rng.shuffle(ranked)
        for index, person in enumerate(ranked):
            training, deadline = person.training, person.basis.obligation_deadline
            if index < completers:
                room = max((deadline - training.start).days, 1)
                end, reason = training.start + max(1, min(room, rng.randint(300, 1000))) * DAY, TrainingEndReason.OBLIGATION_COMPLETED
                end = min(end, deadline)
            elif rng.random() < 0.4:
                end, reason = deadline + rng.randint(1, 300) * DAY, TrainingEndReason.OBLIGATION_COMPLETED
            else:
                end, reason = training.start + rng.randint(200, 1100) * DAY, TrainingEndReason.DISCONTINUED
            training.end, training.end_reason = (end, reason) if end <= self.today else (None, "")

    def _programme(self, rng: random.Random, person: _Person) -> None:
        settled = person.settled_on
        if rng.random() < PROGRAMME_WITHIN_3_MONTHS:
            start = settled + rng.randint(10, (add_months(settled, 3) - settled).days) * DAY
        else:
            start = add_months(settled, 3) + rng.randint(1, 200) * DAY
        planned_end = add_years(start, 2) - DAY
        draw = rng.random()
        early = EARLY_END.get(person.sex, DEFAULT_EARLY_END)
        if draw < 1 - early - THREE_YEARS:
            end = planned_end
        elif draw < 1 - early:
            planned_end = end = add_years(start, 3) - DAY
        else:
            end = start + rng.randint(250, 700) * DAY
        outcome = rng.choices([ProgrammeOutcome.WORK, ProgrammeOutcome.EDUCATION, ProgrammeOutcome.OTHER], [0.45, 0.2, 0.35])[0]
        if end > self.today:
            end, outcome = None, ""
        person.programme = ProgrammeParticipation(person_id=person.person_id, municipality=self.municipalities[person.municipality],
                                                  start=start, planned_end=planned_end, end=end, outcome=outcome)

    def cohort(self, cohort_year: int) -> list[_Person]:
        """Load one cohort (persons whose right began in the year) with its training and programme."""
        rng = random.Random(f"{self.seed}-{cohort_year}-register")
        settled = [(pid, number, on, min(decided, on), CASE_PERMITS.get(category, PermitType.ASYLUM))
                   for pid, number, on, decided, category in self._settled_members(cohort_year)]
        made = self._facts(settled, resident=True)
        with_obligation = [p for p in made if p.basis and p.basis.training_right and p.basis.training_obligation]
        size = round(COHORT_SIZES.get(cohort_year, DEFAULT_COHORT) * self.scale)
        made += self._facts(self._new_people(rng, max(0, size - len(with_obligation)), cohort_year))
        cohort = [p for p in made if p.basis and p.basis.training_right and p.basis.training_obligation
                  and p.basis.valid_from.year == cohort_year]
        self._training(rng, cohort, sp6=_figure("norwegian_training_started_within_3_months", cohort_year, 0.50),
                       sp7=_figure("norwegian_training_completed_within_3_years", cohort_year, 0.70))
        sexes = dict(Person.objects.filter(pk__in=[p.person_id for p in made]).values_list("pk", "sex"))
        for person in made:
            person.sex = sexes.get(person.person_id, "")
        for person in made:
            if person.basis and person.basis.programme_right:
                self._programme(rng, person)
        _mark(self.actor, COHORT_MARKER, cohort_year, f"{len(made)} persons, {len(cohort)} with right and obligation")
        self.made += made
        return made

    # -- calibration of year Y ---------------------------------------------------------------------------
    def _count_running(self, model, extra_filter: dict, attr: str) -> int:
        first, last = datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)
        loaded = set(model.objects.filter(start__lte=last, **extra_filter).exclude(end__lt=first)
                     .values_list("person_id", flat=True))
        mine = {p.person_id for p in self.made if (r := getattr(p, attr)) is not None and _running_in(r.start, r.end, self.year)}
        return len(loaded | mine)

    def calibrate(self) -> None:
        """Bring the participants during the year to the report's totals, then place the SP5 plan elements."""
        rng = random.Random(f"{self.seed}-{self.year}-calibrate")
        target_programme = round(_figure("intro_participants", self.year, 20857) * self.scale)
        target_training = round(_figure("norwegian_training_participants", self.year, 33837) * self.scale)
        short_programme = target_programme - self._count_running(ProgrammeParticipation, {}, "programme")
        short_training = target_training - self._count_running(
            TrainingPeriod, {"kind__in": [TrainingKind.NORWEGIAN, TrainingKind.SOCIAL_STUDIES]}, "training")
        extra = max(short_programme, short_training, 0)
        if extra:
            self._top_up(rng, extra, max(short_programme, 0), max(short_training, 0))
        self._trim(rng, "programme", -short_programme)
        self._trim(rng, "training", -short_training)
        self._plan_elements(rng)

    def _top_up(self, rng: random.Random, n: int, programme: int, training: int) -> None:
        """Reunified family members whose right began in Y − 2, in the programme and/or training during Y."""
        cohort_year = self.year - 2
        rows = [(pid, number, settled, permit_date, PermitType.FAMILY_OF_REFUGEE)
                for pid, number, settled, permit_date, _type in self._new_people(rng, n, cohort_year)]
        added = self._facts(rows)
        jan1 = datetime.date(self.year, 1, 1)
        for index, person in enumerate(added):
            basis = person.basis
            if index < training:
                start = basis.valid_from + rng.randint(10, 200) * DAY
                end = jan1 + rng.randint(30, 330) * DAY
                person.training = TrainingPeriod(person_id=person.person_id, municipality=self.municipalities[person.municipality],
                                                 kind=TrainingKind.NORWEGIAN, start=start, end=end if end <= self.today else None,
                                                 end_reason=TrainingEndReason.HOURS_COMPLETED if end <= self.today else "")
            if index < programme and basis.programme_right:
                start = person.settled_on + rng.randint(10, 120) * DAY
                planned_end = add_years(start, 2) - DAY
                end = max(planned_end, jan1 + rng.randint(0, 200) * DAY)
                planned_end = max(planned_end, end)
                person.programme = ProgrammeParticipation(
                    person_id=person.person_id, municipality=self.municipalities[person.municipality], start=start,
                    planned_end=min(planned_end, add_years(start, 3) - DAY), end=min(end, add_years(start, 3) - DAY),
                    outcome=ProgrammeOutcome.WORK)
        self.made += added

    def _trim(self, rng: random.Random, attr: str, over: int) -> None:
        """End `over` running periods of earlier cohorts on 31 December of the year before (SP6/SP7 unchanged)."""
        if over <= 0:
            return
        dec31 = datetime.date(self.year - 1, 12, 31)
        candidates = [p for p in self.made if (r := getattr(p, attr)) is not None and r.start <= dec31
                      and _running_in(r.start, r.end, self.year)
                      and not (attr == "training" and r.end_reason == TrainingEndReason.OBLIGATION_COMPLETED
                               and r.end and r.end > p.basis.obligation_deadline)]
        rng.shuffle(candidates)
        for person in candidates[:over]:
            record = getattr(person, attr)
            record.end = dec31
            if attr == "training" and record.end_reason != TrainingEndReason.OBLIGATION_COMPLETED:
                record.end_reason = TrainingEndReason.DISCONTINUED
            if attr == "programme":
                record.outcome = record.outcome or ProgrammeOutcome.OTHER
                record.planned_end = max(record.planned_end, record.start)

    def _plan_elements(self, rng: random.Random) -> None:
        running = [p for p in self.made if p.programme is not None and _running_in(p.programme.start, p.programme.end, self.year)]
        total = self._count_running(ProgrammeParticipation, {}, "programme")
        primary = round(_figure("sp5_share_primary_education", self.year, 0.27) * total)
        secondary = round(_figure("sp5_share_secondary_education", self.year, 0.12) * total)
        rng.shuffle(running)
        jan1 = datetime.date(self.year, 1, 1)
        for index, person in enumerate(running[:primary + secondary]):
            programme = person.programme
            kind = PlanElementKind.PRIMARY_EDUCATION if index < primary else PlanElementKind.SECONDARY_EDUCATION
            person.elements.append(PlanElement(kind=kind, start=max(programme.start, jan1), end=programme.end))

    # -- writing ------------------------------------------------------------------------------------------
    def write(self) -> None:
        records, elements = [], {}
        for person in self.made:
            if person.training is not None:
                records.append(person.training)
            if person.programme is not None:
                if person.elements:
                    elements[len(records)] = person.elements
                records.append(person.programme)
        for start in range(0, len(records), BATCH):
            chunk = records[start:start + BATCH]
            chunk_elements = {i - start: e for i, e in elements.items() if start <= i < start + BATCH}
            records_load_bulk(actor=self.actor, records=chunk, plan_elements=chunk_elements)
        self.records = len(records)


def synth_register_year(*, year: int, seed: int, scale: float, actor: User, people_factory,
                        progress: Callable[[str], None] | None = None) -> RegisterSynthResult:
    """Load the register cohorts Y − 3 … Y not loaded yet and calibrate year Y to the report, once."""
    if _loaded(YEAR_MARKER, year):
        return RegisterSynthResult(year, False)
    today = timezone.localdate()
    with transaction.atomic():
        loader = _Loader(year=year, seed=seed, scale=scale, actor=actor, people_factory=people_factory, today=today)
        for cohort_year in range(year - 3, year + 1):
            if not _loaded(COHORT_MARKER, cohort_year):
                loader.cohort(cohort_year)
                if progress:
                    progress(f"cohort {cohort_year}")
        loader.calibrate()
        loader.write()
        _mark(actor, YEAR_MARKER, year, f"{len(loader.made)} persons, {loader.records} records")
    return RegisterSynthResult(year, True, len(loader.made), loader.records)
