"""The JSON APIs (django-ninja) for machine clients, mounted at /api/: OpenAPI at /api/openapi.json,
documentation at /api/docs; each module adds its versioned router here. WS4, the introduction register's
web service for municipal systems, is its own versioned API at /api/ws4/v1/ (with its own OpenAPI document
for the case-system vendors that integrate against it)."""

from django.core.exceptions import RequestDataTooBig
from django.utils.translation import gettext as _

from nyinorge.core.idempotency import IdempotencyKeyReused
from nyinorge.core.problems import ProblemsAPI, problem_response, problems_install
from nyinorge.core.workflow import IllegalTransition
from nyinorge.interpreters.api import router as interpreters_router
from nyinorge.register.api import router as ws4_router
from nyinorge.register.api.endpoints import RecordRejected
from nyinorge.register.api.schemas import record_refs_resolve
from nyinorge.register.errors import RegisterValidationError
from nyinorge.settlement.api import router as settlement_router
from nyinorge.settlement.services.cases import QuotaExceeded

api = ProblemsAPI(
    title="nyinorge API",
    version="1",
    description="For municipal systems and, without a token, the public interpreter register (/v1/interpreters/). "
    "Authenticate with an organisation's API token: `Authorization: Bearer <token>`. "
    "Errors are RFC 9457 problem details (application/problem+json).",
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api",
)
problems_install(api, conflicts=(QuotaExceeded, IllegalTransition))
api.add_router("/v1/settlement/", settlement_router)
api.add_router("/v1/interpreters/", interpreters_router)


class Ws4API(ProblemsAPI):
    """WS4's document shows each batch item as its record schema (the items are validated one by one)."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        schema["paths"] = record_refs_resolve(schema["paths"])
        schema["components"] = record_refs_resolve(schema["components"])
        return schema


ws4_api = Ws4API(
    title="nyinorge WS4 – introduction register",
    version="1",
    description="For municipal case systems and their vendors: programme participation, Norwegian training, hours, "
    "absences, exemptions and test results, one by one or in batches of up to 1,000, and reconciliation. "
    "Authenticate with the client's API token (`Authorization: Bearer <token>`, scopes ws4:write and ws4:read) and "
    "send an `Idempotency-Key` header with every write. Errors are RFC 9457 problem details "
    "(application/problem+json); a batch answers per record.",
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="ws4",
)
problems_install(ws4_api)


@ws4_api.exception_handler(RegisterValidationError)
def _register_invalid(request, exc):
    return problem_response(request, status=422, detail=_("The request has invalid values."), errors=exc.field_errors)


@ws4_api.exception_handler(RecordRejected)
def _record_rejected(request, exc):
    problem = exc.problem
    return problem_response(request, status=problem["status"], detail=problem["detail"], errors=problem.get("errors"))


@ws4_api.exception_handler(IdempotencyKeyReused)
def _key_reused(request, exc):
    return problem_response(request, status=422, detail=str(exc), errors={"Idempotency-Key": [str(exc)]})


@ws4_api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return problem_response(request, status=413, detail=_("The request body is too large; send at most 1,000 "
                                                          "records per batch."))


ws4_api.add_router("/", ws4_router)
