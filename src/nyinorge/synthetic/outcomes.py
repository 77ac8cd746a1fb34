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

*Who* is in work or education is not drawn at random: it depends on what the platform records about the person,
so a model trained on the platform's own data (`settlement.outcome_model`, which never sees sex, age or country)
has something real to learn. Each person gets a logit score

    s_i = [ (intro(m) − mean_intro) + ½ (employment(m) − mean_employment) + 0.10 network_i
            + competence terms ] / 0.23  +  u_i,      u_i ~ N(0, 0.6²)

where the bracket is exactly the documented indicator baseline and competence contributions of
`settlement.outcome_values` (introduction results, ½ × employment share, 0.10 for close family in the municipality;
ISCED, Norwegian and English level, work years, work years × the labour market, bachelor × size), in probability
units, turned into logit units by dividing by p(1 − p) ≈ 0.23 at p ≈ 0.63 — the inverse of the conversion that
module documents (it took the simulator's logit effects times 0.23; so e.g. Norwegian gives 0.30 per CEFR step,
ISCED ≈ 0.11 per level, work ≈ 0.065 per year, as `matching.simulator`'s competence world). u_i is the person's
unobserved part, with the simulator's spread (`matching.simulator`, u_i ~ N(0, 0.6²)). The municipality and its
indicators are the settled case's (`Case.municipality`, the `MunicipalIndicators` of the case's settlement year,
the means over the year's municipalities), the close family `Case.network_municipality`; the competence is the
person's shared registration (`competence_features`). A term the person has no data for adds nothing: a person
from the register-only cohorts (no settlement case) is scored by competence alone, or by u_i alone.

Within each sex of a cohort, exactly k = round(share × n) persons are then chosen by Gumbel-top-k on s
(the k largest s_i + G_i, G_i standard Gumbel — sampling k without replacement with probability proportional to
exp(s_i); Vieira, "Gumbel-max trick and weighted reservoir sampling", 2014, and Kool, van Hoof & Welling, "Stochastic
Beams and Where to Find Them", ICML 2019), so the report's shares by sex stay exact while, within a sex, a person
with better indicators or qualifications is more likely to be among them.

Seeded (the seed and cohort year) and idempotent: a person with a status for the month is left alone, so running
it again adds nothing.
"""

import datetime
import hashlib
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from nyinorge.competence.selectors.matching_features import CompetenceFeatures, competence_features
from nyinorge.core.models import Person, User
from nyinorge.register.models import (
    REFERENCE_MONTH,
    ActivityStatus,
    PostProgrammeStatus,
    ProgrammeOutcome,
    ProgrammeParticipation,
)
from nyinorge.register.services.outcomes import StatusRow, statuses_load
from nyinorge.settlement.models import CaseMember, MunicipalIndicators
from nyinorge.settlement.outcome_values import EMPLOYMENT_WEIGHT, NETWORK_BONUS, competence_contributions
from nyinorge.settlement.workflow import State
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
# p(1 − p) at the SP8 mean 0.63: probability units (outcome_values) → logit units.
LOGIT_SLOPE = 0.23
PERSON_SPREAD = 0.6
CHUNK = 5000


@dataclass(frozen=True)
class OutcomeSynthResult:
    statuses: int
    deliveries: int


def sp8_rate(key: str, cohort_year: int) -> float:
    """The report's SP8 figure for the cohort, or the latest one (2017) for later cohorts."""
    figures = report_figures()
    return figures.get((key, cohort_year), figures.get((key, LATEST_FIGURES), DEFAULTS[key]))


@dataclass(frozen=True)
class _Settled:
    municipality: str
    network: bool
    year: int


@dataclass
class _Context:
    """What the platform records about the persons of a cohort: their settlement and competence."""
    settled: dict[int, _Settled] = field(default_factory=dict)
    # (year, municipality) → (introduction results, employment share, ln population).
    indicators: dict[tuple[int, str], tuple[float, float, float]] = field(default_factory=dict)
    # year → the means of the three over the year's municipalities.
    means: dict[int, tuple[float, float, float]] = field(default_factory=dict)
    competence: dict[int, CompetenceFeatures] = field(default_factory=dict)

    def signal(self, person_id: int) -> float:
        """The documented part of the person's score, in probability units (see the module docstring)."""
        total = 0.0
        settled = self.settled.get(person_id)
        employment_gap = size_gap = 0.0
        if settled is not None:
            row = self.indicators.get((settled.year, settled.municipality))
            if row is not None:
                mean = self.means[settled.year]
                employment_gap, size_gap = row[1] - mean[1], (row[2] - mean[2]) / 1.2
                total += (row[0] - mean[0]) + EMPLOYMENT_WEIGHT * employment_gap
            if settled.network:
                total += NETWORK_BONUS
        features = self.competence.get(person_id)
        if features is not None:
            total += sum(competence_contributions(features, employment_gap=employment_gap, size_gap=size_gap).values())
        return total


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _context(person_ids: list[int]) -> _Context:
    """Each person's settled case (the latest), its year's municipal indicators, and their shared competence."""
    context = _Context()
    for chunk in _chunks(person_ids):
        for person_id, municipality, network, year, settled_on in (
                CaseMember.objects.filter(person_id__in=chunk, case__state=State.SETTLED,
                                          case__municipality__isnull=False)
                .order_by("person_id", "case__settlement_date", "case_id")
                .values_list("person_id", "case__municipality_id", "case__network_municipality_id", "case__year_id",
                             "case__settlement_date")):
            year = year or (settled_on.year if settled_on else None)
            if year is not None:
                context.settled[person_id] = _Settled(municipality, network == municipality, year)
        context.competence.update(competence_features(person_ids=chunk))
    years = {settled.year for settled in context.settled.values()}
    by_year: dict[int, list[tuple[float, float, float]]] = {}
    for year, number, intro, employment, population in MunicipalIndicators.objects.filter(
            year_id__in=years).values_list("year_id", "municipality_id", "introduction_results_share",
                                           "employment_share", "population"):
        row = (float(intro), float(employment), math.log(max(population, 1)))
        context.indicators[(year, number)] = row
        by_year.setdefault(year, []).append(row)
    context.means = {year: tuple(sum(column) / len(rows) for column in zip(*rows)) for year, rows in by_year.items()}
    return context


def _chosen(rng: random.Random, scores: dict[int, float], k: int) -> list[int]:
    """k persons without replacement, each draw proportional to exp(score): Gumbel-top-k (see the module docstring)."""
    keys = {person_id: score - math.log(-math.log(1.0 - rng.random())) for person_id, score in scores.items()}
    return sorted(keys, key=lambda person_id: (-keys[person_id], person_id))[:k]


def _statuses(rng: random.Random, people: list[int], share: float, split: tuple[float, float, float],
              context: _Context) -> dict[int, str]:
    """Exactly round(share × n) in work or education, chosen by score and split by the shares; the rest neither."""
    scores = {person_id: context.signal(person_id) / LOGIT_SLOPE + rng.gauss(0.0, PERSON_SPREAD)
              for person_id in people}
    working = _chosen(rng, scores, round(share * len(people)))
    rng.shuffle(working)
    employed = round(split[0] * len(working))
    both = round(split[1] * len(working))
    codes = ([ActivityStatus.EMPLOYED] * employed + [ActivityStatus.BOTH] * both
             + [ActivityStatus.EDUCATION] * (len(working) - employed - both))
    statuses = {person_id: str(code) for person_id, code in zip(working, codes)}
    return statuses | {person_id: str(ActivityStatus.NEITHER) for person_id in people if person_id not in statuses}


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
        context = _context(sorted(person_id for people in by_sex.values() for person_id in people))
        statuses: dict[int, str] = {}
        for sex in sorted(by_sex):
            statuses |= _statuses(rng, sorted(by_sex[sex]), sp8_rate(SHARE_KEY[sex], cohort_year), SPLIT[sex],
                                  context)
        status_rows = [StatusRow(line=index, person_id=person_id, reference_month=month, status=status)
                       for index, (person_id, status) in enumerate(sorted(statuses.items()), start=2)]
        checksum = hashlib.sha256("".join(f"{r.person_id},{month:%Y-%m},{r.status}\n" for r in status_rows)
                                  .encode()).hexdigest()
        statuses_load(actor=actor, rows=status_rows, file_name=f"synthetic-outcomes-{month:%Y-%m}-seed{seed}.csv",
                      checksum=checksum)
        created += len(status_rows)
        deliveries += 1
    return OutcomeSynthResult(created, deliveries)
