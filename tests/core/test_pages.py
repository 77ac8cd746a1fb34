import csv
import datetime
import io

import pytest
from django.urls import reverse

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import AuditEntry, FamilyRelation, Person
from nyinorge.core.roles import Role

pytestmark = pytest.mark.django_db


def test_start_page_is_norwegian_by_default_and_lists_the_roles_tasks(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nb"' in html
    assert "Registrer en person" in html and "Personer" in html
    assert "Revisjonslogg" not in html  # not a caseworker's task


def test_language_switch_to_english(client, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en"' in html and "Register a person" in html


def test_security_headers(client):
    response = client.get(reverse("login"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_content_security_policy_is_the_strict_one_directive_for_directive(client):
    # The whole policy (django-csp writes the directives in its own order): nothing inline, no nonce, no other host.
    header = client.get(reverse("login"))["Content-Security-Policy"]
    policy = {name: sources for name, *sources in (part.split() for part in header.split(";"))}
    assert policy == {
        "default-src": ["'self'"], "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"],
        "font-src": ["'self'"], "connect-src": ["'self'"], "form-action": ["'self'"], "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"], "object-src": ["'none'"],
    }


def test_pages_need_login(client):
    response = client.get(reverse("people:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_refusal_page_says_why(client, make_user):
    client.force_login(make_user(Role.ANALYST))
    response = client.get(reverse("people:list"))
    assert response.status_code == 403
    assert "Analytiker" in response.content.decode()


def test_register_a_person_through_the_form(client, caseworker):
    client.force_login(caseworker)
    number = synthetic_national_identity_number(datetime.date(1985, 1, 2), serial=7)
    response = client.post(
        reverse("people:create"),
        {"national_id": number, "given_name": "Nadia", "family_name": "Karimi", "birth_date": "1985-01-02",
         "sex": "female", "citizenship": "AF", "languages": "prs, fa"},
    )
    person = Person.objects.get(national_id=number)
    assert response.status_code == 302 and response["Location"] == reverse("people:detail", args=[person.pk])
    assert person.languages == ["prs", "fa"]


def test_form_errors_are_shown_in_norwegian_and_nothing_is_saved(client, caseworker, make_person):
    existing = make_person()
    client.force_login(caseworker)
    response = client.post(
        reverse("people:create"),
        {"national_id": existing.national_id, "given_name": "X", "family_name": "Y",
         "birth_date": existing.birth_date.isoformat(), "sex": "unknown"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "ds-error-summary" in html
    assert f"En person med fødselsnummer {existing.national_id} er allerede registrert" in html
    assert Person.objects.count() == 1


def test_search_by_name_and_identifier_with_htmx_partial(client, caseworker, make_person):
    make_person(given_name="Samira", family_name="Ali")
    other = make_person(given_name="Yonas", family_name="Berhe")
    client.force_login(caseworker)
    by_name = client.get(reverse("people:list"), {"q": "sami"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Ali, Samira" in by_name and "Berhe" not in by_name and "<html" not in by_name
    by_number = client.get(reverse("people:list"), {"q": other.national_id}).content.decode()
    assert "Berhe, Yonas" in by_number and "Samira" not in by_number


def test_family_relation_from_the_detail_page(client, caseworker, make_person):
    parent, child = make_person(given_name="Parent"), make_person(given_name="Child")
    client.force_login(caseworker)
    response = client.post(
        reverse("people:relation_create", args=[parent.pk]), {"kind": "parent", "relative_identifier": child.national_id}
    )
    assert response.status_code == 302
    detail = client.get(reverse("people:detail", args=[child.pk])).content.decode()
    assert "Forelder" in detail and "Parent Person" in detail
    unknown = client.post(
        reverse("people:relation_create", args=[parent.pk]), {"kind": "sibling", "relative_identifier": "201900000000"}
    )
    assert "Ingen registrert person har dette nummeret" in unknown.content.decode()
    assert FamilyRelation.objects.count() == 1


def test_audit_log_search_and_csv_export(client, make_user, caseworker, make_person):
    person = make_person(given_name="Leila", family_name="Audit")
    client.force_login(caseworker)
    client.get(reverse("people:detail", args=[person.pk]))
    client.logout()
    admin = make_user(Role.DIRECTORATE_ADMINISTRATOR)
    client.force_login(admin)
    page = client.get(reverse("audit:list"), {"person": person.national_id, "action": "view"}).content.decode()
    assert caseworker.username in page and "Leila Audit" in page
    export = client.get(reverse("audit:export"), {"person": "Leila Audit"})
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    by_caseworker = [row for row in rows if row["user"] == caseworker.username]
    assert sorted(row["action"] for row in by_caseworker) == ["create", "view"]
    assert all(row["person_identifier"] == person.national_id for row in by_caseworker)
    # The administrator's own search listed the person: that read is in the log too, as a list read.
    by_admin = [row for row in rows if row["user"] == admin.username]
    assert [row["persons_shown"] for row in by_admin] == [person.national_id]
    assert AuditEntry.objects.filter(user=admin, action="export").count() == 1


def test_audit_log_refuses_a_reversed_period(client, make_user):
    client.force_login(make_user(Role.DIRECTORATE_ADMINISTRATOR))
    response = client.get(reverse("audit:list"), {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert response.status_code == 200 and "ds-error-summary" in response.content.decode()


def test_organisations_page_filters_by_kind(client, caseworker, reception_centre):
    reception_centre("Testmottak Lier")
    client.force_login(caseworker)
    html = client.get(reverse("organisations"), {"kind": "reception_centre"}).content.decode()
    assert "Testmottak Lier" in html and "Oslo kommune" not in html


def test_healthz(client):
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_people_list_pages_and_audits_only_the_people_shown(client, caseworker, make_person):
    from nyinorge.core.selectors.people import PAGE_SIZE

    people = [make_person(family_name=f"Page{n:02d}") for n in range(PAGE_SIZE + 5)]
    client.force_login(caseworker)
    first = client.get(reverse("people:list"), {"q": "Page"}).content.decode()
    assert "?q=Page&amp;page=2" in first and "Side 1 av 2" in first
    second = client.get(reverse("people:list"), {"q": "Page", "page": 2})
    entry = AuditEntry.objects.filter(object_type="core.person.list").latest("id")
    shown = set(entry.subjects.values_list("person_id", flat=True))
    assert shown == {p.pk for p in people[PAGE_SIZE:]}
    assert "Side 2 av 2" in second.content.decode()
