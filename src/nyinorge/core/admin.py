"""Django admin for reference data, organisations and users; personal data is not shown here
(people and the audit log have their own audited pages)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nyinorge.core.admin_site import CapabilityAdminMixin
from nyinorge.core.models import ApiClient, County, Municipality, Organisation, ReceptionCentre, RoleAssignment, User
from nyinorge.core.roles import COMMAND_LINE_ONLY_ROLES, Role
from nyinorge.core.services.users import role_grant, role_revoke, user_change_record


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


class RoleAssignmentFormSet(BaseInlineFormSet):
    """Roles change only through the services (audited, before and after); command-line-only roles not here."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.has_changed() and form not in self.deleted_forms:
                continue
            touched = {form.cleaned_data.get("role"), form.initial.get("role")} - {None, ""}
            for role in touched:
                if Role(role) in COMMAND_LINE_ONLY_ROLES:
                    raise ValidationError(_(
                        "The role “%(role)s” is granted and revoked only by operations with the command "
                        "“nyinorge role grant”, naming the decision.") % {"role": Role(role).label})

    def save(self, commit=True):
        user = self.instance
        # What the admin's change message reads; the services write the audit rows themselves.
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        for form in self.deleted_forms:
            if form.instance.pk:
                role_revoke(actor=self.request.user, user=user, role=form.instance.role)
        for form in self.forms:
            if form in self.deleted_forms or not form.has_changed() or not form.cleaned_data.get("role"):
                continue
            if form.instance.pk and form.initial.get("role") and form.initial["role"] != form.cleaned_data["role"]:
                role_revoke(actor=self.request.user, user=user, role=form.initial["role"])
            role_grant(actor=self.request.user, user=user, role=form.cleaned_data["role"])
        return []


class RoleAssignmentInline(CapabilityAdminMixin, admin.TabularInline):
    model = RoleAssignment
    formset = RoleAssignmentFormSet
    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request
        return formset


class UserCreationFormForOurUser(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "organisation")


class UserChangeFormForOurUser(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(CapabilityAdminMixin, BaseUserAdmin):
    # No superuser flag, groups or per-model permissions from the web: access comes from roles (audited services);
    # a superuser is made with `nyinorge createsuperuser` on the server.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Access"), {"fields": ("organisation", "is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["is_superuser", "last_login", "date_joined"]
    list_display = ["username", "first_name", "last_name", "organisation", "is_active"]
    list_filter = ["is_active", "organisation__kind"]
    autocomplete_fields = ["organisation"]
    inlines = [RoleAssignmentInline]
    form = UserChangeFormForOurUser
    add_form = UserCreationFormForOurUser
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "organisation", "usable_password", "password1", "password2")}),
    )

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: the audit log's entries keep naming a user that exists

    @staticmethod
    def _holds_command_line_only_role(user) -> bool:
        return user is not None and user.pk is not None and user.role_assignments.filter(
            role__in=list(COMMAND_LINE_ONLY_ROLES)).exists()

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._holds_command_line_only_role(obj):
            # Otherwise an administrator could take over a designated officer's login (new e-mail for ID-porten,
            # new password) and read the shielded identities after all; operations change these accounts.
            readonly += ["username", "email", "first_name", "last_name", "organisation", "is_active", "is_staff"]
        return readonly

    def user_change_password(self, request, id, form_url=""):
        if self._holds_command_line_only_role(self.get_object(request, id)):
            raise PermissionDenied(_("The account of a designated officer for shielded identities is changed only "
                                     "by operations on the server."))
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        changed = {field: (form.initial.get(field), form.cleaned_data.get(field))
                   for field in form.changed_data if field in form.cleaned_data and "password" not in field}
        super().save_model(request, obj, form, change)
        if change:
            user_change_record(actor=request.user, user=obj, changed=changed)


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
