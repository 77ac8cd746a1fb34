"""RFC 9457 problem details for the JSON APIs: one schema, one response helper, and the exception
handlers that turn the permission layer's and the services' exceptions into problems."""

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Status codes every endpoint may answer with a problem, for the OpenAPI responses.
PROBLEM_STATUSES = frozenset({400, 401, 403, 404, 409, 413, 422, 500})


class Problem(Schema):
    type: str = "about:blank"
    title: str
    status: int
    detail: str = ""
    instance: str = ""
    errors: dict[str, list[str]] | None = None


class Conflict(Exception):
    """The request is valid but the resource's current state does not allow it (409)."""


class BadRequest(Exception):
    """A parameter the server cannot make sense of at all, such as a cursor it never issued (400)."""

    def __init__(self, detail: str, *, errors: dict[str, list[str]] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.errors = errors


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Authentication required"),
        403: _("Forbidden"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("Request body too large"),
        422: _("Invalid input"),
        429: _("Too many requests"),
        500: _("Internal server error"),
    }


def problem_response(
    request: HttpRequest,
    *,
    status: int,
    detail: str = "",
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    """A problem-details response for a status, naming the request path as the instance."""
    body = {
        "type": "about:blank",
        "title": _titles().get(status) or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE,
                            json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


@csrf_exempt  # API clients send no CSRF token: an unknown path is a 404 for POST too, not the HTML CSRF 403
def problem_not_found(request: HttpRequest, *args, **kwargs) -> JsonResponse:
    """For paths under an API prefix that no endpoint answers: a problem, not the HTML 404 page."""
    return problem_response(request, status=404, detail=_("No such resource, or not one you have access to."))


def validation_errors(error: ValidationError) -> tuple[str, dict[str, list[str]]]:
    """(detail, {field: messages}) from a Django ValidationError; errors without a field go in the detail."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages), {}
    fields = {field: list(messages) for field, messages in error.message_dict.items() if field != "__all__"}
    general = " ".join(error.message_dict.get("__all__", []))
    return general or _("The request has invalid values."), fields


def _request_field(location: tuple) -> str:
    # ninja's locations are (source, param, field...) for bodies and (source, field) for query and path.
    parts = [str(part) for part in location]
    if parts and parts[0] == "body" and len(parts) > 2:
        parts = parts[2:]
    elif parts and parts[0] in ("body", "query", "path", "header", "cookie", "form"):
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def request_validation_errors(error: RequestValidationError) -> dict[str, list[str]]:
    """{field: messages} from ninja's request validation error."""
    fields: dict[str, list[str]] = {}
    for item in error.errors:
        message = _("This field is required.") if item.get("type") == "missing" else str(item.get("msg", ""))
        fields.setdefault(_request_field(tuple(item.get("loc", ()))), []).append(message)
    return fields


class ProblemsAPI(NinjaAPI):
    """A NinjaAPI whose OpenAPI schema declares error responses as application/problem+json."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        response["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}
        return schema


def problems_install(api: NinjaAPI, *, conflicts: tuple[type[Exception], ...] = ()) -> None:
    """Answer every error of this API as a problem; `conflicts` are exceptions that mean 409."""

    def authentication(request, exc):
        return problem_response(request, status=401, headers={"WWW-Authenticate": "Bearer"},
                                detail=_("Send a valid, unrevoked API token as “Authorization: Bearer <token>”."))

    def forbidden(request, exc):
        return problem_response(request, status=403, detail=str(exc) or _("You do not have access to this."))

    def not_found(request, exc):
        return problem_response(request, status=404, detail=str(exc) or _("No such resource, or not one you have access to."))

    def conflict(request, exc):
        detail, fields = validation_errors(exc) if isinstance(exc, ValidationError) else (str(exc), {})
        return problem_response(request, status=409, detail=detail, errors=fields or None)

    def invalid(request, exc):
        detail, fields = validation_errors(exc)
        return problem_response(request, status=422, detail=detail, errors=fields)

    def invalid_request(request, exc):
        if exc.errors and all(tuple(item.get("loc", ()))[:1] == ("path",) for item in exc.errors):
            # A path that is not an id (or one no database row can have) names no resource.
            return not_found(request, Http404())
        return problem_response(request, status=422, detail=_("The request has invalid values."),
                                errors=request_validation_errors(exc))

    def bad_request(request, exc):
        return problem_response(request, status=400, detail=exc.detail, errors=exc.errors)

    def too_big(request, exc):
        return problem_response(request, status=413, detail=_("The request body is too large."))

    def http_error(request, exc):
        if exc.status_code == 400:
            detail = _("The request body could not be read; send valid JSON.")
        else:
            detail = ""
        return problem_response(request, status=exc.status_code, detail=detail)

    def unexpected(request, exc):
        logger.exception("Unhandled error in the API", exc_info=exc)
        return problem_response(request, status=500, detail=_("Something went wrong on our side; it has been logged."))

    api.add_exception_handler(AuthenticationError, authentication)
    api.add_exception_handler(AuthorizationError, forbidden)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(ValidationError, invalid)
    api.add_exception_handler(RequestValidationError, invalid_request)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Conflict, conflict)
    api.add_exception_handler(BadRequest, bad_request)
    api.add_exception_handler(RequestDataTooBig, too_big)
    for exception in conflicts:
        api.add_exception_handler(exception, conflict)
    api.add_exception_handler(Exception, unexpected)
