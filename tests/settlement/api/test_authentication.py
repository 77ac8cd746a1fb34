import datetime

import pytest
import time_machine
from django.utils import timezone

from nyinorge.core.services.api_clients import api_client_revoke
from tests.settlement.api.helpers import Api, assert_problem

pytestmark = pytest.mark.django_db


def assert_unauthorised(response) -> None:
    assert_problem(response, 401)
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "Token abc"])
def test_missing_or_unknown_tokens_are_401_problems(proposed, header):
    client = Api(None)
    if header:
        client.headers = {"Authorization": header}
    assert_unauthorised(client.get("/proposals"))
    assert_unauthorised(client.post(f"/proposals/{proposed().pk}/accept"))


def test_a_revoked_token_is_refused(issue, administrator, proposed):
    api_client, token = issue("0301")
    assert Api(token).get("/proposals").status_code == 200
    api_client_revoke(actor=administrator, client=api_client)
    assert_unauthorised(Api(token).get("/proposals"))


def test_an_expired_token_is_refused(issue):
    api_client, token = issue("0301", expires_at=timezone.now() + datetime.timedelta(days=30))
    assert Api(token).get("/proposals").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        assert_unauthorised(Api(token).get("/proposals"))


def test_a_token_of_a_deactivated_organisation_is_refused(issue, municipality_org):
    api_client, token = issue("0301")
    organisation = municipality_org("0301")
    organisation.is_active = False
    organisation.save()
    assert_unauthorised(Api(token).get("/proposals"))


@pytest.mark.parametrize(("scopes", "method", "path"), [
    (["settlement:housing"], "get", "/proposals"),
    (["settlement:housing"], "get", "/capacity?year=2019"),
    (["settlement:read"], "post", "/proposals/{case}/accept"),
    (["settlement:read", "settlement:housing"], "post", "/proposals/{case}/decline"),
    (["settlement:read", "settlement:answer"], "get", "/housing-notices"),
    (["settlement:read", "settlement:answer"], "post", "/housing-notices"),
])
def test_a_token_without_the_endpoints_scope_is_a_403_problem(issue, proposed, scopes, method, path):
    case = proposed()
    api_client, token = issue("0301", scopes=scopes)
    client = Api(token)
    path = path.format(case=case.pk)
    response = client.get(path) if method == "get" else client.post(path, {"reason": "x"})
    problem = assert_problem(response, 403)
    needed = {"/proposals": "settlement:read", "/capacity": "settlement:read", "/housing-notices": "settlement:housing"}
    scope = "settlement:answer" if path.endswith(("accept", "decline")) else needed[path.split("?")[0]]
    assert scope in problem["detail"]
    case.refresh_from_db()
    assert case.state == "proposed"


def test_a_failed_use_of_a_revoked_token_is_audited_under_its_service_user(issue, administrator):
    from nyinorge.core.models import AuditEntry

    api_client, token = issue("0301")
    api_client_revoke(actor=administrator, client=api_client)
    Api(token).get("/proposals")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED, username=api_client.user.username).count() == 1
