"""The payout file of an approved grant run for the state accounting system (DFØ): one payment per municipality
and budget chapter/post, to the municipality's organisation number, with a KID and a text reference.

Making the file locks the run (status EXPORTED): what was sent for payment is never computed again, and a
correction goes into a later instalment as difference lines. Two formats: CSV (through core/exports) and a
small XML format, whose schema is `grants/data/payout.xsd`.

The same file carries the approved instalments of the application-based schemes (`grants.services.scheme_payments`):
the first export of a run attaches every approved instalment due by then, and they are paid to the recipient
organisation's number with a KID of their own; downloading the file again gives the same payments.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import luhn

from nyinorge.core.access import require, user_can
from nyinorge.core.exports import export_document, export_streaming_csv
from nyinorge.core.models import AuditEntry, Organisation, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.grants.models import GrantLine, GrantRun

PAYOUT_FORMATS = ("csv", "xml")
PAYOUT_SCHEMA = Path(__file__).resolve().parent.parent / "data" / "payout.xsd"
PAYOUT_NAMESPACE = "urn:nyinorge:grants:payout:1"


@dataclass(frozen=True)
class Payment:
    municipality: str
    municipality_name: str
    organisation_number: str
    chapter: int
    post: int
    amount: Decimal
    kid: str
    reference: str
    # A scheme instalment: the recipient organisation (municipality fields empty unless it is a municipality) and
    # "application/instalment"; empty for the per-capita payments.
    recipient_name: str = ""
    grant_instalment: str = ""


def payout_kid(*, budget_year: int, instalment: int, municipality: str, chapter: int, post: int) -> str:
    """Year, instalment, municipality, chapter and post with a Luhn (mod 10) check digit: 16 digits.

    The chapter is in it as well as the post: 291/60 and 292/60 are both post 60 for the same municipality.
    """
    digits = f"{budget_year:04d}{instalment:02d}{municipality}{chapter:03d}{post:02d}"
    return digits + luhn.calc_check_digit(digits)


def _reference(run: GrantRun, municipality_name: str, chapter: int, post: int) -> str:
    # The bank statement's text, in the language of the receiving ledger.
    return (f"IMDi tilskudd {run.budget_year} termin {run.instalment} kap. {chapter} post {post} "
            f"{municipality_name} kommune")[:140]


def payout_payments(run: GrantRun) -> list[Payment]:
    """The run's lines summed per municipality and chapter/post (a sum of 0 is no payment).

    Refused, naming them, when a municipality with a payment has no organisation number.
    """
    sums = (GrantLine.objects.filter(run=run).values("municipality_id", "chapter", "post")
            .annotate(amount=Sum("amount")).order_by("municipality_id", "chapter", "post"))
    sums = [row for row in sums if row["amount"]]
    organisations = {o.municipality_id: o for o in Organisation.objects.filter(
        kind=Organisation.Kind.MUNICIPALITY, municipality_id__in={row["municipality_id"] for row in sums})
        .select_related("municipality")}
    missing = sorted({row["municipality_id"] for row in sums
                      if not getattr(organisations.get(row["municipality_id"]), "organisation_number", None)})
    if missing:
        names = [f"{number} {organisations[number].municipality.name}" if number in organisations else number
                 for number in missing]
        raise ValidationError(_("These municipalities have no organisation number, so they cannot be paid: "
                                "%(municipalities)s. Register their organisation numbers first.")
                              % {"municipalities": ", ".join(names)})
    payments = []
    for row in sums:
        organisation = organisations[row["municipality_id"]]
        name = organisation.municipality.name
        payments.append(Payment(
            municipality=row["municipality_id"], municipality_name=name,
            organisation_number=organisation.organisation_number, chapter=row["chapter"], post=row["post"],
            amount=row["amount"],
            kid=payout_kid(budget_year=run.budget_year, instalment=run.instalment, municipality=row["municipality_id"],
                           chapter=row["chapter"], post=row["post"]),
            reference=_reference(run, name, row["chapter"], row["post"])))
    return payments


def _iso(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def payout_xml(run: GrantRun, payments: list[Payment], *, created_at: datetime.datetime) -> bytes:
    """The payments as the XML format of `payout.xsd`."""
    ElementTree.register_namespace("", PAYOUT_NAMESPACE)

    def tag(name: str) -> str:
        return f"{{{PAYOUT_NAMESPACE}}}{name}"

    root = ElementTree.Element(tag("payout"), {
        "version": "1", "run": str(run.pk), "budgetYear": str(run.budget_year), "instalment": str(run.instalment),
        "approvedAt": _iso(run.approved_at), "createdAt": _iso(created_at), "currency": "NOK",
        "lineCount": str(len(payments)), "total": str(sum((p.amount for p in payments), Decimal(0))),
    })
    for payment in payments:
        element = ElementTree.SubElement(root, tag("payment"))
        for name, value in (("municipalityNumber", payment.municipality), ("municipalityName", payment.municipality_name),
                            ("organisationNumber", payment.organisation_number), ("chapter", payment.chapter),
                            ("post", payment.post), ("amount", payment.amount), ("kid", payment.kid),
                            ("reference", payment.reference)):
            if value != "":  # a scheme payment to an organisation that is no municipality has no municipality
                ElementTree.SubElement(element, tag(name)).text = str(value)
        if payment.grant_instalment:
            grant = ElementTree.SubElement(element, tag("grant"))
            ElementTree.SubElement(grant, tag("recipientName")).text = payment.recipient_name
            ElementTree.SubElement(grant, tag("instalment")).text = payment.grant_instalment
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


CSV_HEADER = ["municipality_number", "municipality_name", "organisation_number", "chapter", "post", "amount_nok",
              "kid", "reference", "recipient_name", "grant_instalment"]


def grant_run_export(*, actor: User, run: GrantRun, file_format: str) -> HttpResponse:
    """The payout file of an approved run (csv or xml); the run is then exported and locked. Audited twice: the
    status change, and the export (the file names municipalities only, no person)."""
    require(user_can(actor, Capability.MANAGE_GRANTS))
    if file_format not in PAYOUT_FORMATS:
        raise ValidationError(_("Unknown payout format “%(format)s”: choose csv or xml.") % {"format": file_format})
    with transaction.atomic():
        run = GrantRun.objects.select_for_update().get(pk=run.pk)
        if run.status not in (GrantRun.Status.APPROVED, GrantRun.Status.EXPORTED):
            raise ValidationError(_("Only an approved run can be exported for payment (this one is %(status)s).")
                                  % {"status": run.get_status_display()})
        from nyinorge.grants.services.scheme_payments import scheme_payments_attach, scheme_payout_payments

        payments = payout_payments(run)
        if run.status == GrantRun.Status.APPROVED:
            scheme_payments_attach(run=run, on=timezone.localdate())
        payments += scheme_payout_payments(run)
        total = sum((p.amount for p in payments), Decimal(0))
        if run.status == GrantRun.Status.APPROVED:
            run.status, run.exported_at = GrantRun.Status.EXPORTED, timezone.now()
            run.save(update_fields=["status", "exported_at"])
            audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="grants.grantrun",
                         object_id=run.pk, detail=f"grant run {run} exported for payment ({file_format}): "
                                                  f"{len(payments)} payments, {total} NOK")
        # An exported run gives the same file again (its lines never change; the time stays the first export's),
        # so a download that failed can be fetched once more; the export entry below records every download.
        stem = f"payout-{run.budget_year}-{run.instalment}"
        detail = f"payout file {run} ({file_format}): {len(payments)} payments, {total} NOK"
        if file_format == "csv":
            return export_streaming_csv(
                actor=actor, header=CSV_HEADER, filename_stem=stem, object_type="grants.grantrun", detail=detail,
                rows=[[p.municipality, p.municipality_name, p.organisation_number, p.chapter, p.post, p.amount,
                       p.kid, p.reference, p.recipient_name, p.grant_instalment] for p in payments])
        return export_document(actor=actor, content=payout_xml(run, payments, created_at=run.exported_at),
                               content_type="application/xml; charset=utf-8", filename_stem=stem, extension="xml",
                               object_type="grants.grantrun", object_id=run.pk, detail=detail)
