"""Django admin for reference data, organisations and users; personal data is not shown here
(people and the audit log have their own audited pages)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nyinorge.core.admin_site import CapabilityAdminMixin
from nyinorge.core.models import ApiClient, County, Municipality, Organisation, ReceptionCentre, RoleAssignment, User


class NeverDeletedMixin:
    """Reference data and organisations are never deleted here: people, cases and the audit log point to them,
    and Django's confirmation page would list every linked person by name, shielded ones too."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(County)
class CountyAdmin(NeverDeletedMixin, CapabilityAdminMixin, admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["number", "name"]


@admin.register(Municipality)
class MunicipalityAdmin(NeverDeletedMixin, CapabilityAdminMixin, admin.ModelAdmin):
    list_display = ["number", "name", "county"]
    list_filter = ["county"]
    search_fields = ["number", "name"]


class ReceptionCentreInline(NeverDeletedMixin, CapabilityAdminMixin, admin.StackedInline):
    model = ReceptionCentre
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(NeverDeletedMixin, CapabilityAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "county", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "organisation_number", "municipality__number"]
    autocomplete_fields = ["municipality"]
    inlines = [ReceptionCentreInline]


class RoleAssignmentInline(CapabilityAdminMixin, admin.TabularInline):
    model = RoleAssignment
    extra = 1


class UserCreationFormForOurUser(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "organisation")


class UserChangeFormForOurUser(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(CapabilityAdminMixin, BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Organisation"), {"fields": ("organisation",)}))
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["is_active", "organisation__kind"]
    autocomplete_fields = ["organisation"]
    inlines = [RoleAssignmentInline]
    form = UserChangeFormForOurUser
    add_form = UserCreationFormForOurUser
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "organisation", "usable_password", "password1", "password2")}),
    )


@admin.register(ApiClient)
class ApiClientAdmin(CapabilityAdminMixin, admin.ModelAdmin):
    """Clients are issued with `nyinorge api_client issue`, which shows the token once; here they are
    listed and revoked, and nothing about the token can be edited."""

    list_display = ["name", "organisation", "token_prefix", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["organisation__kind"]
    search_fields = ["name", "token_prefix", "organisation__name"]
    readonly_fields = ["organisation", "name", "user", "scopes", "municipalities", "token_prefix", "token_hash",
                       "created_by", "created_at", "expires_at", "revoked_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoked clients stay, so the audit log's service users keep their meaning

    @admin.action(description=_("Revoke the selected clients' tokens"))
    def revoke(self, request, queryset):
        from nyinorge.core.services.api_clients import api_client_revoke

        count = 0
        for client in queryset:
            api_client_revoke(actor=request.user, client=client)
            count += 1
        self.message_user(request, ngettext("Revoked %(count)d client.", "Revoked %(count)d clients.", count)
                          % {"count": count}, messages.SUCCESS)
