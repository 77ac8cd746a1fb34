"""Responses with personal data carry Cache-Control: no-store (pages, exports, PDFs, API answers); public ones not."""

import pytest

from nyinorge.core.roles import Role
from nyinorge.core.services.api_clients import api_client_issue

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_a_person_page_is_not_stored(login, caseworker, make_person):
    person = make_person(municipality="0301")
    response = login(caseworker).get(f"/people/{person.pk}/")
    assert response.status_code == 200 and no_store(response)


def test_a_csv_export_is_not_stored(login, caseworker, make_person):
    make_person(municipality="0301")
    response = login(caseworker).get("/settlement/", {"format": "csv"})
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert no_store(response)


def test_a_pdf_report_is_not_stored(login, make_user):
    response = login(make_user(Role.ANALYST)).get("/statistics/report.pdf", {"year": 2019})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert no_store(response)


def test_an_api_answer_to_a_token_is_not_stored(client, make_user, municipality_org):
    _client, token = api_client_issue(actor=make_user(Role.DIRECTORATE_ADMINISTRATOR),
                                      organisation=municipality_org("0301"), name="Fagsystem",
                                      scopes=["settlement:read"])
    response = client.get("/api/v1/settlement/proposals", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and no_store(response)


def test_the_public_register_may_be_cached(client):
    for path in ("/interpreters/", "/api/v1/interpreters/languages"):
        response = client.get(path)
        assert response.status_code == 200 and not no_store(response), path
