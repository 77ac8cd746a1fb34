"""Tokens and scopes on WS4: 401 for missing, unknown or revoked tokens, 403 without the endpoint's scope."""

import pytest

from nyinorge.core.services.api_clients import api_client_revoke
from nyinorge.register.models import TrainingHours
from tests.register.api.helpers import Ws4, assert_problem, hours

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz"])
def test_missing_or_unknown_tokens_are_401_problems(resident, header):
    api = Ws4(None)
    if header:
        api.headers = {"Authorization": header}
    for response in (api.get("/records"), api.post("/hours", hours(resident())),
                     api.post("/hours/batch", {"records": [hours(resident())]})):
        assert_problem(response, 401)
        assert response["WWW-Authenticate"] == "Bearer"
    assert not TrainingHours.objects.exists()


def test_a_revoked_token_is_refused(issue, administrator, resident):
    client, token = issue("0301")
    person = resident()
    assert Ws4(token).post("/hours", hours(person)).status_code == 201
    api_client_revoke(actor=administrator, client=client)
    assert_problem(Ws4(token).post("/hours", hours(person, ref="h-2", month="2019-04-01")), 401)
    assert_problem(Ws4(token).get("/records"), 401)
    assert TrainingHours.objects.count() == 1


@pytest.mark.parametrize(("scopes", "method", "path", "needed"), [
    (["ws4:read"], "post", "/hours", "ws4:write"),
    (["ws4:read"], "post", "/participations/batch", "ws4:write"),
    (["ws4:write"], "get", "/records", "ws4:read"),
    (["settlement:read", "settlement:answer"], "post", "/absences", "ws4:write"),
    (["settlement:read"], "get", "/records", "ws4:read"),
])
def test_a_token_without_the_endpoints_scope_is_a_403_problem(issue, resident, scopes, method, path, needed):
    client, token = issue("0301", scopes=scopes)
    api = Ws4(token)
    response = api.get(path) if method == "get" else api.post(path, {"records": [hours(resident())]})
    assert needed in assert_problem(response, 403)["detail"]
    assert not TrainingHours.objects.exists()


def test_a_browser_session_is_not_an_api_credential(client, oslo_user):
    client.force_login(oslo_user)
    assert_problem(client.get("/api/ws4/v1/records"), 401)


def test_writes_need_an_idempotency_key(oslo_ws4, resident):
    person = resident()
    for path, body in (("/hours", hours(person)), ("/hours/batch", {"records": [hours(person)]})):
        problem = assert_problem(oslo_ws4.post(path, body, key=None), 422)
        assert "Idempotency-Key" in problem["errors"]
    problem = assert_problem(oslo_ws4.post("/hours", hours(person), key="has spaces"), 422)
    assert "Idempotency-Key" in problem["errors"]
    assert not TrainingHours.objects.exists()
