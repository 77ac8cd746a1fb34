"""Creating users and granting roles that fit their organisation."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyinorge.core.models import Organisation, RoleAssignment, User
from nyinorge.core.roles import ROLE_DEFINITIONS, Role


def _check_role_fits(role: Role, organisation: Organisation) -> None:
    if organisation.kind not in ROLE_DEFINITIONS[role].organisation_kinds:
        raise ValidationError(
            {"roles": [_("The role “%(role)s” cannot be held by a user of %(organisation)s (%(kind)s).") % {
                "role": role.label, "organisation": organisation.name, "kind": organisation.get_kind_display()}]}
        )


def user_create(
    *,
    username: str,
    organisation: Organisation,
    roles: Iterable[Role | str],
    password: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
) -> User:
    """Create a user in an organisation with roles that fit it (no password: login via OIDC only)."""
    roles = [Role(role) for role in roles]
    for role in roles:
        _check_role_fits(role, organisation)
    with transaction.atomic():
        user = User(
            username=username, organisation=organisation, email=email, first_name=first_name, last_name=last_name,
            is_staff=is_staff,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=role) for role in roles])
    return user


def role_grant(*, user: User, role: Role | str) -> RoleAssignment:
    """Give a user one more role, if it fits the user's organisation."""
    role = Role(role)
    if user.organisation is None:
        raise ValidationError({"roles": [_("Connect the user to an organisation before granting roles.")]})
    _check_role_fits(role, user.organisation)
    assignment, _created = RoleAssignment.objects.get_or_create(user=user, role=role)
    user.__dict__.pop("roles", None)
    return assignment
