"""Grant endpoints for municipal systems: the lines of approved runs for the client's own municipality, and the
year's approved runs with their totals. Thin: access, audit and paging are in `selectors/paid.py`."""

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from nyinorge.core.api_auth import ApiToken
from nyinorge.core.problems import PROBLEM_STATUSES, Problem
from nyinorge.grants.selectors.paid import MAX_PAGE_SIZE, paid_lines_page, paid_runs

READ = ApiToken("grants:read")
PROBLEMS = {PROBLEM_STATUSES: Problem}
ASSUMED_NOTE = ("Most rates are assumed estimates, not the circulars' numbers: see `rate_assumed` on each line.")

router = Router(tags=["grants"])


class PersonOut(Schema):
    national_id: str | None
    duf_number: str | None


class LineOut(Schema):
    id: int
    run_id: int
    budget_year: int
    instalment: int
    scheme: str
    chapter: int
    post: int
    kind: str = Field(description="regular (the instalment's part) or difference (after a correction)")
    person: PersonOut | None = Field(description="Null for the per-municipality basic grant, and for a person whose "
                                                 "identity is shielded (see `shielded`).")
    shielded: bool = Field(description="The line is for a person whose identity is shielded: the amount is owed, "
                                       "whom it is for is not shown.")
    rate_group: str
    year_after_settlement: int
    rate_nok: Decimal | None = Field(description="The yearly (or one-off) rate the amount is computed from.")
    rate_assumed: bool | None = Field(description="Whether the rate is an assumed estimate, not a published one.")
    amount_nok: Decimal
    reason: str


class LinesPageOut(Schema):
    items: list[LineOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null when there is no more.")


class LinesQuery(Schema):
    year: int = Field(ge=2000, le=2100, description="The budget year.")
    instalment: int | None = Field(None, ge=1, le=12, description="One instalment; all of the year when left out.")
    cursor: str | None = Field(None, max_length=200, description="From the previous page's next_cursor.")
    limit: int = Field(500, ge=1, le=MAX_PAGE_SIZE)


class RunOut(Schema):
    id: int
    budget_year: int
    instalment: int
    status: str = Field(description="approved, or exported (sent for payment)")
    approved_at: datetime.datetime | None
    exported_at: datetime.datetime | None
    persons: int = Field(description="Persons with a line in the run, all municipalities.")
    lines: int = Field(description="Lines in the run, all municipalities.")
    total_nok: Decimal = Field(description="The run's total, all municipalities.")
    municipality_lines: int = Field(description="Lines for your municipality.")
    municipality_total_nok: Decimal = Field(description="Your municipality's total in the run.")


def _line(line) -> dict:
    person = None if line.shielded else line.person
    return {
        "id": line.pk, "run_id": line.run_id, "budget_year": line.run.budget_year, "instalment": line.run.instalment,
        "scheme": line.scheme, "chapter": line.chapter, "post": line.post, "kind": line.kind,
        "person": {"national_id": person.national_id, "duf_number": person.duf_number} if person else None,
        "shielded": line.shielded,
        "rate_group": line.rate_group, "year_after_settlement": line.year_after_settlement,
        "rate_nok": line.rate.amount if line.rate else None, "rate_assumed": line.rate.assumed if line.rate else None,
        "amount_nok": line.amount, "reason": str(line.reason),
    }


@router.get("/lines", auth=READ, response={200: LinesPageOut, **PROBLEMS},
            summary="My municipality's grant lines of approved runs", description=ASSUMED_NOTE)
def lines_list(request: HttpRequest, query: Query[LinesQuery]):
    page = paid_lines_page(actor=request.auth.user, budget_year=query.year, instalment=query.instalment,
                           cursor=query.cursor, limit=query.limit)
    return {"items": [_line(line) for line in page.lines], "next_cursor": page.next_cursor}


@router.get("/runs", auth=READ, response={200: list[RunOut], **PROBLEMS}, summary="The year's approved grant runs")
def runs_list(request: HttpRequest, year: int = Query(..., ge=2000, le=2100)):
    return [{
        "id": t.run.pk, "budget_year": t.run.budget_year, "instalment": t.run.instalment, "status": t.run.status,
        "approved_at": t.run.approved_at, "exported_at": t.run.exported_at, "persons": t.run.persons,
        "lines": t.run.lines_count, "total_nok": t.run.total, "municipality_lines": t.municipality_lines,
        "municipality_total_nok": t.municipality_total,
    } for t in paid_runs(actor=request.auth.user, budget_year=year)]
