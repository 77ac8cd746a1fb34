"""The entitlement rules against hand-computed cases (no database)."""

import datetime as dt

from nyinorge.grants.rules import GrantPerson, Residence, basic_grant_band, entitlements_for


def person(**facts) -> GrantPerson:
    base = dict(person_id=1, birth_date=dt.date(1985, 5, 1), citizenship="SY", permit_type="resettlement",
                settlement_date=dt.date(2017, 3, 4), settlement_municipality="0301",
                residences=(Residence("0301", dt.date(2017, 3, 4)),))
    return GrantPerson(**{**base, **facts})


def summary(p: GrantPerson, year: int) -> set[tuple]:
    return {(e.scheme, e.rate_group, e.year_after_settlement, e.rate_year, e.municipality)
            for e in entitlements_for(p, year)}


def test_an_adult_refugee_over_five_years_then_nothing():
    adult = person()
    assert summary(adult, 2016) == set()
    assert summary(adult, 2017) == {("integration", "adult", 1, 2017, "0301"),
                                    ("norwegian_training", "high", 1, 2017, "0301")}
    assert summary(adult, 2019) == {("integration", "all", 3, 2019, "0301"), ("norwegian_training", "high", 3, 2019, "0301")}
    assert summary(adult, 2021) == {("integration", "all", 5, 2021, "0301")}
    assert summary(adult, 2022) == set()


def test_the_reason_says_why():
    [line, _training] = entitlements_for(person(), 2019)
    assert line.reason == "settled 2017-03-04 in 0301, year 3, living in 0301 on 1 January 2019"


def test_a_single_adult_and_a_child_and_the_one_off_grants():
    assert ("integration", "single_adult", 1, 2017, "0301") in summary(person(single_adult=True), 2017)
    child = person(birth_date=dt.date(2014, 6, 1))
    assert summary(child, 2017) == {("integration", "child", 1, 2017, "0301"),
                                    ("kindergarten", "child_0_5", 1, 2017, "0301")}
    assert summary(child, 2018) == {("integration", "all", 2, 2018, "0301")}  # the kindergarten grant once
    elderly = person(birth_date=dt.date(1955, 1, 1))
    assert ("elderly", "settled_aged_60_plus", 1, 2017, "0301") in summary(elderly, 2017)


def test_after_a_move_the_next_year_goes_to_where_the_person_lives_on_1_january():
    mover = person(residences=(Residence("0301", dt.date(2017, 3, 4), dt.date(2018, 8, 31)),
                               Residence("4601", dt.date(2018, 9, 1))))
    assert {e.municipality for e in entitlements_for(mover, 2018)} == {"0301"}  # moved during 2018
    assert {e.municipality for e in entitlements_for(mover, 2019)} == {"4601"}


def test_a_child_born_within_six_months_after_the_mother_counts_as_settled_with_her():
    mother = dict(mother_settlement_date=dt.date(2017, 3, 4), mother_settlement_municipality="0301", permit_type="")
    born_soon = person(birth_date=dt.date(2017, 8, 20), **mother)
    assert ("integration", "child", 1, 2017, "0301") in summary(born_soon, 2017)
    assert "within six months after the mother's settlement" in entitlements_for(born_soon, 2017)[0].reason
    assert summary(person(birth_date=dt.date(2017, 10, 5), **mother), 2017) == set()


def test_family_of_a_person_with_humanitarian_status_three_years_only():
    family = person(permit_type="family_of_refugee", family_of_humanitarian=True)
    assert any(e.scheme == "integration" for e in entitlements_for(family, 2019))
    assert not any(e.scheme == "integration" for e in entitlements_for(family, 2020))
    assert any(e.scheme == "integration" for e in entitlements_for(person(permit_type="family_of_refugee"), 2020))


def test_outside_the_target_group_nothing():
    assert summary(person(permit_type="labour"), 2017) == set()
    assert summary(person(permit_type="family_of_norwegian"), 2017) == set()


def test_death_or_emigration_stops_the_following_years_not_the_current_one():
    gone = person(left_on=dt.date(2019, 6, 30))
    assert summary(gone, 2019)
    assert summary(gone, 2020) == set()


def test_a_late_registration_gets_years_1_and_2_together():
    late = person(settlement_date=dt.date(2018, 11, 20), residences=(), late_registration=True)
    lines = summary(late, 2019)
    assert ("integration", "adult", 1, 2018, "0301") in lines and ("integration", "all", 2, 2019, "0301") in lines
    assert ("integration", "adult", 1, 2018, "0301") not in summary(person(settlement_date=dt.date(2018, 11, 20),
                                                                          residences=()), 2019)


def test_an_unaccompanied_minor_until_the_year_they_turn_20():
    minor = person(birth_date=dt.date(2003, 2, 1), unaccompanied_minor=True)
    assert ("unaccompanied_minor", "to_year_turning_16", 1, 2017, "0301") in summary(minor, 2017)  # turns 14
    assert ("unaccompanied_minor", "year_turning_17_to_20", 4, 2020, "0301") in summary(minor, 2020)  # turns 17
    assert ("unaccompanied_minor", "year_turning_17_to_20", 7, 2023, "0301") in summary(minor, 2023)  # turns 20
    assert not any(e.scheme == "unaccompanied_minor" for e in entitlements_for(minor, 2024))
    assert ("integration", "unaccompanied_minor", 1, 2017, "0301") in summary(minor, 2017)


def test_norwegian_training_low_rate_for_western_citizenships_and_not_for_children():
    assert ("norwegian_training", "low", 1, 2017, "0301") in summary(person(citizenship="US"), 2017)
    assert not any(e.scheme == "norwegian_training" for e in entitlements_for(person(birth_date=dt.date(2010, 1, 1)), 2017))
    assert not any(e.scheme == "norwegian_training" for e in entitlements_for(person(training_right=False), 2017))


def test_basic_grant_bands():
    assert [basic_grant_band(n) for n in (0, 1, 3, 4, 150, 151)] == [
        None, "persons_1_3", "persons_1_3", "persons_4_150", "persons_4_150", "persons_over_150"]
