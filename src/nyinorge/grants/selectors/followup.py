"""Reads of a grant's follow-up: the officers' payment and report queues, one payment, report or control sample
the actor may reach (404 otherwise), and a grant's follow-up for its page. Visibility is
`grants.selectors.schemes.grant_applications_visible_to`, always."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.models import User
from nyinorge.grants.application_states import PAYABLE_STATES
from nyinorge.grants.models import (
    ControlSample, GrantApplication, GrantCall, GrantPayment, GrantReport, RepaymentClaim,
)
from nyinorge.grants.selectors.schemes import grant_applications_visible_to
from nyinorge.grants.services.scheme_payments import grant_claimed, grant_paid, repayment_claim_limit

P = GrantPayment.State
R = GrantReport.State
EXPORTED_SHOWN = 100


def _payments_visible(actor: User):
    return GrantPayment.objects.filter(application__in=grant_applications_visible_to(actor)).select_related(
        "application", "application__applicant", "application__call", "application__call__scheme",
        "application__call__administered_by", "created_by", "approved_by", "run")


@dataclass
class PaymentQueues:
    to_prepare: list[GrantPayment] = field(default_factory=list)
    to_approve: list[GrantPayment] = field(default_factory=list)
    approved: list[GrantPayment] = field(default_factory=list)
    exported: list[GrantPayment] = field(default_factory=list)

    @property
    def applications(self) -> list[GrantApplication]:
        seen = {p.application_id: p.application for group in (self.to_prepare, self.to_approve, self.approved,
                                                              self.exported) for p in group}
        return list(seen.values())


def payment_queues(*, actor: User) -> PaymentQueues:
    """The instalments of the grants the actor administers or follows: to prepare (planned or held), to approve by
    a second person, approved (awaiting the next payout file), in a payout file (the latest)."""
    payments = _payments_visible(actor).filter(application__state__in=PAYABLE_STATES).order_by("due_on", "id")
    return PaymentQueues(
        to_prepare=list(payments.filter(Q(state=P.PLANNED, created_by__isnull=True) | Q(state=P.HELD))),
        to_approve=list(payments.filter(state=P.PLANNED, created_by__isnull=False)),
        approved=list(payments.filter(state=P.APPROVED)),
        exported=list(payments.filter(state=P.EXPORTED).order_by("-exported_at", "-id")[:EXPORTED_SHOWN]),
    )


def grant_payment_for(*, actor: User, payment_id: int) -> GrantPayment:
    try:
        return _payments_visible(actor).get(pk=payment_id)
    except GrantPayment.DoesNotExist:
        raise Http404(_("No such instalment, or not one you have access to.")) from None


def _reports_visible(actor: User):
    return GrantReport.objects.filter(application__in=grant_applications_visible_to(actor)).select_related(
        "application", "application__applicant", "application__call", "application__call__scheme",
        "application__call__administered_by", "submitted_by", "reviewed_by")


def grant_report_for(*, actor: User, report_id: int) -> GrantReport:
    try:
        return _reports_visible(actor).get(pk=report_id)
    except GrantReport.DoesNotExist:
        raise Http404(_("No such report, or not one you have access to.")) from None


@dataclass
class ReportQueues:
    overdue: list[GrantReport]
    due: list[GrantReport]
    submitted: list[GrantReport]

    @property
    def applications(self) -> list[GrantApplication]:
        return list({r.application_id: r.application for r in (*self.overdue, *self.due, *self.submitted)}.values())


def report_queues(*, actor: User, today: datetime.date | None = None, due_within_days: int = 90) -> ReportQueues:
    """Overdue reports, reports due within `due_within_days`, and submitted reports awaiting review."""
    today = today or timezone.localdate()
    reports = _reports_visible(actor).filter(application__state__in=PAYABLE_STATES).order_by("due_on", "id")
    owed = reports.filter(state__in=[R.DUE, R.RETURNED])
    return ReportQueues(
        overdue=list(owed.filter(due_on__lt=today)),
        due=list(owed.filter(due_on__gte=today, due_on__lte=today + datetime.timedelta(days=due_within_days))),
        submitted=list(reports.filter(state=R.SUBMITTED)))


def control_sample_for(*, call: GrantCall, sample_id: int) -> ControlSample:
    try:
        return call.control_samples.select_related("drawn_by").get(pk=sample_id)
    except ControlSample.DoesNotExist:
        raise Http404(_("No such control sample of this call.")) from None


@dataclass
class GrantFollowup:
    application: GrantApplication
    payments: list[GrantPayment]
    reports: list[GrantReport]
    claims: list[RepaymentClaim]
    paid: Decimal
    claimed: Decimal
    claim_limit: Decimal


def grant_followup(application: GrantApplication) -> GrantFollowup:
    """A grant's instalments, reports and repayment claims, with what was paid and claimed back."""
    return GrantFollowup(
        application=application,
        payments=list(application.payments.select_related("created_by", "approved_by", "run").order_by("number")),
        reports=list(application.reports.order_by("due_on", "id")),
        claims=list(application.repayment_claims.select_related("created_by").order_by("-created_at")),
        paid=grant_paid(application), claimed=grant_claimed(application),
        claim_limit=repayment_claim_limit(application))
