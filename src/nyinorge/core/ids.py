"""Database ids in URLs and API parameters: anything a bigint cannot hold names no row, so it is a 404.

Pages use the `id` path converter (`<id:case_id>`), API paths the `PathId` type; both refuse numbers at or
above 2^63 before they reach a query, where PostgreSQL would fail on them.
"""

from typing import Annotated

from pydantic import Field

MAX_DATABASE_ID = 2**63 - 1


class DatabaseIdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_DATABASE_ID:
            raise ValueError("beyond bigint")  # the URL does not match: a 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def is_database_id(value: object) -> bool:
    return isinstance(value, int) and 0 < value <= MAX_DATABASE_ID


PathId = Annotated[int, Field(ge=1, le=MAX_DATABASE_ID)]
