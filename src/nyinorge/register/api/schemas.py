"""WS4 request and response bodies. Field names are the register's; choices are the register's codes."""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import WithJsonSchema, model_validator

from nyinorge.core.batches import MAX_BATCH_SIZE
from nyinorge.core.dates import SaneDate
from nyinorge.core.problems import Problem
from nyinorge.register.models import (
    AbsenceReason, ExemptionReason, ExemptionScope, HoursType, InterruptionReason, PlanElementKind, ProgrammeOutcome,
    TestKind, TestLevel, TrainingEndReason, TrainingKind,
)

# Printable text without control characters, and no space at either end.
CLIENT_REF_PATTERN = r"^[^\s\x00-\x1f\x7f]([^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f])?$"
CLIENT_REF = Field(min_length=1, max_length=100, pattern=CLIENT_REF_PATTERN,
                   description="Your system's own id for the record: the key a later upsert finds it by.")


class PersonRef(Schema):
    """Whom the record concerns: a fødselsnummer or D number, or else a DUF number."""

    national_id: str | None = Field(None, pattern=r"^\d{11}$", description="Fødselsnummer or D number, 11 digits.")
    duf_number: str | None = Field(None, pattern=r"^\d{12}$",
                                   description="DUF number, 12 digits, for a person without a national identity number.")

    @model_validator(mode="after")
    def exactly_one_identifier(self) -> "PersonRef":
        if (self.national_id is None) == (self.duf_number is None):
            raise ValueError(_("Give exactly one of national_id and duf_number."))
        return self


class RecordIn(Schema):
    client_ref: str = CLIENT_REF
    person: PersonRef
    municipality: str | None = Field(
        None, pattern=r"^\d{4}$",
        description="The municipality the record is written for (four digits); may be left out when the client "
                    "acts for one municipality only. The person must live there on the record's dates.")


class InterruptionIn(Schema):
    start: SaneDate
    end: SaneDate | None = None
    reason: InterruptionReason


class PlanElementIn(Schema):
    kind: PlanElementKind
    start: SaneDate
    end: SaneDate | None = None


class ParticipationIn(RecordIn):
    """Introduction-programme participation; `interruptions` and `plan_elements`, when given, replace the old ones."""

    start: SaneDate
    planned_end: SaneDate
    end: SaneDate | None = None
    outcome: ProgrammeOutcome | None = Field(None, description="With `end`: work, education or other.")
    interruptions: list[InterruptionIn] | None = Field(None, max_length=100)
    plan_elements: list[PlanElementIn] | None = Field(None, max_length=100)


class TrainingPeriodIn(RecordIn):
    """A period of Norwegian or social-studies training (or the training for asylum seekers in reception)."""

    kind: TrainingKind
    start: SaneDate
    end: SaneDate | None = None
    end_reason: TrainingEndReason | None = None


class HoursIn(RecordIn):
    """Hours of one type given in one month (`month` is the month's first day)."""

    month: SaneDate
    hours_type: HoursType
    hours: Decimal = Field(ge=0, le=300, max_digits=4, decimal_places=1)


class AbsenceIn(RecordIn):
    date: SaneDate
    hours: Decimal = Field(ge=Decimal("0.5"), le=24, max_digits=3, decimal_places=1)
    reason: AbsenceReason


class ExemptionIn(RecordIn):
    reason_code: ExemptionReason
    decided_on: SaneDate
    applies_to: ExemptionScope = ExemptionScope.BOTH


class TestResultIn(RecordIn):
    __test__ = False  # not a pytest test class

    test: TestKind
    taken_on: SaneDate
    result: TestLevel


# The API's name for each kind, its path and its record schema.
RECORD_SCHEMAS: dict[str, tuple[str, type[RecordIn]]] = {
    "participation": ("participations", ParticipationIn),
    "training_period": ("training-periods", TrainingPeriodIn),
    "hours": ("hours", HoursIn),
    "absence": ("absences", AbsenceIn),
    "exemption": ("exemptions", ExemptionIn),
    "test_result": ("test-results", TestResultIn),
}


RECORD_SCHEMA_MARK = "x-ws4-record-schema"


def record_refs_resolve(node: Any) -> Any:
    """Replace each batch item's mark with a reference to its record schema, in an OpenAPI document."""
    if isinstance(node, dict):
        if RECORD_SCHEMA_MARK in node:
            return {"$ref": f"#/components/schemas/{node[RECORD_SCHEMA_MARK]}"}
        return {key: record_refs_resolve(value) for key, value in node.items()}
    if isinstance(node, list):
        return [record_refs_resolve(value) for value in node]
    return node


def batch_schema(kind: str, record_schema: type[RecordIn]) -> type[Schema]:
    """A batch of up to 1,000 records; each is checked on its own, so a malformed record fails alone."""
    # The OpenAPI document shows each item as the record schema (registered by the single-record endpoint;
    # see `record_refs_resolve`), while the server reads items as plain objects and validates them one by one.
    item = Annotated[dict[str, Any], WithJsonSchema({RECORD_SCHEMA_MARK: record_schema.__name__})]
    return type(f"{record_schema.__name__[:-2]}BatchIn", (Schema,), {
        "__annotations__": {"records": list[item]},
        "records": Field(min_length=1, max_length=MAX_BATCH_SIZE,
                         description=f"1 to {MAX_BATCH_SIZE} records, each with its own client_ref."),
        "__doc__": f"A batch of {kind} records.",
    })


class RecordResultOut(Schema):
    index: int = Field(description="The record's position in the batch, from 0.")
    client_ref: str
    status: Literal["created", "updated", "unchanged", "failed"]
    id: int | None = Field(None, description="The register's id of the record (not for failed records).")
    error: Problem | None = Field(None, description="Why the record failed: a problem naming the record.")


class BatchOut(Schema):
    received: int
    created: int
    updated: int
    unchanged: int
    failed: int
    results: list[RecordResultOut]


class PersonOut(Schema):
    national_id: str | None
    duf_number: str | None


class MergeOut(Schema):
    """Two records of one person merged into one (or the merge undone, when `undone_at` is set)."""

    survivor: PersonOut = Field(description="The record kept: the person's records are under these identifiers.")
    merged: PersonOut = Field(description="The record merged into the survivor: its identifiers now stand for the "
                                          "survivor (lookups and writes by them reach the survivor).")
    merged_at: datetime.datetime
    undone_at: datetime.datetime | None = Field(
        None, description="When the merge was undone: the two are separate persons again and each has its own "
                          "records back (they come again in this reconciliation with a new updated_at).")


class RegisterRecordOut(Schema):
    kind: str = Field(description="participation, training_period, hours, absence, exemption or test_result")
    id: int
    client_ref: str | None = Field(description="Your id of the record, when your client wrote it.")
    yours: bool = Field(description="Whether your client wrote (or last upserted) the record.")
    person: PersonOut
    municipality: str
    source: str = Field(description="screen (entered in NIR), api (a municipal system) or system")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    data: dict[str, Any] = Field(description="The record's fields, as in the upsert body.")
    merged_from: list[PersonOut] = Field(
        default_factory=list,
        description="Identifiers of records merged into this person: a copy you keep under one of them belongs to "
                    "`person` now.")


class RecordsPageOut(Schema):
    items: list[RegisterRecordOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null when there is no more.")
    as_of: datetime.datetime = Field(
        description="Records changed up to this time are included; start the next reconciliation from it.")
    merges: list[MergeOut] = Field(
        default_factory=list,
        description="On the first page (no cursor): the merges of persons made or undone after changed_since and up "
                    "to as_of, of persons with records in your municipalities. The records they moved come in "
                    "`items` with a new updated_at, under the survivor's identifiers (or, after an undo, their own).")
