"""The WS4 OpenAPI document. Schemathesis runs against it with every other document in tests/core/test_api_fuzz.py."""

import pytest
from django.test import Client

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
