"""The one permission layer: what a user may do, and which people they may see.

Views, API endpoints and services ask here; none of them decides access on its own. Checks
return a `Permission` with a reason, so refusals can say why.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nyinorge.core.models import Person, User
from nyinorge.core.roles import ROLE_DEFINITIONS, Capability, PersonScope


@dataclass(frozen=True)
class Permission:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


def user_can(user: User, capability: Capability) -> Permission:
    """Whether the user's roles, in the user's organisation, grant a capability, and why (not)."""
    if not user.is_authenticated:
        return Permission(False, _("You are not logged in."))
    if not user.is_active:
        return Permission(False, _("Your account is deactivated."))
    if user.organisation is None:
        return Permission(False, _("Your account is not connected to an organisation."))
    for role in sorted(user.roles):
        definition = ROLE_DEFINITIONS[role]
        if user.organisation.kind in definition.organisation_kinds and capability in definition.capabilities:
            return Permission(True, _("Granted by your role “%(role)s”.") % {"role": role.label})
    if not user.roles:
        return Permission(False, _("You have no roles yet; ask your administrator."))
    return Permission(
        False,
        _("None of your roles (%(roles)s) gives access to this.")
        % {"roles": ", ".join(str(role.label) for role in sorted(user.roles))},
    )


def require(permission: Permission) -> None:
    """Raise PermissionDenied with the permission's reason unless it is granted."""
    if not permission:
        raise PermissionDenied(permission.reason)


# Later modules widen what a role's scope covers (e.g. people in a case proposed to a municipality)
# by registering a function (user, scope) -> Q here, instead of writing their own checks.
PersonScopeExtension = Callable[[User, PersonScope], Q | None]
_person_scope_extensions: list[PersonScopeExtension] = []


def register_person_scope_extension(extension: PersonScopeExtension) -> PersonScopeExtension:
    """Add a rule that lets a scope see more people; usable as a decorator."""
    _person_scope_extensions.append(extension)
    return extension


# And narrow it: a rule (user) -> Q names people hidden from that user whatever the scope
# (e.g. shielded identities, seen only by designated staff).
PersonScopeRestriction = Callable[[User], Q | None]
_person_scope_restrictions: list[PersonScopeRestriction] = []


def register_person_scope_restriction(restriction: PersonScopeRestriction) -> PersonScopeRestriction:
    """Add a rule that hides people from a user; usable as a decorator."""
    _person_scope_restrictions.append(restriction)
    return restriction


def _restricted(user: User) -> Q | None:
    """The restrictions' own filter (shielded identities and the like), without following merges."""
    hidden = None
    for restriction in _person_scope_restrictions:
        condition = restriction(user)
        if condition is not None:
            hidden = condition if hidden is None else hidden | condition
    return hidden


def people_hidden_from(user: User) -> Q | None:
    """A filter on Person for the people hidden from the user whatever their scope (None: nobody is hidden).

    Reads that are not scoped by the person scope (the WS4 reconciliation, the audit log) apply it too,
    so a shielded identity is hidden by the same rule everywhere.
    """
    hidden = _restricted(user)
    if hidden is None:
        return None
    # A merged record is the person it was merged into: hidden with them (their old identity is theirs now).
    # The restricted people are few (shielded identities), so they and the records merged into them, at any
    # depth, are fetched as ids: nesting the rule in a subquery per merge level took minutes at a million persons.
    ids = set(Person.objects.filter(hidden).values_list("pk", flat=True))
    frontier = ids
    while frontier:
        frontier = set(Person.objects.filter(merged_into__in=frontier).values_list("pk", flat=True)) - ids
        ids |= frontier
    return Q(pk__in=sorted(ids))


def _scope_condition(user: User, scope: PersonScope) -> Q | None:
    organisation = user.organisation
    match scope:
        case PersonScope.ALL:
            return Q()
        case PersonScope.OWN_MUNICIPALITY if organisation.municipality_id:
            condition = Q(residence_municipality_id=organisation.municipality_id)
        case PersonScope.OWN_RECEPTION_CENTRE:
            condition = Q(reception_centre_id=organisation.pk)
        case _:
            return None
    for extension in _person_scope_extensions:
        extra = extension(user, scope)
        if extra is not None:
            condition |= extra
    return condition


def person_scope(user: User) -> Q | None:
    """A filter on Person for the live (not merged) people the user may see, or None if they may see nobody."""
    if not user_can(user, Capability.VIEW_PEOPLE):
        return None
    conditions = [
        condition
        for role in user.roles
        if user.organisation.kind in ROLE_DEFINITIONS[role].organisation_kinds
        and (condition := _scope_condition(user, ROLE_DEFINITIONS[role].person_scope)) is not None
    ]
    if not conditions:
        return None
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    # The restrictions without following merges: `people_visible_to` never returns a tombstone, and for a live
    # person the merge chain adds nothing but nested subqueries over the whole registry (minutes at a million
    # persons; the registration-time duplicate lookup must answer in 300 ms).
    hidden = _restricted(user)
    if hidden is not None:
        combined &= ~hidden
    return combined


def people_visible_to(user: User) -> QuerySet[Person]:
    """Every person the user may see (empty for users whose roles see no personal data); never a merge's tombstone."""
    condition = person_scope(user)
    return Person.objects.none() if condition is None else Person.objects.filter(condition, merged_into__isnull=True)


def person_survivor(person: Person) -> Person:
    """The person a tombstone was merged into (following later merges of the survivor); the person itself otherwise."""
    seen = {person.pk}
    while person.merged_into_id is not None:
        person = Person.objects.select_related("residence_municipality", "reception_centre").get(pk=person.merged_into_id)
        if person.pk in seen:  # a cycle cannot be built by the services; stop rather than loop
            break
        seen.add(person.pk)
    return person


def person_resolve_identifier(user: User, identifier: str) -> Person | None:
    """The person (the survivor, for a merged record's identifier) with this national id or DUF number, if visible."""
    identifier = "".join(identifier.split())
    if not identifier:
        return None
    found = Person.objects.filter(Q(national_id=identifier) | Q(duf_number=identifier)).first()
    if found is None:
        return None
    return people_visible_to(user).filter(pk=person_survivor(found).pk).first()


def person_for(user: User, person_id: int) -> Person:
    """The person if the user may see them: PermissionDenied for the wrong role, 404 outside the scope."""
    require(user_can(user, Capability.VIEW_PEOPLE))
    try:
        return people_visible_to(user).select_related("residence_municipality", "reception_centre").get(pk=person_id)
    except Person.DoesNotExist:
        # Same answer whether the person does not exist or belongs to someone else: no existence leak.
        raise Http404(_("No such person, or not one you have access to.")) from None
