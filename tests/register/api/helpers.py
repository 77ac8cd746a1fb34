import uuid

from tests.api_helpers import JsonApi, assert_problem

__all__ = ["BASE", "Ws4", "assert_problem", "hours"]

BASE = "/api/ws4/v1"


class Ws4(JsonApi):
    """The test client speaking to /api/ws4/v1 with one token (or none)."""

    base = BASE

    def post(self, path: str, body=None, *, key: str | None = "new", raw: str | None = None):
        """POST JSON with an Idempotency-Key: a fresh one by default, the given one, or none (key=None)."""
        headers = {} if key is None else {"Idempotency-Key": str(uuid.uuid4()) if key == "new" else key}
        return super().post(path, body, raw, headers=headers)


def hours(person, ref: str = "h-1", month: str = "2019-03-01", hours: str = "12.5", **extra) -> dict:
    """A monthly-hours record for the person (by fødselsnummer)."""
    return {"client_ref": ref, "person": {"national_id": person.national_id}, "month": month,
            "hours_type": "norwegian", "hours": hours, **extra}
