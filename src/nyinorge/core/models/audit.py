"""The append-only audit log: who saw or changed what, for which person, in which request.

Foreign keys here carry no database constraint and never cascade, so an entry outlives the
user, organisation or person it names; PostgreSQL also refuses UPDATE and DELETE by trigger.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or remove an audit entry."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly("audit entries cannot be updated")

    def delete(self):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AuditLogIsAppendOnly("audit entries cannot be updated")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditLogIsAppendOnly("audit entries cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("audit entries cannot be deleted")


class AuditEntry(AppendOnlyModel):
    class Action(models.TextChoices):
        VIEW = "view", _("View")
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        DELETE = "delete", _("Delete")
        EXPORT = "export", _("Export")
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logout")
        MERGE = "merge", _("Merge")
        UNMERGE = "unmerge", _("Undo merge")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        "core.User", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+", verbose_name=_("user")
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    person = models.ForeignKey(
        "core.Person",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name=_("person concerned"),
    )
    request_id = models.CharField(_("request id"), max_length=64, blank=True, db_index=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(fields=["person", "at"]),
            models.Index(fields=["user", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.action} {self.object_type}:{self.object_id}"


class AuditSubject(AppendOnlyModel):
    """A further person shown by one audited read (a list page shows many people in one entry)."""

    entry = models.ForeignKey(AuditEntry, on_delete=models.DO_NOTHING, db_constraint=False, related_name="subjects")
    person = models.ForeignKey(
        "core.Person", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    class Meta:
        verbose_name = _("audit subject")
        verbose_name_plural = _("audit subjects")
        indexes = [models.Index(fields=["person"])]
