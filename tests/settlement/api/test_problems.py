import pytest
from django.utils import timezone

from nyinorge.settlement import api as settlement_api
from tests.settlement.api.helpers import Api, assert_problem

pytestmark = pytest.mark.django_db


def test_an_unexpected_error_is_a_500_problem_without_internals(oslo_api, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("password=hunter2 in /srv/nyinorge/secret.py")

    monkeypatch.setattr(settlement_api, "proposals_for", broken)
    oslo_api.client.raise_request_exception = False
    response = oslo_api.get("/proposals")
    problem = assert_problem(response, 500)
    assert "hunter2" not in response.content.decode() and "secret.py" not in response.content.decode()
    assert problem["detail"]


def test_problems_speak_bokmal_by_default(issue):
    api_client, token = issue("0301")
    api = Api(token)
    api.client.defaults.pop("HTTP_ACCEPT_LANGUAGE")
    problem = assert_problem(api.post("/proposals/999999/accept"), 404)
    assert problem["title"] == "Ikke funnet"
    assert "finnes ikke" in problem["detail"]


def test_token_calls_need_no_csrf_token_and_ignore_sessions(client, oslo_user, oslo_api):
    # A logged-in browser session is not an API credential.
    client.force_login(oslo_user)
    assert_problem(client.get("/api/v1/settlement/proposals"), 401)
    next_year = timezone.localdate().year + 1
    response = oslo_api.post("/housing-notices", {"rooms": 2, "ready_date": f"{next_year}-01-01",
                                                  "available_until": f"{next_year}-02-01"})
    assert response.status_code == 201


@pytest.mark.parametrize("path", ["/api/v1/settlement/nothing-here", "/api/v2/settlement/proposals"])
def test_unknown_api_paths_are_404_problems(oslo_api, path):
    assert_problem(oslo_api.client.get(path, headers=oslo_api.headers), 404)
