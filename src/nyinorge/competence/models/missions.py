"""KomBo: selection missions abroad that capture interviews and competence offline, and their uploaded batches."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Person


class SelectionMission(models.Model):
    """A mission to select resettlement refugees; its key encrypts what the devices hold while offline."""

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code of the host country."))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    # A public identifier in every bundle: an upload from another mission is refused by it.
    code = models.CharField(_("mission code"), max_length=32, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "id"]
        verbose_name = _("selection mission")
        verbose_name_plural = _("selection missions")

    def __str__(self) -> str:
        return self.name


class MissionBatch(models.Model):
    """One upload from one device: validated record by record, imported all or nothing."""

    class Status(models.TextChoices):
        REJECTED = "rejected", _("Refused")
        IMPORTED = "imported", _("Imported")
        NEEDS_REVIEW = "needs_review", _("Imported; duplicates or conflicts to review")

    mission = models.ForeignKey(SelectionMission, on_delete=models.PROTECT, related_name="batches")
    device = models.CharField(_("device"), max_length=64)
    sha256 = models.CharField(_("checksum"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices)
    records_total = models.PositiveIntegerField(default=0)
    records_imported = models.PositiveIntegerField(default=0)
    # Per record: what was done or why not (errors, a possible duplicate, a conflict), for the upload's report.
    report = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "id"]
        verbose_name = _("mission upload")
        verbose_name_plural = _("mission uploads")
        constraints = [models.UniqueConstraint(fields=["mission", "sha256"], name="mission_batch_once")]


class MissionRecord(models.Model):
    """Where a person's data came from: the mission, the device's own record id and the batch that brought it."""

    class Outcome(models.TextChoices):
        CREATED = "created", _("New person and case")
        UPDATED = "updated", _("Updated an earlier upload")
        POSSIBLE_DUPLICATE = "duplicate", _("Possible duplicate, not merged")
        CONFLICT = "conflict", _("Changed both online and offline")
        UNCHANGED = "unchanged", _("Unchanged")

    batch = models.ForeignKey(MissionBatch, on_delete=models.CASCADE, related_name="records")
    client_id = models.CharField(_("record id on the device"), max_length=64)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    base_version = models.PositiveIntegerField(null=True, blank=True)
    payload = models.JSONField(default=dict)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")

    class Meta:
        ordering = ["id"]
