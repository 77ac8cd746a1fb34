"""Trained versions of the outcome model (`settlement.outcome_model`): the artefact, its data window and its model
card. At most one is active; the suggestions use it, and without one the documented indicator baseline
(`settlement.outcome_values`). A version is never changed after training except for who activated it when."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutcomeModelVersion(models.Model):
    version = models.CharField(_("version"), max_length=64, unique=True)
    trained_at = models.DateTimeField(_("trained at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("trained by"))
    # The data window (`selectors.outcome_training`): settlement years and the last reference month read.
    from_year = models.PositiveIntegerField(_("settled from (year)"))
    to_year = models.PositiveIntegerField(_("settled to (year)"))
    reference_until = models.DateField(_("outcomes up to (reference month)"), null=True, blank=True)
    features = models.JSONField(_("features"), default=list)
    # LightGBM's text format of the final booster, and the sigmoid (a, b) that calibrates its raw scores.
    artefact = models.TextField(_("artefact"))
    calibration = models.JSONField(_("calibration"), default=list)
    record_count = models.PositiveIntegerField(_("records trained on"), default=0)
    auc = models.FloatField(_("AUC"), null=True, blank=True)
    brier = models.FloatField(_("Brier score"), null=True, blank=True)
    # Cross-fitted metrics, reliability bins and the same by sex and by country group.
    card = models.JSONField(_("model card"), default=dict)
    calibration_svg = models.TextField(_("calibration plot"), blank=True)
    active = models.BooleanField(_("active"), default=False)
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)
    activated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("activated by"))

    class Meta:
        ordering = ["-trained_at", "-id"]
        verbose_name = _("outcome model")
        verbose_name_plural = _("outcome models")
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=Q(active=True), name="one_active_outcome_model"),
        ]

    def __str__(self) -> str:
        return self.version
