"""Users belong to one organisation and hold roles (see `nyinorge.core.roles`)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models.organisations import Organisation
from nyinorge.core.roles import Role


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
        help_text=_("Every user except the technical superuser belongs to exactly one organisation."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(code) for code in self.role_assignments.values_list("role", flat=True))

    def has_role(self, role: Role) -> bool:
        return role in self.roles


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from nyinorge.core.roles import ROLE_DEFINITIONS

        try:
            organisation = self.user.organisation
        except User.DoesNotExist:
            organisation = None
        if organisation is None:
            raise ValidationError(_("Connect the user to an organisation before granting roles."))
        if organisation.kind not in ROLE_DEFINITIONS[Role(self.role)].organisation_kinds:
            raise ValidationError(
                _("The role “%(role)s” cannot be held by a user of %(organisation)s (%(kind)s).")
                % {"role": Role(self.role).label, "organisation": organisation.name, "kind": organisation.get_kind_display()}
            )
