import datetime
import hashlib
import io

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from nyinorge.core.models import ApiClient, AuditEntry
from nyinorge.core.roles import Role
from nyinorge.core.services.api_clients import api_client_authenticate, api_client_issue, api_client_revoke
from nyinorge.core.services.reference import directorate

pytestmark = pytest.mark.django_db

SCOPES = ["settlement:read", "settlement:answer"]


@pytest.fixture
def administrator(make_user):
    return make_user(Role.DIRECTORATE_ADMINISTRATOR)


@pytest.fixture
def oslo_org(municipality_org):
    return municipality_org("0301")


def test_the_token_is_stored_only_as_its_hash(administrator, oslo_org):
    client, token = api_client_issue(actor=administrator, organisation=oslo_org, name="Oslo fagsystem", scopes=SCOPES)
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert client.token_hash == hashlib.sha256(token.encode()).hexdigest() and client.token_prefix == token[:8]
    # No column of any table holds the token (searched in the database's own text of every row).
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        tables = [row[0] for row in cursor.fetchall()]
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}" t WHERE t::text LIKE %s', [f"%{token}%"])
            assert cursor.fetchone()[0] == 0, table
        cursor.execute('SELECT count(*) FROM "core_apiclient" t WHERE t::text LIKE %s', [f"%{client.token_hash}%"])
        assert cursor.fetchone()[0] == 1  # the search itself works


def test_the_service_user_acts_for_the_organisation_with_a_fitting_role(administrator, oslo_org):
    client, token = api_client_issue(actor=administrator, organisation=oslo_org, name="Oslo fagsystem", scopes=SCOPES)
    user = client.user
    assert user.organisation == oslo_org and user.roles == {Role.MUNICIPALITY_CASEWORKER}
    assert not user.has_usable_password() and not user.is_staff and "oslo-fagsystem" in user.username
    assert client.scopes == sorted(SCOPES) and client.created_by == administrator
    entry = AuditEntry.objects.get(object_type="core.api_client", action=AuditEntry.Action.CREATE)
    assert entry.user == administrator and entry.object_id == str(client.pk) and token not in entry.detail


def test_issuing_needs_the_user_administration_capability(make_user, oslo_org):
    with pytest.raises(PermissionDenied):
        api_client_issue(actor=make_user(Role.DIRECTORATE_CASEWORKER), organisation=oslo_org, name="X", scopes=SCOPES)
    assert not ApiClient.objects.exists()


@pytest.mark.parametrize(("scopes", "field"), [([], "scopes"), (["settlement:write"], "scopes"), (["admin"], "scopes")])
def test_scopes_are_validated(administrator, oslo_org, scopes, field):
    with pytest.raises(ValidationError) as error:
        api_client_issue(actor=administrator, organisation=oslo_org, name="X", scopes=scopes)
    assert field in error.value.message_dict


def test_clients_only_for_organisations_whose_kind_has_a_client_role(administrator):
    with pytest.raises(ValidationError) as error:
        api_client_issue(actor=administrator, organisation=directorate(), name="X", scopes=SCOPES)
    assert "organisation" in error.value.message_dict and "scopes" in error.value.message_dict


def test_an_expiry_in_the_past_is_refused(administrator, oslo_org):
    with pytest.raises(ValidationError) as error:
        api_client_issue(actor=administrator, organisation=oslo_org, name="X", scopes=SCOPES,
                         expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert "expires_at" in error.value.message_dict


def test_authenticate_refuses_unknown_revoked_and_expired_tokens(administrator, oslo_org):
    client, token = api_client_issue(actor=administrator, organisation=oslo_org, name="X", scopes=SCOPES,
                                     expires_at=timezone.now() + datetime.timedelta(days=1))
    assert api_client_authenticate(token=token) == client
    assert api_client_authenticate(token=token + "x") is None
    assert api_client_authenticate(token="") is None
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert api_client_authenticate(token=token) is None
    api_client_revoke(actor=administrator, client=client)
    client.refresh_from_db()
    assert client.revoked_at is not None and not client.user.is_active
    assert api_client_authenticate(token=token) is None
    assert AuditEntry.objects.filter(object_type="core.api_client", action=AuditEntry.Action.UPDATE,
                                     user=administrator).count() == 1


def test_last_used_is_written_at_most_once_a_minute(administrator, oslo_org):
    client, token = api_client_issue(actor=administrator, organisation=oslo_org, name="X", scopes=SCOPES)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        api_client_authenticate(token=token)
        api_client_authenticate(token=token)
    client.refresh_from_db()
    assert client.last_used_at == start
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        api_client_authenticate(token=token)
    client.refresh_from_db()
    assert client.last_used_at == start
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        api_client_authenticate(token=token)
    client.refresh_from_db()
    assert client.last_used_at == start + datetime.timedelta(seconds=61)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN, user=client.user).count() == 2


def run_command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_client", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_prints_a_token_that_works(proposed_to_oslo):
    from django.test import Client

    out, err = run_command("issue", "--organisation-number", "0301", "--name", "Oslo fagsystem",
                           "--scope", "settlement:read", "--scope", "settlement:answer")
    token = out.strip()
    client = ApiClient.objects.get()
    assert client.token_prefix == token[:8] and client.created_by is None and "shown only now" in err
    assert AuditEntry.objects.get(object_type="core.api_client").username == "console"
    response = Client().get("/api/v1/settlement/proposals", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and [p["case_id"] for p in response.json()] == [proposed_to_oslo.pk]
    listed, _ = run_command("list")
    assert client.token_prefix in listed and token not in listed and "usable" in listed
    run_command("revoke", client.token_prefix)
    response = Client().get("/api/v1/settlement/proposals", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "revoked" in run_command("list")[0]


def test_the_command_finds_organisations_by_organisation_number_and_names_its_actor(administrator, oslo_org):
    oslo_org.organisation_number = "974760673"
    oslo_org.save()
    run_command("issue", "--organisation-number", "974760673", "--name", "X", "--scope", "settlement:read",
                "--actor", administrator.username)
    assert ApiClient.objects.get().created_by == administrator


@pytest.mark.parametrize("args", [
    ["issue", "--organisation-number", "9999", "--name", "X", "--scope", "settlement:read"],
    ["issue", "--organisation-number", "0301", "--name", "X", "--scope", "settlement:read", "--expires-at", "tomorrow"],
    ["issue", "--organisation-number", "0301", "--name", "X", "--scope", "settlement:read", "--actor", "nobody"],
    ["revoke", "abcdefgh"],
])
def test_the_command_gives_clear_errors(args):
    with pytest.raises(CommandError):
        run_command(*args)
    assert not ApiClient.objects.exists()


def test_the_command_refuses_an_actor_without_rights(make_user):
    caseworker = make_user(Role.DIRECTORATE_CASEWORKER)
    with pytest.raises(CommandError, match="."):
        run_command("issue", "--organisation-number", "0301", "--name", "X", "--scope", "settlement:read",
                    "--actor", caseworker.username)
    assert not ApiClient.objects.exists()


@pytest.fixture
def proposed_to_oslo(caseworker, make_person):
    from nyinorge.core.models import Municipality
    from nyinorge.settlement.services.cases import case_create, case_make_ready, case_propose
    from nyinorge.settlement.services.requests import settlement_year_create

    year = settlement_year_create(actor=caseworker, year=2019, national_target=100)
    case = case_create(actor=caseworker, category="reception", members=[make_person()],
                       decision_date=datetime.date(2019, 1, 15))
    return case_propose(actor=caseworker, case=case_make_ready(actor=caseworker, case=case),
                        municipality=Municipality.objects.get(number="0301"), year=year)


def test_the_admin_lists_clients_without_tokens_and_revokes_them(client, administrator, oslo_org):
    from django.urls import reverse

    api_client, token = api_client_issue(actor=administrator, organisation=oslo_org, name="Oslo fagsystem", scopes=SCOPES)
    client.force_login(administrator)
    listing = client.get(reverse("admin:core_apiclient_changelist"))
    assert listing.status_code == 200 and api_client.token_prefix in listing.content.decode()
    assert token not in listing.content.decode()
    detail = client.get(reverse("admin:core_apiclient_change", args=[api_client.pk])).content.decode()
    assert token not in detail and 'name="token_hash"' not in detail  # shown, never editable
    assert client.get(reverse("admin:core_apiclient_add")).status_code == 403
    response = client.post(reverse("admin:core_apiclient_changelist"),
                           {"action": "revoke", "_selected_action": [api_client.pk]})
    assert response.status_code == 302
    api_client.refresh_from_db()
    assert api_client.revoked_at is not None and api_client_authenticate(token=token) is None
