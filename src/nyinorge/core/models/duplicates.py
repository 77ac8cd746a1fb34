"""Possible duplicates of persons (issue 18): the candidate index, the pairs found and decided, the model versions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models.people import Person


class PersonMatchKey(models.Model):
    """One blocking key of a person (`core.dedup.keys.candidate_keys`): the registration-time candidate index.

    Rewritten by the person write services whenever a person is created or changed; `nyinorge dedup_index`
    rebuilds it for the whole registry."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="match_keys")
    key = models.CharField(max_length=128, db_index=True)

    class Meta:
        verbose_name = _("person match key")
        verbose_name_plural = _("person match keys")

    def __str__(self) -> str:
        return self.key


class DuplicatePair(models.Model):
    """Two persons who may be one: found at registration or by the nightly batch, and what staff decided."""

    class FoundBy(models.TextChoices):
        REGISTRATION = "registration", _("At registration")
        BATCH = "batch", _("Nightly batch")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SAME = "same", _("Same person")
        DIFFERENT = "different", _("Different persons")
        MERGED = "merged", _("Merged")
        STALE = "stale", _("No longer found")

    DECIDED = (Status.SAME, Status.DIFFERENT, Status.MERGED)
    # A decision is about the two records as they were: a merge leaves the pair where it is (`core.services.merges`).
    MERGE_KEEPS_PERSON = True

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duplicate_pairs_as_a")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="duplicate_pairs_as_b")
    match_weight = models.FloatField(_("match weight"))
    match_probability = models.FloatField(_("match probability"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    cluster = models.CharField(_("cluster"), max_length=64, blank=True, db_index=True)
    found_by = models.CharField(_("found by"), max_length=12, choices=FoundBy.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    model_version = models.CharField(_("model version"), max_length=64, blank=True)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-match_weight", "id"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="unique_duplicate_pair"),
            # One row per pair: the lower id first, so (a, b) and (b, a) cannot both exist.
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="duplicate_pair_ordered"),
        ]
        indexes = [models.Index(fields=["status", "-match_weight"], name="duplicate_pair_queue")]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.match_probability:.0%})"

    @property
    def percent(self) -> str:
        from nyinorge.core.selectors.duplicates import percent

        return percent(self.match_probability)


class DedupModelVersion(models.Model):
    """A trained de-duplication model: the JSON artefact (Splink settings with the trained parameters and
    thresholds) and its match-weight chart. The one active version scores; without one, the shipped default."""

    version = models.CharField(_("version"), max_length=64, unique=True)
    trained_at = models.DateTimeField(_("trained at"))
    artefact = models.JSONField(_("artefact"))
    chart_svg = models.TextField(_("match-weight chart"), blank=True)
    record_count = models.PositiveIntegerField(_("records trained on"), default=0)
    active = models.BooleanField(_("active"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-trained_at", "-id"]
        verbose_name = _("de-duplication model")
        verbose_name_plural = _("de-duplication models")
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=Q(active=True), name="one_active_dedup_model"),
        ]

    def __str__(self) -> str:
        return self.version
