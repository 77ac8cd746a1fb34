"""The Django admin, opened to directorate administrators by capability rather than Django's
per-model permissions, so the one permission layer decides here too."""

from django.contrib import admin

from nyinorge.core.access import user_can
from nyinorge.core.roles import Capability


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
