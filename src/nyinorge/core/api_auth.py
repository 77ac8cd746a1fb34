"""Bearer-token authentication for the JSON APIs, one scope per endpoint."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from nyinorge.core.models import ApiClient
from nyinorge.core.services.api_clients import api_client_authenticate


class ApiToken(HttpBearer):
    """An API client's token that carries `scope`; the client's service user becomes request.user."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        client = api_client_authenticate(token=token.strip())
        if client is None:
            return None
        if not client.has_scope(self.scope):
            raise AuthorizationError(message=_("This token does not have the scope %(scope)s.") % {"scope": self.scope})
        request.user = client.user
        return client
