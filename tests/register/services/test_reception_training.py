"""Training for asylum seekers in reception: given by the reception centre's host municipality."""

import datetime

import pytest

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.register.errors import RegisterScopeError
from nyinorge.register.selectors.training import reception_training_progress
from nyinorge.register.services.training import hours_upsert, training_period_upsert

pytestmark = pytest.mark.django_db
D = datetime.date
HOST = "3049"  # the reception_centre fixture's default host municipality


@pytest.fixture
def host_user(make_user, municipality_org):
    return make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org(HOST))


@pytest.fixture
def asylum_seeker(make_person, reception_centre):
    return make_person(centre=reception_centre(), birth_date=D(1995, 3, 1))


def test_host_municipality_registers_training_and_hours(host_user, asylum_seeker):
    host = Municipality.objects.get(number=HOST)
    for kind in ("reception_norwegian", "reception_culture_values"):
        _, created = training_period_upsert(actor=host_user, client=None, client_ref=None, person=asylum_seeker,
                                            municipality=host, data={"kind": kind, "start": D(2019, 3, 1)})
        assert created
    for month, hours in [(D(2019, 3, 1), 80), (D(2019, 4, 1), 95)]:
        hours_upsert(actor=host_user, client=None, client_ref=None, person=asylum_seeker, municipality=host,
                     data={"month": month, "hours_type": "reception_norwegian", "hours": hours})
    hours_upsert(actor=host_user, client=None, client_ref=None, person=asylum_seeker, municipality=host,
                 data={"month": D(2019, 3, 1), "hours_type": "reception_culture_values", "hours": 20})
    norwegian, culture = reception_training_progress(person=asylum_seeker)
    assert (norwegian.required, norwegian.done, norwegian.completed) == (175, 175, True)
    assert (culture.required, culture.done, culture.completed, culture.remaining) == (50, 20, False, 30)


def test_other_municipality_and_non_residents_refused(oslo_user, oslo, host_user, asylum_seeker, resident):
    with pytest.raises(RegisterScopeError):
        training_period_upsert(actor=oslo_user, client=None, client_ref=None, person=asylum_seeker, municipality=oslo,
                               data={"kind": "reception_norwegian", "start": D(2019, 3, 1)})
    settled = resident()  # lives in Oslo, not in a reception centre
    with pytest.raises(RegisterScopeError):
        training_period_upsert(actor=host_user, client=None, client_ref=None, person=settled,
                               municipality=Municipality.objects.get(number=HOST),
                               data={"kind": "reception_norwegian", "start": D(2019, 3, 1)})
    with pytest.raises(RegisterScopeError):  # ordinary training needs a residence, not a reception place
        training_period_upsert(actor=host_user, client=None, client_ref=None, person=asylum_seeker,
                               municipality=Municipality.objects.get(number=HOST),
                               data={"kind": "norwegian", "start": D(2019, 3, 1)})
