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
    detail: str = "",
    username: str = "",
) -> AuditEntry:
    """Append one audit entry (and a subject row for each further person shown)."""
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
        subjects = [AuditSubject(entry=entry, person=p) for p in persons if person is None or p.pk != person.pk]
        if subjects:
            AuditSubject.objects.bulk_create(subjects)
    return entry
