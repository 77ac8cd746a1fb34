import json
import uuid

from django.test import Client

BASE = "/api/ws4/v1"


class Ws4:
    """The test client speaking to /api/ws4/v1 with one token (or none)."""

    def __init__(self, token: str | None):
        # CSRF checks on: token-authenticated calls must not need a CSRF token.
        self.client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params):
        return self.client.get(f"{BASE}{path}", params, headers=self.headers)

    def post(self, path: str, body=None, *, key: str | None = "new", raw: str | None = None):
        """POST JSON with an Idempotency-Key: a fresh one by default, the given one, or none (key=None)."""
        headers = dict(self.headers)
        if key is not None:
            headers["Idempotency-Key"] = str(uuid.uuid4()) if key == "new" else key
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(f"{BASE}{path}", data, content_type="application/json", headers=headers)


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["type"] == "about:blank"
    assert body["instance"] == response.wsgi_request.path
    return body


def hours(person, ref: str = "h-1", month: str = "2019-03-01", hours: str = "12.5", **extra) -> dict:
    """A monthly-hours record for the person (by fødselsnummer)."""
    return {"client_ref": ref, "person": {"national_id": person.national_id}, "month": month,
            "hours_type": "norwegian", "hours": hours, **extra}
