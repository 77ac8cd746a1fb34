"""What settlement adds to the permission layer: a municipality sees the people in cases accepted by
or settled in it; people in shielded cases are hidden from all but designated staff.

A case only proposed to a municipality does not widen its person scope: until it accepts, it sees the
need-to-know view of the case (`selectors.cases.need_to_know`), which never goes through the person scope.
"""

from django.db.models import Q

from nyinorge.core.access import register_person_scope_extension, register_person_scope_restriction, user_can
from nyinorge.core.models import User
from nyinorge.core.roles import Capability, PersonScope


@register_person_scope_extension
def people_in_cases_of_my_municipality(user: User, scope: PersonScope) -> Q | None:
    from nyinorge.settlement.models import CaseMember
    from nyinorge.settlement.workflow import State

    if scope != PersonScope.OWN_MUNICIPALITY or not user.organisation.municipality_id:
        return None
    members = CaseMember.objects.filter(
        case__municipality_id=user.organisation.municipality_id,
        # Not PROPOSED: names and identity numbers come with acceptance (a declined proposal never showed them).
        case__state__in=[State.ACCEPTED, State.SETTLED],
    )
    return Q(pk__in=members.values("person_id"))


@register_person_scope_restriction
def shielded_identities(user: User) -> Q | None:
    from nyinorge.settlement.models import CaseMember

    if user_can(user, Capability.VIEW_SHIELDED_IDENTITIES):
        return None
    return Q(pk__in=CaseMember.objects.filter(case__shielded_identity=True).values("person_id"))
