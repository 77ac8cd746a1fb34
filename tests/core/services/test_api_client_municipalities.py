"""Clients that act for several municipalities (case-system vendors), and a municipality's own client."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from nyinorge.core.models import ApiClient, AuditEntry, Municipality, Organisation
from nyinorge.core.roles import Role
from nyinorge.core.services.api_clients import api_client_issue, api_client_set_municipalities
from nyinorge.core.services.organisations import vendor_organisation_create

pytestmark = pytest.mark.django_db

WS4 = ["ws4:read", "ws4:write"]


@pytest.fixture
def administrator(make_user):
    return make_user(Role.DIRECTORATE_ADMINISTRATOR)


@pytest.fixture
def vendor():
    return vendor_organisation_create(name="Fagsystem AS", organisation_number="974760673")


def municipalities(*numbers: str) -> list[Municipality]:
    return list(Municipality.objects.filter(number__in=numbers))


def test_a_vendor_client_acts_for_the_municipalities_it_lists_and_no_others(administrator, vendor):
    client, _token = api_client_issue(actor=administrator, organisation=vendor, name="Fagsystem", scopes=WS4,
                                      municipalities=municipalities("0301", "4601"))
    client = ApiClient.objects.get(pk=client.pk)
    assert client.municipality_numbers == {"0301", "4601"}
    assert client.may_act_for("0301") and client.may_act_for(Municipality.objects.get(number="4601"))
    assert not client.may_act_for("5001")
    # The vendor's service user has no role, so the pages' permission layer shows it no one.
    assert client.user.organisation == vendor and client.user.roles == set()
    entry = AuditEntry.objects.get(object_type="core.api_client", action=AuditEntry.Action.CREATE)
    assert "0301, 4601" in entry.detail


def test_a_municipality_client_acts_for_its_own_municipality(administrator, municipality_org):
    client, _token = api_client_issue(actor=administrator, organisation=municipality_org("0301"), name="Oslo",
                                      scopes=WS4)
    assert ApiClient.objects.get(pk=client.pk).municipality_numbers == {"0301"}
    assert not client.may_act_for("4601")


def test_a_vendor_client_must_list_municipalities(administrator, vendor):
    with pytest.raises(ValidationError) as error:
        api_client_issue(actor=administrator, organisation=vendor, name="Fagsystem", scopes=WS4)
    assert "municipalities" in error.value.message_dict
    assert not ApiClient.objects.exists()


def test_a_vendor_cannot_get_settlement_scopes(administrator, vendor):
    with pytest.raises(ValidationError) as error:
        api_client_issue(actor=administrator, organisation=vendor, name="Fagsystem", scopes=["settlement:read"],
                         municipalities=municipalities("0301"))
    assert "scopes" in error.value.message_dict


def test_the_municipalities_can_be_replaced_and_the_change_is_audited(administrator, vendor):
    client, _token = api_client_issue(actor=administrator, organisation=vendor, name="Fagsystem", scopes=WS4,
                                      municipalities=municipalities("0301"))
    client = api_client_set_municipalities(actor=administrator, client=client,
                                           municipalities=municipalities("4601", "5001"))
    assert ApiClient.objects.get(pk=client.pk).municipality_numbers == {"4601", "5001"}
    entry = AuditEntry.objects.get(object_type="core.api_client", action=AuditEntry.Action.UPDATE)
    assert entry.user == administrator and "4601, 5001" in entry.detail and "was 0301" in entry.detail
    with pytest.raises(ValidationError):
        api_client_set_municipalities(actor=administrator, client=client, municipalities=[])


def test_a_vendor_needs_a_valid_organisation_number():
    with pytest.raises(ValidationError):
        vendor_organisation_create(name="Fagsystem AS", organisation_number="123456789")
    assert not Organisation.objects.filter(kind=Organisation.Kind.OTHER).exists()


def run_command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_client", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_registers_a_vendor_and_issues_a_client_for_two_municipalities():
    out, err = run_command("issue", "--organisation-number", "974760673", "--vendor-name", "Fagsystem AS",
                           "--name", "Fagsystem", "--scope", "ws4:read", "--scope", "ws4:write",
                           "--for-municipality", "0301", "--for-municipality", "4601")
    client = ApiClient.objects.get()
    assert client.token_prefix == out.strip()[:8] and client.organisation.kind == Organisation.Kind.OTHER
    assert client.municipality_numbers == {"0301", "4601"} and "0301, 4601" in err
    listed, _err = run_command("list")
    assert "acts for 0301,4601" in listed
    run_command("municipalities", client.token_prefix, "--for-municipality", "5001")
    assert ApiClient.objects.get().municipality_numbers == {"5001"}


@pytest.mark.parametrize("extra", [
    [],  # a vendor without municipalities
    ["--for-municipality", "9999"],  # no such municipality
])
def test_the_command_refuses_a_vendor_client_it_cannot_issue_and_registers_no_vendor(extra):
    with pytest.raises(CommandError):
        run_command("issue", "--organisation-number", "974760673", "--vendor-name", "Fagsystem AS",
                    "--name", "Fagsystem", "--scope", "ws4:write", *extra)
    assert not ApiClient.objects.exists()
    assert not Organisation.objects.filter(kind=Organisation.Kind.OTHER).exists()
