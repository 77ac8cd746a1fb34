"""Writing audit entries."""

from collections.abc import Iterable

from django.db import transaction

from nyinorge.core.middleware import current_request_id
from nyinorge.core.models import AuditEntry, AuditSubject, Person, User


def audit_record(
    *,
    actor: User | None,
    action: AuditEntry.Action | str,
    object_type: str = "",
    object_id: str | int = "",
    person: Person | None = None,
    persons: Iterable[Person] = (),
    person_ids: Iterable[int] = (),
    detail: str = "",
    username: str = "",
) -> AuditEntry:
    """Append one audit entry (and a subject row for each further person shown; bulk services give their ids)."""
    authenticated = actor is not None and actor.is_authenticated
    with transaction.atomic():
        entry = AuditEntry.objects.create(
            user=actor if authenticated else None,
            username=(actor.get_username() if authenticated else username)[:150],
            organisation_id=actor.organisation_id if authenticated else None,
            action=action,
            object_type=object_type,
            object_id=str(object_id)[:64],
            person=person,
            request_id=current_request_id.get(),
            detail=detail[:500],
        )
        skip = person.pk if person is not None else None
        subjects = [AuditSubject(entry=entry, person=p) for p in persons if p.pk != skip]
        subjects += [AuditSubject(entry=entry, person_id=pk) for pk in person_ids if pk != skip]
        if subjects:
            AuditSubject.objects.bulk_create(subjects)
    return entry
