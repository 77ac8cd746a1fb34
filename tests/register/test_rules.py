"""The rule tables: category derivation for each law version and its boundaries."""

import datetime

import pytest

from nyinorge.register.models import LawVersion, PermitType
from nyinorge.register.rules import INTEGRATION_ACT_FROM, derive, law_for

D = datetime.date


def _born_years_before(day: datetime.date, years: int, days_later: int = 0) -> datetime.date:
    """A birth date that makes the person exactly `years` old on `day` (minus `days_later` days short)."""
    return day.replace(year=day.year - years) + datetime.timedelta(days=days_later)


SETTLED = D(2019, 3, 1)


def _refugee_2003(age_years: int, days_short: int = 0):
    return derive(permit_type=PermitType.ASYLUM, permit_date=D(2019, 1, 15),
                  birth_date=_born_years_before(SETTLED, age_years, days_short), settled_on=SETTLED)


def test_law_version_changes_on_1_january_2021():
    assert law_for(D(2020, 12, 31)).law_version == LawVersion.INTRODUCTION_ACT_2003
    assert law_for(INTEGRATION_ACT_FROM).law_version == LawVersion.INTEGRATION_ACT_2021
    old = derive(permit_type=PermitType.ASYLUM, permit_date=D(2020, 12, 31), birth_date=D(1990, 1, 1), settled_on=D(2021, 2, 1))
    new = derive(permit_type=PermitType.ASYLUM, permit_date=D(2021, 1, 1), birth_date=D(1990, 1, 1), settled_on=D(2021, 2, 1))
    assert (old.law_version, old.norwegian_hours, old.social_studies_hours, old.norwegian_target_level) == (
        LawVersion.INTRODUCTION_ACT_2003, 550, 50, "")
    assert (new.law_version, new.norwegian_hours, new.social_studies_hours, new.norwegian_target_level) == (
        LawVersion.INTEGRATION_ACT_2021, 0, 80, "b1")
    assert old.right_ends == D(2026, 2, 1) and new.right_ends is None


@pytest.mark.parametrize(("age", "days_short", "programme", "right", "obligation"), [
    (15, 0, False, False, False),
    (16, 1, False, False, False),   # one day before the 16th birthday
    (16, 0, False, True, True),     # on the 16th birthday
    (17, 1, False, True, True),
    (18, 0, True, True, True),
    (54, 0, True, True, True),
    (55, 1, True, True, True),      # the day before the 55th birthday
    (55, 0, False, True, False),    # right only from 55
    (66, 0, False, True, False),
    (67, 0, False, False, False),
])
def test_introduction_act_age_limits(age, days_short, programme, right, obligation):
    result = _refugee_2003(age, days_short)
    assert (result.programme_right, result.programme_obligation) == (programme, programme)
    assert (result.training_right, result.training_obligation) == (right, obligation)
    assert result.category == ("refugee" if programme or right else "refugee_outside_age")


@pytest.mark.parametrize(("age", "programme", "training"), [
    (17, False, False), (18, True, True), (54, True, True), (55, False, True), (66, False, True), (67, False, False),
])
def test_integration_act_age_limits(age, programme, training):
    settled = D(2021, 6, 1)
    result = derive(permit_type=PermitType.RESETTLEMENT, permit_date=D(2021, 3, 1),
                    birth_date=_born_years_before(settled, age), settled_on=settled)
    assert result.programme_right is programme and result.programme_obligation is programme
    assert result.training_right is training and result.training_obligation is training


def test_categories_per_permit_type():
    born = D(1990, 1, 1)
    family = derive(permit_type=PermitType.FAMILY_OF_NORWEGIAN, permit_date=D(2019, 5, 1), birth_date=born)
    assert family.category == "family" and not family.programme_right and family.training_right and family.training_obligation
    labour = derive(permit_type=PermitType.LABOUR, permit_date=D(2019, 5, 1), birth_date=born)
    assert labour.category == "labour" and not labour.training_right and labour.training_obligation
    labour_2021 = derive(permit_type=PermitType.LABOUR, permit_date=D(2021, 5, 1), birth_date=born)
    assert labour_2021.training_obligation and labour_2021.social_studies_hours == 50 and labour_2021.norwegian_hours == 0
    eea = derive(permit_type=PermitType.EEA, permit_date=D(2019, 5, 1), birth_date=born)
    assert eea.category == "none" and not (eea.training_right or eea.training_obligation or eea.programme_right)
    temporary = derive(permit_type=PermitType.ASYLUM, permit_date=D(2019, 5, 1), birth_date=born, permanent_basis=False)
    assert not (temporary.programme_right or temporary.training_right or temporary.training_obligation)


def test_reception_training_obligation_from_september_2018_and_age_16():
    born = D(1990, 1, 1)
    before = derive(permit_type=PermitType.ASYLUM_SEEKER, permit_date=D(2018, 8, 31), birth_date=born)
    after = derive(permit_type=PermitType.ASYLUM_SEEKER, permit_date=D(2018, 9, 1), birth_date=born)
    assert (before.reception_training, before.reception_obligation) == (True, False)
    assert (after.reception_training, after.reception_obligation) == (True, True)
    child = derive(permit_type=PermitType.ASYLUM_SEEKER, permit_date=D(2019, 1, 1), birth_date=D(2003, 1, 2))
    assert not child.reception_training and child.category == "asylum_seeker"


def test_deadlines_count_from_settlement_when_later_than_the_permit():
    result = derive(permit_type=PermitType.ASYLUM, permit_date=D(2018, 11, 30), birth_date=D(1990, 1, 1),
                    settled_on=D(2019, 1, 31))
    assert result.valid_from == D(2019, 1, 31)
    assert result.programme_start_deadline == D(2019, 4, 30)  # three months, month-end clamped
    assert result.training_start_deadline == D(2019, 4, 30)
    assert result.obligation_deadline == D(2022, 1, 31)
    unsettled = derive(permit_type=PermitType.ASYLUM, permit_date=D(2018, 11, 30), birth_date=D(1990, 1, 1))
    assert unsettled.valid_from == D(2018, 11, 30) and unsettled.training_start_deadline is None
    assert unsettled.programme_start_deadline is None and unsettled.obligation_deadline == D(2021, 11, 30)
