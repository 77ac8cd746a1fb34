"""The WS4 OpenAPI document, and a schemathesis run against it: whatever a client sends, never a 5xx."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, settings

from tests.register.api.helpers import BASE

WRITE_PATHS = ["participations", "training-periods", "hours", "absences", "exemptions", "test-results"]


@pytest.mark.django_db
def test_the_openapi_document_lists_every_ws4_endpoint_with_auth_keys_and_problems():
    response = Client().get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    expected = {f"{BASE}/{path}": {"post"} for path in WRITE_PATHS}
    expected |= {f"{BASE}/{path}/batch": {"post"} for path in WRITE_PATHS}
    expected[f"{BASE}/records"] = {"get"}
    assert {path: set(operations) for path, operations in schema["paths"].items()} == expected
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation["security"] == [{"ApiToken": []}], path
            for status in ("401", "403", "422"):
                assert operation["responses"][status]["content"]["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"}, (path, status)
            if method == "post":
                key = [p for p in operation["parameters"] if p["in"] == "header"]
                assert [(p["name"], p["required"]) for p in key] == [("Idempotency-Key", True)], path
    batch = schema["components"]["schemas"]["HoursBatchIn"]["properties"]["records"]
    assert batch["maxItems"] == 1000 and batch["items"] == {"$ref": "#/components/schemas/HoursIn"}
    # The settlement API's document is its own.
    assert not any("ws4" in path for path in Client().get("/api/openapi.json").json()["paths"])


def test_the_docs_page_is_served():
    assert Client().get(f"{BASE}/docs").status_code == 200


schema = schemathesis.openapi.from_wsgi(f"{BASE}/openapi.json", get_wsgi_application())


@pytest.fixture
def keep_the_test_connection():
    """The WSGI handler closes the database connection around each request; the test's transaction needs it open."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def token(issue, resident, keep_the_test_connection):
    resident()  # someone to write for, so that some generated records pass the person lookup's query
    return issue("0301")[1]


@pytest.mark.django_db
@schema.parametrize()
# Generated cases only (not the long explicit "coverage" phase), few per operation: the suite stays fast.
@settings(max_examples=10, deadline=None, derandomize=True, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_request_makes_a_server_error(case, token):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}", "Accept-Language": "en"}
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, case.body, response.text[:500])
    if response.status_code >= 400 and response.status_code != 405:  # ninja answers 405 itself, without a body
        assert response.headers.get("content-type") == ["application/problem+json"], response.text[:200]
