"""The STYRK-08 list (`competence/data/styrk08.csv`) holds the whole ISCO-08 structure above the minor groups:
10 major groups, 43 sub-major groups and all 436 unit groups. No database needed."""

import csv
from collections import Counter

from nyinorge.competence import occupation_check, occupations


def _rows():
    with occupations.DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _levels():
    found = occupations.occupations().values()
    return ({o.code for o in found if o.level == 1}, {o.code for o in found if o.level == 2},
            {o.code for o in found if o.level == 4})


def test_the_file_holds_every_major_sub_major_and_unit_group():
    major, sub_major, unit = _levels()
    assert len(major) == 10 and major == {str(digit) for digit in range(10)}
    assert len(sub_major) == 43
    assert len(unit) == 436
    assert {row["level"] for row in _rows()} == {"1", "2", "4"}  # no minor groups (level 3)
    assert {"0110", "0210", "0310", "1111", "9629"} <= unit
    assert sum(1 for code in unit if code.startswith("0")) == 3  # armed forces: one unit per sub-major group
    assert len({code[:3] for code in unit}) == 130  # the minor groups the unit groups imply


def test_codes_are_well_formed_unique_and_nested():
    rows = _rows()
    assert [code for code, count in Counter(row["code"] for row in rows).items() if count > 1] == []
    major, sub_major, unit = _levels()
    assert all(len(code) == 1 and code.isdigit() for code in major)
    assert all(len(code) == 2 and code.isdigit() and code[0] in major for code in sub_major)
    assert all(len(code) == 4 and code.isdigit() for code in unit)
    assert all(code[:2] in sub_major and code[0] in major for code in unit)
    assert {code[:2] for code in unit} == sub_major  # every sub-major group has unit groups


def test_no_empty_titles():
    for row in _rows():
        assert row["title_en"].strip() and row["title_nb"].strip(), row
        assert row["title_en"] == row["title_en"].strip() and row["title_nb"] == row["title_nb"].strip(), row


def test_the_file_keeps_its_order_groups_first_then_units_by_code():
    codes = [row["code"] for row in _rows()]
    units = [code for code in codes if len(code) == 4]
    assert codes[-len(units):] == units  # all groups come before the first unit group
    assert units == sorted(units, key=lambda code: (code.startswith("0"), code))  # 0xxx last, as for groups


def test_codes_outside_isco_08_are_unknown():
    for code in ("0000", "9999", "0999", "0100", "1000", "2223", "74X1", "711", ""):
        assert occupations.occupation(code) is None and not occupations.selectable(code), code
    assert occupations.selectable("0110") and occupations.selectable("9629")
    for code in ("0000", "9999", "0999", "0074", "74X1"):
        assert not occupation_check.occupation_exists(code), code
    assert occupation_check.occupation_exists("0110") and occupation_check.occupation_exists("9629")
