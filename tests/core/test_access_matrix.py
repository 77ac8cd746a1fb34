"""The generated access matrix: every URL pattern (the resolver's, including the admin's) and every operation of
every OpenAPI document, requested as every demo role with objects of other organisations, a person in a case only
proposed to the municipality, a shielded person and another applicant's application.

The expected answer comes from what the route requires (`core.route_access`) and the capability table
(`core.roles`), never from a list of outcomes: a role without the capability is refused (403/404, 401 for the
APIs, or sent to log in), an object outside its scope is not found (404, or 403), everything else opens (2xx/3xx;
a write may refuse by its own rules, but never 404). No response names a person (name or identity number) the
viewer may not see. Writes are sent, and rolled back, so every request sees the same data.
"""

import json
import logging
import re
import time
from collections import Counter
from dataclasses import dataclass
from enum import Enum

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from nyinorge.core.roles import ROLE_DEFINITIONS, Capability, PersonScope
from nyinorge.core.route_access import ROUTE_ACCESS, RouteAccess, Scope
from nyinorge.interpreters.sources.fakes import the_fake
from nyinorge.settlement.workflow import State
from tests.core.access_world import BERGEN_DECLINE_REASON, Principal, Target, World, world_build

# Values for the ids that are not objects of the world: slugs, file formats, admin object ids.
SAMPLE_VALUES = {
    "statistics:table": {"table": "kpis", "file_format": "csv"},
    "statistics:chart": {"figure": "figure-3-1-1"},
    "interpreters:statistics_table": {"table": "languages", "file_format": "csv"},
    "interpreters:statistics_chart": {"figure": "categories"},
    "register:followup": {"which": "training"},
    "grants:special_action": {"action": "submit"},
    "grants:scheme_export": {"what": "applications", "file_format": "csv"},
    "grants:application_action": {"action": "submit"},
    "competence:resident_section": {"section": "schooling"},
    "admin:app_list": {"app_label": "core"},
    "admin/(?P<url>.*)$": {"url": "core"},
    "^api/": {"rest": "nowhere"},
}
SAMPLE_QUERIES = {
    "admin:autocomplete": {"app_label": "core", "model_name": "user", "field_name": "organisation", "term": "o"},
    "GET /api/v1/settlement/capacity": {"year": "2019"},
    "organisations": {"q": "Oslo"},  # not all 400 organisations, ten times over
}
# Valid bodies, so that an operation's scope is what answers (not the validation of an empty body).
SAMPLE_BODIES = {
    "POST /api/v1/settlement/proposals/{case_id}/decline": {"reason": "Ingen bolig."},
}
# The marker makes pytest-django create the test database; the module's world is one transaction around the tests.
pytestmark = pytest.mark.django_db

LOGIN_PAGES = ("/login/", "/admin/login/")
APPLY_START = "/interpreters/account/"
RESIDENT_START = "/competence/"  # where a resident logs in with a one-time code
CASE_STATES_OF_MUNICIPALITY = {State.PROPOSED, State.ACCEPTED, State.SETTLED}


@dataclass(frozen=True)
class Route:
    key: str  # the URL name (with namespace), the pattern of an unnamed one, or "METHOD path" of an API operation
    path: str  # with <converter:name> (pages) or {name} (API operations) placeholders
    params: tuple[str, ...]
    is_api: bool = False

    def url(self, values: dict) -> str:
        if self.is_api:
            return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), self.path)
        path = re.sub(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1) or m.group(2)]),
                      self.path)
        return "/" + path.replace("^", "").replace("$", "") + values.get("rest", "")


def _patterns(resolvers, prefix="", namespace=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = (f"{namespace}:{entry.name}" if namespace else entry.name) if entry.name else None
            yield prefix + str(entry.pattern), name, entry


def _apis():
    """The django-ninja APIs mounted in the URLconf, found by their OpenAPI documents."""
    found = []
    for _path, name, pattern in _patterns(get_resolver().url_patterns):
        if name and name.endswith(":openapi-json"):
            api = pattern.callback.keywords["api"]
            if api not in found:
                found.append(api)
    return found


def all_routes() -> list[Route]:
    routes = []
    for path, name, pattern in _patterns(get_resolver().url_patterns):
        if pattern.callback.__module__ == "ninja.operation":
            continue  # the operations, listed from the OpenAPI documents below
        params = tuple(re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", path))
        routes.append(Route(name or path, path, tuple(a or b for a, b in params)))
    for api in _apis():
        for path, operations in api.get_openapi_schema()["paths"].items():
            for method in operations:
                routes.append(Route(f"{method.upper()} {path}", path, tuple(re.findall(r"\{(\w+)\}", path)), True))
    return routes


ROUTES = all_routes()


class Expected(Enum):
    ALLOWED = "allowed"
    REFUSED = "refused"  # no capability (or not logged in, or no token)
    HIDDEN = "hidden"  # the capability, but the object is outside the scope


# The rules, derived from the capability table: who holds a capability, whom a role's person scope covers.

def _roles(principal: Principal):
    """The roles that count: those that fit the organisation's kind (`core.access.user_can` does the same)."""
    if principal.organisation is None:
        return []
    return [ROLE_DEFINITIONS[role] for role in principal.roles
            if principal.organisation.kind in ROLE_DEFINITIONS[role].organisation_kinds]


def holds(principal: Principal, capability: Capability | None) -> bool:
    return capability is not None and any(capability in role.capabilities for role in _roles(principal))


def sees_person(principal: Principal, facts: Target) -> bool:
    if not holds(principal, Capability.VIEW_PEOPLE):
        return False
    if facts.shielded and not holds(principal, Capability.VIEW_SHIELDED_IDENTITIES):
        return False
    for role in _roles(principal):
        match role.person_scope:
            case PersonScope.ALL:
                return True
            case PersonScope.OWN_MUNICIPALITY if facts.municipality == principal.organisation.municipality_id:
                return True
            case PersonScope.OWN_RECEPTION_CENTRE if facts.centre == principal.organisation.pk:
                return True
    return False


def sees_case(principal: Principal, case: Target) -> bool:
    organisation = principal.organisation
    if organisation is None:
        return False
    if holds(principal, Capability.MANAGE_SETTLEMENT_CASES) and organisation.kind == "directorate":
        return True
    if holds(principal, Capability.ANSWER_PROPOSALS) and organisation.municipality_id:
        return case.municipality == organisation.municipality_id and case.case_state in CASE_STATES_OF_MUNICIPALITY
    return holds(principal, Capability.FOLLOW_RESIDENTS_SETTLEMENT) and case.centre == organisation.pk


def sees_grant_application(principal: Principal, application: Target) -> bool:
    """`grants.selectors.schemes.grant_applications_visible_to`, from the capability table."""
    organisation = principal.organisation
    if organisation is None:
        return False
    if holds(principal, Capability.APPLY_FOR_GRANTS) and application.organisation == organisation.pk:
        return True
    if application.draft:
        return False
    if holds(principal, Capability.ADMINISTER_GRANT_SCHEMES) and (
            organisation.kind == "directorate" or application.admin_organisation == organisation.pk):
        return True
    return holds(principal, Capability.REVIEW_GRANT_APPLICATIONS) and application.reviewer == principal.user.pk


def administers_call(principal: Principal, call: Target) -> bool:
    organisation = principal.organisation
    return organisation is not None and holds(principal, Capability.ADMINISTER_GRANT_SCHEMES) and (
        organisation.kind == "directorate" or call.admin_organisation == organisation.pk)


def _authenticated(principal: Principal, access: RouteAccess, route: Route) -> bool:
    if route.is_api:
        return principal.token is not None and access.token_scope in principal.token_scopes
    return principal.logged_in


def expected(route: Route, access: RouteAccess, principal: Principal, target: Target | None) -> Expected:
    scope = access.scope
    if scope in (Scope.PUBLIC, Scope.ANONYMOUS_ONLY) and access.token_scope is None:
        return Expected.ALLOWED
    if scope == Scope.LISTED_INTERPRETER and access.capability is None:
        return Expected.ALLOWED if target.listed else Expected.HIDDEN
    if scope in (Scope.NOBODY, Scope.SUPERUSER) or not _authenticated(principal, access, route):
        return Expected.REFUSED
    if scope == Scope.ADMIN_SITE:
        return Expected.ALLOWED if holds(principal, access.capability) else Expected.REFUSED
    wider = holds(principal, access.wider)
    if access.capability is not None and not holds(principal, access.capability) and not wider:
        return Expected.REFUSED
    if scope == Scope.OWN_INTERPRETER and principal.interpreter is None and not wider:
        return Expected.REFUSED
    if scope == Scope.OWN_RESIDENT:  # a resident's own login; nobody else has a registration of their own there
        return Expected.ALLOWED if principal.resident is not None else Expected.REFUSED
    visible = {
        Scope.ANY: lambda: True,
        Scope.LOGGED_IN: lambda: True,
        Scope.PERSON_IN_SCOPE: lambda: sees_person(principal, target),
        Scope.CASE_IN_SCOPE: lambda: sees_case(principal, target),
        Scope.OWN_MUNICIPALITY: lambda: target.municipality == principal.organisation.municipality_id,
        Scope.GRANTS_OF_MUNICIPALITY: lambda: principal.organisation.kind == "directorate"
        or target.municipality == principal.organisation.municipality_id,
        Scope.SPECIAL_GRANT_OF_MUNICIPALITY: lambda: wider and not target.draft
        or target.municipality == principal.organisation.municipality_id,
        Scope.OWN_ORGANISATION: lambda: wider or target.organisation == principal.organisation.pk,
        Scope.OWN_INTERPRETER: lambda: wider or target is None or target.interpreter == principal.interpreter.pk,
        Scope.LISTED_INTERPRETER: lambda: target.listed,
        Scope.GRANT_APPLICATION: lambda: sees_grant_application(principal, target),
        Scope.GRANT_CALL: lambda: administers_call(principal, target),
        Scope.OPEN_GRANT_CALL: lambda: target.call_open and principal.organisation.kind in target.call_kinds,
        Scope.OWN_GRANT_REVIEW: lambda: principal.user is not None and target.review_assignee == principal.user.pk,
    }[scope]()
    return Expected.ALLOWED if visible else Expected.HIDDEN


def forbidden_texts(world: World, principal: Principal, access: RouteAccess) -> dict[str, str]:
    """Name and identity number of everyone the principal may not see, by what they are."""
    texts = {}
    for key, secret in world.person_secrets.items():
        facts = world.people[key]
        visible = sees_person(principal, facts) or access.shows_unshielded_people and (
            not facts.shielded or holds(principal, Capability.VIEW_SHIELDED_IDENTITIES))
        if not visible:
            texts.update({value: f"person {key}" for value in secret.values if value})
    # Another municipality's decline and its reason: the directorate's and that municipality's business only.
    if not (holds(principal, Capability.MANAGE_SETTLEMENT_CASES) and principal.organisation.kind == "directorate"):
        texts[BERGEN_DECLINE_REASON] = "Bergen's reason for declining"
    staff = holds(principal, Capability.MANAGE_INTERPRETER_REGISTER) or holds(
        principal, Capability.REVIEW_INTERPRETER_APPLICATIONS)
    for key, secret in world.applicant_secrets.items():
        own = principal.interpreter is not None and principal.interpreter.pk == secret.owner
        if not (staff or own):
            family_name, number = secret.values
            texts[number] = f"applicant {key}"
            # The user administrator sees every login's name, an applicant's too, but never a person number.
            if not (access.scope == Scope.ADMIN_SITE and holds(principal, Capability.ADMINISTER_USERS)):
                texts[family_name] = f"applicant {key}"
    for title, application in world.grant_secrets.items():
        # The reviewer it is assigned to sees the title before declaring impartiality (to judge it), not the rest.
        assignee = principal.user is not None and application.review_assignee == principal.user.pk
        if not sees_grant_application(principal, application) and not assignee:
            texts[title] = f"the grant application {application.label!r}"
    return texts


def _values(route: Route, world: World, target: Target | None) -> dict:
    values = dict(SAMPLE_VALUES.get(route.key, {}))
    if target is not None:
        values.update(target.ids)
    if "object_id" in route.params:
        model = re.match(r"admin/(\w+/\w+)/", route.path)
        values["object_id"] = world.admin_ids.get(model.group(1), "1") if model else world.admin_ids["person"]
    if "content_type_id" in route.params:
        values["content_type_id"] = world.admin_ids["content_type_id"]
    if route.key == "admin:auth_user_password_change":
        values["id"] = world.admin_ids["core/user"]
    return values


def _family(route: Route) -> str | None:
    """Which objects the route's ids are filled with."""
    params = set(route.params)
    if "mission_code" in params:
        return "mission"
    if "pair_id" in params:
        return "duplicate_pair"
    if "control_sample_id" in params:
        return "control_sample"
    if "grant_review_id" in params:
        return "grant_review"
    if params & {"grant_application_id", "grant_document_id", "grant_payment_id", "grant_report_id"}:
        return "grant_application"
    if params & {"grant_call_id", "grant_scheme_id"}:
        return "grant_call"
    if "special_grant_document_id" in params:
        return "special_grant_document"
    if "special_grant_id" in params:
        return "special_grant"
    if "merge_id" in params:
        return "merge"
    if "person_id" in params:
        return "person"
    if "case_id" in params:
        return "case"
    if "notice_id" in params:
        return "housing_notice" if "settlement" in route.key else "interpreter_notice"
    if "application_id" in params:
        return "review"
    if params & {"claim_id", "document_id"}:
        return "own_interpreter"
    if "interpreter_id" in params:
        return "interpreter"
    if "grant_line_id" in params:
        return "grant_line"
    if "grant_run_id" in params:
        return "grant_run"
    if "municipality_number" in params:
        return "grant_municipality"
    if "run_id" in params:
        return "run"
    if "version_id" in params:
        return "outcome_model"
    if "year" in params:
        return "year"
    return None


def _is_login_redirect(response) -> bool:
    location = response.get("Location", "")
    return response.status_code in (301, 302) and (
        location.startswith(LOGIN_PAGES) or location.startswith(APPLY_START) or location == RESIDENT_START)


def _send(principal: Principal, route: Route, access: RouteAccess, url: str) -> tuple[int, bytes, object]:
    client = principal.client
    headers = {"Authorization": f"Bearer {principal.token}"} if principal.token else {}
    query = SAMPLE_QUERIES.get(route.key, {})
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)  # a logout or language choice must not stick to the principal
    try:
        with transaction.atomic():
            if access.method == "GET":
                response = client.get(url, query, headers=headers)
            elif route.is_api:
                response = client.post(url, json.dumps(SAMPLE_BODIES.get(route.key, {})),
                                       content_type="application/json", headers=headers)
            else:
                response = client.post(url, {}, headers=headers)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response.status_code, body, response


def _check(route, access, principal, target, status, body, response, world) -> list[str]:
    outcome = expected(route, access, principal, target)
    where = f"{route.key} as {principal.name}" + (f" on {target.label}" if target else "")
    problems = []
    if status >= 500:
        problems.append(f"{where}: {status}")
    elif outcome == Expected.REFUSED:
        if not (status in (401, 403, 404, 405) or _is_login_redirect(response)):
            problems.append(f"{where}: should be refused, got {status}")
    elif access.scope in (Scope.PUBLIC, Scope.ANONYMOUS_ONLY):
        if status in (401, 403) or (access.method == "GET" and status >= 400 and status != 404):
            problems.append(f"{where}: public, got {status}")
    elif outcome == Expected.HIDDEN:
        if status not in (403, 404):
            problems.append(f"{where}: the object is outside the scope, got {status}")
    elif access.method == "GET" and not (200 <= status < 400 and not _is_login_redirect(response)):
        problems.append(f"{where}: should open, got {status} {response.get('Location', '')}")
    elif access.method == "POST" and (status in (401, 404, 405) or _is_login_redirect(response)):
        problems.append(f"{where}: may write, got {status} {response.get('Location', '')}")
    text = body.decode("utf-8", "replace")
    for value, whose in forbidden_texts(world, principal, access).items():
        if value in text:
            problems.append(f"{where}: the response shows {whose} ({value})")
    return problems


# Rows the matrix finds wrong that are not fixed yet: route key → reason (reported; strict, so a fix shows).
KNOWN_LEAKS: dict[str, str] = {}

STATS = Counter()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world once for the module, in a transaction rolled back at its end."""
    settings = override_settings(PRIVATE_MEDIA_ROOT=str(tmp_path_factory.mktemp("private")),
                                 INTERPRETER_SOURCES="fake", INTERPRETER_LOCAL_SIGNUP=True)
    settings.enable()
    the_fake().reset()
    # Two thousand refusals would each log a warning with its traceback: a third of the module's time.
    request_log = logging.getLogger("django.request")
    level, request_log.level = request_log.level, logging.ERROR
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield world_build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    the_fake().reset()
    request_log.setLevel(level)
    settings.disable()


def test_every_route_is_declared():
    keys = {route.key for route in ROUTES}
    missing = sorted(keys - set(ROUTE_ACCESS))
    stale = sorted(set(ROUTE_ACCESS) - keys)
    assert not missing, f"Routes without an entry in core.route_access.ROUTE_ACCESS (declare what they need): {missing}"
    assert not stale, f"ROUTE_ACCESS entries for routes that no longer exist: {stale}"


def _route_param(route: Route):
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[route.key])] if route.key in KNOWN_LEAKS else []
    return pytest.param(route, id=route.key, marks=marks)


@pytest.mark.parametrize("route", [_route_param(route) for route in ROUTES])
def test_route(route: Route, world: World):
    access = ROUTE_ACCESS.get(route.key)
    if access is None:
        pytest.fail(f"{route.key} has no entry in core.route_access.ROUTE_ACCESS")
    family = _family(route)
    targets = [target for target in world.targets[family] if set(route.params) <= set(target.ids) | set(
        SAMPLE_VALUES.get(route.key, {})) | {"object_id", "content_type_id", "id"}] if family else [None]
    problems = []
    started = time.perf_counter()
    for principal in world.principals:
        # A refusal that does not depend on the object is checked with the first one only.
        refused_anyway = all(expected(route, access, principal, target) == Expected.REFUSED for target in targets)
        for target in targets[:1] if refused_anyway else targets:
            values = _values(route, world, target)
            status, body, response = _send(principal, route, access, route.url(values))
            STATS["requests"] += 1
            problems += _check(route, access, principal, target, status, body, response, world)
    kind = "routes_api" if route.is_api else "routes_admin" if route.path.startswith("admin/") else "routes_pages"
    STATS[kind] += 1
    STATS["rows"] += len(world.principals) * len(targets)
    STATS["seconds"] += time.perf_counter() - started
    assert not problems, "\n".join(problems)


def test_matrix_size(world: World, capsys):
    """Runs last in the module: the size of the matrix, for the report."""
    if not STATS["requests"]:
        pytest.skip("the route tests did not run")
    with capsys.disabled():
        print(f"\naccess matrix: {STATS['routes_pages']} pages, {STATS['routes_admin']} admin pages, "
              f"{STATS['routes_api']} API operations; {len(world.principals)} roles; {STATS['rows']} rows "
              f"(route × role × object); {STATS['requests']} requests in {STATS['seconds']:.1f} s")
