import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.settlement.selectors.years import current_decisions, year_overview
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.requests import request_compute

pytestmark = pytest.mark.django_db
DAY = datetime.date(2019, 2, 1)


def test_revisions_keep_history_and_the_latest_counts(make_user, municipality_org, year_2019):
    oslo_user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))
    oslo = Municipality.objects.get(number="0301")
    municipal_decision_register(actor=oslo_user, year=year_2019, municipality=oslo, persons=100, unaccompanied_minors=5, decided_on=DAY)
    municipal_decision_register(actor=oslo_user, year=year_2019, municipality=oslo, persons=80, unaccompanied_minors=4, decided_on=DAY)
    current = current_decisions(year_2019)["0301"]
    assert (current.revision, current.persons, current.unaccompanied_minors) == (2, 80, 4)
    assert oslo.pk and year_2019.decisions.filter(municipality=oslo).count() == 2


def test_a_municipality_registers_only_its_own_decision(make_user, municipality_org, year_2019):
    bergen_user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("4601"))
    with pytest.raises(PermissionDenied):
        municipal_decision_register(actor=bergen_user, year=year_2019, municipality=Municipality.objects.get(number="0301"),
                                    persons=10, decided_on=DAY)


def test_minors_cannot_exceed_persons_nor_dates_lie_ahead(caseworker, year_2019):
    oslo = Municipality.objects.get(number="0301")
    with pytest.raises(ValidationError):
        municipal_decision_register(actor=caseworker, year=year_2019, municipality=oslo, persons=3, unaccompanied_minors=4, decided_on=DAY)
    with pytest.raises(ValidationError):
        municipal_decision_register(actor=caseworker, year=year_2019, municipality=oslo, persons=3,
                                    decided_on=datetime.date.today() + datetime.timedelta(days=1))


def test_year_overview_requested_vs_decided(caseworker, year_2019, all_indicators):
    request_compute(actor=caseworker, year=year_2019)
    municipal_decision_register(actor=caseworker, year=year_2019, municipality=Municipality.objects.get(number="4601"),
                                persons=120, unaccompanied_minors=10, decided_on=DAY)
    rows = {row.municipality.number: row for row in year_overview(year_2019)}
    assert len(rows) == 356
    assert sum(row.requested for row in rows.values()) == 5120
    assert (rows["4601"].decided, rows["4601"].decided_unaccompanied_minors) == (120, 10)
    assert sum(row.decided for row in rows.values()) == 120
