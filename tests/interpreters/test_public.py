"""The public search page, profile and JSON API: no login, the same answers, and never an unpublished field."""

import re

import pytest
from django.test import Client

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.interpreters.services.register import interpreter_set_status, interpreter_update

pytestmark = pytest.mark.django_db

SECRET_EMAIL = "hemmelig.tolk@example.no"
SECRET_PHONE = "+47 912 34 567"


@pytest.fixture
def private(listed):
    """A listed interpreter in Tromsø who publishes nothing but the name."""
    import datetime

    return listed("ti", given_name="Yonas", family_name="Gebremedhin", email=SECRET_EMAIL, phone=SECRET_PHONE,
                  municipality="5401", remote_screen=True,
                  person_number=synthetic_national_identity_number(datetime.date(1979, 4, 2), serial=7))


@pytest.fixture
def open_one(listed):
    return listed("ti", given_name="Selam", family_name="Berhane", email="selam@example.no", phone="+47 400 00 000",
                  municipality="0301", publish_email=True, publish_phone=True, publish_municipality=True)


def _all_text(client: Client, private) -> str:
    pages = [
        client.get("/interpreters/", {"language": "ti"}),
        client.get("/interpreters/", {"name": "yonas"}, headers={"HX-Request": "true"}),
        client.get(f"/interpreters/{private.pk}/"),
        client.get("/api/v1/interpreters/", {"language": "ti"}),
        client.get("/api/v1/interpreters/", {"name": "gebremedhin"}),
        client.get(f"/api/v1/interpreters/{private.pk}"),
    ]
    assert [page.status_code for page in pages] == [200] * len(pages)
    # The search form lists every county as an option; what is checked is everything outside forms.
    return "\n".join(re.sub(r"<form.*?</form>", "", page.content.decode(), flags=re.S) for page in pages)


def test_unpublished_fields_never_appear_in_pages_or_api(client, private, open_one):
    text = _all_text(client, private)
    assert "Yonas Gebremedhin" in text
    for secret in (SECRET_EMAIL, SECRET_PHONE, "Tromsø", "5401", private.person_number, "Troms og Finnmark"):
        assert secret not in text, secret
    # The other interpreter's published details do show, so the check above is not vacuous.
    for published in ("selam@example.no", "+47 400 00 000", "Oslo"):
        assert published in text


def test_consent_given_later_shows_at_once(client, private, officer):
    interpreter_update(actor=officer, interpreter=private, publish_email=True)
    assert SECRET_EMAIL in client.get("/api/v1/interpreters/", {"language": "ti"}).content.decode()
    assert SECRET_PHONE not in client.get(f"/interpreters/{private.pk}/").content.decode()


def test_profile_of_an_unlisted_interpreter_is_not_found(client, private, make_interpreter, officer):
    applicant = make_interpreter(given_name="Hidden", family_name="Applicant")
    assert client.get(f"/interpreters/{applicant.pk}/").status_code == 404
    assert client.get(f"/api/v1/interpreters/{applicant.pk}").status_code == 404
    interpreter_set_status(actor=officer, interpreter=private, status="suspended", reason="Klage")
    response = client.get(f"/api/v1/interpreters/{private.pk}")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert "Yonas" not in client.get("/interpreters/", {"language": "ti"}).content.decode()


def test_page_and_api_give_the_same_order(client, listed, approve):
    top = listed("so", given_name="Zahra", family_name="Ali")
    approve(top, "education", "so", credits=180)  # A: first despite the name
    listed("so", given_name="Abdi", family_name="Ali")  # C
    listed("so", kind="education", given_name="Bile", family_name="Ali")  # D
    api = client.get("/api/v1/interpreters/", {"language": "so"}).json()
    assert [(r["name"], r["category"]) for r in api["results"]] == [("Zahra Ali", "A"), ("Abdi Ali", "C"), ("Bile Ali", "D")]
    assert api["total"] == 3 and api["results"][0]["category_rank"] == 5
    page = client.get("/interpreters/", {"language": "so"}).content.decode()
    assert page.index("Zahra Ali") < page.index("Abdi Ali") < page.index("Bile Ali")


def test_api_filters_and_paging(client, private, open_one):
    api = client.get("/api/v1/interpreters/", {"language": "ti", "remote_screen": "true"}).json()
    assert [r["name"] for r in api["results"]] == ["Yonas Gebremedhin"]
    api = client.get("/api/v1/interpreters/", {"county": "03", "category": "C"}).json()
    assert [(r["name"], r["municipality_name"], r["email"]) for r in api["results"]] == [
        ("Selam Berhane", "Oslo", "selam@example.no")]
    api = client.get("/api/v1/interpreters/", {"language": "ti", "limit": 1, "offset": 1}).json()
    assert (api["total"], len(api["results"])) == (2, 1)


@pytest.mark.parametrize(("params", "field"), [
    ({"language": "xx"}, "language"),
    ({"language": "ti", "variant": "levantine"}, "variant"),
    ({"variant": "levantine"}, "variant"),
    ({"category": "Z"}, "category"),
    ({"municipality": "9999"}, "municipality"),
    ({"county": "99"}, "county"),
    ({"limit": 1000}, "limit"),
    ({"remote_screen": "maybe"}, "remote_screen"),
])
def test_api_bad_input_is_a_problem_naming_the_field(client, params, field):
    response = client.get("/api/v1/interpreters/", params)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


def test_page_bad_input_is_a_clear_message_not_a_crash(client):
    response = client.get("/interpreters/", {"municipality": "9999"})
    assert response.status_code == 400
    assert "9999" in response.content.decode()


def test_page_needs_no_login_and_shows_the_categories(client, private):
    response = client.get("/interpreters/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Kategori A" in text and "Yonas Gebremedhin" in text
    assert client.get("/interpreters/", {"language": "ti"}, headers={"HX-Request": "true"}).content.decode().count("<html") == 0


def test_languages_and_categories_endpoints(client):
    languages = {item["code"]: item for item in client.get("/api/v1/interpreters/languages").json()}
    assert len(languages) >= 69 and "levantine" in languages["ar"]["variants"]
    categories = client.get("/api/v1/interpreters/categories").json()
    assert [c["code"] for c in categories] == ["A", "B", "C", "D", "E"]


def test_openapi_documents_the_public_search(client):
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/v1/interpreters/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"language", "variant", "category", "county", "municipality",
                                                            "remote_screen", "remote_phone", "name"}
    assert "security" not in operation or operation["security"] in ([], [{}])


def test_a_huge_page_of_the_interpreter_search_shows_the_last_page(client, listed):
    for _ in range(3):
        listed("ar")
    for page in (str(2**63), "9" * 30, "5000"):
        response = client.get("/interpreters/", {"language": "ar", "page": page})
        assert response.status_code == 200, page
        assert response.context["page_number"] == 1 and len(response.context["result"].listings) == 3
