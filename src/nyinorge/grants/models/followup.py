"""What follows a grant: instalments on the letter's payment plan (each approved by a second person, paid in the
same payout file as the per-capita runs), reports due on the letter's dates with reminders and their review,
repayment claims, and control samples with their findings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.grants.models.applications import GrantApplication
from nyinorge.grants.models.runs import GrantRun
from nyinorge.grants.models.schemes import GrantCall


class GrantPayment(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        APPROVED = "approved", _("Approved for payment")
        EXPORTED = "exported", _("In a payout file")
        HELD = "held", _("Held back")
        CANCELLED = "cancelled", _("Cancelled")

    application = models.ForeignKey(GrantApplication, on_delete=models.PROTECT, related_name="payments")
    number = models.PositiveSmallIntegerField(_("instalment"))
    due_on = models.DateField(_("due"))
    amount = models.DecimalField(_("amount (NOK)"), max_digits=14, decimal_places=0)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("prepared by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # The per-capita run whose payout file carried the payment (one file to the state's accounts).
    run = models.ForeignKey(GrantRun, on_delete=models.PROTECT, null=True, blank=True, related_name="scheme_payments",
                            verbose_name=_("payout file of run"))
    exported_at = models.DateTimeField(_("exported"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["application", "number"]
        verbose_name = _("grant instalment")
        verbose_name_plural = _("grant instalments")
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="grantpayment_unique_number"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="grantpayment_amount_not_negative"),
            # Four eyes: whoever prepared the payment does not approve it.
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("created_by")),
                                   name="grantpayment_second_person"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.number}"


class GrantReport(models.Model):
    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress report")
        ACCOUNTS = "accounts", _("Accounts")
        PARTICIPANTS = "participants", _("Participant report")
        FINAL = "final", _("Final report")

    class State(models.TextChoices):
        DUE = "due", _("Due")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned for correction")

    application = models.ForeignKey(GrantApplication, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    due_on = models.DateField(_("due"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DUE)
    # Progress: {"summary": str, "results": str}; accounts: {"spent": int, "own_contribution": int, "unspent": int};
    # participants: {"participants": int, "completed": int, "to_work": int, "to_education": int}.
    content = models.JSONField(_("content"), default=dict, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_note = models.TextField(_("review"), blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("grant report")
        verbose_name_plural = _("grant reports")
        indexes = [models.Index(fields=["state", "due_on"], name="grantreport_state_due")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.due_on}"


class GrantReportReminder(models.Model):
    """A reminder sent (or due to be sent) about a report: before the due date and after it, once each."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the due date")
        OVERDUE = "overdue", _("Overdue")

    report = models.ForeignKey(GrantReport, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [models.UniqueConstraint(fields=["report", "kind"], name="reminder_once_per_kind")]


class RepaymentClaim(models.Model):
    class Reason(models.TextChoices):
        UNSPENT = "unspent", _("Unspent funds")
        MISUSED = "misused", _("Funds not used as the grant letter says")
        NOT_REPORTED = "not_reported", _("Report not delivered")

    class State(models.TextChoices):
        CLAIMED = "claimed", _("Claimed")
        REPAID = "repaid", _("Repaid")
        WAIVED = "waived", _("Waived")

    application = models.ForeignKey(GrantApplication, on_delete=models.PROTECT, related_name="repayment_claims")
    report = models.ForeignKey(GrantReport, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=15, choices=Reason.choices)
    amount = models.DecimalField(_("amount (NOK)"), max_digits=14, decimal_places=0)
    explanation = models.TextField(_("explanation"))
    due_on = models.DateField(_("to be repaid by"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.CLAIMED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    settled_at = models.DateTimeField(_("settled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("repayment claim")
        verbose_name_plural = _("repayment claims")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_amount_positive")]


class ControlSample(models.Model):
    """A sample of a call's grants drawn for control: random, or weighted by risk; the seed makes it repeatable."""

    class Method(models.TextChoices):
        RANDOM = "random", _("Random")
        RISK_WEIGHTED = "risk_weighted", _("Weighted by risk")

    call = models.ForeignKey(GrantCall, on_delete=models.PROTECT, related_name="control_samples")
    method = models.CharField(_("method"), max_length=15, choices=Method.choices)
    size = models.PositiveSmallIntegerField(_("size"))
    seed = models.BigIntegerField(_("seed"))
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(_("drawn"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-drawn_at", "-id"]
        verbose_name = _("control sample")
        verbose_name_plural = _("control samples")


class ControlFinding(models.Model):
    """One grant in a control sample: its risk weight, and what the control found."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not yet controlled")
        NO_REMARKS = "no_remarks", _("No remarks")
        REMARKS = "remarks", _("Remarks")
        REPAYMENT = "repayment", _("Repayment claimed")

    sample = models.ForeignKey(ControlSample, on_delete=models.CASCADE, related_name="findings")
    application = models.ForeignKey(GrantApplication, on_delete=models.PROTECT, related_name="control_findings")
    risk = models.DecimalField(_("risk weight"), max_digits=6, decimal_places=3)
    risk_factors = models.JSONField(_("risk factors"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    finding = models.TextField(_("finding"), blank=True)
    concluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    concluded_at = models.DateTimeField(_("concluded"), null=True, blank=True)

    class Meta:
        ordering = ["sample", "-risk", "id"]
        verbose_name = _("control finding")
        verbose_name_plural = _("control findings")
        constraints = [models.UniqueConstraint(fields=["sample", "application"], name="finding_once_per_sample")]
