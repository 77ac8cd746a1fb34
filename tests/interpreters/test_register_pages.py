"""The register for its staff: every status, full entry with history, revocation; audited; others refused."""

import pytest
from django.utils import timezone

from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Role
from nyinorge.interpreters.models import Listing
from nyinorge.interpreters.services.register import interpreter_set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, officer):
    client.force_login(officer)
    return client


def test_list_shows_every_status_and_is_audited(staff_client, listed, make_interpreter, officer):
    active = listed("ar", given_name="Aktiv", family_name="Tolk")
    suspended = listed("so", given_name="Utestengt", family_name="Tolk")
    interpreter_set_status(actor=officer, interpreter=suspended, status="suspended", reason="Klage")
    applicant = make_interpreter(given_name="Søker", family_name="Tolk")
    text = staff_client.get("/interpreters/register/", {"name": "tolk"}).content.decode()
    assert all(name in text for name in ("Aktiv Tolk", "Utestengt Tolk", "Søker Tolk"))
    entry = AuditEntry.objects.filter(action="view", object_type="interpreters.interpreter").first()
    assert entry.user == officer
    assert {str(i.pk) for i in (active, suspended, applicant)} <= set(entry.detail.split(": ")[-1].split(","))
    only = staff_client.get("/interpreters/register/", {"status": "suspended"}).content.decode()
    assert "Utestengt Tolk" in only and "Aktiv Tolk" not in only


def test_entry_shows_history_and_revocation_recomputes(staff_client, listed, approve, officer):
    interpreter = listed("ar")
    approve(interpreter, "education", "ar", credits=30)  # C → B
    authorisation = interpreter.evidence.get(kind="authorisation")
    page = staff_client.get(f"/interpreters/register/{interpreter.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kategori B" in text and "Kategori C" in text  # now and before, in the history
    assert AuditEntry.objects.filter(action="view", object_id=str(interpreter.pk), detail="register entry").exists()
    prefix = f"evidence-{authorisation.pk}"
    response = staff_client.post(f"/interpreters/register/{interpreter.pk}/evidence/{authorisation.pk}/revoke/",
                                 {f"{prefix}-revoked_on": timezone.localdate().isoformat(), f"{prefix}-reason": "Bevilling tilbakekalt"})
    assert response.status_code == 302
    assert Listing.objects.get(interpreter=interpreter).category == "D"
    # A missing reason is a message, not a crash, and changes nothing.
    education = interpreter.evidence.get(kind="education")
    prefix = f"evidence-{education.pk}"
    staff_client.post(f"/interpreters/register/{interpreter.pk}/evidence/{education.pk}/revoke/",
                      {f"{prefix}-revoked_on": timezone.localdate().isoformat(), f"{prefix}-reason": ""})
    education.refresh_from_db()
    assert education.revoked_on is None


@pytest.mark.parametrize(("role", "organisation"), [
    (Role.ANALYST, None), (Role.MUNICIPALITY_CASEWORKER, "0301"), (Role.DIRECTORATE_ADMINISTRATOR, None)])
def test_others_are_refused_and_nothing_is_logged_as_read(client, make_user, municipality_org, listed, role, organisation):
    interpreter = listed("ar")
    client.force_login(make_user(role, municipality_org(organisation) if organisation else None))
    assert client.get("/interpreters/register/").status_code == 403
    assert client.get(f"/interpreters/register/{interpreter.pk}/").status_code == 403
    evidence = interpreter.evidence.get()
    assert client.post(f"/interpreters/register/{interpreter.pk}/evidence/{evidence.pk}/revoke/").status_code == 403
    assert not AuditEntry.objects.filter(action="view", object_type="interpreters.interpreter").exists()
