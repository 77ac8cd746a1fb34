"""The payout file of an approved run: one payment per municipality and chapter/post, KID, organisation number,
CSV and XML (valid against grants/data/payout.xsd), and the run locked once exported."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db.models import Sum
from django.utils import translation
from django.test import RequestFactory
from django.urls import reverse
from stdnum import luhn

from nyinorge.core.models import AuditEntry, Organisation
from nyinorge.core.roles import Role
from nyinorge.core.services.organisations import municipality_organisation_numbers_fill
from nyinorge.grants.models import GrantRun
from nyinorge.grants.views import payout as payout_views
from nyinorge.grants.services.payout import PAYOUT_NAMESPACE, PAYOUT_SCHEMA, grant_run_export, payout_kid
from tests.grants.test_pages import _routes_of_the_other_grant_parts  # noqa: F401 (the menu's missing parts)
from tests.grants.test_runs import approver, family, run  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The messages are matched in English (the default language is bokmål)."""
    with translation.override("en"):
        yield


@pytest.fixture
def numbers():
    municipality_organisation_numbers_fill()


@pytest.fixture
def approved(family, caseworker, approver, numbers):  # noqa: F811
    return run(caseworker, approver, 2019, 1)


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(_content(response).decode("utf-8-sig"))))


def _expected(approved) -> dict[tuple, Decimal]:
    rows = approved.lines.values("municipality_id", "chapter", "post").annotate(total=Sum("amount"))
    return {(r["municipality_id"], r["chapter"], r["post"]): r["total"] for r in rows}


def test_the_verified_organisation_numbers_are_filled_once():
    assert municipality_organisation_numbers_fill() == 2
    assert municipality_organisation_numbers_fill() == 0
    oslo = Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, municipality_id="0301")
    bergen = Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, municipality_id="4601")
    assert (oslo.organisation_number, bergen.organisation_number) == ("958935420", "964338531")
    oslo.full_clean()  # the mod-11 check digit holds


def test_the_kid_is_year_instalment_municipality_chapter_post_and_a_luhn_digit():
    kid = payout_kid(budget_year=2019, instalment=3, municipality="0301", chapter=291, post=61)
    assert kid[:-1] == "201903" "0301" "291" "61" and len(kid) == 16
    assert luhn.is_valid(kid)
    assert kid != payout_kid(budget_year=2019, instalment=3, municipality="0301", chapter=292, post=61)


def test_the_csv_has_one_payment_per_municipality_and_post_and_the_run_is_locked(approved, caseworker):
    response = grant_run_export(actor=caseworker, run=approved, file_format="csv")
    rows = _csv_rows(response)
    assert {(r["municipality_number"], int(r["chapter"]), int(r["post"])): Decimal(r["amount_nok"]) for r in rows} \
        == _expected(approved)
    assert {(r["chapter"], r["post"]) for r in rows} == {("291", "60"), ("292", "60")}
    for row in rows:
        assert row["organisation_number"] == "958935420" and row["municipality_name"] == "Oslo"
        assert luhn.is_valid(row["kid"]) and row["kid"].startswith("201901" "0301" + row["chapter"])
        assert "2019" in row["reference"] and f"kap. {row['chapter']} post {row['post']}" in row["reference"]
    approved.refresh_from_db()
    assert approved.status == GrantRun.Status.EXPORTED and approved.exported_at is not None
    entries = AuditEntry.objects.filter(object_type="grants.grantrun", user=caseworker)
    assert entries.filter(action=AuditEntry.Action.UPDATE, detail__contains="exported for payment (csv)").exists()
    assert entries.filter(action=AuditEntry.Action.EXPORT, detail__contains="payout file 2019/1 (csv)").exists()
    # A failed download can be fetched again: the same payments, the run stays exported, each download audited.
    first_export = approved.exported_at
    again = _csv_rows(grant_run_export(actor=caseworker, run=approved, file_format="csv"))
    assert again == rows
    approved.refresh_from_db()
    assert approved.exported_at == first_export
    assert entries.filter(action=AuditEntry.Action.EXPORT, detail__contains="payout file 2019/1 (csv)").count() == 2
    assert entries.filter(action=AuditEntry.Action.UPDATE, detail__contains="exported for payment").count() == 1


def test_the_xml_is_valid_against_the_schema_and_adds_up(approved, caseworker):
    content = grant_run_export(actor=caseworker, run=approved, file_format="xml").content
    etree = pytest.importorskip("lxml.etree")
    schema = etree.XMLSchema(etree.parse(str(PAYOUT_SCHEMA)))
    document = etree.fromstring(content)
    schema.assertValid(document)
    ns = {"p": PAYOUT_NAMESPACE}
    payments = document.findall("p:payment", ns)
    found = {(p.findtext("p:municipalityNumber", namespaces=ns), int(p.findtext("p:chapter", namespaces=ns)),
              int(p.findtext("p:post", namespaces=ns))): Decimal(p.findtext("p:amount", namespaces=ns))
             for p in payments}
    assert found == _expected(approved)
    assert document.get("lineCount") == str(len(payments)) and Decimal(document.get("total")) == approved.total
    assert (document.get("budgetYear"), document.get("instalment")) == ("2019", "1")


def test_the_schema_refuses_a_payment_without_an_organisation_number(approved, caseworker):
    etree = pytest.importorskip("lxml.etree")
    document = etree.fromstring(grant_run_export(actor=caseworker, run=approved, file_format="xml").content)
    document.find(f"{{{PAYOUT_NAMESPACE}}}payment/{{{PAYOUT_NAMESPACE}}}organisationNumber").text = "12345"
    assert not etree.XMLSchema(etree.parse(str(PAYOUT_SCHEMA))).validate(document)


def test_a_run_not_yet_approved_is_not_exported(family, caseworker, approver, numbers):  # noqa: F811
    computed = run(caseworker, approver, 2019, 1, approve=False)
    with pytest.raises(ValidationError, match="Only an approved run"):
        grant_run_export(actor=caseworker, run=computed, file_format="csv")
    computed.refresh_from_db()
    assert computed.status == GrantRun.Status.COMPUTED and computed.exported_at is None


def test_municipalities_without_an_organisation_number_are_named_and_nothing_is_locked(family, caseworker, approver):  # noqa: F811
    approved_run = run(caseworker, approver, 2019, 1)
    with pytest.raises(ValidationError, match="0301 Oslo"):
        grant_run_export(actor=caseworker, run=approved_run, file_format="csv")
    approved_run.refresh_from_db()
    assert approved_run.status == GrantRun.Status.APPROVED
    assert not AuditEntry.objects.filter(object_type="grants.grantrun", action=AuditEntry.Action.EXPORT).exists()


def test_only_those_who_manage_grants_export(approved, make_user, municipality_org):
    with pytest.raises(PermissionDenied):
        grant_run_export(actor=make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301")), run=approved,
                         file_format="csv")


def test_the_route_streams_the_file_on_post_only(approved, caseworker, client, make_user, municipality_org):
    url = reverse("grants:run_export", args=[approved.pk])
    client.force_login(caseworker)
    assert client.get(url).status_code == 405
    response = client.post(url, {"format": "csv"})
    assert response.status_code == 200 and response.streaming
    assert response["Content-Disposition"].startswith('attachment; filename="payout-2019-1-')
    assert len(_csv_rows(response)) == 2
    again = client.post(url, {"format": "xml"})  # the same payments again, for a download that failed
    assert again.status_code == 200 and again["Content-Type"].startswith("application/xml")
    # The guard refuses before any page is drawn (the 403 page itself belongs to the shell).
    request = RequestFactory().post(url, {"format": "csv"})
    request.user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))
    with pytest.raises(PermissionDenied):
        payout_views.run_export(request, grant_run_id=approved.pk)


def test_an_approved_runs_page_offers_the_payout_file_and_an_exported_one_says_when(
        approved, caseworker, client):
    client.force_login(caseworker)
    page = client.get(reverse("grants:run", args=[approved.pk])).content.decode()
    assert reverse("grants:run_export", args=[approved.pk]) in page
    grant_run_export(actor=caseworker, run=approved, file_format="xml")
    page = client.get(reverse("grants:run", args=[approved.pk])).content.decode()
    assert reverse("grants:run_export", args=[approved.pk]) in page and "Last ned den samme" in page
    assert "Eksportert til utbetaling" in page  # the status, and the time beside "exported for payment"


def test_the_demo_gives_oslo_and_bergen_their_organisation_numbers():
    call_command("load_demo", "--force")
    numbers = dict(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY, organisation_number__isnull=False)
                   .values_list("municipality_id", "organisation_number"))
    assert numbers == {"0301": "958935420", "4601": "964338531"}
