"""Synthetic SP8 statuses depend on what the platform records (the settlement municipality's indicators, the
person's competence) while each sex's share stays exactly the report's."""

import datetime
import random

import pytest

from nyinorge.core.models import Person
from nyinorge.register.models import WORK_OR_EDUCATION, PostProgrammeStatus, ProgrammeParticipation
from nyinorge.synthetic.outcomes import sp8_rate, synth_outcomes
from tests.settlement import outcome_factories as f

pytestmark = pytest.mark.django_db
D = datetime.date
MONTH = D(2018, 11, 1)  # the 2017 cohort, measured in November of the year after
GOOD, POOR = "5001", "1103"


def _finisher(*, sex: str, municipality: str, year) -> Person:
    """An adult settled in 2016 whose introduction programme ended in 2017 (not by moving)."""
    member = f.person(sex=sex)
    f.settled_case(municipality=municipality, settled_on=D(2016, 3, 1), members=[member], year=year)
    ProgrammeParticipation.objects.create(person=member, municipality_id=municipality, start=D(2016, 4, 1),
                                          planned_end=D(2018, 3, 31), end=D(2017, 6, 30), outcome="work")
    return member


def _in_work(person_ids: list[int]) -> int:
    return PostProgrammeStatus.objects.filter(person_id__in=person_ids, reference_month=MONTH,
                                              status__in=WORK_OR_EDUCATION).count()


def test_better_indicators_give_more_in_work_or_education_and_the_shares_by_sex_stay_exact(caseworker):
    year = f.year(2016, caseworker)
    f.indicators(year, {GOOD: (0.75, 0.76, 205000), POOR: (0.40, 0.64, 144000)})
    rng = random.Random(7)
    people: dict[tuple[str, str], list[int]] = {}
    for index in range(360):
        sex, municipality = ("female", "male")[index % 2], rng.choice((GOOD, POOR))  # the municipality at random
        people.setdefault((sex, municipality), []).append(_finisher(sex=sex, municipality=municipality, year=year).pk)

    result = synth_outcomes(year=2019, seed=3, actor=caseworker)

    assert result.statuses == 360 and result.deliveries == 1
    for sex, key in (("female", "sp8_share_women"), ("male", "sp8_share_men")):
        everyone = people[(sex, GOOD)] + people[(sex, POOR)]
        assert _in_work(everyone) == round(sp8_rate(key, 2017) * len(everyone))
        good = _in_work(people[(sex, GOOD)]) / len(people[(sex, GOOD)])
        poor = _in_work(people[(sex, POOR)]) / len(people[(sex, POOR)])
        assert good > poor + 0.15, (sex, good, poor)
    # Seeded and idempotent: a second run adds nothing.
    assert synth_outcomes(year=2019, seed=3, actor=caseworker).statuses == 0


def test_without_indicator_differences_the_municipality_does_not_matter_but_norwegian_does(caseworker):
    year = f.year(2016, caseworker)
    f.indicators(year, {GOOD: (0.60, 0.70, 205000), POOR: (0.60, 0.70, 144000)})  # alike
    rng = random.Random(11)
    by_place: dict[str, list[int]] = {GOOD: [], POOR: []}
    by_level: dict[str, list[int]] = {"A1": [], "B2": []}
    for _index in range(240):
        municipality, level = rng.choice((GOOD, POOR)), rng.choice(("A1", "B2"))
        person = _finisher(sex="male", municipality=municipality, year=year)
        f.competence(person, norwegian=level)
        person_id = person.pk
        by_place[municipality].append(person_id)
        by_level[level].append(person_id)

    synth_outcomes(year=2019, seed=5, actor=caseworker)

    everyone = by_place[GOOD] + by_place[POOR]
    assert _in_work(everyone) == round(sp8_rate("sp8_share_men", 2017) * len(everyone))
    share = {key: _in_work(ids) / len(ids) for key, ids in (by_place | by_level).items()}
    assert share["B2"] > share["A1"] + 0.1, share
    assert abs(share[GOOD] - share[POOR]) < share["B2"] - share["A1"], share
