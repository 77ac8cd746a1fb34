import pytest

from nyinorge.core.roles import Role
from nyinorge.core.services.api_clients import api_client_issue
from tests.settlement.api.helpers import Api

ALL_SCOPES = ["settlement:read", "settlement:answer", "settlement:housing"]


@pytest.fixture
def administrator(make_user):
    return make_user(Role.DIRECTORATE_ADMINISTRATOR)


@pytest.fixture
def issue(administrator, municipality_org):
    def make(number: str = "0301", scopes: list[str] = ALL_SCOPES, **kwargs):
        return api_client_issue(actor=administrator, organisation=municipality_org(number), name=f"Fagsystem {number}",
                                scopes=scopes, **kwargs)

    return make


@pytest.fixture
def oslo_api(issue):
    client, token = issue("0301")
    return Api(token)


@pytest.fixture
def bergen_api(issue):
    client, token = issue("4601")
    return Api(token)


@pytest.fixture
def api_as_token():
    return Api
