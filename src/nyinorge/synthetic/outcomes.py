"""Synthetic deliveries of former participants' status in work and education (SP8), at the report's rates.

For the report year Y, the persons whose programme ended in Y − 3 … Y − 1 (not by moving) and who have no status
yet for November of the year after get one, delivered through the import service (`statuses_load`, one delivery
per reference month, as Statistics Norway delivers a year at a time): exactly the report's share of each sex in
work or education (cohort 2017: women 48 %, men 72 %, 63 % in all; seed SP8 and note 3; the cohorts 2014–2016 have
their own figures, later cohorts take 2017's), persons of unknown sex at the overall share.

Of those in work or education, the split into employed only, employed and in education, and in education only
follows Statistics Norway's table for those who finished in 2016 (status November 2017, introinnv "Tidligere
deltakere i introduksjonsprogrammet ... Status på arbeidsmarkedet i november ett år etter endt
introduksjonsprogram", ssb.no/utdanning/statistikker/introinnv/aar-tidligere-deltakere): men 1,055 employed,
424 both, 453 in education of 1,932; women 445, 221 and 382 of 1,048 — the only year the split was at hand.

Idempotent: a person with a status for the month is left alone, so running it again adds nothing.
"""

import datetime
import hashlib
import random
from dataclasses import dataclass

from django.utils import timezone

from nyinorge.core.models import Person, User
from nyinorge.register.models import (
    REFERENCE_MONTH,
    ActivityStatus,
    PostProgrammeStatus,
    ProgrammeOutcome,
    ProgrammeParticipation,
)
from nyinorge.register.services.outcomes import StatusRow, statuses_load
from nyinorge.statistics.kpis import report_figures

COHORTS_BACK = 3
LATEST_FIGURES = 2017
# Of those in work or education, by sex: employed only, employed and in education, in education only (SSB, 2016
# cohort). Unknown sex takes the totals (1,500, 645 and 835 of 2,980).
SPLIT = {
    Person.Sex.MALE: (1055 / 1932, 424 / 1932, 453 / 1932),
    Person.Sex.FEMALE: (445 / 1048, 221 / 1048, 382 / 1048),
    Person.Sex.UNKNOWN: (1500 / 2980, 645 / 2980, 835 / 2980),
}
SHARE_KEY = {Person.Sex.MALE: "sp8_share_men", Person.Sex.FEMALE: "sp8_share_women",
             Person.Sex.UNKNOWN: "sp8_share_work_or_education"}
DEFAULTS = {"sp8_share_men": 0.72, "sp8_share_women": 0.48, "sp8_share_work_or_education": 0.63}


@dataclass(frozen=True)
class OutcomeSynthResult:
    statuses: int
    deliveries: int


def sp8_rate(key: str, cohort_year: int) -> float:
    """The report's SP8 figure for the cohort, or the latest one (2017) for later cohorts."""
    figures = report_figures()
    return figures.get((key, cohort_year), figures.get((key, LATEST_FIGURES), DEFAULTS[key]))


def _statuses(rng: random.Random, people: list[int], share: float, split: tuple[float, float, float]) -> dict[int, str]:
    """Exactly round(share × n) in work or education, split by the shares, the rest neither; in random order."""
    order = people[:]
    rng.shuffle(order)
    working = round(share * len(order))
    employed = round(split[0] * working)
    both = round(split[1] * working)
    codes = ([ActivityStatus.EMPLOYED] * employed + [ActivityStatus.BOTH] * both
             + [ActivityStatus.EDUCATION] * (working - employed - both)
             + [ActivityStatus.NEITHER] * (len(order) - working))
    return {person_id: str(code) for person_id, code in zip(order, codes)}


def synth_outcomes(*, year: int, seed: int, actor: User) -> OutcomeSynthResult:
    """Statuses for those who finished in Y − 3 … Y − 1, for November of the year after, at the report's rates."""
    today = timezone.localdate()
    created = deliveries = 0
    for cohort_year in range(year - COHORTS_BACK, year):
        month = datetime.date(cohort_year + 1, REFERENCE_MONTH, 1)
        if month > today:
            continue
        measured = PostProgrammeStatus.objects.filter(reference_month=month).values("person_id")
        rows = (ProgrammeParticipation.objects.filter(end__year=cohort_year).exclude(outcome=ProgrammeOutcome.MOVED)
                .exclude(person_id__in=measured).order_by().values_list("person_id", "person__sex").distinct())
        by_sex: dict[str, list[int]] = {}
        for person_id, sex in rows:
            by_sex.setdefault(sex if sex in SPLIT else Person.Sex.UNKNOWN, []).append(person_id)
        if not by_sex:
            continue
        rng = random.Random(f"{seed}-{cohort_year}-outcomes")
        statuses: dict[int, str] = {}
        for sex in sorted(by_sex):
            statuses |= _statuses(rng, sorted(by_sex[sex]), sp8_rate(SHARE_KEY[sex], cohort_year), SPLIT[sex])
        status_rows = [StatusRow(line=index, person_id=person_id, reference_month=month, status=status)
                       for index, (person_id, status) in enumerate(sorted(statuses.items()), start=2)]
        checksum = hashlib.sha256("".join(f"{r.person_id},{month:%Y-%m},{r.status}\n" for r in status_rows)
                                  .encode()).hexdigest()
        statuses_load(actor=actor, rows=status_rows, file_name=f"synthetic-outcomes-{month:%Y-%m}-seed{seed}.csv",
                      checksum=checksum)
        created += len(status_rows)
        deliveries += 1
    return OutcomeSynthResult(created, deliveries)
