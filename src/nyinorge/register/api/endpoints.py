"""The WS4 endpoints; each write runs once per Idempotency-Key (`nyinorge.core.idempotency`)."""

import datetime
import re
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Schema
from ninja import Field as NinjaField
from pydantic import ValidationError as SchemaError

from nyinorge.core.api_auth import ApiToken
from nyinorge.core.batches import Outcome
from nyinorge.core.dates import SaneDateTime
from nyinorge.core.idempotency import HEADER, KEY_PATTERN, idempotent_json_response
from nyinorge.core.problems import PROBLEM_STATUSES, Problem, request_validation_errors
from nyinorge.register.api.schemas import (
    RECORD_SCHEMAS, BatchOut, RecordIn, RecordResultOut, RecordsPageOut, batch_schema,
)
from nyinorge.register.models import RECORD_MODELS
from nyinorge.register.selectors.ws4 import MAX_PAGE_SIZE, record_data, ws4_records_page
from nyinorge.register.services.ws4 import RecordInput, ws4_records_upsert

READ = ApiToken("ws4:read")
WRITE = ApiToken("ws4:write")
PROBLEMS = {PROBLEM_STATUSES: Problem}
KEY_DESCRIPTION = ("A unique key per request (e.g. a UUID). A retry of the same request with the same key is "
                   "answered from the first response and changes nothing; keys are kept for 24 hours.")

router = Router(tags=["ws4"])
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class RecordRejected(Exception):
    """A single-record upsert that failed: answered with the record's own problem."""

    def __init__(self, problem: dict):
        super().__init__(problem["detail"])
        self.problem = problem


def _schema_errors(error: SchemaError) -> dict[str, list[str]]:
    class Wrapped:  # the shape request_validation_errors reads
        errors = [{**item, "loc": ("body", "record", *item.get("loc", ()))} for item in error.errors()]

    return request_validation_errors(Wrapped)


def _record_input(raw: dict, schema: type[RecordIn], kind: str) -> RecordInput:
    """The record as the services take it, or the record marked invalid with its field errors."""
    # Echoed in the answer (and stored with it) even when invalid: no control characters, which PostgreSQL refuses.
    client_ref = _CONTROL.sub("\ufffd", str(raw.get("client_ref", ""))[:100]) if isinstance(raw, dict) else ""
    try:
        record = schema.model_validate(raw)
    except SchemaError as error:
        return RecordInput(client_ref=client_ref, invalid=_schema_errors(error))
    data = record.model_dump(exclude={"client_ref", "person", "municipality"}, exclude_none=False)
    model = RECORD_MODELS[kind]
    for name, value in list(data.items()):
        if value is not None:
            continue
        if name not in model.WRITABLE_FIELDS:
            del data[name]  # dependent rows left out: they stay as they are
        elif not model._meta.get_field(name).null:
            data[name] = ""  # a choice not given yet (e.g. no outcome) is stored as empty text
    return RecordInput(client_ref=record.client_ref, national_id=record.person.national_id,
                       duf_number=record.person.duf_number, municipality=record.municipality, data=data)


def _add_write_endpoints(kind: str, path: str, schema: type[RecordIn]) -> None:
    batch_in = batch_schema(kind, schema)
    label = kind.replace("_", " ")

    @router.post(f"/{path}", auth=WRITE, response={200: RecordResultOut, 201: RecordResultOut, **PROBLEMS},
                 summary=f"Upsert one {label} record", operation_id=f"{kind}_upsert",
                 description="Creates the record, or updates the one with the same client_ref (201 created, "
                             "200 updated or unchanged).")
    def upsert_one(request: HttpRequest, payload: schema,
                   idempotency_key: str = Header(..., alias=HEADER, pattern=KEY_PATTERN, description=KEY_DESCRIPTION)):
        client = request.auth
        body = payload.model_dump(mode="json")

        def perform():
            batch = ws4_records_upsert(client=client, kind=kind, records=[_record_input(body, schema, kind)],
                                       instance=request.path)
            result = batch.as_dict()["results"][0]
            if result["status"] == Outcome.FAILED:
                raise RecordRejected(result["error"])
            return (201 if result["status"] == Outcome.CREATED else 200), result

        return idempotent_json_response(request, client=client, key=idempotency_key, body=body, perform=perform)

    @router.post(f"/{path}/batch", auth=WRITE, response={200: BatchOut, **PROBLEMS},
                 summary=f"Upsert up to 1,000 {label} records", operation_id=f"{kind}_batch_upsert",
                 description="Each record is carried out on its own: the answer lists for every record (by its "
                             "position and client_ref) whether it was created, updated, unchanged or failed, with a "
                             "problem naming the record. Failed records change nothing; the others are kept.")
    def upsert_batch(request: HttpRequest, payload: batch_in,
                     idempotency_key: str = Header(..., alias=HEADER, pattern=KEY_PATTERN, description=KEY_DESCRIPTION)):
        client = request.auth
        body = payload.model_dump(mode="json")

        def perform():
            records = [_record_input(raw, schema, kind) for raw in body["records"]]
            batch = ws4_records_upsert(client=client, kind=kind, records=records, instance=request.path)
            return 200, batch.as_dict()

        return idempotent_json_response(request, client=client, key=idempotency_key, body=body, perform=perform)


for _kind, (_path, _schema) in RECORD_SCHEMAS.items():
    _add_write_endpoints(_kind, _path, _schema)


class RecordsQuery(Schema):
    changed_since: SaneDateTime | None = NinjaField(
        None, description="Only records changed after this time (ISO 8601 with time zone); all when left out.")
    kind: list[Literal[tuple(RECORD_MODELS)]] | None = NinjaField(
        None, description="Record kinds to include (repeat the parameter); all when left out.")
    municipality: str | None = NinjaField(None, pattern=r"^\d{4}$",
                                          description="One of the client's municipalities; all of them when left out.")
    cursor: str | None = NinjaField(None, max_length=500, description="From the previous page's next_cursor.")
    limit: int = NinjaField(500, ge=1, le=MAX_PAGE_SIZE)


@router.get("/records", auth=READ, response={200: RecordsPageOut, **PROBLEMS},
            summary="What the register holds for my municipalities, changed since T", operation_id="records_list",
            description="Records of your municipalities changed after `changed_since`, page by page. When two "
                        "records of one person are merged, the records that moved come again with a new updated_at "
                        "under the survivor's identifiers, each naming the merged identifiers in `merged_from`; the "
                        "first page lists the merges (and undone merges) of the window in `merges`. Lookups and "
                        "writes by a merged record's identifiers reach the survivor.")
def records_list(request: HttpRequest, query: Query[RecordsQuery]):
    client = request.auth
    numbers = client.municipality_numbers
    if query.municipality is not None:
        if query.municipality not in numbers:
            raise PermissionDenied(_("This client does not act for municipality %(number)s.")
                                   % {"number": query.municipality})
        numbers = {query.municipality}
    if query.changed_since is not None and query.changed_since.tzinfo is None:
        raise ValidationError({"changed_since": [_("Give the time with its time zone, e.g. 2026-01-01T00:00:00+01:00.")]})
    page = ws4_records_page(client=client, municipalities=numbers, changed_since=query.changed_since,
                            kinds=set(query.kind) if query.kind else None, cursor=query.cursor, limit=query.limit)
    return {
        "items": [{
            "kind": record.KIND, "id": record.pk, "client_ref": record.client_ref if record.client_id == client.pk else None,
            "yours": record.client_id == client.pk,
            "person": {"national_id": record.person.national_id, "duf_number": record.person.duf_number},
            "municipality": record.municipality_id, "source": record.source, "created_at": record.created_at,
            "updated_at": record.updated_at, "data": record_data(record),
            "merged_from": [_person_out(p) for p in page.merged_from.get(record.person_id, [])],
        } for record in page.records],
        "next_cursor": page.next_cursor,
        "as_of": page.as_of,
        "merges": [{"survivor": _person_out(merge.survivor), "merged": _person_out(merge.merged),
                    "merged_at": merge.created_at, "undone_at": merge.undone_at} for merge in page.merges],
    }


def _person_out(person) -> dict:
    return {"national_id": person.national_id, "duf_number": person.duf_number}
