import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from nyinorge.core.roles import Role
from nyinorge.settlement.models import MunicipalIndicators, RequestVersion
from nyinorge.settlement.services.requests import (
    indicators_import,
    request_compute,
    request_override,
)
from nyinorge.settlement.selectors.years import requested_numbers
from tests.settlement.conftest import indicator_csv

pytestmark = pytest.mark.django_db


def test_request_spreads_the_national_target_exactly(caseworker, year_2019, all_indicators):
    version = request_compute(actor=caseworker, year=year_2019)
    numbers = requested_numbers(version)
    assert len(numbers) == 356
    assert sum(numbers.values()) == 5120
    oslo = version.lines.get(municipality_id="0301")
    assert oslo.requested == 0 and "immigrant share" in oslo.excluded_reason


def test_overrides_keep_the_sum_need_a_reason_and_every_version_is_kept(caseworker, year_2019, all_indicators):
    first = request_compute(actor=caseworker, year=year_2019)
    with pytest.raises(ValidationError):
        request_override(actor=caseworker, year=year_2019, overrides={"4601": 200}, reason=" ")
    second = request_override(actor=caseworker, year=year_2019, overrides={"4601": 200, "0301": 50}, reason="capacity agreed with KS")
    numbers = requested_numbers(second)
    assert numbers["4601"] == 200 and numbers["0301"] == 50
    assert sum(numbers.values()) == 5120
    assert second.lines.get(municipality_id="0301").override_reason == "capacity agreed with KS"
    third = request_compute(actor=caseworker, year=year_2019)  # recomputing keeps the overrides
    assert requested_numbers(third)["4601"] == 200
    assert [v.number for v in RequestVersion.objects.filter(year=year_2019).order_by("number")] == [1, 2, 3]
    assert requested_numbers(first)["0301"] == 0  # history unchanged


def test_overrides_larger_than_the_target_are_refused(caseworker, year_2019, all_indicators):
    with pytest.raises(ValidationError, match="exceed"):
        request_override(actor=caseworker, year=year_2019, overrides={"4601": 6000}, reason="too many")


def test_indicator_import_lists_every_bad_row_and_stores_nothing(caseworker, year_2019):
    bad = indicator_csv([
        ("0301", 700000, 0.7, 0.6, 0.3, "true", 10),
        ("9999", 100, 0.7, 0.6, 0.1, "true", 0),
        ("4601", "many", 0.7, 0.6, 0.1, "true", 0),
        ("1101", 100, 1.7, 0.6, 0.1, "maybe", 0),
        ("0301", 700000, 0.7, 0.6, 0.3, "true", 10),
    ])
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        indicators_import(actor=caseworker, year=year_2019, file=bad)
    text = " ".join(refused.value.messages)
    for expected in ["line 3", "9999", "line 4", "population", "line 5", "employment_share", "ready", "line 6", "twice"]:
        assert expected in text
    assert "line 2" not in text
    assert MunicipalIndicators.objects.count() == 0


def test_indicator_import_needs_the_columns(caseworker, year_2019):
    import io

    with pytest.raises(ValidationError, match="population"):
        indicators_import(actor=caseworker, year=year_2019, file=io.StringIO("municipality_number\n0301\n"))


def test_only_the_directorate_manages_the_request(make_user, municipality_org, year_2019):
    with pytest.raises(PermissionDenied):
        request_compute(actor=make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301")), year=year_2019)
