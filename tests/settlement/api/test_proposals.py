import datetime

import pytest

from nyinorge.core.models import AuditEntry, AuditSubject
from nyinorge.settlement.models import Case, CaseTransition
from nyinorge.settlement.services.cases import case_accept
from nyinorge.settlement.workflow import State
from tests.settlement.api.helpers import assert_problem

pytestmark = pytest.mark.django_db


def _all_values(data) -> list:
    """Every key and every scalar value in a JSON document, however deep."""
    if isinstance(data, dict):
        return [*data.keys(), *(v for value in data.values() for v in _all_values(value))]
    if isinstance(data, list):
        return [v for item in data for v in _all_values(item)]
    return [data]


def test_the_list_shows_only_my_municipalitys_proposals_without_names_or_numbers(
        oslo_api, proposed, caseworker, year_2019, new_case, make_person):
    from nyinorge.core.models import Municipality
    from nyinorge.settlement.services.cases import case_make_ready, case_propose

    family = proposed(size=3)
    elsewhere = case_propose(actor=caseworker, case=case_make_ready(actor=caseworker, case=new_case()),
                             municipality=Municipality.objects.get(number="4601"), year=year_2019)
    response = oslo_api.get("/proposals")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [item["case_id"] for item in body] == [family.pk]
    assert body[0]["persons"] == 3 and len(body[0]["members"]) == 3 and body[0]["state"] == "proposed"
    assert elsewhere.pk not in [item["case_id"] for item in body]
    values = {str(v) for v in _all_values(body)}
    for member in family.members.select_related("person"):
        person = member.person
        assert not {person.given_name, person.family_name, person.full_name, person.national_id} & values
    assert not {"name", "given_name", "family_name", "national_id", "duf_number", "birth_date"} & values


def test_listing_is_audited_with_the_clients_service_user(issue, api_as_token, proposed):
    case = proposed(size=2)
    client, token = issue("0301")
    api_as_token(token).get("/proposals")
    entry = AuditEntry.objects.filter(object_type="settlement.case.api.proposals").get()
    assert entry.user == client.user and entry.username.startswith("api-") and entry.organisation_id == client.organisation_id
    shown = {entry.person_id, *AuditSubject.objects.filter(entry=entry).values_list("person_id", flat=True)} - {None}
    assert shown == set(case.members.values_list("person_id", flat=True))


def test_one_proposal_is_shown_and_audited(issue, api_as_token, proposed):
    case = proposed()
    client, token = issue("0301")
    response = api_as_token(token).get(f"/proposals/{case.pk}")
    assert response.status_code == 200
    assert response.json()["case_id"] == case.pk and response.json()["members"][0]["role"] == "adult"
    assert AuditEntry.objects.filter(object_type="settlement.case", object_id=str(case.pk), user=client.user,
                                     action=AuditEntry.Action.VIEW).count() == 1


def test_accept_moves_the_case_and_is_audited_with_the_service_user(issue, api_as_token, proposed, oslo_decision):
    case = proposed(size=2)
    client, token = issue("0301")
    response = api_as_token(token).post(f"/proposals/{case.pk}/accept")
    assert response.status_code == 200, response.content
    assert response.json() == {"case_id": case.pk, "state": "accepted"}
    case.refresh_from_db()
    assert case.state == State.ACCEPTED
    assert CaseTransition.objects.get(case=case, name="accept").actor == client.user
    assert AuditEntry.objects.filter(object_type="settlement.case", object_id=str(case.pk), user=client.user,
                                     action=AuditEntry.Action.UPDATE).exists()


def test_decline_with_a_reason(issue, api_as_token, proposed):
    case = proposed()
    client, token = issue("0301")
    response = api_as_token(token).post(f"/proposals/{case.pk}/decline", {"reason": "Ingen egnet bolig nå"})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "declined"
    transition = CaseTransition.objects.get(case=case, name="decline")
    assert transition.actor == client.user and transition.reason == "Ingen egnet bolig nå"
    assert AuditEntry.objects.filter(object_type="settlement.case", object_id=str(case.pk), user=client.user,
                                     action=AuditEntry.Action.UPDATE).exists()


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}])
def test_decline_without_a_reason_is_a_422_problem_naming_the_field(oslo_api, proposed, body):
    case = proposed()
    problem = assert_problem(oslo_api.post(f"/proposals/{case.pk}/decline", body), 422)
    assert problem["errors"]["reason"]
    case.refresh_from_db()
    assert case.state == State.PROPOSED


@pytest.mark.parametrize("action", ["get", "accept", "decline"])
def test_another_municipality_can_neither_see_nor_answer_my_proposal(bergen_api, proposed, oslo_decision, action):
    case = proposed()
    audit_before = AuditEntry.objects.filter(object_type="settlement.case", object_id=str(case.pk)).count()
    if action == "get":
        response = bergen_api.get(f"/proposals/{case.pk}")
    else:
        response = bergen_api.post(f"/proposals/{case.pk}/{action}", {"reason": "Nei"})
    problem = assert_problem(response, 404)
    # The same answer as for a case that does not exist: nothing about the case leaks.
    absent = bergen_api.get(f"/proposals/{Case.objects.order_by('-pk').first().pk + 1000}")
    assert problem["detail"] == absent.json()["detail"]
    case.refresh_from_db()
    assert case.state == State.PROPOSED and not case.transitions.filter(name__in=["accept", "decline"]).exists()
    assert AuditEntry.objects.filter(object_type="settlement.case", object_id=str(case.pk)).count() == audit_before
    assert bergen_api.get("/proposals").json() == []


def test_accepting_past_the_decided_places_is_a_409_problem(oslo_api, proposed, oslo_decision):
    # Oslo decided 6 persons, 2 of them unaccompanied minors: 4 places for others.
    case = proposed(size=5)
    problem = assert_problem(oslo_api.post(f"/proposals/{case.pk}/accept"), 409)
    assert "4" in problem["detail"]
    case.refresh_from_db()
    assert case.state == State.PROPOSED


def test_answering_an_already_answered_proposal_is_a_409_problem(oslo_api, oslo_user, proposed, oslo_decision):
    case = case_accept(actor=oslo_user, case=proposed())
    assert_problem(oslo_api.post(f"/proposals/{case.pk}/decline", {"reason": "For sent"}), 409)
    case.refresh_from_db()
    assert case.state == State.ACCEPTED


def test_capacity_for_a_year(oslo_api, oslo_user, proposed, oslo_decision):
    case_accept(actor=oslo_user, case=proposed(size=3))
    response = oslo_api.get("/capacity", year=2019)
    assert response.status_code == 200
    assert response.json() == {"year": 2019, "decided": 6, "decided_unaccompanied_minors": 2, "used": 3,
                               "used_unaccompanied_minors": 0, "remaining": 1, "remaining_unaccompanied_minors": 2}
    assert_problem(oslo_api.get("/capacity", year=1999), 404)
    assert assert_problem(oslo_api.get("/capacity", year="next"), 422)["errors"]["year"]
    assert assert_problem(oslo_api.get("/capacity"), 422)["errors"]["year"]


def test_malformed_json_is_a_problem_not_a_server_error(oslo_api, proposed):
    case = proposed()
    for raw in ["{reason: ", "[1, 2", "\"just a string\""]:
        response = oslo_api.post(f"/proposals/{case.pk}/decline", raw=raw)
        assert response.status_code in (400, 422)
        assert_problem(response, response.status_code)
    assert Case.objects.get(pk=case.pk).state == State.PROPOSED


def test_answer_deadline_is_a_date(oslo_api, proposed):
    case = proposed()
    deadline = oslo_api.get(f"/proposals/{case.pk}").json()["answer_deadline"]
    assert datetime.date.fromisoformat(deadline) == case.answer_deadline
