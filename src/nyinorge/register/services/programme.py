"""Writing introduction-programme participation, with its interruptions and plan elements."""

from typing import Any

from nyinorge.core.models import ApiClient, Municipality, Person, User
from nyinorge.register.models import PlanElement, ProgrammeInterruption, ProgrammeParticipation
from nyinorge.register.services.records import Children, record_upsert

PARTICIPATION_CHILDREN = {
    "interruptions": Children(ProgrammeInterruption, "participation", ("start", "end", "reason")),
    "plan_elements": Children(PlanElement, "participation", ("kind", "start", "end")),
}


def participation_upsert(
    *,
    actor: User,
    client: ApiClient | None,
    client_ref: str | None,
    person: Person,
    municipality: Municipality,
    data: dict[str, Any],
    instance: ProgrammeParticipation | None = None,
) -> tuple[ProgrammeParticipation, bool]:
    """Create or update a participation; `interruptions` and `plan_elements` (lists of dicts) replace the old ones when given."""
    return record_upsert(model=ProgrammeParticipation, actor=actor, client=client, client_ref=client_ref, person=person,
                         municipality=municipality, data=data, instance=instance, children=PARTICIPATION_CHILDREN)
