"""Issue 13, finding 3: an administrator reads the audit log without learning who a shielded person is.

Such a person appears by the internal person id and "Skjermet identitet", on the page and in the CSV export;
a search by their name or identity number finds nothing. An administrator who is also the designated officer
for shielded identities sees the real name.
"""

import datetime
from urllib.parse import quote_plus

import pytest
from django.urls import reverse

from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.settlement.services.cases import case_create

pytestmark = pytest.mark.django_db

SHIELDED = ("Farhiyaqa", "Osmanelli")
PLAIN = ("Teodorik", "Brennvald")


@pytest.fixture
def people(caseworker, make_person):
    """A shielded person and an ordinary one, each registered (audited) and in a case (audited, as a subject)."""
    shielded = make_person(given_name=SHIELDED[0], family_name=SHIELDED[1])
    plain = make_person(given_name=PLAIN[0], family_name=PLAIN[1])
    case_create(actor=caseworker, category="reception", members=[shielded], decision_date=datetime.date(2019, 1, 15),
                shielded_identity=True)
    case_create(actor=caseworker, category="reception", members=[plain], decision_date=datetime.date(2019, 1, 15))
    return shielded, plain


@pytest.fixture
def administrator(make_user):
    return make_user(Role.DIRECTORATE_ADMINISTRATOR)


@pytest.fixture
def officer_administrator():
    return user_create(username="admin-officer", organisation=directorate(),
                       roles=[Role.DIRECTORATE_ADMINISTRATOR, Role.SHIELDED_IDENTITY_OFFICER])


def _text(response, echoed: str = "") -> str:
    text = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    # The search term comes back in the search field and the export link: not a finding by itself.
    return text.replace(echoed, "").replace(quote_plus(echoed), "") if echoed else text


def _names(person) -> list[str]:
    return [person.given_name, person.family_name, person.national_id]


def test_the_page_shows_a_shielded_person_only_by_internal_id(login, administrator, people):
    shielded, plain = people
    response = login(administrator).get(reverse("audit:list"))
    text = _text(response)
    assert response.status_code == 200
    assert not any(value in text for value in _names(shielded))
    assert f"Skjermet identitet (person {shielded.pk})" in text
    assert f"{plain.full_name} ({plain.national_id})" in text


def test_the_export_shows_a_shielded_person_only_by_internal_id(login, administrator, people):
    shielded, plain = people
    response = login(administrator).get(reverse("audit:export"))
    text = _text(response)
    assert response.status_code == 200
    assert not any(value in text for value in _names(shielded))
    assert f"id:{shielded.pk}" in text and "Skjermet identitet" in text  # the case entry's subject; the person entry
    assert plain.national_id in text


@pytest.mark.parametrize("url_name", ["audit:list", "audit:export"])
def test_searching_a_shielded_persons_name_or_number_finds_nothing(login, administrator, people, url_name):
    shielded, plain = people
    client = login(administrator)
    for term in (shielded.family_name, shielded.full_name, shielded.national_id):
        response = client.get(reverse(url_name), {"person": term})
        text = _text(response, echoed=term)
        assert not any(value in text for value in _names(shielded)), term
        assert f"id:{shielded.pk}" not in text and f"person {shielded.pk})" not in text, term
        if url_name == "audit:list":
            assert response.context["page"].paginator.count == 0, term
    # An ordinary person is still found.
    found = client.get(reverse(url_name), {"person": plain.national_id})
    assert plain.national_id in _text(found, echoed="")


def test_a_designated_officer_who_administers_sees_the_real_name(login, officer_administrator, people):
    shielded, _plain = people
    client = login(officer_administrator)
    page = client.get(reverse("audit:list"), {"person": shielded.family_name})
    assert page.context["page"].paginator.count == 2  # registered, and in a case
    assert f"{shielded.full_name} ({shielded.national_id})" in _text(page)
    assert shielded.national_id in _text(client.get(reverse("audit:export"), {"person": shielded.national_id}))
