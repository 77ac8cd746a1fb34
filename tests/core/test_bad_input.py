"""Input that once made pages and APIs answer 500: ids past bigint, huge page numbers and years, far-off dates,
bodies past the server's limit. Each is a 4xx (or the last page, or the default year) now."""

import json

import pytest
from django.utils import timezone
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from nyinorge.core.roles import Role
from nyinorge.core.services.api_clients import api_client_issue
from tests.api_helpers import assert_problem

pytestmark = pytest.mark.django_db

HUGE = str(2**63)
HUGER = "9" * 30


def _patterns(resolver: URLResolver, prefix: str = ""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def test_no_url_takes_an_unbounded_int():
    unbounded = [route for route, pattern in _patterns(get_resolver())
                 if any(isinstance(c, IntConverter) for c in getattr(pattern.pattern, "converters", {}).values())]
    assert unbounded == []


@pytest.mark.parametrize("number", [HUGE, HUGER, "-1"])
@pytest.mark.parametrize("role,path", [
    (Role.DIRECTORATE_CASEWORKER, "/people/{n}/"), (Role.DIRECTORATE_CASEWORKER, "/register/people/{n}/"),
    (Role.DIRECTORATE_CASEWORKER, "/settlement/cases/{n}/"), (Role.DIRECTORATE_CASEWORKER, "/interpreters/{n}/"),
    (Role.DIRECTORATE_CASEWORKER, "/interpreters/register/{n}/"),
    (Role.INTERPRETER_REGISTER_REVIEWER, "/interpreters/review/{n}/"),
    (Role.DIRECTORATE_CASEWORKER, "/settlement/suggestions/{n}/"),
])
def test_an_id_no_row_can_have_is_a_404_page(login, make_user, role, path, number):
    client = login(make_user(role))
    assert client.get(path.format(n=number)).status_code == 404


@pytest.mark.parametrize("number", [HUGE, HUGER, "-1", "0"])
def test_an_interpreter_id_no_row_can_have_is_a_404_problem(client, number):
    assert_problem(client.get(f"/api/v1/interpreters/{number}"), 404)


@pytest.fixture
def settlement_token(make_user, municipality_org):
    _client, token = api_client_issue(actor=make_user(Role.DIRECTORATE_ADMINISTRATOR),
                                      organisation=municipality_org("0301"), name="Fagsystem",
                                      scopes=["settlement:read", "settlement:answer", "settlement:housing"])
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("number", [HUGE, HUGER, "-1"])
@pytest.mark.parametrize("method,path", [("get", "/proposals/{n}"), ("post", "/proposals/{n}/accept"),
                                         ("post", "/housing-notices/{n}/withdraw")])
def test_a_settlement_id_no_row_can_have_is_a_404_problem(client, settlement_token, method, path, number):
    url = "/api/v1/settlement" + path.format(n=number)
    response = getattr(client, method)(url, headers=settlement_token) if method == "get" else \
        client.post(url, "{}", content_type="application/json", headers=settlement_token)
    assert_problem(response, 404)


@pytest.mark.parametrize("year", [HUGE, "99999", "1066"])
def test_a_capacity_year_outside_the_range_is_a_422_problem(client, settlement_token, year):
    response = client.get("/api/v1/settlement/capacity", {"year": year}, headers=settlement_token)
    assert "year" in assert_problem(response, 422)["errors"]


@pytest.mark.parametrize("ready", ["0001-01-01", "9999-12-31"])
def test_a_housing_notice_dated_outside_the_range_is_a_422_problem(client, settlement_token, ready):
    body = {"rooms": 3, "ready_date": ready, "available_until": "2030-01-01"}
    response = client.post("/api/v1/settlement/housing-notices", json.dumps(body), content_type="application/json",
                           headers=settlement_token)
    assert "ready_date" in assert_problem(response, 422)["errors"]


def test_a_body_over_the_servers_limit_is_a_413_problem_on_the_settlement_api(client, settlement_token, settings):
    body = json.dumps({"reason": "x" * (3 * 1024 * 1024)})
    response = client.post("/api/v1/settlement/proposals/1/decline", body, content_type="application/json",
                           headers=settlement_token)
    assert_problem(response, 413)


@pytest.mark.parametrize("year", [HUGE, "99999", "0000"])
def test_a_year_outside_the_range_on_settlement_pages_shows_the_default(login, make_user, municipality_org, year):
    admin = login(make_user(Role.DIRECTORATE_CASEWORKER))
    assert admin.get("/settlement/year/manage/", {"year": year}).status_code == 200
    assert admin.get("/settlement/year/", {"year": year}).status_code == 200
    municipality = login(make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301")))
    assert municipality.get("/settlement/settled/", {"year": year}).status_code == 200


@pytest.mark.parametrize("on", ["0001-01-01", "1899-12-31", "9999-12-31"])
def test_a_follow_up_date_outside_the_range_falls_back_to_today(login, make_user, municipality_org, on):
    client = login(make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301")))
    for which in ("training", "programme", "deadlines", "missing"):
        response = client.get(f"/register/follow-up/{which}/", {"on": on})
        assert response.status_code == 200, which
        assert response.context["on"] == timezone.localdate()


@pytest.mark.parametrize("page", [HUGE, HUGER, "-1", "x"])
@pytest.mark.parametrize("role,path", [
    (Role.DIRECTORATE_CASEWORKER, "/people/?q=a"), (Role.DIRECTORATE_ADMINISTRATOR, "/audit/?x=1"),
    (Role.DIRECTORATE_CASEWORKER, "/settlement/?x=1"), (Role.DIRECTORATE_CASEWORKER, "/register/people/?q=a"),
    (Role.DIRECTORATE_CASEWORKER, "/interpreters/register/?x=1"),
    (Role.INTERPRETER_REGISTER_REVIEWER, "/interpreters/review/?x=1"),
    (Role.INTERPRETER_REGISTER_REVIEWER, "/interpreters/notices/?x=1"), (None, "/interpreters/?language=ar"),
])
def test_a_page_number_past_the_last_or_not_a_number_never_fails(client, login, make_user, role, path, page):
    if role is not None:
        client = login(make_user(role))
    status = client.get(f"{path}&page={page}").status_code
    # Past the last page: the last one. Not a page number: the first, or the search form's 400 naming the field.
    assert status == 200 if page in (HUGE, HUGER) else status in (200, 400)
