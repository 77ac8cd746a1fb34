"""Schemathesis over every OpenAPI document the application serves: whatever a client sends, never a 5xx.

The documents are found in the URLconf (each django-ninja API's "openapi-json" route), so an API added later is
fuzzed without touching this file. Each operation gets a bounded number of generated requests (the Hypothesis
profile scales it: `dev` a quarter of `ci`), sent through the WSGI application inside the test database, with the
token of an API client that holds every scope a municipality may hold.
"""

import collections
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

from nyinorge.core.api_scopes import API_SCOPES
from nyinorge.core.models import Organisation
from nyinorge.core.roles import Role
from nyinorge.core.services.api_clients import api_client_issue
from tests.hypothesis_profiles import examples

EXAMPLES_PER_OPERATION = examples(40)
FUZZ_COVERAGE = os.environ.get("FUZZ_COVERAGE") == "1"
# Requests sent, answers by status and 5xx answers seen, per document (printed at the end of the module with -s).
SENT: collections.Counter = collections.Counter()
STATUSES: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
SERVER_ERRORS: collections.Counter = collections.Counter()


def _openapi_routes(resolver: URLResolver, namespaces: tuple[str, ...] = ()):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _openapi_routes(pattern, (*namespaces, pattern.namespace) if pattern.namespace else namespaces)
        elif isinstance(pattern, URLPattern) and pattern.name == "openapi-json":
            yield ":".join((*namespaces, pattern.name))


def openapi_documents() -> list[str]:
    """The path of every OpenAPI document in the URLconf."""
    return sorted(reverse(name) for name in _openapi_routes(get_resolver()))


DOCUMENTS = openapi_documents()
APP = get_wsgi_application()


def test_every_api_of_the_urlconf_is_fuzzed():
    # Settlement and interpreters share /api/; WS4 is its own. A new API is found (and fuzzed) by itself.
    assert {"/api/openapi.json", "/api/ws4/v1/openapi.json"} <= set(DOCUMENTS)


@pytest.fixture
def keep_the_test_connection():
    """The WSGI handler closes the database connection around each request; the test's transaction needs it open."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def token(make_user, municipality_org, resident_of_oslo, keep_the_test_connection):
    """A municipality's client with every scope a municipality may hold (settlement and WS4 alike)."""
    scopes = [name for name, scope in API_SCOPES.items() if Organisation.Kind.MUNICIPALITY in scope.organisation_kinds]
    _client, secret = api_client_issue(actor=make_user(Role.DIRECTORATE_ADMINISTRATOR),
                                       organisation=municipality_org("0301"), name="Fuzz", scopes=scopes)
    return secret


@pytest.fixture
def resident_of_oslo(make_person):
    """Someone to write for, so that some generated records get past the person lookup."""
    return make_person(municipality="0301")


@pytest.fixture(scope="module", autouse=True)
def summary():
    yield
    for document in DOCUMENTS:
        statuses = ", ".join(f"{status}: {n}" for status, n in sorted(STATUSES[document].items()))
        print(f"\nfuzz {document}: {SENT[document]} requests ({statuses}), {SERVER_ERRORS[document]} 5xx")


def _fuzz_test(document: str):
    schema = schemathesis.openapi.from_wsgi(document, APP)
    # The documents' examples and generated requests; schemathesis' coverage phase (every boundary case the schema
    # defines, some 100 requests an operation whatever max_examples says) only with FUZZ_COVERAGE=1.
    schema.config.phases.update(phases=["examples", "fuzzing", *(["coverage"] if FUZZ_COVERAGE else [])])

    @pytest.mark.django_db
    @schema.parametrize()
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.filter_too_much])
    def test(case, token):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}", "Accept-Language": "en"}
        SENT[document] += 1
        response = case.call()
        STATUSES[document][response.status_code] += 1
        SERVER_ERRORS[document] += response.status_code >= 500
        case.validate_response(response, checks=[not_a_server_error])
        if response.status_code >= 400 and response.status_code != 405:  # ninja answers 405 itself, without a body
            assert response.headers.get("content-type") == ["application/problem+json"], response.text[:200]

    return test


for _document in DOCUMENTS:
    globals()[f"test_no_request_makes_a_server_error{_document.replace('/', '_').replace('.', '_')}"] = \
        _fuzz_test(_document)
