"""Settlement endpoints for municipal systems: proposals (need-to-know view), answers, capacity and
housing notices. Thin: every rule is in the services and selectors, every error a problem (RFC 9457)."""

import dataclasses
import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from nyinorge.core.api_auth import ApiToken
from nyinorge.core.dates import SaneDate, SaneYear
from nyinorge.core.ids import PathId
from nyinorge.core.problems import PROBLEM_STATUSES, Problem
from nyinorge.settlement.selectors.cases import (
    capacity_for, case_for, case_read, cases_shown, housing_notice_for, housing_notices_of_municipality, need_to_know,
    need_to_know_many, proposals_for,
)
from nyinorge.settlement.services.cases import case_accept, case_decline
from nyinorge.settlement.services.housing import housing_notice_register, housing_notice_withdraw
from nyinorge.settlement.workflow import State

READ = ApiToken("settlement:read")
ANSWER = ApiToken("settlement:answer")
HOUSING = ApiToken("settlement:housing")
PROBLEMS = {PROBLEM_STATUSES: Problem}

router = Router(tags=["settlement"])


class MemberOut(Schema):
    age: int
    sex: str
    role: str = Field(description="adult or child")


class ProposalOut(Schema):
    case_id: int
    state: State
    category: str
    persons: int
    members: list[MemberOut]
    unaccompanied_minor: bool
    special_needs: bool
    family_with_children: bool
    needs_summary: str
    competence_summary: str
    network_in_municipality: bool
    answer_deadline: datetime.date | None
    housing_notice_id: int | None


class CaseStateOut(Schema):
    case_id: int
    state: State


class DeclineIn(Schema):
    reason: str = Field(min_length=1, max_length=2000)


class CapacityOut(Schema):
    year: int
    decided: int
    decided_unaccompanied_minors: int
    used: int
    used_unaccompanied_minors: int
    remaining: int
    remaining_unaccompanied_minors: int


class HousingNoticeIn(Schema):
    rooms: int = Field(ge=1, le=20)
    accessible: bool = False
    ready_date: SaneDate
    available_until: SaneDate
    note: str = Field("", max_length=500)


class HousingNoticeOut(Schema):
    id: int
    rooms: int
    accessible: bool
    ready_date: datetime.date
    available_until: datetime.date
    note: str
    state: str
    registered_at: datetime.datetime


def _proposal(case, view=None) -> dict:
    return dataclasses.asdict(view or need_to_know(case)) | {"state": case.state}


@router.get("/proposals", auth=READ, response={200: list[ProposalOut], **PROBLEMS},
            summary="Proposals awaiting my municipality's answer")
def proposals_list(request: HttpRequest):
    actor = request.auth.user
    cases = list(proposals_for(actor=actor))
    cases_shown(actor=actor, cases=cases, what="api.proposals")
    views = need_to_know_many(cases)
    return [_proposal(case, views[case.pk]) for case in cases]


@router.get("/proposals/{case_id}", auth=READ, response={200: ProposalOut, **PROBLEMS}, summary="One proposal")
def proposal_detail(request: HttpRequest, case_id: PathId):
    return _proposal(case_read(actor=request.auth.user, case_id=case_id))


@router.post("/proposals/{case_id}/accept", auth=ANSWER, response={200: CaseStateOut, **PROBLEMS},
             summary="Accept a proposal")
def proposal_accept(request: HttpRequest, case_id: PathId):
    actor = request.auth.user
    case = case_accept(actor=actor, case=case_for(actor, case_id))
    return {"case_id": case.pk, "state": case.state}


@router.post("/proposals/{case_id}/decline", auth=ANSWER, response={200: CaseStateOut, **PROBLEMS},
             summary="Decline a proposal with a reason")
def proposal_decline(request: HttpRequest, case_id: PathId, payload: DeclineIn):
    actor = request.auth.user
    case = case_decline(actor=actor, case=case_for(actor, case_id), reason=payload.reason)
    return {"case_id": case.pk, "state": case.state}


@router.get("/capacity", auth=READ, response={200: CapacityOut, **PROBLEMS}, summary="My municipality's places in a year")
def capacity_detail(request: HttpRequest, year: SaneYear):
    places = capacity_for(actor=request.auth.user, year=year)
    return {
        "year": year, "decided": places.decided, "decided_unaccompanied_minors": places.decided_minors,
        "used": places.used, "used_unaccompanied_minors": places.used_minors,
        "remaining": places.remaining, "remaining_unaccompanied_minors": places.remaining_minors,
    }


@router.get("/housing-notices", auth=HOUSING, response={200: list[HousingNoticeOut], **PROBLEMS},
            summary="My municipality's housing notices")
def housing_notices_list(request: HttpRequest):
    return list(housing_notices_of_municipality(actor=request.auth.user))


@router.post("/housing-notices", auth=HOUSING, response={201: HousingNoticeOut, **PROBLEMS},
             summary="Register a free dwelling")
def housing_notice_create(request: HttpRequest, payload: HousingNoticeIn):
    actor = request.auth.user
    notice = housing_notice_register(actor=actor, municipality=actor.organisation.municipality, **payload.dict())
    return Status(201, notice)


@router.post("/housing-notices/{notice_id}/withdraw", auth=HOUSING, response={200: HousingNoticeOut, **PROBLEMS},
             summary="Withdraw a housing notice")
def housing_notice_withdraw_endpoint(request: HttpRequest, notice_id: PathId):
    actor = request.auth.user
    return housing_notice_withdraw(actor=actor, notice=housing_notice_for(actor=actor, notice_id=notice_id))
