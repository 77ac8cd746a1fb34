"""Idempotent API writes (after the IETF draft "The Idempotency-Key HTTP Header Field").

A client sends `Idempotency-Key: <unique string>` with every write. The first request with a key is carried
out and its response stored with the key, in the same transaction; a retry with the same key and the same
request gets the stored response again (marked `Idempotent-Replayed: true`) and changes nothing; the same key
with another request is refused (422). Keys are per client and kept for `KEY_LIFETIME` (24 hours): after
that the key may be used again, and `nyinorge purge_idempotency_keys` (run daily) deletes expired ones.

Concurrent requests with the same key are serialised by the unique constraint on (client, key): the second
insert waits until the first transaction ends, then either replays its response (committed) or carries
the request out itself (the first failed and rolled back). A failed request stores nothing, so a retry
after an error is carried out afresh.
"""

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.models import ApiClient, IdempotencyKey

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
KEY_LIFETIME = datetime.timedelta(hours=24)
# Printable ASCII without spaces, as in the examples of the draft (UUIDs, ULIDs, random strings).
KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"


class IdempotencyKeyReused(Exception):
    """The key was used before, within its lifetime, for a different request."""

    def __init__(self, key: str):
        super().__init__(_("The Idempotency-Key %(key)s was already used for a different request; use a new key "
                           "for a new request, and the same key only to retry the same request.") % {"key": key})


@dataclass(frozen=True)
class IdempotentResult:
    status: int
    body: object
    replayed: bool


def request_fingerprint(*, method: str, path: str, body: object) -> str:
    """SHA-256 of the method, path and canonical JSON of the body (key order and spacing do not matter)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{method.upper()} {path}\n{canonical}".encode()).hexdigest()


def idempotent_call(
    *, client: ApiClient, key: str, fingerprint: str, perform: Callable[[], tuple[int, object]]
) -> IdempotentResult:
    """Carry `perform` out once per (client, key) and store its (status, JSON body); replay it on a retry."""
    now = timezone.now()
    with transaction.atomic():
        row = _claim(client=client, key=key, fingerprint=fingerprint, now=now)
        if row.status_code is not None:  # an earlier request's row
            if row.request_hash != fingerprint:
                raise IdempotencyKeyReused(key)
            return IdempotentResult(status=row.status_code, body=row.response_body, replayed=True)
        status, body = perform()
        row.status_code, row.response_body = status, body
        row.save(update_fields=["status_code", "response_body"])
    return IdempotentResult(status=status, body=body, replayed=False)


def _claim(*, client: ApiClient, key: str, fingerprint: str, now: datetime.datetime) -> IdempotencyKey:
    """Our own new (uncommitted) row for the key, or the committed row of an earlier request with it."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(client=client, key=key, request_hash=fingerprint,
                                                     expires_at=now + KEY_LIFETIME)
        except IntegrityError:
            # Another request holds or held the key: its transaction has ended by now (the insert waited).
            existing = IdempotencyKey.objects.select_for_update().filter(client=client, key=key).first()
            if existing is None:  # deleted as expired in between; try the insert again
                continue
            if existing.expires_at > now:
                return existing
            existing.delete()  # expired: the key is free for a new request
    raise IdempotencyKeyReused(key)  # pragma: no cover - lost three races in a row for one key


def idempotent_json_response(
    request: HttpRequest, *, client: ApiClient, key: str, body: object, perform: Callable[[], tuple[int, object]]
) -> JsonResponse:
    """The JSON response of `perform`, carried out once per Idempotency-Key of the client (see the module)."""
    fingerprint = request_fingerprint(method=request.method or "", path=request.path, body=body)
    result = idempotent_call(client=client, key=key, fingerprint=fingerprint, perform=perform)
    response = JsonResponse(result.body, status=result.status, safe=False, json_dumps_params={"ensure_ascii": False})
    if result.replayed:
        response[REPLAYED_HEADER] = "true"
    return response


def idempotency_keys_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete the keys whose lifetime has passed; returns how many."""
    deleted, _per_model = IdempotencyKey.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
