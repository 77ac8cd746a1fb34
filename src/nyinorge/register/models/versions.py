"""Every change to a register record, as a numbered snapshot: who, when, from which source."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import ApiClient
from nyinorge.register.models.base import Source


class RecordVersion(models.Model):
    model_label = models.CharField(_("record type"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("record id"))
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    version = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("changed by"))
    api_client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("API client"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["model_label", "object_id", "version"]
        verbose_name = _("record version")
        verbose_name_plural = _("record versions")
        constraints = [
            models.UniqueConstraint(fields=["model_label", "object_id", "version"], name="one_version_number_per_record"),
        ]
        indexes = [models.Index(fields=["person", "changed_at"], name="version_person_changed")]

    def __str__(self) -> str:
        return f"{self.model_label}:{self.object_id} v{self.version}"
