"""A run of the matching engine over the ready queue: its progress and its suggestions (never proposals)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from nyinorge.settlement.models.years import SettlementYear


class SuggestionRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    year = models.ForeignKey(SettlementYear, on_delete=models.CASCADE, related_name="suggestion_runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # The English msgid of the current step (translated when shown, so the page speaks the reader's language).
    step = models.CharField(_("step"), max_length=200, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Written by the worker at every step; a RUNNING run whose heartbeat is older than
    # SETTLEMENT_SUGGESTION_STALE_SECONDS lost its worker, and the sweeper marks it failed.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    cancel_requested_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    # The trained outcome model the values came from; None: the indicator baseline (`outcome_values`).
    outcome_model = models.ForeignKey("settlement.OutcomeModelVersion", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="suggestion_runs", verbose_name=_("outcome model"))
    # Suggestions with their explanations, and the engine's figures; see services/suggestions.py.
    result = models.JSONField(default=dict, blank=True)

    ACTIVE = (Status.QUEUED, Status.RUNNING)
    FINISHED = (Status.DONE, Status.FAILED, Status.CANCELLED)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("allocation suggestion run")
        verbose_name_plural = _("allocation suggestion runs")

    @property
    def step_display(self) -> str:
        return gettext(self.step) if self.step else ""

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED
