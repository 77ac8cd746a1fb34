import datetime

import pytest
from django.utils import timezone

from nyinorge.core.models import Municipality
from nyinorge.settlement.outcome_values import NETWORK_BONUS, IndicatorValues
from nyinorge.settlement.services.requests import indicators_import
from tests.settlement.conftest import indicator_csv

pytestmark = pytest.mark.django_db


def test_values_add_up_from_their_contributions_and_follow_the_indicators(caseworker, year_2019, new_case, make_person):
    indicators_import(actor=caseworker, year=year_2019, file=indicator_csv([
        ("0301", 700000, 0.70, 0.50, "0.20", "true", 100),
        ("4601", 285000, 0.80, 0.70, "0.10", "true", 100),
    ]))
    values = IndicatorValues.for_year(year_2019)
    today = timezone.localdate()
    family = new_case(size=2, network_municipality=Municipality.objects.get(number="0301"))
    for number in ("0301", "4601"):
        parts = values.contributions(family, number, today)
        assert values.value(family, number, today) == pytest.approx(sum(parts.values()))
    assert values.contributions(family, "0301", today)["network"] == pytest.approx(2 * NETWORK_BONUS)
    # Per adult: Bergen 0.6 + 0.1 + 0.5·0.05 = 0.725; Oslo 0.6 − 0.1 − 0.025 + 0.1 (family there) = 0.575.
    assert values.value(family, "4601", today) == pytest.approx(2 * 0.725)
    assert values.value(family, "0301", today) == pytest.approx(2 * 0.575)


def test_children_do_not_count_and_a_minor_counts_as_one(caseworker, year_2019, make_person, new_case):
    from nyinorge.settlement.services.cases import case_create

    values = IndicatorValues.for_year(year_2019)  # no indicators: national defaults
    adult, child = make_person(), make_person(birth_date=datetime.date(2015, 1, 1))
    family = case_create(actor=caseworker, category="reception", members=[adult, child], decision_date=datetime.date(2019, 1, 15))
    today = timezone.localdate()
    assert values.value(family, "0301", today) == pytest.approx(values.value(new_case(), "0301", today))
    assert values.value(new_case(minor=True), "0301", today) == pytest.approx(values.value(new_case(), "0301", today))
