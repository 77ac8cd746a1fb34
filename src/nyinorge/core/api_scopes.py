"""What machine clients may be allowed to do, as data: each scope, who may hold it, and the role that
a client's service user gets in each kind of organisation (so the permission layer decides as for people)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models.organisations import Organisation
from nyinorge.core.roles import Role


@dataclass(frozen=True)
class ApiScope:
    name: str
    description: Promise
    organisation_kinds: frozenset[str]


API_SCOPES: dict[str, ApiScope] = {
    scope.name: scope
    for scope in [
        ApiScope("settlement:read", _("Read the municipality's proposals (need-to-know view) and capacity."),
                 frozenset({Organisation.Kind.MUNICIPALITY})),
        ApiScope("settlement:answer", _("Accept or decline proposals."), frozenset({Organisation.Kind.MUNICIPALITY})),
        ApiScope("settlement:housing", _("Register, list and withdraw housing notices."),
                 frozenset({Organisation.Kind.MUNICIPALITY})),
    ]
}

# A client acts with the rights of this role in its organisation; kinds missing here get no clients yet.
CLIENT_ROLES: dict[str, Role] = {
    Organisation.Kind.MUNICIPALITY: Role.MUNICIPALITY_CASEWORKER,
}
