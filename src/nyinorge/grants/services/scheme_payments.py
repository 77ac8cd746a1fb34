"""The instalments of an accepted grant and its repayment claims.

Four eyes: a grant officer prepares a planned instalment (`created_by`, "prepared by"), a second officer of the
organisation that administers the call approves it (the database refuses the same person too). An approval is
refused when the grant is not accepted, or when it would pay more than was granted less what is claimed back; it
is held (state HELD, with the reason) while a report due on or before the instalment's date is not approved.
Approved instalments go into the payout file of the next per-capita run that is exported
(`grants.services.payout.grant_run_export` calls `scheme_payments_attach`), to the recipient organisation's
number with a KID of their own (`scheme_payment_kid`).

Paid so far is what went out in a payout file (state EXPORTED); a repayment claim is at most that, less what is
already claimed (claims waived do not count).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from stdnum import luhn

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.grants.application_states import PAYABLE_STATES
from nyinorge.grants.application_workflow import is_administrator_of
from nyinorge.grants.models import GrantApplication, GrantPayment, GrantReport, GrantRun, RepaymentClaim
from nyinorge.grants.translated import translated

P = GrantPayment.State
COUNTED_PAYMENTS = (P.APPROVED, P.EXPORTED)  # what the granted amount must cover
OPEN_CLAIMS = (RepaymentClaim.State.CLAIMED, RepaymentClaim.State.REPAID)  # a waived claim gives the money back


def _require_administrator(actor: User, application: GrantApplication) -> None:
    require(user_can(actor, Capability.ADMINISTER_GRANT_SCHEMES))
    permission = is_administrator_of(actor, application.call)
    if not permission:
        raise ValidationError(permission.reason if permission is not None else
                              _("Only a grant officer of the administering organisation does this."))


def _audit(*, actor: User | None, action: str, object_type: str, object_id: int, application: GrantApplication,
           detail: str) -> None:
    audit_record(actor=actor, action=action, object_type=object_type, object_id=object_id,
                 detail=f"grant {application.pk} ({application.call.scheme.code}): {detail}"[:500])


def _nok(amount: Decimal) -> str:
    return formats.number_format(amount, 0, force_grouping=True)


def grant_paid(application: GrantApplication) -> Decimal:
    """What went out to the recipient in payout files."""
    return application.payments.filter(state=P.EXPORTED).aggregate(total=Sum("amount"))["total"] or Decimal(0)


def grant_claimed(application: GrantApplication) -> Decimal:
    """What is claimed back (claimed or repaid; a waived claim does not count)."""
    return (application.repayment_claims.filter(state__in=OPEN_CLAIMS).aggregate(total=Sum("amount"))["total"]
            or Decimal(0))


def grant_payable_ceiling(application: GrantApplication) -> Decimal:
    """The most that approved and exported instalments may add up to: the granted amount less claims."""
    return (application.amount_granted or Decimal(0)) - grant_claimed(application)


def reports_holding(payment: GrantPayment) -> list[GrantReport]:
    """The reports due on or before the instalment's date that are not approved: they hold the payment."""
    return list(payment.application.reports.filter(due_on__lte=payment.due_on)
                .exclude(state=GrantReport.State.APPROVED).order_by("due_on", "id"))


def _locked(payment: GrantPayment) -> GrantPayment:
    return GrantPayment.objects.select_for_update(of=("self",)).select_related(
        "application", "application__call", "application__call__scheme", "application__call__administered_by",
        "application__applicant").get(pk=payment.pk)


def grant_payment_prepare(*, actor: User, payment: GrantPayment) -> GrantPayment:
    """Mark a planned (or held) instalment ready for a second officer's approval; the actor is its preparer."""
    with transaction.atomic():
        payment = _locked(payment)
        application = payment.application
        _require_administrator(actor, application)
        if payment.state not in (P.PLANNED, P.HELD) or (payment.state == P.PLANNED and payment.created_by_id):
            raise ValidationError(_("Only a planned instalment not yet prepared can be prepared (this one is "
                                    "“%(state)s”).") % {"state": payment.get_state_display()})
        if application.state not in PAYABLE_STATES:
            raise ValidationError(_("The grant letter is not accepted, so nothing is paid yet."))
        payment.state, payment.created_by, payment.note = P.PLANNED, actor, ""
        payment.approved_by = payment.approved_at = None
        payment.save(update_fields=["state", "created_by", "note", "approved_by", "approved_at"])
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, object_type="grants.grantpayment", object_id=payment.pk,
               application=application, detail=f"instalment {payment.number} ({payment.amount} NOK) prepared")
    return payment


def grant_payment_approve(*, actor: User, payment: GrantPayment,
                          today: datetime.date | None = None) -> GrantPayment:
    """Approve a prepared instalment (a second person), or hold it while reports due before it are not approved.

    Raises ValidationError, storing nothing, when the approval is refused; returns the payment, APPROVED or HELD.
    """
    with transaction.atomic():
        # The grant first, then the instalment: a repayment claim (which locks the grant) and an approval cannot
        # both pass the ceiling at the same moment.
        GrantApplication.objects.select_for_update(of=("self",)).filter(pk=payment.application_id).first()
        payment = _locked(payment)
        application = payment.application
        _require_administrator(actor, application)
        if payment.state != P.PLANNED or payment.created_by_id is None:
            raise ValidationError(_("Only a prepared instalment can be approved (this one is “%(state)s”%(prepared)s).")
                                  % {"state": payment.get_state_display(),
                                     "prepared": "" if payment.created_by_id or payment.state != P.PLANNED
                                     else _(", not yet prepared")})
        if payment.created_by_id == actor.pk:
            raise ValidationError(_("You prepared this instalment, so a second person must approve it (four eyes)."))
        if application.state not in PAYABLE_STATES:
            raise ValidationError(_("The grant letter is not accepted, so nothing is paid yet."))
        counted = (application.payments.filter(state__in=COUNTED_PAYMENTS).exclude(pk=payment.pk)
                   .aggregate(total=Sum("amount"))["total"] or Decimal(0))
        ceiling = grant_payable_ceiling(application)
        if counted + payment.amount > ceiling:
            raise ValidationError(_(
                "A payment above the granted amount: approved and paid instalments would come to %(total)s NOK, "
                "but %(granted)s NOK was granted%(claims)s, so at most %(left)s NOK can still be approved.") % {
                "total": _nok(counted + payment.amount), "granted": _nok(application.amount_granted or 0),
                "claims": _(" less %(claimed)s NOK claimed back") % {"claimed": _nok(grant_claimed(application))}
                if grant_claimed(application) else "",
                "left": _nok(max(ceiling - counted, Decimal(0)))})
        holding = reports_holding(payment)
        if holding:
            payment.state = P.HELD
            payment.note = (_("Held: %(reports)s not approved.") % {"reports": ", ".join(
                f"{report.get_kind_display()} ({formats.date_format(report.due_on, 'SHORT_DATE_FORMAT')})"
                for report in holding)})[:300]
            payment.save(update_fields=["state", "note"])
            _audit(actor=actor, action=AuditEntry.Action.UPDATE, object_type="grants.grantpayment",
                   object_id=payment.pk, application=application,
                   detail=f"instalment {payment.number} held: reports {[r.pk for r in holding]} not approved")
            return payment
        if not application.applicant or not application.applicant.organisation_number:
            raise ValidationError(_("The recipient has no organisation number, so it cannot be paid."))
        payment.state, payment.approved_by, payment.approved_at, payment.note = P.APPROVED, actor, timezone.now(), ""
        try:
            with transaction.atomic():
                payment.save(update_fields=["state", "approved_by", "approved_at", "note"])
        except IntegrityError:  # the four-eyes constraint, should a race change the preparer
            raise ValidationError(_("You prepared this instalment, so a second person must approve it (four eyes)."))
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, object_type="grants.grantpayment", object_id=payment.pk,
               application=application, detail=f"instalment {payment.number} ({payment.amount} NOK) approved")
    return payment


# The payout file ----------------------------------------------------------------------------------------------

def scheme_payment_kid(*, budget_year: int, application_id: int, number: int, chapter: int, post: int) -> str:
    """Budget year (4) + application (8) + instalment (2) + chapter (3) + post (2) + a Luhn check digit: 20 digits,
    so it never equals a per-capita KID (16 digits) and identifies the instalment uniquely."""
    digits = f"{budget_year:04d}{application_id:08d}{number:02d}{chapter:03d}{post:02d}"
    return digits + luhn.calc_check_digit(digits)


def scheme_payments_attach(*, run: GrantRun, on: datetime.date) -> int:
    """Put every approved scheme instalment due on or before `on` and not yet exported into the run's payout file
    (called in the transaction that exports the run); returns how many."""
    payments = list(GrantPayment.objects.select_for_update().filter(
        state=P.APPROVED, run__isnull=True, due_on__lte=on).order_by("id"))
    now = timezone.now()
    for payment in payments:
        payment.run, payment.state, payment.exported_at = run, P.EXPORTED, now
        payment.save(update_fields=["run", "state", "exported_at"])
    return len(payments)


def scheme_payout_payments(run: GrantRun) -> list:
    """The scheme instalments a run's payout file carries, as payout payments (to the recipient organisation)."""
    from nyinorge.grants.services.payout import Payment

    payments = []
    for payment in (GrantPayment.objects.filter(run=run).select_related(
            "application__applicant", "application__call__scheme").order_by("id")):
        application = payment.application
        organisation, scheme = application.applicant, application.call.scheme
        if not organisation.organisation_number:
            raise ValidationError(_("The grant recipient %(name)s has no organisation number, so it cannot be paid.")
                                  % {"name": organisation.name})
        municipality = organisation.municipality_id if organisation.kind == "municipality" else ""
        payments.append(Payment(
            municipality=municipality or "", municipality_name=organisation.name if municipality else "",
            organisation_number=organisation.organisation_number, chapter=scheme.budget_chapter,
            post=scheme.budget_post, amount=payment.amount,
            kid=scheme_payment_kid(budget_year=application.call.budget_year, application_id=application.pk,
                                   number=payment.number, chapter=scheme.budget_chapter, post=scheme.budget_post),
            reference=(f"IMDi tilskudd {translated(scheme.name, 'nb')} {application.call.budget_year} "
                       f"utbetaling {payment.number} {organisation.name}")[:140],
            recipient_name=organisation.name[:140], grant_instalment=f"{application.pk}/{payment.number}"))
    return payments


# Repayment claims ---------------------------------------------------------------------------------------------

def repayment_claim_limit(application: GrantApplication) -> Decimal:
    """The most a new claim may be: paid so far less what is already claimed."""
    return max(grant_paid(application) - grant_claimed(application), Decimal(0))


def repayment_claim_create(*, actor: User, application: GrantApplication, amount: Decimal, reason: str,
                           explanation: str, due_on: datetime.date,
                           report: GrantReport | None = None) -> RepaymentClaim:
    """Claim back part of a grant (at most what was paid and not already claimed), with its reason."""
    with transaction.atomic():
        application = GrantApplication.objects.select_for_update(of=("self",)).select_related(
            "call", "call__scheme", "call__administered_by").get(pk=application.pk)
        _require_administrator(actor, application)
        errors: dict[str, list[str]] = {}
        if reason not in RepaymentClaim.Reason.values:
            errors["reason"] = [_("Choose a reason.")]
        limit = repayment_claim_limit(application)
        if amount is None or amount <= 0:
            errors["amount"] = [_("Give the amount to be repaid.")]
        elif amount > limit:
            errors["amount"] = [_("At most what was paid and not already claimed back can be claimed: %(limit)s NOK.")
                                % {"limit": _nok(limit)}]
        if not (explanation or "").strip():
            errors["explanation"] = [_("Explain the claim: the recipient must know why (forvaltningsloven § 25).")]
        if due_on is None or due_on < timezone.localdate():
            errors["due_on"] = [_("Give a date from today on.")]
        if report is not None and report.application_id != application.pk:
            errors["amount"] = [_("The report is another grant's.")]
        if errors:
            raise ValidationError(errors)
        claim = RepaymentClaim.objects.create(application=application, report=report, reason=reason, amount=amount,
                                              explanation=explanation.strip(), due_on=due_on, created_by=actor)
        _audit(actor=actor, action=AuditEntry.Action.CREATE, object_type="grants.repaymentclaim", object_id=claim.pk,
               application=application, detail=f"repayment claim {amount} NOK ({reason})")
    return claim


def repayment_claim_settle(*, actor: User, claim: RepaymentClaim, state: str) -> RepaymentClaim:
    """Mark a claim repaid or waived."""
    with transaction.atomic():
        claim = RepaymentClaim.objects.select_for_update(of=("self",)).select_related(
            "application__call__scheme", "application__call__administered_by").get(pk=claim.pk)
        _require_administrator(actor, claim.application)
        if state not in (RepaymentClaim.State.REPAID, RepaymentClaim.State.WAIVED):
            raise ValidationError(_("A claim is settled as repaid or waived."))
        if claim.state != RepaymentClaim.State.CLAIMED:
            raise ValidationError(_("The claim is already settled (“%(state)s”).")
                                  % {"state": claim.get_state_display()})
        claim.state, claim.settled_at = state, timezone.now()
        claim.save(update_fields=["state", "settled_at"])
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, object_type="grants.repaymentclaim", object_id=claim.pk,
               application=claim.application, detail=f"repayment claim {claim.amount} NOK {state}")
    return claim


