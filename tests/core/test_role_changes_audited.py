"""Issue 13, finding 5: role grants and revocations are audited services; the shielded-identity role and the
superuser flag cannot be given from the web at all (only `nyinorge role grant` on the server, with a reason)."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from nyinorge.core.models import AuditEntry, RoleAssignment
from nyinorge.core.roles import Role

pytestmark = pytest.mark.django_db


def _change_form(user, *, roles: list[str], delete: set[str] = frozenset(), **fields) -> dict:
    """The admin's change form for the user as posted: its fields and one inline row per role."""
    data = {
        "username": user.username, "first_name": user.first_name, "last_name": user.last_name, "email": user.email,
        "organisation": user.organisation_id, "is_active": "on",
        **fields,
    }
    existing = list(user.role_assignments.order_by("pk"))
    rows = [(a.pk, a.role) for a in existing] + [(None, role) for role in roles if role not in {a.role for a in existing}]
    data.update({"role_assignments-TOTAL_FORMS": str(len(rows)), "role_assignments-INITIAL_FORMS": str(len(existing))})
    for i, (pk, role) in enumerate(rows):
        data[f"role_assignments-{i}-role"] = role
        data[f"role_assignments-{i}-user"] = user.pk
        if pk:
            data[f"role_assignments-{i}-id"] = pk
        if role in delete:
            data[f"role_assignments-{i}-DELETE"] = "on"
    return data


def _role_entries(user):
    return list(AuditEntry.objects.filter(object_type="core.user.roles", object_id=str(user.pk)).order_by("pk"))


def test_granting_and_revoking_a_role_in_the_admin_is_audited_with_before_and_after(client, make_user):
    administrator = make_user(Role.DIRECTORATE_ADMINISTRATOR, username="ada")
    colleague = make_user(Role.DIRECTORATE_CASEWORKER, username="siri")
    client.force_login(administrator)
    url = reverse("admin:core_user_change", args=[colleague.pk])

    response = client.post(url, _change_form(colleague, roles=[Role.DIRECTORATE_CASEWORKER, Role.ANALYST]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert colleague.role_assignments.filter(role=Role.ANALYST).exists()
    [granted] = _role_entries(colleague)
    assert granted.user == administrator and granted.action == AuditEntry.Action.UPDATE
    assert granted.detail == ("role granted: analyst for siri: before [directorate_caseworker], "
                              "after [analyst, directorate_caseworker]")

    response = client.post(url, _change_form(colleague, roles=[], delete={Role.ANALYST}))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not colleague.role_assignments.filter(role=Role.ANALYST).exists()
    revoked = _role_entries(colleague)[-1]
    assert revoked.detail == ("role revoked: analyst for siri: before [analyst, directorate_caseworker], "
                              "after [directorate_caseworker]")


def test_an_administrator_cannot_grant_itself_the_shielded_identity_role_from_the_web(client, make_user):
    administrator = make_user(Role.DIRECTORATE_ADMINISTRATOR)
    client.force_login(administrator)
    response = client.post(reverse("admin:core_user_change", args=[administrator.pk]),
                           _change_form(administrator, roles=[Role.DIRECTORATE_ADMINISTRATOR,
                                                              Role.SHIELDED_IDENTITY_OFFICER]))
    assert response.status_code == 200
    assert "nyinorge role grant" in response.content.decode()
    assert not RoleAssignment.objects.filter(role=Role.SHIELDED_IDENTITY_OFFICER).exists()
    assert not _role_entries(administrator)


def test_nor_revoke_it_from_the_web(client, make_user):
    officer = make_user(Role.DIRECTORATE_CASEWORKER)
    call_command("role", "grant", officer.username, Role.SHIELDED_IDENTITY_OFFICER, "--reason", "Vedtak 2020/17")
    client.force_login(make_user(Role.DIRECTORATE_ADMINISTRATOR))
    response = client.post(reverse("admin:core_user_change", args=[officer.pk]),
                           _change_form(officer, roles=[], delete={Role.SHIELDED_IDENTITY_OFFICER}))
    assert response.status_code == 200
    assert officer.role_assignments.filter(role=Role.SHIELDED_IDENTITY_OFFICER).exists()


def test_the_superuser_flag_cannot_be_set_from_the_web_and_account_changes_are_audited(client, make_user):
    administrator = make_user(Role.DIRECTORATE_ADMINISTRATOR)
    client.force_login(administrator)
    response = client.post(reverse("admin:core_user_change", args=[administrator.pk]),
                           _change_form(administrator, roles=[], is_superuser="on", is_staff="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    administrator.refresh_from_db()
    assert not administrator.is_superuser
    assert administrator.is_staff
    entry = AuditEntry.objects.filter(object_type="core.user", object_id=str(administrator.pk)).latest("pk")
    assert entry.user == administrator and "is_staff False → True" in entry.detail
    # The admin's own log is copied into the append-only one too.
    assert AuditEntry.objects.filter(object_type="admin:core.user", object_id=str(administrator.pk)).exists()


def test_users_are_deactivated_not_deleted(client, make_user):
    client.force_login(make_user(Role.DIRECTORATE_ADMINISTRATOR))
    other = make_user(Role.ANALYST)
    assert client.get(reverse("admin:core_user_delete", args=[other.pk])).status_code == 403


def test_the_command_line_grants_the_shielded_role_with_a_reason_and_audits_the_operator(make_user):
    officer = make_user(Role.DIRECTORATE_CASEWORKER, username="stine")
    with pytest.raises(CommandError, match="reason"):
        call_command("role", "grant", "stine", Role.SHIELDED_IDENTITY_OFFICER)
    call_command("role", "grant", "stine", Role.SHIELDED_IDENTITY_OFFICER, "--reason", "Vedtak 2020/17")
    assert officer.role_assignments.filter(role=Role.SHIELDED_IDENTITY_OFFICER).exists()
    [entry] = _role_entries(officer)
    assert entry.user is None and entry.username.startswith("cli:")
    assert entry.detail.endswith("after [directorate_caseworker, shielded_identity_officer]; reason: Vedtak 2020/17")
    call_command("role", "revoke", "stine", Role.SHIELDED_IDENTITY_OFFICER, "--reason", "Sluttet")
    assert not officer.role_assignments.filter(role=Role.SHIELDED_IDENTITY_OFFICER).exists()
    assert len(_role_entries(officer)) == 2


def test_a_designated_officers_login_cannot_be_taken_over_from_the_admin(client, make_user):
    officer = make_user(Role.DIRECTORATE_CASEWORKER, username="stine", email="stine@imdi.invalid")
    call_command("role", "grant", "stine", Role.SHIELDED_IDENTITY_OFFICER, "--reason", "Vedtak 2020/17")
    client.force_login(make_user(Role.DIRECTORATE_ADMINISTRATOR))
    response = client.post(reverse("admin:core_user_change", args=[officer.pk]),
                           _change_form(officer, roles=[], email="attacker@example.invalid", username="taken"))
    officer.refresh_from_db()
    assert (officer.username, officer.email) == ("stine", "stine@imdi.invalid"), response.status_code
    assert client.get(f"/admin/core/user/{officer.pk}/password/").status_code == 403
