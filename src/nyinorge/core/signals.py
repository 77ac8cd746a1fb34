"""Logins, failed logins and logouts go to the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from nyinorge.core.models import AuditEntry
from nyinorge.core.services.audit import audit_record


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action=AuditEntry.Action.LOGIN, object_type="core.user", object_id=user.pk)


@receiver(user_logged_out)
def audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditEntry.Action.LOGOUT, object_type="core.user", object_id=user.pk)


@receiver(user_login_failed)
def audit_failed_login(sender, credentials, request=None, **kwargs) -> None:
    audit_record(
        actor=None,
        action=AuditEntry.Action.LOGIN_FAILED,
        object_type="core.user",
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(post_save, sender="core.PersonMerge")
def duplicate_pair_merged(sender, instance, created: bool, **kwargs) -> None:
    """The pair of a merge is decided by it: the review queue shows it merged."""
    if created:
        from nyinorge.core.services.duplicates import duplicate_pairs_mark_merged

        duplicate_pairs_mark_merged(survivor_id=instance.survivor_id, merged_id=instance.merged_id)
