"""The Django admin, opened to directorate administrators by capability rather than Django's
per-model permissions, so the one permission layer decides here too."""

import json

from django.contrib import admin

from nyinorge.core.access import user_can
from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record


class NyinorgeAdminSite(admin.AdminSite):
    site_header = "nyinorge"
    site_title = "nyinorge"

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or bool(user_can(user, Capability.ADMINISTER_USERS)))


class CapabilityAdminMixin:
    """Every action in this ModelAdmin requires the ADMINISTER_USERS capability."""

    def _allowed(self, request) -> bool:
        return request.user.is_superuser or bool(user_can(request.user, Capability.ADMINISTER_USERS))

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, *args):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)

    # Django's own admin log is an ordinary table an administrator could edit; every change made here also goes
    # to the append-only audit log, whatever the model.
    def log_addition(self, request, obj, message):
        _audit_admin_change(request, obj, AuditEntry.Action.CREATE, message)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        _audit_admin_change(request, obj, AuditEntry.Action.UPDATE, message)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            _audit_admin_change(request, obj, AuditEntry.Action.DELETE, "deleted")
        return super().log_deletions(request, queryset)


def _audit_admin_change(request, obj, action: str, message) -> None:
    detail = message if isinstance(message, str) else json.dumps(message, ensure_ascii=False, default=str)
    audit_record(actor=request.user, action=action, object_type=f"admin:{obj._meta.label_lower}", object_id=obj.pk,
                 detail=f"admin: {detail}")
