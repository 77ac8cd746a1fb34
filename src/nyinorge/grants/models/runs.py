"""Grant runs and their lines: a run for (budget year, instalment) computes what every municipality is owed,
per scheme and person, as lines that never change once written; a later correction adds difference lines."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Municipality, Person
from nyinorge.grants.models.rates import GrantRate, Scheme


class GrantRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Computing")
        COMPUTED = "computed", _("Computed, awaiting approval")
        APPROVED = "approved", _("Approved")
        EXPORTED = "exported", _("Exported for payment")
        FAILED = "failed", _("Failed")
        DISCARDED = "discarded", _("Discarded")

    budget_year = models.PositiveSmallIntegerField(_("budget year"))
    instalment = models.PositiveSmallIntegerField(_("instalment"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("started by"))
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved by"))
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    exported_at = models.DateTimeField(_("exported"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    persons = models.PositiveIntegerField(_("persons"), default=0)
    lines_count = models.PositiveIntegerField(_("lines"), default=0)
    total = models.DecimalField(_("total (NOK)"), max_digits=14, decimal_places=0, default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("grant run")
        verbose_name_plural = _("grant runs")
        ordering = ["-budget_year", "-instalment", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(instalment__gte=1) & Q(instalment__lte=12), name="instalment_1_to_12"),
            # One live run per instalment: an approved or exported one, or one being made.
            models.UniqueConstraint(fields=["budget_year", "instalment"],
                                    condition=~Q(status__in=["failed", "discarded"]),
                                    name="one_live_run_per_instalment"),
        ]

    def __str__(self) -> str:
        return f"{self.budget_year}/{self.instalment}"

    @property
    def is_paid(self) -> bool:
        """Approved runs count as paid: their lines are what later runs compare against."""
        return self.status in (self.Status.APPROVED, self.Status.EXPORTED)


class GrantLine(models.Model):
    """One amount owed to a municipality: for a person under a rule at a rate, or a difference after a correction.

    Written once by the run and never changed (the model refuses updates, the database refuses them too).
    """

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Instalment")
        DIFFERENCE = "difference", _("Difference after a correction")

    run = models.ForeignKey(GrantRun, on_delete=models.CASCADE, related_name="lines", verbose_name=_("run"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    scheme = models.CharField(_("scheme"), max_length=30, choices=Scheme.choices)
    chapter = models.PositiveSmallIntegerField(_("chapter"))
    post = models.PositiveSmallIntegerField(_("post"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("person"))
    rate = models.ForeignKey(GrantRate, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("rate"))
    rate_group = models.CharField(_("rate group"), max_length=40)
    year_after_settlement = models.PositiveSmallIntegerField(_("year after settlement"), default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.REGULAR)
    amount = models.DecimalField(_("amount (NOK)"), max_digits=12, decimal_places=0)
    reason = models.CharField(_("reason"), max_length=500)

    class Meta:
        verbose_name = _("grant line")
        verbose_name_plural = _("grant lines")
        ordering = ["municipality", "scheme", "person", "id"]
        indexes = [models.Index(fields=["run", "municipality"], name="grantline_run_municipality"),
                   models.Index(fields=["person", "scheme"], name="grantline_person_scheme")]

    def __str__(self) -> str:
        return f"{self.run} {self.municipality_id} {self.scheme} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A grant line is never changed; a correction adds a difference line."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.run.is_paid:
            raise ValidationError(_("A line of an approved run is never deleted."))
        return super().delete(*args, **kwargs)
