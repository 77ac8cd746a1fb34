from tests.api_helpers import JsonApi, assert_problem

__all__ = ["Api", "assert_problem"]


class Api(JsonApi):
    """The test client speaking to /api/v1/settlement with one token (or none)."""

    base = "/api/v1/settlement"
