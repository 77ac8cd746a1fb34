import pytest

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.core.services.api_clients import api_client_issue
from nyinorge.core.services.organisations import vendor_organisation_create
from tests.register.api.helpers import Ws4

WS4_SCOPES = ["ws4:read", "ws4:write"]


@pytest.fixture
def administrator(make_user):
    return make_user(Role.DIRECTORATE_ADMINISTRATOR)


@pytest.fixture
def issue(administrator, municipality_org):
    """A municipality's own client: (ApiClient, token)."""

    def make(number: str = "0301", scopes: list[str] = WS4_SCOPES, **kwargs):
        return api_client_issue(actor=administrator, organisation=municipality_org(number), name=f"Fagsystem {number}",
                                scopes=scopes, **kwargs)

    return make


@pytest.fixture
def issue_vendor(administrator):
    """A case-system vendor's client acting for the given municipalities: (ApiClient, token)."""

    def make(*numbers: str, scopes: list[str] = WS4_SCOPES):
        vendor = vendor_organisation_create(name="Fagsystem AS", organisation_number="974760673")
        return api_client_issue(actor=administrator, organisation=vendor, name="Fagsystem", scopes=scopes,
                                municipalities=list(Municipality.objects.filter(number__in=numbers)))

    return make


@pytest.fixture
def oslo_ws4(issue):
    client, token = issue("0301")
    api = Ws4(token)
    api.api_client = client
    return api
