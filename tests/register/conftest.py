import datetime

import pytest

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.register.services.residence import residence_move

SETTLED = datetime.date(2019, 1, 10)


@pytest.fixture
def oslo():
    return Municipality.objects.get(number="0301")


@pytest.fixture
def bergen():
    return Municipality.objects.get(number="4601")


@pytest.fixture
def oslo_user(make_user, municipality_org):
    return make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))


@pytest.fixture
def bergen_user(make_user, municipality_org):
    return make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("4601"))


@pytest.fixture
def resident(make_person, caseworker, oslo):
    """A person living in Oslo from SETTLED (registered in the register's residence history)."""

    def make(municipality: Municipality | None = None, since: datetime.date = SETTLED, **kwargs):
        municipality = municipality or oslo
        person = make_person(municipality=municipality.number, **kwargs)
        residence_move(actor=caseworker, person=person, to_municipality=municipality, moved_on=since)
        person.refresh_from_db()
        return person

    return make


@pytest.fixture
def oslo_client(municipality_org):
    from nyinorge.core.services.api_clients import api_client_issue

    client, _token = api_client_issue(actor=None, organisation=municipality_org("0301"), name="Oslo fagsystem",
                                      scopes=["settlement:read"])
    return client
