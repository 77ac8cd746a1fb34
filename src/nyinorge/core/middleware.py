"""Request ids (one per request, on the response, in the logs and in every audit entry), and no caching of
responses with personal data."""

import logging
import re
import uuid
from contextvars import ContextVar

from django.utils.cache import add_never_cache_headers

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")

# A proxy's id is reused only when it is short and plain, so it cannot inject into logs.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(self.header, "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[self.header] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get() or "-"
        return True


class NoStoreMiddleware:
    """No cache, the browser's own included, keeps a page, an API answer or a download with personal data.

    Whatever a signed-in user or an API client sees may hold personal data, as does every file served as an
    attachment (exports, reports, applicants' documents); on a shared computer the back button or the disk
    cache would show it to the next person. Public pages and static files stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        personal = (
            (user is not None and user.is_authenticated)
            or "HTTP_AUTHORIZATION" in request.META
            or response.get("Content-Disposition", "").startswith("attachment")
        )
        if personal:
            add_never_cache_headers(response)
        return response
