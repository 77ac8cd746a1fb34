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
        ApiScope("grants:read", _("Read the municipality's grant lines of approved runs (naming each person) and "
                                  "the year's approved runs with their totals."),
                 frozenset({Organisation.Kind.MUNICIPALITY})),
        # WS4 (the introduction register): for municipalities' own systems and case-system vendors.
        ApiScope("ws4:read", _("Read what the introduction register holds for the persons of the client's municipalities."),
                 frozenset({Organisation.Kind.MUNICIPALITY, Organisation.Kind.OTHER})),
        ApiScope("ws4:write", _("Register programme participation, training, hours, absences, exemptions and test "
                                "results for the persons of the client's municipalities."),
                 frozenset({Organisation.Kind.MUNICIPALITY, Organisation.Kind.OTHER})),
    ]
}

# A client acts with the rights of these roles in its organisation; kinds missing here get no clients yet.
# A case-system vendor ("other") gets no role: it sees no one through the pages' permission layer, and
# reaches the register only through WS4, for the municipalities its client lists.
CLIENT_ROLES: dict[str, tuple[Role, ...]] = {
    Organisation.Kind.MUNICIPALITY: (Role.MUNICIPALITY_CASEWORKER,),
    Organisation.Kind.OTHER: (),
}
# Kinds whose clients must list the municipalities they act for (they have none of their own).
KINDS_ACTING_FOR_LISTED_MUNICIPALITIES = frozenset({Organisation.Kind.OTHER})
