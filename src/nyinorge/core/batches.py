"""Batches of records in one API request: each record is carried out in its own savepoint, so one bad
record fails alone (with a problem-details error naming it) and every valid record is kept.

The caller passes the records and a function that carries one out and says what happened; this module
turns the outcome, or the exception that refused the record, into the per-record result.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from nyinorge.core.problems import validation_errors

logger = logging.getLogger(__name__)

MAX_BATCH_SIZE = 1000

Record = TypeVar("Record")


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FAILED = "failed"


class RecordRefused(Exception):
    """A record that cannot be carried out: its status (403, 404, 409, 422), why, and the fields at fault."""

    def __init__(self, detail: str, *, status: int = 422, errors: dict[str, list[str]] | None = None):
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.errors = errors or {}


@dataclass
class RecordResult:
    index: int
    client_ref: str
    status: Outcome
    id: int | None = None
    error: dict | None = None


@dataclass
class BatchResult:
    results: list[RecordResult] = field(default_factory=list)

    def count(self, status: Outcome) -> int:
        return sum(1 for result in self.results if result.status == status)

    def as_dict(self) -> dict:
        """The response body: counts per outcome and one result per record, in the order sent."""
        return {
            "received": len(self.results),
            **{outcome.value: self.count(outcome) for outcome in Outcome},
            "results": [
                {"index": r.index, "client_ref": r.client_ref, "status": r.status.value, "id": r.id, "error": r.error}
                for r in self.results
            ],
        }


def _titles() -> dict[int, str]:
    return {403: _("Forbidden"), 404: _("Not found"), 409: _("Conflict"), 422: _("Invalid input"),
            500: _("Internal server error")}


def record_problem(*, instance: str, index: int, client_ref: str, status: int, detail: str,
                   errors: dict[str, list[str]] | None = None) -> dict:
    """An RFC 9457 problem for one record; the detail begins with the record's position and client_ref."""
    named = _("Record %(index)d (client_ref “%(client_ref)s”): %(detail)s") % {
        "index": index, "client_ref": client_ref, "detail": detail}
    problem = {"type": "about:blank", "title": _titles().get(status, ""), "status": status, "detail": named,
               "instance": f"{instance}#/records/{index}"}
    if errors:
        problem["errors"] = errors
    return problem


def refusal_result(*, index: int, client_ref: str, instance: str, error: Exception) -> RecordResult | None:
    """The failed result for an exception that refuses a record, or None for an exception that is a bug."""
    def failed(status: int, detail: str, errors: dict[str, list[str]] | None = None) -> RecordResult:
        return RecordResult(index=index, client_ref=client_ref, status=Outcome.FAILED, error=record_problem(
            instance=instance, index=index, client_ref=client_ref, status=status, detail=detail, errors=errors))

    if isinstance(error, RecordRefused):
        return failed(error.status, error.detail, error.errors)
    if isinstance(error, ValidationError):
        detail, errors = validation_errors(error)
        return failed(422, detail, errors)
    if isinstance(error, PermissionDenied):
        return failed(403, str(error) or _("You do not have access to this."))
    if isinstance(error, DatabaseError):
        # The savepoint is rolled back, so the batch goes on; the record fails rather than the request.
        logger.error("Database error in record %d of a batch", index, exc_info=error)
        return failed(500, _("Something went wrong on our side; it has been logged. Send the record again later."))
    return None


def batch_run(
    records: Sequence[Record],
    *,
    instance: str,
    client_ref: Callable[[Record], str],
    carry_out: Callable[[int, Record], tuple[Outcome, int | None]],
    indexes: Sequence[int] | None = None,
) -> BatchResult:
    """Carry out each record in its own savepoint and collect one result per record (see the module).

    `indexes` are the records' positions in the request when they are a part of it (default 0, 1, …).
    """
    batch = BatchResult()
    first_index: dict[str, int] = {}
    for position, record in enumerate(records):
        index = indexes[position] if indexes is not None else position
        ref = client_ref(record)
        if ref in first_index:
            batch.results.append(refusal_result(index=index, client_ref=ref, instance=instance, error=RecordRefused(
                _("the same client_ref is already record %(first)d of this batch; send each record once.")
                % {"first": first_index[ref]}, status=409)))
            continue
        first_index[ref] = index
        try:
            with transaction.atomic():
                outcome, record_id = carry_out(index, record)
        except Exception as error:
            result = refusal_result(index=index, client_ref=ref, instance=instance, error=error)
            if result is None:
                raise
            batch.results.append(result)
        else:
            batch.results.append(RecordResult(index=index, client_ref=ref, status=outcome, id=record_id))
    return batch
