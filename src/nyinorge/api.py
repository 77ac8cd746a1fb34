"""The one JSON API (django-ninja) for machine clients, mounted at /api/: OpenAPI at /api/openapi.json,
documentation at /api/docs. Each module adds its versioned router here."""

from nyinorge.core.problems import ProblemsAPI, problems_install
from nyinorge.interpreters.api import router as interpreters_router
from nyinorge.settlement.api import router as settlement_router
from nyinorge.settlement.services.cases import IllegalTransition, QuotaExceeded

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
