import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from nyinorge.core.models import AuditEntry, AuditSubject
from nyinorge.core.models.audit import AuditLogIsAppendOnly
from nyinorge.core.roles import Role
from nyinorge.core.services.audit import audit_record

pytestmark = pytest.mark.django_db


def test_entries_cannot_be_changed_or_deleted_through_the_orm(caseworker, make_person):
    person = make_person()
    entry = audit_record(actor=caseworker, action="view", object_type="core.person", object_id=person.pk, person=person)
    entry.detail = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="tampered")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditSubject.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists in PostgreSQL only")
@pytest.mark.parametrize("statement", ["UPDATE core_auditentry SET detail = 'x'", "DELETE FROM core_auditentry"])
def test_postgresql_refuses_raw_update_and_delete(caseworker, statement):
    audit_record(actor=caseworker, action="view", object_type="test")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEntry.objects.filter(object_type="test", detail="").count() == 1


def test_entry_records_who_organisation_and_request_id(client, caseworker, make_person):
    person = make_person()
    client.force_login(caseworker)
    response = client.get(reverse("people:detail", args=[person.pk]), HTTP_X_REQUEST_ID="abcdef0123456789")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "abcdef0123456789"
    entry = AuditEntry.objects.get(action="view", person=person)
    assert (entry.user_id, entry.organisation_id, entry.request_id) == (
        caseworker.pk, caseworker.organisation_id, "abcdef0123456789")


def test_unsafe_request_ids_are_replaced(client):
    response = client.get(reverse("login"), HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline" and len(response["X-Request-ID"]) == 32


def test_logins_failures_and_logouts_are_audited(client, make_user):
    user = make_user(Role.ANALYST, password="a-long-test-password-1")
    assert client.post(reverse("login"), {"username": user.username, "password": "wrong"}).status_code == 200
    assert client.post(reverse("login"), {"username": user.username, "password": "a-long-test-password-1"}).status_code == 302
    client.post(reverse("logout"))
    actions = list(AuditEntry.objects.filter(username=user.username).order_by("id").values_list("action", flat=True))
    assert actions == ["login_failed", "login", "logout"]


def test_passwords_are_hashed_with_argon2(make_user, settings):
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS
    user = make_user(Role.ANALYST, password="a-long-test-password-1")
    assert user.password.startswith("argon2")


def test_lockout_after_repeated_failures(client, make_user, settings):
    user = make_user(Role.ANALYST, password="a-long-test-password-1")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    locked = client.post(reverse("login"), {"username": user.username, "password": "a-long-test-password-1"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
