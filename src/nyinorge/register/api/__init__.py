"""WS4, the introduction register's API for municipal systems, at /api/ws4/v1/ (OpenAPI at
/api/ws4/v1/openapi.json): upserts of each record kind, singly and in batches of up to 1,000, with an
Idempotency-Key on every write, and the reconciliation feed. Thin: the rules are in the services."""

from nyinorge.register.api.endpoints import router

__all__ = ["router"]
