"""The test client for the JSON APIs and the problem-details check, shared by every API's tests."""

import json

from django.test import Client


class JsonApi:
    """The test client speaking to one API under `base` with one token (or none)."""

    base = ""

    def __init__(self, token: str | None):
        # CSRF checks on: token-authenticated calls must not need a CSRF token.
        self.client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params):
        return self.client.get(f"{self.base}{path}", params, headers=self.headers)

    def post(self, path: str, body=None, raw: str | None = None, *, headers: dict[str, str] | None = None):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(f"{self.base}{path}", data, content_type="application/json",
                                headers={**self.headers, **(headers or {})})


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"] == "about:blank"
    assert body["instance"] == response.wsgi_request.path
    return body
