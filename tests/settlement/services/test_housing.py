import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from nyinorge.core.models import AuditEntry, Municipality
from nyinorge.core.roles import Role
from nyinorge.settlement.models import HousingNotice
from nyinorge.settlement.selectors.cases import housing_notices_open
from nyinorge.settlement.services.cases import case_accept, case_decline, case_make_ready, case_propose, case_withdraw
from nyinorge.settlement.services.housing import housing_notice_register, housing_notice_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(oslo_user, oslo):
    def make(**kwargs) -> HousingNotice:
        today = timezone.localdate()
        arguments = {"rooms": 3, "accessible": False, "ready_date": today, "available_until": today + datetime.timedelta(days=60)}
        return housing_notice_register(actor=oslo_user, municipality=oslo, **(arguments | kwargs))

    return make


def test_register_and_see_open_notices(notice, oslo_user, caseworker, make_user, municipality_org):
    registered = notice(rooms=4, accessible=True)
    assert registered.state == HousingNotice.State.OPEN
    assert AuditEntry.objects.filter(object_type="settlement.housing_notice", object_id=str(registered.pk)).exists()
    assert list(housing_notices_open(actor=caseworker)) == [registered]
    assert list(housing_notices_open(actor=oslo_user)) == [registered]
    bergen_user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("4601"))
    assert list(housing_notices_open(actor=bergen_user)) == []


def test_dates_are_checked(notice):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        notice(ready_date=today, available_until=today - datetime.timedelta(days=1))
    assert "available_until" in error.value.message_dict


def test_only_for_your_own_municipality(make_user, municipality_org, caseworker):
    bergen_user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("4601"))
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        housing_notice_register(actor=bergen_user, municipality=Municipality.objects.get(number="0301"), rooms=2,
                                accessible=False, ready_date=today, available_until=today)
    with pytest.raises(PermissionDenied):  # the directorate does not report municipal dwellings
        housing_notice_register(actor=caseworker, municipality=Municipality.objects.get(number="0301"), rooms=2,
                                accessible=False, ready_date=today, available_until=today)


def test_propose_to_a_notice_reserves_it_and_acceptance_uses_it(caseworker, oslo_user, oslo_decision, new_case, notice, oslo, year_2019):
    dwelling = notice()
    case = case_propose(actor=caseworker, case=case_make_ready(actor=caseworker, case=new_case(size=2)),
                        municipality=oslo, year=year_2019, housing_notice=dwelling)
    dwelling.refresh_from_db()
    assert dwelling.state == HousingNotice.State.RESERVED
    assert list(housing_notices_open(actor=caseworker)) == []
    other = case_make_ready(actor=caseworker, case=new_case())
    with pytest.raises(ValidationError, match="no longer open|ikke lenger åpen"):
        case_propose(actor=caseworker, case=other, municipality=oslo, year=year_2019, housing_notice=dwelling)
    case_accept(actor=oslo_user, case=case)
    dwelling.refresh_from_db()
    assert dwelling.state == HousingNotice.State.CONSUMED


def test_decline_and_withdraw_open_the_notice_again(caseworker, oslo_user, oslo_decision, new_case, notice, oslo, year_2019):
    dwelling = notice()
    case = case_propose(actor=caseworker, case=case_make_ready(actor=caseworker, case=new_case()), municipality=oslo,
                        year=year_2019, housing_notice=dwelling)
    case_decline(actor=oslo_user, case=case, reason="the dwelling is too small")
    dwelling.refresh_from_db()
    assert dwelling.state == HousingNotice.State.OPEN
    case = case_propose(actor=caseworker, case=case_make_ready(actor=caseworker, case=case), municipality=oslo,
                        year=year_2019, housing_notice=dwelling)
    case_accept(actor=oslo_user, case=case)
    case_withdraw(actor=caseworker, case=case, reason="the family moved abroad")
    dwelling.refresh_from_db()
    assert dwelling.state == HousingNotice.State.OPEN


def test_a_notice_of_another_municipality_cannot_be_used(caseworker, new_case, notice, year_2019):
    dwelling = notice()
    case = case_make_ready(actor=caseworker, case=new_case())
    with pytest.raises(ValidationError, match="another municipality|annen kommune"):
        case_propose(actor=caseworker, case=case, municipality=Municipality.objects.get(number="4601"), year=year_2019,
                     housing_notice=dwelling)
    case.refresh_from_db()
    assert case.state == "ready"


def test_withdraw_an_open_notice_only(notice, oslo_user):
    dwelling = housing_notice_withdraw(actor=oslo_user, notice=notice())
    assert dwelling.state == HousingNotice.State.WITHDRAWN
    with pytest.raises(ValidationError):
        housing_notice_withdraw(actor=oslo_user, notice=dwelling)
