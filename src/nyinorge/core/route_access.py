"""What every route requires, in the terms of the capability table (`core.roles`): the capability a user needs,
and which objects it then reaches. Not who may do what: that follows from the roles' capabilities and scopes.

The generated access-matrix test (`tests/core/test_access_matrix.py`) enumerates every URL pattern and every
operation in the OpenAPI documents, requests each as every demo role with objects of other organisations and a
shielded person, and derives the expected answer from this table and `core.roles`. A route missing here fails it.
"""

from dataclasses import dataclass
from enum import StrEnum

from nyinorge.core.roles import Capability


class Scope(StrEnum):
    """Which objects a user who holds the route's capability reaches (or, without one, who reaches the route)."""

    PUBLIC = "public"  # anyone, logged in or not: published data, assets, health, language choice
    ANONYMOUS_ONLY = "anonymous_only"  # login forms: a logged-in user is sent on
    LOGGED_IN = "logged_in"  # any logged-in user; what the page shows follows from their roles
    ANY = "any"  # every object (or none in the path)
    PERSON_IN_SCOPE = "person_in_scope"  # a person in the user's person scope (`core.access.person_scope`)
    CASE_IN_SCOPE = "case_in_scope"  # any for the directorate; one proposed to the municipality on; the centre's
    OWN_MUNICIPALITY = "own_municipality"  # an object of the user's municipality (housing notices)
    # Any for the directorate; the user's own municipality's otherwise (what a municipality is paid in grants).
    GRANTS_OF_MUNICIPALITY = "grants_of_municipality"
    # The own municipality's special grant applications; with the route's wider capability (the directorate's
    # deciders) every municipality's, except drafts: a draft is the municipality's own until it is submitted.
    SPECIAL_GRANT_OF_MUNICIPALITY = "special_grant_of_municipality"
    # Application-based grant schemes (`grants.selectors.schemes`): an application its applicant organisation
    # sees; the administering organisation's grant officers too once submitted (the directorate's: every call's);
    # a reviewer while assigned and not removed for a conflict of interest.
    GRANT_APPLICATION = "grant_application"
    GRANT_CALL = "grant_call"  # a call the user's organisation administers (the directorate's officers: any)
    OPEN_GRANT_CALL = "open_grant_call"  # a published call open now to the user's organisation's kind
    OWN_GRANT_REVIEW = "own_grant_review"  # a review assigned to the user
    OWN_ORGANISATION = "own_organisation"  # an object the user's organisation registered (notices about interpreters)
    OWN_INTERPRETER = "own_interpreter"  # an interpreter's own login, on their own application
    OWN_RESIDENT = "own_resident"  # a resident's own login (Kompass one-time code), on their own registration
    LISTED_INTERPRETER = "listed_interpreter"  # an interpreter on the public list
    ADMIN_SITE = "admin_site"  # the Django admin, opened by the capability (`core.admin_site`)
    SUPERUSER = "superuser"  # admin pages left to Django's model permissions: superusers only
    NOBODY = "nobody"  # refused to everyone (reference data is never deleted from the admin)


@dataclass(frozen=True)
class RouteAccess:
    capability: Capability | None
    scope: Scope
    method: str = "GET"  # POST for routes that only take POST
    # Holders of this capability reach every object of the route (reviewers read every notice).
    wider: Capability | None = None
    # API operations: the token scope the client needs (its service user's role then decides as for people).
    token_scope: str | None = None
    # The audit log shows whom entries concern: people outside the reader's person scope, never shielded ones.
    shows_unshielded_people: bool = False


def _page(capability: Capability | None, scope: Scope = Scope.ANY, **options) -> RouteAccess:
    return RouteAccess(capability, scope, **options)


def _post(capability: Capability | None, scope: Scope = Scope.ANY, **options) -> RouteAccess:
    return RouteAccess(capability, scope, method="POST", **options)


PUBLIC = RouteAccess(None, Scope.PUBLIC)
C = Capability
SPECIAL_GRANT = Scope.SPECIAL_GRANT_OF_MUNICIPALITY

PAGES: dict[str, RouteAccess] = {
    "home": _page(None, Scope.LOGGED_IN),
    "login": _page(None, Scope.ANONYMOUS_ONLY),
    "logout": _post(None, Scope.PUBLIC),
    "set_language": _post(None, Scope.PUBLIC),
    "javascript-catalog": PUBLIC,
    "healthz": PUBLIC,
    "people:list": _page(C.VIEW_PEOPLE),
    "people:create": _page(C.EDIT_PEOPLE),
    "people:duplicates_check": _page(C.EDIT_PEOPLE),
    "people:duplicates": _page(C.MANAGE_DUPLICATES),
    "people:duplicate_model": _page(C.MANAGE_DUPLICATES),
    "people:duplicate_model_train": _post(C.MANAGE_DUPLICATES),
    # A pair opens only if the user may see both persons: the same rule as a person's own page.
    "people:duplicate_pair": _page(C.MANAGE_DUPLICATES, Scope.PERSON_IN_SCOPE),
    "people:detail": _page(C.VIEW_PEOPLE, Scope.PERSON_IN_SCOPE),
    "people:edit": _page(C.EDIT_PEOPLE, Scope.PERSON_IN_SCOPE),
    "people:relation_create": _page(C.EDIT_PEOPLE, Scope.PERSON_IN_SCOPE),
    "people:relation_delete": _post(C.EDIT_PEOPLE, Scope.PERSON_IN_SCOPE),
    # Merging duplicates: the pair comes in the query string (both must be in the person scope, else 404); a
    # merge reaches those who may see both its persons.
    "people:merge": _page(C.MANAGE_DUPLICATES),
    "people:merges": _page(C.MANAGE_DUPLICATES),
    "people:merge_detail": _page(C.MANAGE_DUPLICATES, Scope.PERSON_IN_SCOPE),
    "organisations": _page(C.VIEW_ORGANISATIONS),
    "audit:list": _page(C.VIEW_AUDIT_LOG, shows_unshielded_people=True),
    "audit:export": _page(C.VIEW_AUDIT_LOG, shows_unshielded_people=True),
    # Settlement.
    "settlement:queue": _page(C.MANAGE_SETTLEMENT_CASES),
    "settlement:case_create": _page(C.MANAGE_SETTLEMENT_CASES),
    "settlement:case": _page(None, Scope.CASE_IN_SCOPE),
    "settlement:case_action": _post(None, Scope.CASE_IN_SCOPE),
    "settlement:overview": _page(C.MANAGE_SETTLEMENT_YEAR),
    "settlement:suggestions": _page(C.MANAGE_SETTLEMENT_CASES),
    "settlement:suggestion_run": _page(C.MANAGE_SETTLEMENT_CASES),
    "settlement:suggestion_propose": _post(C.MANAGE_SETTLEMENT_CASES),
    "settlement:suggestion_cancel": _post(C.MANAGE_SETTLEMENT_CASES),
    "settlement:outcome_model": _page(C.MANAGE_OUTCOME_MODEL),
    "settlement:outcome_model_version": _page(C.MANAGE_OUTCOME_MODEL),
    "settlement:outcome_model_train": _post(C.MANAGE_OUTCOME_MODEL),
    "settlement:outcome_model_activate": _post(C.MANAGE_OUTCOME_MODEL),
    "settlement:outcome_model_deactivate": _post(C.MANAGE_OUTCOME_MODEL),
    "settlement:year_manage": _page(C.MANAGE_SETTLEMENT_YEAR),
    "settlement:year_create": _post(C.MANAGE_SETTLEMENT_YEAR),
    "settlement:year_indicators": _post(C.MANAGE_SETTLEMENT_YEAR),
    "settlement:year_compute": _post(C.MANAGE_SETTLEMENT_YEAR),
    "settlement:year_override": _post(C.MANAGE_SETTLEMENT_YEAR),
    "settlement:overdue": _page(C.MANAGE_SETTLEMENT_CASES),
    "settlement:notices_open": _page(C.MANAGE_SETTLEMENT_CASES),
    "settlement:inbox": _page(C.ANSWER_PROPOSALS),
    "settlement:accepted": _page(C.ANSWER_PROPOSALS),
    "settlement:settled": _page(C.ANSWER_PROPOSALS),
    "settlement:housing": _page(C.REGISTER_HOUSING_NOTICES),
    "settlement:housing_withdraw": _post(C.REGISTER_HOUSING_NOTICES, Scope.OWN_MUNICIPALITY),
    "settlement:decision": _page(C.ANSWER_PROPOSALS),
    "settlement:residents": _page(C.FOLLOW_RESIDENTS_SETTLEMENT),
    "competence:interview": _page(C.HOLD_SETTLEMENT_INTERVIEWS, Scope.CASE_IN_SCOPE),
    "competence:interview_interpreters": _page(C.HOLD_SETTLEMENT_INTERVIEWS),
    # The introduction register.
    "register:index": _page(C.VIEW_INTRODUCTION_REGISTER),
    "register:people": _page(C.VIEW_INTRODUCTION_REGISTER),
    "register:person": _page(C.VIEW_INTRODUCTION_REGISTER, Scope.PERSON_IN_SCOPE),
    "register:permit_create": _page(C.RECORD_REGISTER_FACTS, Scope.PERSON_IN_SCOPE),
    "register:permit_edit": _page(C.RECORD_REGISTER_FACTS, Scope.PERSON_IN_SCOPE),
    "register:move": _page(C.RECORD_REGISTER_FACTS, Scope.PERSON_IN_SCOPE),
    "register:record_create": _page(C.RECORD_INTRODUCTION_REGISTER, Scope.PERSON_IN_SCOPE),
    "register:record_edit": _page(C.RECORD_INTRODUCTION_REGISTER, Scope.PERSON_IN_SCOPE),
    "register:followup": _page(C.VIEW_INTRODUCTION_REGISTER),
    "register:outcomes": _page(C.RECORD_REGISTER_FACTS),
    # Statistics (aggregates only).
    "statistics:index": _page(C.VIEW_AGGREGATES),
    "statistics:table": _page(C.VIEW_AGGREGATES),
    "statistics:chart": _page(C.VIEW_AGGREGATES),
    "statistics:report": _page(C.VIEW_AGGREGATES),
    # Grants: what a municipality is owed (its own lines only), the runs, the rates.
    "grants:index": _page(C.VIEW_GRANTS),
    "grants:municipality": _page(C.VIEW_GRANTS, Scope.GRANTS_OF_MUNICIPALITY),
    "grants:letter": _page(C.VIEW_GRANTS, Scope.GRANTS_OF_MUNICIPALITY),
    "grants:line": _page(C.VIEW_GRANTS, Scope.GRANTS_OF_MUNICIPALITY),
    "grants:rates": _page(C.VIEW_GRANTS),
    "grants:runs": _page(C.MANAGE_GRANTS),
    "grants:run": _page(C.MANAGE_GRANTS),
    "grants:run_progress": _page(C.MANAGE_GRANTS),
    "grants:run_approve": _post(C.APPROVE_GRANTS),
    "grants:run_discard": _post(C.MANAGE_GRANTS),
    "grants:special_list": _page(C.APPLY_SPECIAL_GRANTS, wider=C.DECIDE_SPECIAL_GRANTS),
    "grants:special_create": _page(C.APPLY_SPECIAL_GRANTS),
    **{f"grants:special_{name}": _page(C.APPLY_SPECIAL_GRANTS, SPECIAL_GRANT, wider=C.DECIDE_SPECIAL_GRANTS)
       for name in ("detail", "edit", "letter", "document")},
    **{f"grants:special_{name}": _post(C.APPLY_SPECIAL_GRANTS, SPECIAL_GRANT, wider=C.DECIDE_SPECIAL_GRANTS)
       for name in ("action", "decide", "appeal", "appeal_decide", "document_add", "document_remove")},
    "grants:run_export": _post(C.MANAGE_GRANTS),
    # The interpreter register: public pages, staff pages, statistics.
    "interpreters:search": PUBLIC,
    "interpreters:profile": _page(None, Scope.LISTED_INTERPRETER),
    "interpreters:register": _page(C.MANAGE_INTERPRETER_REGISTER),
    "interpreters:entry": _page(C.MANAGE_INTERPRETER_REGISTER),
    "interpreters:evidence_revoke": _post(C.MANAGE_INTERPRETER_REGISTER),
    "interpreters:statistics": _page(C.VIEW_INTERPRETER_STATISTICS),
    "interpreters:statistics_table": _page(C.VIEW_INTERPRETER_STATISTICS),
    "interpreters:statistics_chart": _page(C.VIEW_INTERPRETER_STATISTICS),
    # Applicants: their own login, their own application.
    "interpreters:account_start": PUBLIC,
    "interpreters:account_signup": _page(None, Scope.ANONYMOUS_ONLY),
    "interpreters:account_login": _page(None, Scope.ANONYMOUS_ONLY),
    "interpreters:account_oidc": _post(None, Scope.PUBLIC),
    "interpreters:apply_overview": _page(None, Scope.OWN_INTERPRETER),
    "interpreters:apply_start": _post(None, Scope.OWN_INTERPRETER),
    "interpreters:apply_details": _page(None, Scope.OWN_INTERPRETER),
    "interpreters:apply_claim_new": _page(None, Scope.OWN_INTERPRETER),
    "interpreters:apply_claim_edit": _page(None, Scope.OWN_INTERPRETER),
    "interpreters:apply_claim_delete": _post(None, Scope.OWN_INTERPRETER),
    "interpreters:apply_document_new": _page(None, Scope.OWN_INTERPRETER),
    "interpreters:apply_document_delete": _post(None, Scope.OWN_INTERPRETER),
    "interpreters:apply_sources": _page(None, Scope.OWN_INTERPRETER),
    "interpreters:apply_submit": _post(None, Scope.OWN_INTERPRETER),
    "interpreters:apply_amend": _post(None, Scope.OWN_INTERPRETER),
    "interpreters:apply_withdraw": _post(None, Scope.OWN_INTERPRETER),
    "interpreters:apply_leave": _post(None, Scope.OWN_INTERPRETER),
    "interpreters:apply_notice": _page(None, Scope.OWN_INTERPRETER),
    "interpreters:document_download": _page(None, Scope.OWN_INTERPRETER, wider=C.REVIEW_INTERPRETER_APPLICATIONS),
    # Review and notices.
    "interpreters:review_queue": _page(C.REVIEW_INTERPRETER_APPLICATIONS),
    "interpreters:review_detail": _page(C.REVIEW_INTERPRETER_APPLICATIONS),
    "interpreters:review_claim_decide": _post(C.REVIEW_INTERPRETER_APPLICATIONS),
    "interpreters:review_conclude": _post(C.REVIEW_INTERPRETER_APPLICATIONS),
    "interpreters:notice_list": _page(C.REPORT_INTERPRETER_NOTICES, wider=C.ASSESS_INTERPRETER_NOTICES),
    "interpreters:notice_create": _page(C.REPORT_INTERPRETER_NOTICES),
    "interpreters:notice_create_for": _page(C.REPORT_INTERPRETER_NOTICES, Scope.LISTED_INTERPRETER),
    "interpreters:notice_detail": _page(C.REPORT_INTERPRETER_NOTICES, Scope.OWN_ORGANISATION,
                                        wider=C.ASSESS_INTERPRETER_NOTICES),
    "interpreters:notice_transition": _post(C.REPORT_INTERPRETER_NOTICES, Scope.OWN_ORGANISATION,
                                            wider=C.ASSESS_INTERPRETER_NOTICES),
    # KomBo (selection missions): the directorate's settlement caseworkers, who also register the cases it creates.
    "competence:missions": _page(C.MANAGE_SETTLEMENT_CASES),
    "competence:mission": _page(C.MANAGE_SETTLEMENT_CASES),
    "competence:mission_kit": _page(C.MANAGE_SETTLEMENT_CASES),
    "competence:mission_kit_worker": _page(C.MANAGE_SETTLEMENT_CASES),
    "competence:mission_kit_form": _page(C.MANAGE_SETTLEMENT_CASES),
    "competence:mission_upload": _page(C.MANAGE_SETTLEMENT_CASES),
    "competence:mission_batch": _page(C.MANAGE_SETTLEMENT_CASES),
    "competence:mission_record": _page(C.MANAGE_SETTLEMENT_CASES),
    # The APIs' own pages: their OpenAPI documents and documentation are public; the operations are below.
    "api:openapi-json": PUBLIC,
    "api:openapi-view": PUBLIC,
    "api:api-root": PUBLIC,
    "ws4:openapi-json": PUBLIC,
    "ws4:openapi-view": PUBLIC,
    "ws4:api-root": PUBLIC,
    "^api/": PUBLIC,  # any other /api/ path: a 404 problem
    # Kompass: residents log in with a one-time code and reach only their own registration; staff beside them.
    "competence:resident_start": PUBLIC,
    "competence:resident_overview": _page(None, Scope.OWN_RESIDENT),
    "competence:resident_section": _page(None, Scope.OWN_RESIDENT),
    "competence:resident_summary": _page(None, Scope.OWN_RESIDENT),
    "competence:resident_summary_pdf": _page(None, Scope.OWN_RESIDENT),
    "competence:occupation_search": PUBLIC,  # the STYRK-08 code list
    "competence:staff_residents": _page(C.MANAGE_COMPETENCE_REGISTRATIONS),
    "competence:staff_issue_code": _post(C.MANAGE_COMPETENCE_REGISTRATIONS, Scope.PERSON_IN_SCOPE),
    "competence:staff_registration": _page(C.MANAGE_COMPETENCE_REGISTRATIONS, Scope.PERSON_IN_SCOPE),
    "competence:staff_registration_pdf": _page(C.MANAGE_COMPETENCE_REGISTRATIONS, Scope.PERSON_IN_SCOPE),
    "competence:staff_registration_xlsx": _page(C.MANAGE_COMPETENCE_REGISTRATIONS, Scope.PERSON_IN_SCOPE),
}

# The Django admin: the site's own pages, then five pages per model (and the redirect of an object's bare URL).
ADMIN_SITE = RouteAccess(C.ADMINISTER_USERS, Scope.ADMIN_SITE)
ADMIN_PAGES: dict[str, RouteAccess] = {
    "admin:login": PUBLIC,
    "admin:logout": _post(None, Scope.PUBLIC),
    "admin:index": ADMIN_SITE,
    "admin:app_list": ADMIN_SITE,
    "admin:password_change": ADMIN_SITE,
    "admin:password_change_done": ADMIN_SITE,
    "admin:autocomplete": ADMIN_SITE,
    "admin:jsi18n": ADMIN_SITE,
    # No model has a page of its own (get_absolute_url), so the admin's shortcut to it finds nothing for anyone.
    "admin:view_on_site": RouteAccess(None, Scope.NOBODY),
    "admin/(?P<url>.*)$": ADMIN_SITE,
    "admin:auth_user_password_change": ADMIN_SITE,
}
# Models whose ModelAdmin opens by the capability (`core.admin_site.CapabilityAdminMixin`), with the pages it
# refuses to everyone: reference data and organisations are never deleted here (a deletion would list, and
# cascade to, the people linked to them), API clients are issued by the command and never deleted.
ADMIN_MODELS: dict[str, frozenset[str]] = {
    "core/county": frozenset({"delete"}),
    "core/municipality": frozenset({"delete"}),
    "core/organisation": frozenset({"delete"}),
    "core/user": frozenset({"delete"}),  # deactivated instead: the audit log keeps naming them
    "core/apiclient": frozenset({"add", "delete"}),
}
# Models registered by Django and third-party apps, left to Django's model permissions (no role grants them).
SUPERUSER_ADMIN_MODELS = ["auth/group", "axes/accessattempt", "axes/accesslog", "axes/accessfailurelog",
                          "django_tasks_database/dbtaskresult"]
ADMIN_MODEL_PAGES = ("changelist", "add", "history", "delete", "change")


def _admin_model_routes() -> dict[str, RouteAccess]:
    routes = {}
    superuser = RouteAccess(None, Scope.SUPERUSER)
    for model, refused in ADMIN_MODELS.items():
        for page in ADMIN_MODEL_PAGES:
            routes[f"admin:{model.replace('/', '_')}_{page}"] = RouteAccess(None, Scope.NOBODY) if page in refused \
                else ADMIN_SITE
        routes[f"admin/{model}/<path:object_id>/"] = ADMIN_SITE  # redirects to the change page
    for model in SUPERUSER_ADMIN_MODELS:
        for page in ADMIN_MODEL_PAGES:
            routes[f"admin:{model.replace('/', '_')}_{page}"] = superuser
        routes[f"admin/{model}/<path:object_id>/"] = ADMIN_SITE  # the redirect: the change page decides
    return routes


# API operations, "METHOD path" as in the OpenAPI documents. The settlement API's client acts as its
# municipality's caseworker (`core.api_scopes.CLIENT_ROLES`); WS4 reaches its client's municipalities.
SETTLEMENT_API = "/api/v1/settlement"
WS4_API = "/api/ws4/v1"
API_OPERATIONS: dict[str, RouteAccess] = {
    f"GET {SETTLEMENT_API}/proposals": _page(C.ANSWER_PROPOSALS, token_scope="settlement:read"),
    f"GET {SETTLEMENT_API}/proposals/{{case_id}}": _page(C.ANSWER_PROPOSALS, Scope.CASE_IN_SCOPE,
                                                        token_scope="settlement:read"),
    f"POST {SETTLEMENT_API}/proposals/{{case_id}}/accept": _post(C.ANSWER_PROPOSALS, Scope.CASE_IN_SCOPE,
                                                                token_scope="settlement:answer"),
    f"POST {SETTLEMENT_API}/proposals/{{case_id}}/decline": _post(C.ANSWER_PROPOSALS, Scope.CASE_IN_SCOPE,
                                                                 token_scope="settlement:answer"),
    f"GET {SETTLEMENT_API}/capacity": _page(C.ANSWER_PROPOSALS, token_scope="settlement:read"),
    f"GET {SETTLEMENT_API}/housing-notices": _page(C.REGISTER_HOUSING_NOTICES, token_scope="settlement:housing"),
    f"POST {SETTLEMENT_API}/housing-notices": _post(C.REGISTER_HOUSING_NOTICES, token_scope="settlement:housing"),
    f"POST {SETTLEMENT_API}/housing-notices/{{notice_id}}/withdraw": _post(
        C.REGISTER_HOUSING_NOTICES, Scope.OWN_MUNICIPALITY, token_scope="settlement:housing"),
    # Grants: the client's own municipality's lines and totals (`grants.selectors.paid.own_municipality`).
    "GET /api/v1/grants/lines": _page(C.VIEW_GRANTS, token_scope="grants:read"),
    "GET /api/v1/grants/runs": _page(C.VIEW_GRANTS, token_scope="grants:read"),
    "GET /api/v1/interpreters/": PUBLIC,
    "GET /api/v1/interpreters/languages": PUBLIC,
    "GET /api/v1/interpreters/categories": PUBLIC,
    "GET /api/v1/interpreters/{interpreter_id}": _page(None, Scope.LISTED_INTERPRETER),
    # WS4 checks the client's municipalities itself (`core.models.ApiClient.may_act_for`), not a capability.
    f"GET {WS4_API}/records": _page(None, token_scope="ws4:read"),
    **{
        f"POST {WS4_API}/{path}{suffix}": _post(None, token_scope="ws4:write")
        for path in ("participations", "training-periods", "hours", "absences", "exemptions", "test-results")
        for suffix in ("", "/batch")
    },
}

# The application-based schemes (issue 16), one table per part of the grants app (`grants/urls_*.py`).
# The applicant's portal: open calls, own applications, drafts, documents, grant letters, appeals, reports.
SCHEME_PORTAL_PAGES: dict[str, RouteAccess] = {
    "grants:portal": _page(C.APPLY_FOR_GRANTS),
    "grants:applicant_signup": _page(None, Scope.ANONYMOUS_ONLY),
    "grants:portal_call": _page(C.APPLY_FOR_GRANTS, Scope.OPEN_GRANT_CALL),
    "grants:application_new": _post(C.APPLY_FOR_GRANTS, Scope.OPEN_GRANT_CALL),
    "grants:application": _page(None, Scope.GRANT_APPLICATION),
    "grants:application_edit": _page(C.APPLY_FOR_GRANTS, Scope.GRANT_APPLICATION),
    "grants:application_document_add": _post(C.APPLY_FOR_GRANTS, Scope.GRANT_APPLICATION),
    "grants:application_document_remove": _post(C.APPLY_FOR_GRANTS, Scope.GRANT_APPLICATION),
    "grants:application_document": _page(None, Scope.GRANT_APPLICATION),
    "grants:application_action": _post(C.APPLY_FOR_GRANTS, Scope.GRANT_APPLICATION),
    "grants:application_appeal": _page(C.APPLY_FOR_GRANTS, Scope.GRANT_APPLICATION),
}

# Administration and review: schemes, calls, delegation, eligibility, reviewers, ranking, proposal, decisions,
# letters, appeals.
SCHEME_ADMIN_PAGES: dict[str, RouteAccess] = {
    "grants:schemes": _page(C.ADMINISTER_GRANT_SCHEMES),
    "grants:scheme": _page(C.ADMINISTER_GRANT_SCHEMES),
    "grants:delegations": _page(C.ADMINISTER_GRANT_SCHEMES),  # directorate writes; municipalities read their own
    "grants:appeals": _page(C.ADMINISTER_GRANT_SCHEMES),
    "grants:call_new": _page(C.ADMINISTER_GRANT_SCHEMES),
    "grants:call": _page(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_CALL),
    "grants:call_edit": _page(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_CALL),
    "grants:call_start_review": _post(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_CALL),
    "grants:call_assign": _post(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_CALL),
    "grants:call_ranking": _page(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_CALL),
    "grants:call_proposal": _post(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_CALL),
    "grants:application_case": _page(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_APPLICATION),
    "grants:application_start_review": _post(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_APPLICATION),
    "grants:application_assign": _post(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_APPLICATION),
    "grants:application_decide": _post(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_APPLICATION),
    "grants:application_appeal_decide": _post(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_APPLICATION),
    "grants:application_prize_decide": _post(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_APPLICATION),
    # The applicant's and the officers' (a reviewer's too while assigned): the letter of a decided application.
    "grants:application_letter": _page(None, Scope.GRANT_APPLICATION),
    "grants:reviews": _page(C.REVIEW_GRANT_APPLICATIONS),
    "grants:review": _page(C.REVIEW_GRANT_APPLICATIONS, Scope.OWN_GRANT_REVIEW),
    "grants:review_declare": _post(C.REVIEW_GRANT_APPLICATIONS, Scope.OWN_GRANT_REVIEW),
}

# Follow-up: payments (four eyes), repayment claims, reports and reminders, control samples, exports.
SCHEME_FOLLOWUP_PAGES: dict[str, RouteAccess] = {
    "grants:payments": _page(C.ADMINISTER_GRANT_SCHEMES),
    "grants:payment_prepare": _post(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_APPLICATION),
    "grants:payment_approve": _post(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_APPLICATION),
    "grants:followup": _page(None, Scope.GRANT_APPLICATION),
    "grants:repayment_new": _page(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_APPLICATION),
    "grants:repayment_settle": _post(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_APPLICATION),
    "grants:reports": _page(C.ADMINISTER_GRANT_SCHEMES),
    "grants:report": _page(None, Scope.GRANT_APPLICATION),
    "grants:report_review": _post(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_APPLICATION),
    "grants:control": _page(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_CALL),
    "grants:control_sample": _page(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_CALL),
    "grants:control_finding": _post(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_CALL),
    "grants:scheme_export": _page(C.ADMINISTER_GRANT_SCHEMES, Scope.GRANT_CALL),
}

# Public pages: calls and schemes, prize nominations without a login.
SCHEME_PUBLIC_PAGES: dict[str, RouteAccess] = {
    # The schemes and open calls are published; a prize nomination (GET the form, POST it) needs no login.
    "grants:public_calls": PUBLIC,
    "grants:nominate": PUBLIC,
}

ROUTE_ACCESS: dict[str, RouteAccess] = {**PAGES, **ADMIN_PAGES, **_admin_model_routes(), **API_OPERATIONS,
                                        **SCHEME_PORTAL_PAGES, **SCHEME_ADMIN_PAGES, **SCHEME_FOLLOWUP_PAGES,
                                        **SCHEME_PUBLIC_PAGES}
