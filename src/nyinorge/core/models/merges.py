"""Merges of duplicate persons: who merged which record into which, why, and exactly what moved (for the undo)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models.people import Person


class PersonMerge(models.Model):
    """One merge of `merged` into `survivor`; `record` lists every row moved, deleted or changed, so it can be undone.

    `record` holds: "moved" [{model, field, pks}], "deleted" [{model, field, duplicate_of, row}] (a row the survivor
    already had an identical one of, serialised in full), "changed" [{model, pk, field, before, after}],
    "followed" [{model, field, count}] (append-only rows left in place that now follow the survivor: the audit log),
    "touched" {model: [pks]} (rows whose updated_at moved, so WS4 clients fetch them again) and "merged_before" /
    "survivor_before" (both persons' fields as they were).
    """

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("survivor"))
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("merged person"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("merged by"))
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("merged"), default=timezone.now, db_index=True)
    record = models.JSONField(_("what moved"), default=dict)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True, db_index=True)
    undone_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("undone by"))
    undo_reason = models.TextField(_("reason for undoing"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("merge of persons")
        verbose_name_plural = _("merges of persons")
        constraints = [
            models.UniqueConstraint(fields=["merged"], condition=Q(undone_at__isnull=True),
                                    name="one_active_merge_per_merged_person"),
            models.CheckConstraint(condition=~Q(survivor=models.F("merged")), name="merge_not_into_self"),
        ]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"

    @property
    def is_active(self) -> bool:
        return self.undone_at is None
