import datetime

import pytest
from django.core.exceptions import ValidationError
from stdnum.no import fodselsnummer

from nyinorge.core.identifiers import (
    IdentityNumberKind,
    normalise_duf_number,
    parse_national_identity_number,
    synthetic_national_identity_number,
    validate_organisation_number,
)

# python-stdnum's own documented example, independent of our generator.
STDNUM_EXAMPLE = "15108695088"


def test_a_valid_fodselsnummer_is_accepted_with_its_birth_date():
    parsed = parse_national_identity_number("151086 95088", allow_synthetic=False)
    assert parsed.value == STDNUM_EXAMPLE
    assert parsed.kind is IdentityNumberKind.FODSELSNUMMER
    assert parsed.birth_date == datetime.date(1986, 10, 15)
    assert not parsed.synthetic


@pytest.mark.parametrize("position", range(11))
def test_changing_any_digit_breaks_the_check_digits(position):
    digit = (int(STDNUM_EXAMPLE[position]) + 1) % 10
    broken = STDNUM_EXAMPLE[:position] + str(digit) + STDNUM_EXAMPLE[position + 1 :]
    with pytest.raises(ValidationError):
        parse_national_identity_number(broken, allow_synthetic=True)


def test_generated_real_numbers_agree_with_stdnum():
    for serial in range(20):
        number = synthetic_national_identity_number(datetime.date(1987, 2, 28), serial=serial, month_offset=0)
        assert fodselsnummer.is_valid(number)
        assert parse_national_identity_number(number, allow_synthetic=False).birth_date == datetime.date(1987, 2, 28)


def test_d_number_is_recognised():
    number = synthetic_national_identity_number(datetime.date(2001, 12, 31), d_number=True, month_offset=0)
    assert number.startswith("71")
    parsed = parse_national_identity_number(number, allow_synthetic=False)
    assert parsed.kind is IdentityNumberKind.D_NUMBER
    assert parsed.birth_date == datetime.date(2001, 12, 31)


@pytest.mark.parametrize("offset", [40, 80])
def test_synthetic_numbers_need_the_setting(offset):
    number = synthetic_national_identity_number(datetime.date(1999, 3, 4), month_offset=offset)
    with pytest.raises(ValidationError) as refused:
        parse_national_identity_number(number, allow_synthetic=False)
    assert refused.value.code == "synthetic"
    parsed = parse_national_identity_number(number, allow_synthetic=True)
    assert parsed.synthetic and parsed.birth_date == datetime.date(1999, 3, 4)


def test_synthetic_numbers_follow_the_setting(settings):
    number = synthetic_national_identity_number(datetime.date(1999, 3, 4))
    settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS = False
    with pytest.raises(ValidationError):
        parse_national_identity_number(number)
    settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS = True
    assert parse_national_identity_number(number).synthetic


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1234567890", "format"),
        ("123456789012", "format"),
        ("1510869508x", "format"),
        ("", "format"),
    ],
)
def test_malformed_numbers_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as refused:
        parse_national_identity_number(value, allow_synthetic=True)
    assert refused.value.code == code


def test_impossible_date_with_valid_check_digits_is_refused():
    # 31 February: build a number whose check digits are right but whose date is not.
    base = "310290" + "123"
    check1 = fodselsnummer.calc_check_digit1(base)
    if len(check1) != 1:
        base = "310290124"
        check1 = fodselsnummer.calc_check_digit1(base)
    number = base + check1 + fodselsnummer.calc_check_digit2(base + check1)
    with pytest.raises(ValidationError) as refused:
        parse_national_identity_number(number, allow_synthetic=False)
    assert refused.value.code in {"birth_date", "checksum"}


def test_fh_numbers_are_not_person_identity_numbers():
    base = "812345678"
    for tail in range(1000):
        base = f"81{tail:07d}"
        check1 = fodselsnummer.calc_check_digit1(base)
        check2 = fodselsnummer.calc_check_digit2(base + check1) if len(check1) == 1 else "10"
        if len(check1) == 1 and len(check2) == 1:
            break
    with pytest.raises(ValidationError) as refused:
        parse_national_identity_number(base + check1 + check2, allow_synthetic=True)
    assert refused.value.code == "fh_number"


def test_duf_numbers():
    assert normalise_duf_number("2019 0001 2345") == "201900012345"
    for bad in ["20190001234", "2019000123456", "abcd00012345", "180000012345", "299900012345"]:
        with pytest.raises(ValidationError):
            normalise_duf_number(bad)


def test_organisation_numbers():
    validate_organisation_number("988077917")  # stdnum's documented example
    with pytest.raises(ValidationError):
        validate_organisation_number("988077918")
