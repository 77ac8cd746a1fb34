"""The grants API for municipal systems: a municipality's own lines of approved runs only, paged, audited per
person; the year's approved runs with totals; the scope grants:read."""

import datetime as dt

import pytest

from nyinorge.core.models import AuditEntry, AuditSubject, Municipality
from nyinorge.core.roles import Role
from nyinorge.core.services.api_clients import api_client_issue
from nyinorge.grants.models import GrantLine
from nyinorge.register.services.legal_basis import residence_permit_register
from nyinorge.settlement.services.cases import case_accept, case_create, case_make_ready, case_propose, case_settle
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.models import SettlementYear
from tests.api_helpers import JsonApi, assert_problem
from tests.grants.test_runs import approver, family, run  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


class Api(JsonApi):
    base = "/api/v1/grants"


@pytest.fixture
def issue(make_user, municipality_org):
    administrator = make_user(Role.DIRECTORATE_ADMINISTRATOR)

    def make(number: str, scopes=("grants:read",)):
        _client, token = api_client_issue(actor=administrator, organisation=municipality_org(number),
                                          name=f"Økonomisystem {number}", scopes=list(scopes))
        return Api(token)

    return make


@pytest.fixture
def bergen_person(family, caseworker, make_person, make_user, municipality_org):  # noqa: F811
    """A refugee from Eritrea settled in Bergen in 2019, beside the Oslo family."""
    bergen = Municipality.objects.get(number="4601")
    year = SettlementYear.objects.get(year=2019)
    municipal_decision_register(actor=caseworker, year=year, municipality=bergen, persons=5, unaccompanied_minors=0,
                                decided_on=dt.date(2019, 1, 20))
    person = make_person(given_name="Senait", birth_date=dt.date(1995, 5, 17), sex="female", citizenship="ER")
    residence_permit_register(actor=caseworker, person=person, permit_type="asylum", permit_date=dt.date(2018, 12, 1))
    case = case_create(actor=caseworker, category="reception", members=[person], decision_date=dt.date(2018, 12, 1))
    case = case_propose(actor=caseworker, case=case_make_ready(actor=caseworker, case=case), municipality=bergen,
                        year=year)
    bergen_user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("4601"))
    case_settle(actor=caseworker, case=case_accept(actor=bergen_user, case=case), settlement_date=dt.date(2019, 4, 1))
    return person


def _national_ids(items) -> set:
    return {item["person"]["national_id"] for item in items if item["person"]}


def test_a_municipality_sees_only_its_own_lines_and_each_person_is_audited(
        family, bergen_person, caseworker, approver, issue):  # noqa: F811
    first = run(caseworker, approver, 2019, 1)
    oslo = issue("0301").get("/lines", year=2019)
    assert oslo.status_code == 200, oslo.content
    items = oslo.json()["items"]
    assert items and {i["run_id"] for i in items} == {first.pk}
    assert _national_ids(items) == {family[k].national_id for k in ("father", "mother", "child")}
    assert bergen_person.national_id not in _national_ids(items)
    assert len(items) == first.lines.filter(municipality_id="0301").count()
    line = next(i for i in items if i["scheme"] == "integration")
    assert line["rate_assumed"] is True and line["rate_nok"] and line["amount_nok"] and line["reason"]
    bergen = issue("4601").get("/lines", year=2019)
    assert _national_ids(bergen.json()["items"]) == {bergen_person.national_id}
    entry = AuditEntry.objects.filter(object_type="grants.grantline", action=AuditEntry.Action.VIEW).first()
    named = {entry.person_id, *AuditSubject.objects.filter(entry=entry).values_list("person_id", flat=True)}
    assert named - {None} == {bergen_person.pk}


def test_lines_of_a_run_not_yet_approved_are_not_shown(family, caseworker, approver, issue):  # noqa: F811
    run(caseworker, approver, 2019, 1, approve=False)
    assert issue("0301").get("/lines", year=2019).json() == {"items": [], "next_cursor": None}


def test_the_lines_come_in_pages_with_a_cursor_and_by_instalment(family, caseworker, approver, issue):  # noqa: F811
    first = run(caseworker, approver, 2019, 1)
    second = run(caseworker, approver, 2019, 2)
    api = issue("0301")
    seen, cursor = [], None
    while True:
        page = api.get("/lines", year=2019, limit=2, **({"cursor": cursor} if cursor else {})).json()
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == first.lines_count + second.lines_count
    only_second = api.get("/lines", year=2019, instalment=2).json()["items"]
    assert {item["instalment"] for item in only_second} == {2} and len(only_second) == second.lines_count
    assert_problem(api.get("/lines", year=2019, cursor="not-a-cursor"), 422)


def test_the_runs_of_the_year_come_with_national_and_own_totals(family, bergen_person, caseworker, approver, issue):  # noqa: F811
    first = run(caseworker, approver, 2019, 1)
    run(caseworker, approver, 2019, 2, approve=False)
    response = issue("4601").get("/runs", year=2019)
    assert response.status_code == 200, response.content
    [shown] = response.json()
    own = sum(line.amount for line in first.lines.filter(municipality_id="4601"))
    assert (shown["instalment"], shown["status"], shown["lines"]) == (1, "approved", first.lines_count)
    assert float(shown["total_nok"]) == first.total and float(shown["municipality_total_nok"]) == own
    assert shown["municipality_lines"] == first.lines.filter(municipality_id="4601").count()


def test_a_token_without_the_scope_or_without_a_token_is_refused(family, caseworker, approver, issue):  # noqa: F811
    run(caseworker, approver, 2019, 1)
    assert_problem(issue("0301", scopes=["settlement:read"]).get("/lines", year=2019), 403)
    assert_problem(Api(None).get("/runs", year=2019), 401)


def test_the_scope_is_for_municipalities():
    from nyinorge.core.api_scopes import API_SCOPES
    from nyinorge.core.models import Organisation

    assert API_SCOPES["grants:read"].organisation_kinds == {Organisation.Kind.MUNICIPALITY}


def test_a_shielded_persons_line_is_shown_without_whom_it_is_for(family, caseworker, approver, issue, make_person):  # noqa: F811
    first = run(caseworker, approver, 2019, 1)
    shielded = make_person(given_name="Sigrid")
    case_create(actor=caseworker, category="reception", members=[shielded], shielded_identity=True,
                decision_date=dt.date(2019, 1, 20))
    GrantLine.objects.create(run=first, municipality_id="0301", scheme="integration", chapter=291, post=60,
                             person=shielded, rate_group="adult", year_after_settlement=1, amount=45000,
                             reason="settled 2019-02-01 in 0301")
    items = issue("0301").get("/lines", year=2019).json()["items"]
    [hidden] = [item for item in items if item["shielded"]]
    assert hidden["person"] is None and hidden["amount_nok"] == "45000"
    assert shielded.national_id not in str(items)
    assert all(item["person"] for item in items if not item["shielded"] and item["scheme"] != "norwegian_basic")
