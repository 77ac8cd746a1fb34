"""The introduction-register KPIs of the annual report (seed 2.2 and 3.2, SP5–SP7), computed in the database.

Definitions (the statistics page repeats them):

- participants in the introduction programme during year Y: persons with a participation that was running on
  at least one day of Y (started on or before 31 December, not ended before 1 January);
- participants in Norwegian and social studies training during Y: the same, for training periods of Norwegian
  or social studies (training for asylum seekers in reception is not counted);
- SP5: of the programme participants during Y, the share with primary and lower secondary education
  (grunnskole) and with upper secondary education (videregående) as a plan element running in Y, and with either;
- cohort C: persons whose current legal basis gives the right and the obligation to training and began in C
  (the permit date, or settlement when later);
- SP6 (cohort C): the share of the cohort whose first Norwegian training began within three months
  (on or before the same day three months later); the report for Y gives the cohort Y − 1;
- SP7 (cohort C): the share of the cohort who completed the obligation by its three-year deadline (a
  training period ended as "obligation completed", or an exemption from both subjects, by the deadline);
  the report for Y gives the cohort Y − 3;
- SP8 (cohort C): persons whose introduction programme ended in C (a participation with an end date in C that
  did not end by moving, since the programme then went on in the new municipality), as measured by Statistics
  Norway in November of C + 1 (`register.PostProgrammeStatus` from the yearly delivery, `nyinorge
  import-outcomes`); `sp8_cohort` counts those of them with a status for that month, `sp8_finished` all of
  them (the difference had no status delivered: emigrated, died or not linked). The share in work or
  education is the share of `sp8_cohort` whose status is employed, in education or both; `sp8_share_women`
  and `sp8_share_men` are the same share within each sex (persons of unknown sex count only in the total).
  The report for Y gives the cohort Y − 2 (seed SP8, note 3: those who ended in 2017, "målt per november 2018").
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Person
from nyinorge.statistics.suppression import Relation
from nyinorge.register.dates import add_months
from nyinorge.register.models import (
    REFERENCE_MONTH,
    WORK_OR_EDUCATION,
    ExemptionScope,
    Exemption,
    LegalBasis,
    PlanElement,
    PlanElementKind,
    PostProgrammeStatus,
    ProgrammeOutcome,
    ProgrammeParticipation,
    TrainingEndReason,
    TrainingKind,
    TrainingPeriod,
)

SP6_COHORT_LAG = 1
SP7_COHORT_LAG = 3
SP8_COHORT_LAG = 2
TRAINING_KINDS = (TrainingKind.NORWEGIAN, TrainingKind.SOCIAL_STUDIES)

REGISTER_KPI_KEYS: tuple[str, ...] = (
    "intro_participants",
    "sp5_share_formal_education",
    "sp5_share_primary_education",
    "sp5_share_secondary_education",
    "norwegian_training_participants",
    "training_cohort_sp6",
    "norwegian_training_started_within_3_months",
    "training_cohort_sp7",
    "norwegian_training_completed_within_3_years",
    "sp8_finished",
    "sp8_cohort",
    "sp8_in_work_or_education",
    "sp8_share_work_or_education",
    "sp8_cohort_women",
    "sp8_share_women",
    "sp8_cohort_men",
    "sp8_share_men",
)
SP8_KEYS = tuple(key for key in REGISTER_KPI_KEYS if key.startswith("sp8_"))

REGISTER_KPI_LABELS: dict[str, Promise] = {
    "intro_participants": _("Participants in the introduction programme during the year"),
    "sp5_share_formal_education": _("SP5: share of programme participants with primary or secondary education"),
    "sp5_share_primary_education": _("SP5: of which primary and lower secondary education"),
    "sp5_share_secondary_education": _("SP5: of which upper secondary education"),
    "norwegian_training_participants": _("Participants in Norwegian and social studies training during the year"),
    "training_cohort_sp6": _("Persons who got the right and obligation to training (cohort of SP6)"),
    "norwegian_training_started_within_3_months": _("SP6: share starting Norwegian training within 3 months"),
    "training_cohort_sp7": _("Persons who got the right and obligation to training (cohort of SP7)"),
    "norwegian_training_completed_within_3_years": _("SP7: share completing the obligation within 3 years"),
    "sp8_finished": _("Persons who finished the introduction programme (cohort of SP8)"),
    "sp8_cohort": _("Of those, with a status in work and education the November after (SP8)"),
    "sp8_in_work_or_education": _("Of those, in work or education"),
    "sp8_share_work_or_education": _("SP8: share in work or education the year after the programme"),
    "sp8_cohort_women": _("Women with a status the November after (SP8)"),
    "sp8_share_women": _("SP8: share of women in work or education"),
    "sp8_cohort_men": _("Men with a status the November after (SP8)"),
    "sp8_share_men": _("SP8: share of men in work or education"),
}

REGISTER_TARGETS: dict[str, float] = {
    "sp5_share_formal_education": 0.35,
    "norwegian_training_started_within_3_months": 0.90,
    "norwegian_training_completed_within_3_years": 0.90,
    # The report: "70 %. Resultatet for hhv menn og kvinner skal øke" (the results for men and women to rise).
    "sp8_share_work_or_education": 0.70,
}

# The group each share describes (for small-number suppression and the table).
REGISTER_SHARE_GROUP = {
    "sp5_share_formal_education": "intro_participants",
    "sp5_share_primary_education": "intro_participants",
    "sp5_share_secondary_education": "intro_participants",
    "norwegian_training_started_within_3_months": "training_cohort_sp6",
    "norwegian_training_completed_within_3_years": "training_cohort_sp7",
    "sp8_share_work_or_education": "sp8_cohort",
    "sp8_share_women": "sp8_cohort_women",
    "sp8_share_men": "sp8_cohort_men",
}


# Counts tied by a sum (for secondary suppression): the cohort measured is within those who finished, the sexes
# (and an unpublished rest of unknown sex) make up the cohort, those in work or education are part of it.
REGISTER_RELATIONS = (
    Relation("sp8_finished", ("sp8_cohort",)),
    Relation("sp8_cohort", ("sp8_cohort_women", "sp8_cohort_men")),
    Relation("sp8_cohort", ("sp8_in_work_or_education",)),
)


def kpi_year(key: str, year: int) -> int:
    """The year a KPI of the report for `year` is about: the cohort for SP6 and SP7, else the year itself."""
    if key in ("training_cohort_sp6", "norwegian_training_started_within_3_months"):
        return year - SP6_COHORT_LAG
    if key in ("training_cohort_sp7", "norwegian_training_completed_within_3_years"):
        return year - SP7_COHORT_LAG
    if key in SP8_KEYS:
        return year - SP8_COHORT_LAG
    return year


def _running_in(year: int) -> Q:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return Q(start__lte=last) & (Q(end__isnull=True) | Q(end__gte=first))


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Cohort:
    year: int
    persons: int
    started_within_3_months: int
    completed_within_3_years: int


def programme_figures(*, year: int) -> dict[str, int | float | None]:
    """Participants during the year and SP5 (primary, secondary, either)."""
    participations = ProgrammeParticipation.objects.filter(_running_in(year))
    participants = participations.values("person_id").distinct().count()
    elements = PlanElement.objects.filter(_running_in(year), participation__in=participations)
    primary = set(elements.filter(kind=PlanElementKind.PRIMARY_EDUCATION).values_list("participation__person_id", flat=True))
    secondary = set(elements.filter(kind=PlanElementKind.SECONDARY_EDUCATION)
                    .values_list("participation__person_id", flat=True))
    return {
        "intro_participants": participants,
        "sp5_share_formal_education": _share(len(primary | secondary), participants),
        "sp5_share_primary_education": _share(len(primary), participants),
        "sp5_share_secondary_education": _share(len(secondary), participants),
    }


def training_participants(*, year: int) -> int:
    """Persons in Norwegian or social studies training on at least one day of the year."""
    return TrainingPeriod.objects.filter(_running_in(year), kind__in=TRAINING_KINDS).values("person_id").distinct().count()


def training_cohort(*, year: int) -> Cohort:
    """The persons whose right and obligation to training began in the year, with SP6 and SP7 counts."""
    first_start = (TrainingPeriod.objects.filter(person=OuterRef("person"), kind=TrainingKind.NORWEGIAN)
                   .values("person").annotate(first=Min("start")).values("first"))
    completed = TrainingPeriod.objects.filter(
        person=OuterRef("person"), end_reason=TrainingEndReason.OBLIGATION_COMPLETED,
        end__lte=OuterRef("obligation_deadline"))
    exempted = Exemption.objects.filter(person=OuterRef("person"), applies_to=ExemptionScope.BOTH,
                                        decided_on__lte=OuterRef("obligation_deadline"))
    rows = (LegalBasis.objects.filter(superseded_at__isnull=True, training_right=True, training_obligation=True,
                                      valid_from__year=year)
            .annotate(first_start=first_start, fulfilled=Exists(completed) | Exists(exempted))
            .values_list("valid_from", "first_start", "fulfilled"))
    persons = started = fulfilled_count = 0
    for valid_from, first, fulfilled in rows.iterator(chunk_size=2000):
        persons += 1
        started += first is not None and first <= add_months(valid_from, 3)
        fulfilled_count += bool(fulfilled)
    return Cohort(year=year, persons=persons, started_within_3_months=started, completed_within_3_years=fulfilled_count)


def sp8_figures(*, cohort_year: int) -> dict[str, int | float | None]:
    """SP8 for the persons who finished the programme in the cohort year, measured in November of the next year."""
    finished = (ProgrammeParticipation.objects.filter(end__year=cohort_year).exclude(outcome=ProgrammeOutcome.MOVED)
                .order_by().values("person_id"))
    month = datetime.date(cohort_year + 1, REFERENCE_MONTH, 1)
    rows = (PostProgrammeStatus.objects.filter(reference_month=month, person_id__in=finished)
            .order_by().values_list("person__sex", "status").annotate(n=Count("id")))
    persons: dict[str, int] = {}
    working: dict[str, int] = {}
    for sex, status, n in rows:
        persons[sex] = persons.get(sex, 0) + n
        working[sex] = working.get(sex, 0) + (n if status in WORK_OR_EDUCATION else 0)
    total, in_work = sum(persons.values()), sum(working.values())
    women, men = Person.Sex.FEMALE, Person.Sex.MALE
    return {
        "sp8_finished": finished.distinct().count(),
        "sp8_cohort": total,
        "sp8_in_work_or_education": in_work,
        "sp8_share_work_or_education": _share(in_work, total),
        "sp8_cohort_women": persons.get(women, 0),
        "sp8_share_women": _share(working.get(women, 0), persons.get(women, 0)),
        "sp8_cohort_men": persons.get(men, 0),
        "sp8_share_men": _share(working.get(men, 0), persons.get(men, 0)),
    }


def register_kpis_compute(*, year: int) -> dict[str, int | float | None]:
    """Every register KPI of the report for the year (SP6 for cohort year − 1, SP7 for year − 3, SP8 for year − 2)."""
    values = dict(programme_figures(year=year))
    values["norwegian_training_participants"] = training_participants(year=year)
    sp6 = training_cohort(year=year - SP6_COHORT_LAG)
    sp7 = training_cohort(year=year - SP7_COHORT_LAG)
    values["training_cohort_sp6"] = sp6.persons
    values["norwegian_training_started_within_3_months"] = _share(sp6.started_within_3_months, sp6.persons)
    values["training_cohort_sp7"] = sp7.persons
    values["norwegian_training_completed_within_3_years"] = _share(sp7.completed_within_3_years, sp7.persons)
    values.update(sp8_figures(cohort_year=year - SP8_COHORT_LAG))
    return values


def register_report_figure(figures: dict, key: str, year: int) -> float | None:
    """The annual report's figure for a register KPI on the page for `year` (looked up by the KPI's own year)."""
    return figures.get((key, kpi_year(key, year)))


def keys_of_kind(kind: str) -> Iterable[str]:
    return [key for key in REGISTER_KPI_KEYS if (key in REGISTER_SHARE_GROUP) == (kind == "share")]
