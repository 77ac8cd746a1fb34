import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/settlement/proposals": {"get"},
    "/api/v1/settlement/proposals/{case_id}": {"get"},
    "/api/v1/settlement/proposals/{case_id}/accept": {"post"},
    "/api/v1/settlement/proposals/{case_id}/decline": {"post"},
    "/api/v1/settlement/capacity": {"get"},
    "/api/v1/settlement/housing-notices": {"get", "post"},
    "/api/v1/settlement/housing-notices/{notice_id}/withdraw": {"post"},
    "/api/v1/grants/lines": {"get"},
    "/api/v1/grants/runs": {"get"},
}
# The public interpreter register: no token, so no 401/403 answers either.
PUBLIC_PATHS = {
    "/api/v1/interpreters/": {"get"},
    "/api/v1/interpreters/languages": {"get"},
    "/api/v1/interpreters/categories": {"get"},
    "/api/v1/interpreters/{interpreter_id}": {"get"},
}


def test_the_openapi_schema_lists_every_path_with_bearer_auth_and_problems():
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "nyinorge API" and schema["info"]["version"] == "1"
    assert {path: set(operations) for path, operations in schema["paths"].items()} == PATHS | PUBLIC_PATHS
    assert schema["components"]["securitySchemes"]["ApiToken"] == {"type": "http", "scheme": "bearer"}
    assert "Problem" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        public = path in PUBLIC_PATHS
        for operation in operations.values():
            assert operation.get("security", []) == ([] if public else [{"ApiToken": []}]), path
            assert "application/json" in operation["responses"]["200" if "201" not in operation["responses"] else "201"]["content"]
            for status in ("404", "422") if public else ("401", "403", "404", "422"):
                assert operation["responses"][status]["content"]["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"}, (path, status)


def test_the_docs_page_works_offline_under_our_csp():
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower() and "/static/ninja/swagger-ui-bundle.js" in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    for asset in ("/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js", "/static/ninja/swagger-ui.css"):
        assert Client().get(asset).status_code == 200, asset
