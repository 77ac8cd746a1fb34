"""Issue 13, finding 1: a municipality sees who is in a case only once it has accepted it.

Before acceptance (proposed) it answers from the need-to-know view: the case page, the inbox and the API work,
but no page that shows persons (person pages, search, the register, its entry forms) names or identifies them.
"""

import datetime

import pytest
from django.urls import reverse

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.core.services.api_clients import api_client_issue
from nyinorge.settlement.services.cases import case_accept, case_create, case_make_ready, case_propose, case_settle
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.requests import settlement_year_create
from tests.settlement.api.helpers import Api

pytestmark = pytest.mark.django_db

GIVEN, FAMILY = "Zainabeth", "Qaderimova"


@pytest.fixture
def oslo_user(make_user, municipality_org):
    return make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))


@pytest.fixture
def proposed_case(caseworker, make_person):
    """A family of two (not living in Oslo, in no reception centre) proposed to Oslo, with places decided."""
    oslo = Municipality.objects.get(number="0301")
    year = settlement_year_create(actor=caseworker, year=2019, national_target=5120)
    municipal_decision_register(actor=caseworker, year=year, municipality=oslo, persons=6, unaccompanied_minors=0,
                                decided_on=datetime.date(2019, 1, 15))
    members = [make_person(given_name=GIVEN, family_name=FAMILY, birth_date=datetime.date(1988, 3, 4)),
               make_person(given_name="Ishaqul", family_name=FAMILY, birth_date=datetime.date(2012, 6, 7))]
    case = case_create(actor=caseworker, category="reception", members=members, decision_date=datetime.date(2019, 1, 15))
    case = case_make_ready(actor=caseworker, case=case)
    return case_propose(actor=caseworker, case=case, municipality=oslo, year=year), members


def _person_pages(person) -> list[str]:
    return [
        reverse("people:detail", args=[person.pk]),
        reverse("register:person", args=[person.pk]),
        reverse("register:record_create", args=[person.pk, "hours"]),
        reverse("register:record_create", args=[person.pk, "training_period"]),
    ]


def _searches(person) -> list[tuple[str, str]]:
    """(url, the term searched for: echoed in the search field, so not a finding by itself)."""
    return [(f"{reverse(name)}?q={term}", term) for name in ("people:list", "register:people")
            for term in (FAMILY, person.national_id)]


def _identifies(content: bytes, members, echoed: str = "") -> bool:
    text = content.decode().replace(echoed, "") if echoed else content.decode()
    return any(m.family_name in text or m.given_name in text or m.national_id in text for m in members)


def test_a_proposed_case_shows_no_identity_to_the_municipality(login, oslo_user, proposed_case):
    case, members = proposed_case
    client = login(oslo_user)
    for person in members:
        for url in _person_pages(person):
            response = client.get(url)
            assert response.status_code == 404, url
            assert not _identifies(response.content, members), url
        for url, term in _searches(person):
            response = client.get(url)
            assert response.status_code == 200, url
            assert list(response.context["page"].object_list) == [], url
            assert not _identifies(response.content, members, echoed=term), url
    # The need-to-know view still works: the case page and the inbox, without names or numbers.
    for url in (reverse("settlement:case", args=[case.pk]), reverse("settlement:inbox"),
                reverse("settlement:inbox") + "?format=csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.getvalue() if response.streaming else response.content
        assert not _identifies(content, members), url
    assert client.get(reverse("settlement:case", args=[case.pk])).context["need_to_know"].persons == 2


def test_the_api_answers_a_proposal_without_identities(proposed_case, municipality_org):
    case, members = proposed_case
    _client, token = api_client_issue(actor=None, organisation=municipality_org("0301"), name="Oslo fagsystem",
                                      scopes=["settlement:read"])
    api = Api(token)
    listed = api.get("/proposals")
    one = api.get(f"/proposals/{case.pk}")
    assert listed.status_code == one.status_code == 200
    assert [item["case_id"] for item in listed.json()] == [case.pk] and one.json()["persons"] == 2
    assert not _identifies(listed.content, members) and not _identifies(one.content, members)


@pytest.mark.parametrize("settle", [False, True], ids=["accepted", "settled"])
def test_after_acceptance_the_municipality_sees_the_persons(login, caseworker, oslo_user, proposed_case, settle):
    case, members = proposed_case
    case = case_accept(actor=oslo_user, case=case)
    if settle:
        case_settle(actor=oslo_user, case=case, settlement_date=datetime.date(2019, 4, 1))
    client = login(oslo_user)
    for person in members:
        for url in _person_pages(person)[:2]:
            response = client.get(url)
            assert response.status_code == 200, url
            assert person.national_id in response.content.decode() or person.given_name in response.content.decode()
        for url, _term in _searches(person):
            response = client.get(url)
            assert person in response.context["page"].object_list and person.given_name in response.content.decode(), url
