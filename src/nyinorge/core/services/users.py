"""Creating users, and granting and revoking roles that fit their organisation: every change is audited."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyinorge.core.models import AuditEntry, Organisation, RoleAssignment, User
from nyinorge.core.roles import COMMAND_LINE_ONLY_ROLES, ROLE_DEFINITIONS, Role
from nyinorge.core.services.audit import audit_record


def _check_role_fits(role: Role, organisation: Organisation) -> None:
    if organisation.kind not in ROLE_DEFINITIONS[role].organisation_kinds:
        raise ValidationError(
            {"roles": [_("The role “%(role)s” cannot be held by a user of %(organisation)s (%(kind)s).") % {
                "role": role.label, "organisation": organisation.name, "kind": organisation.get_kind_display()}]}
        )


def _check_channel(role: Role, from_command_line: bool) -> None:
    if role in COMMAND_LINE_ONLY_ROLES and not from_command_line:
        raise ValidationError({"roles": [_(
            "The role “%(role)s” is granted and revoked only by operations with the command "
            "“nyinorge role grant”, naming the decision."
        ) % {"role": role.label}]})


def _roles_of(user: User) -> list[str]:
    return sorted(user.role_assignments.values_list("role", flat=True))


def _audit_roles(*, actor: User | None, operator: str, user: User, change: str, before: list[str], reason: str) -> None:
    after = _roles_of(user)
    audit_record(
        actor=actor,
        username=operator,
        action=AuditEntry.Action.UPDATE,
        object_type="core.user.roles",
        object_id=user.pk,
        detail=f"{change} for {user.get_username()}: before [{', '.join(before)}], after [{', '.join(after)}]"
               + (f"; reason: {reason}" if reason else ""),
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
    actor: User | None = None,
    operator: str = "",
) -> User:
    """Create a user in an organisation with roles that fit it (no password: login via OIDC only), audited."""
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
        audit_record(actor=actor, username=operator or "system", action=AuditEntry.Action.CREATE,
                     object_type="core.user", object_id=user.pk,
                     detail=f"user {username} created in {organisation.name} with roles [{', '.join(sorted(roles))}]")
    return user


def role_grant(
    *, actor: User | None, user: User, role: Role | str, reason: str = "", from_command_line: bool = False,
    operator: str = "",
) -> RoleAssignment:
    """Give a user one more role, if it fits the user's organisation and may be granted this way; audited."""
    role = Role(role)
    if user.organisation is None:
        raise ValidationError({"roles": [_("Connect the user to an organisation before granting roles.")]})
    _check_role_fits(role, user.organisation)
    _check_channel(role, from_command_line)
    with transaction.atomic():
        before = _roles_of(user)
        assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role)
        if created:
            _audit_roles(actor=actor, operator=operator, user=user, change=f"role granted: {role}", before=before,
                         reason=reason)
    user.__dict__.pop("roles", None)
    return assignment


def role_revoke(
    *, actor: User | None, user: User, role: Role | str, reason: str = "", from_command_line: bool = False,
    operator: str = "",
) -> None:
    """Take a role from a user, if it may be revoked this way; audited."""
    role = Role(role)
    _check_channel(role, from_command_line)
    with transaction.atomic():
        before = _roles_of(user)
        deleted, _rows = RoleAssignment.objects.filter(user=user, role=role).delete()
        if deleted:
            _audit_roles(actor=actor, operator=operator, user=user, change=f"role revoked: {role}", before=before,
                         reason=reason)
    user.__dict__.pop("roles", None)


def user_change_record(*, actor: User, user: User, changed: dict[str, tuple[object, object]]) -> None:
    """Audit a change of a user's account fields made in the admin (before and after; never the password)."""
    if not changed:
        return
    audit_record(
        actor=actor, action=AuditEntry.Action.UPDATE, object_type="core.user", object_id=user.pk,
        detail=f"user {user.get_username()} changed: "
               + "; ".join(f"{field} {before!r} → {after!r}" for field, (before, after) in sorted(changed.items())),
    )
