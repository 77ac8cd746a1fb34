"""Instalments with four eyes, held for reports, never above the granted amount less claims; in the per-capita
payout file exactly once, with their own KID, valid against the schema; repayment claims at most what was paid."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from stdnum import luhn

from nyinorge.core.models import AuditEntry
from nyinorge.grants.models import GrantPayment, GrantReport, RepaymentClaim
from nyinorge.grants.services.payout import PAYOUT_NAMESPACE, PAYOUT_SCHEMA, grant_run_export
from nyinorge.grants.services.scheme_payments import (
    grant_payment_approve, grant_payment_prepare, repayment_claim_create, repayment_claim_settle,
    scheme_payment_kid,
)
from tests.grants.schemes.followup_helpers import accepted_grant
from tests.grants.schemes_fixtures import *  # noqa: F403
from tests.grants.test_pages import _routes_of_the_other_grant_parts  # noqa: F401 (the menu's missing parts)
from tests.grants.test_runs import approver, family, run  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def grant(call, volunteer_org, applicant):  # noqa: F811
    return accepted_grant(call, volunteer_org, user=applicant)


def _approve_reports(grant):
    grant.reports.update(state=GrantReport.State.APPROVED)


def _first(grant) -> GrantPayment:
    return grant.payments.get(number=1)


def test_acceptance_plans_instalments_that_nobody_has_prepared(grant):
    assert [(p.number, p.amount, p.created_by) for p in grant.payments.all()] == [
        (1, Decimal(70_000), None), (2, Decimal(30_000), None)]


def test_a_second_person_approves_what_the_first_prepared(grant, officer, second_officer):
    _approve_reports(grant)
    payment = grant_payment_prepare(actor=officer, payment=_first(grant))
    assert payment.created_by == officer and payment.state == GrantPayment.State.PLANNED
    with pytest.raises(ValidationError, match="second person"):
        grant_payment_approve(actor=officer, payment=payment)
    payment.refresh_from_db()
    assert payment.state == GrantPayment.State.PLANNED and payment.approved_by is None
    approved = grant_payment_approve(actor=second_officer, payment=payment)
    assert (approved.state, approved.approved_by) == (GrantPayment.State.APPROVED, second_officer)
    assert AuditEntry.objects.filter(object_type="grants.grantpayment", detail__contains="approved").count() == 1


def test_the_database_refuses_the_same_person_too(grant, officer):
    payment = _first(grant)
    payment.created_by = payment.approved_by = officer
    with pytest.raises(IntegrityError), transaction.atomic():
        payment.save()


def test_an_instalment_not_prepared_is_not_approved(grant, second_officer):
    with pytest.raises(ValidationError, match="not yet prepared"):
        grant_payment_approve(actor=second_officer, payment=_first(grant))


def test_a_grant_not_accepted_is_not_paid(grant, officer, second_officer):
    payment = grant_payment_prepare(actor=officer, payment=_first(grant))
    grant.state = "approved"
    grant.save()
    with pytest.raises(ValidationError, match="not accepted"):
        grant_payment_approve(actor=second_officer, payment=payment)


def test_an_instalment_is_held_while_a_report_due_before_it_is_not_approved(grant, officer, second_officer):
    second = grant.payments.get(number=2)  # six months on: the progress report (1 Sept) may fall before it
    report = grant.reports.create(kind="progress", due_on=second.due_on - datetime.timedelta(days=10))
    grant_payment_prepare(actor=officer, payment=second)
    held = grant_payment_approve(actor=second_officer, payment=second)
    assert held.state == GrantPayment.State.HELD and "Progress report" in held.note
    # Once the report is approved the instalment is prepared again and approved.
    grant.reports.filter(due_on__lte=second.due_on).update(state=GrantReport.State.APPROVED)
    report.refresh_from_db()
    grant_payment_prepare(actor=officer, payment=held)
    assert grant_payment_approve(actor=second_officer, payment=held).state == GrantPayment.State.APPROVED


def test_a_payment_above_the_granted_amount_is_refused(grant, officer, second_officer):
    _approve_reports(grant)
    first = grant_payment_prepare(actor=officer, payment=_first(grant))
    grant_payment_approve(actor=second_officer, payment=first)
    second = grant.payments.get(number=2)
    GrantPayment.objects.filter(pk=second.pk).update(amount=Decimal(30_001))  # a plan changed by hand
    grant_payment_prepare(actor=officer, payment=second)
    with pytest.raises(ValidationError, match="A payment above the granted amount.*at most 30,000 NOK"):
        grant_payment_approve(actor=second_officer, payment=second)
    second.refresh_from_db()
    assert second.state == GrantPayment.State.PLANNED and second.approved_by is None


def test_a_repayment_claim_lowers_what_can_still_be_approved(grant, officer, second_officer):
    _approve_reports(grant)
    first = grant_payment_approve(actor=second_officer, payment=grant_payment_prepare(actor=officer,
                                                                                      payment=_first(grant)))
    GrantPayment.objects.filter(pk=first.pk).update(state=GrantPayment.State.EXPORTED)
    repayment_claim_create(actor=officer, application=grant, amount=Decimal(5_000), reason="unspent",
                           explanation="Ubrukte midler.", due_on=timezone.localdate())
    second = grant_payment_prepare(actor=officer, payment=grant.payments.get(number=2))
    with pytest.raises(ValidationError, match="less 5,000 NOK claimed back"):
        grant_payment_approve(actor=second_officer, payment=second)


def test_only_the_administering_organisation_acts(grant, municipal_officer, officer, delegated_call, volunteer_org,
                                                   applicant):
    with pytest.raises(ValidationError, match="administered by"):
        grant_payment_prepare(actor=municipal_officer, payment=_first(grant))
    oslo_grant = accepted_grant(delegated_call, volunteer_org, user=applicant, title="Oslo-kafé")
    # The directorate follows the delegated call but does not act on it.
    with pytest.raises(ValidationError, match="administered by"):
        grant_payment_prepare(actor=officer, payment=_first(oslo_grant))
    assert grant_payment_prepare(actor=municipal_officer, payment=_first(oslo_grant)).created_by == municipal_officer


# The payout file ------------------------------------------------------------------------------------------------

def test_the_scheme_kid_is_twenty_digits_with_a_luhn_digit():
    kid = scheme_payment_kid(budget_year=2019, application_id=42, number=2, chapter=821, post=71)
    assert kid[:-1] == "2019" "00000042" "02" "821" "71" and len(kid) == 20 and luhn.is_valid(kid)


def _csv(response) -> list[dict]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_payout_file_carries_the_approved_instalment_once(family, caseworker, approver, grant, officer,  # noqa: F811
                                                              second_officer):
    from nyinorge.core.services.organisations import municipality_organisation_numbers_fill

    municipality_organisation_numbers_fill()
    _approve_reports(grant)
    first = grant_payment_approve(actor=second_officer, payment=grant_payment_prepare(actor=officer,
                                                                                      payment=_first(grant)))
    later = grant.payments.get(number=2)  # due in six months: not in today's file even when approved
    GrantPayment.objects.filter(pk=later.pk).update(state=GrantPayment.State.APPROVED, created_by=officer,
                                                    approved_by=second_officer)
    approved_run = run(caseworker, approver, 2019, 1)
    rows = _csv(grant_run_export(actor=caseworker, run=approved_run, file_format="csv"))
    scheme_rows = [row for row in rows if row["grant_instalment"]]
    assert len(scheme_rows) == 1
    [row] = scheme_rows
    kid = scheme_payment_kid(budget_year=grant.call.budget_year, application_id=grant.pk, number=1, chapter=821,
                             post=71)
    assert (row["organisation_number"], row["amount_nok"], row["kid"], row["chapter"], row["post"]) == (
        "974760673", "70000", kid, "821", "71")
    assert row["municipality_number"] == "" and row["recipient_name"] == "Frivillig forening for inkludering"
    assert luhn.is_valid(row["kid"])
    first.refresh_from_db()
    assert (first.state, first.run, first.exported_at is not None) == (GrantPayment.State.EXPORTED, approved_run,
                                                                       True)
    assert GrantPayment.objects.get(pk=later.pk).state == GrantPayment.State.APPROVED
    # Downloading again gives the same payments; a later run does not carry the instalment again.
    assert _csv(grant_run_export(actor=caseworker, run=approved_run, file_format="csv")) == rows
    next_run = run(caseworker, approver, 2019, 2)
    assert not [r for r in _csv(grant_run_export(actor=caseworker, run=next_run, file_format="csv"))
                if r["grant_instalment"] == f"{grant.pk}/1"]
    # The XML of the first run is valid against the schema and adds up with the scheme payment in it.
    etree = pytest.importorskip("lxml.etree")
    document = etree.fromstring(grant_run_export(actor=caseworker, run=approved_run, file_format="xml").content)
    etree.XMLSchema(etree.parse(str(PAYOUT_SCHEMA))).assertValid(document)
    ns = {"p": PAYOUT_NAMESPACE}
    grants = [p for p in document.findall("p:payment", ns) if p.find("p:grant", ns) is not None]
    assert [(p.findtext("p:kid", namespaces=ns), p.findtext("p:grant/p:instalment", namespaces=ns))
            for p in grants] == [(kid, f"{grant.pk}/1")]
    assert Decimal(document.get("total")) == approved_run.total + Decimal(70_000)
    assert document.get("lineCount") == str(len(rows))


# Repayment claims -------------------------------------------------------------------------------------------------

def test_a_repayment_claim_is_at_most_what_was_paid(grant, officer):
    with pytest.raises(ValidationError) as refused:
        repayment_claim_create(actor=officer, application=grant, amount=Decimal(1), reason="unspent",
                               explanation="Ubrukt.", due_on=timezone.localdate())
    assert "0 NOK" in refused.value.message_dict["amount"][0]
    GrantPayment.objects.filter(pk=_first(grant).pk).update(state=GrantPayment.State.EXPORTED)
    with pytest.raises(ValidationError, match="70,000 NOK"):
        repayment_claim_create(actor=officer, application=grant, amount=Decimal(70_001), reason="unspent",
                               explanation="Ubrukt.", due_on=timezone.localdate())
    claim = repayment_claim_create(actor=officer, application=grant, amount=Decimal(70_000), reason="misused",
                                   explanation="Brukt til annet.", due_on=timezone.localdate())
    with pytest.raises(ValidationError, match="0 NOK"):  # nothing left to claim
        repayment_claim_create(actor=officer, application=grant, amount=Decimal(1), reason="unspent",
                               explanation="Mer.", due_on=timezone.localdate())
    assert RepaymentClaim.objects.count() == 1
    waived = repayment_claim_settle(actor=officer, claim=claim, state="waived")
    assert waived.state == "waived" and waived.settled_at is not None
    with pytest.raises(ValidationError, match="already settled"):
        repayment_claim_settle(actor=officer, claim=claim, state="repaid")


def test_a_claim_needs_its_reasons_and_a_date(grant, officer):
    GrantPayment.objects.filter(pk=_first(grant).pk).update(state=GrantPayment.State.EXPORTED)
    with pytest.raises(ValidationError) as refused:
        repayment_claim_create(actor=officer, application=grant, amount=Decimal(10), reason="whim", explanation=" ",
                               due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert set(refused.value.message_dict) == {"reason", "explanation", "due_on"}
