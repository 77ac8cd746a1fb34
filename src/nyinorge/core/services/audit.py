"""Writing audit entries: one at a time with its subjects (`audit_record`), or many at once (`audit_record_many`)."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from nyinorge.core.middleware import current_request_id
from nyinorge.core.models import AuditEntry, AuditSubject, Person, User
from nyinorge.core.rows import rows_append


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


@dataclass(frozen=True)
class AuditLine:
    """One entry of `audit_record_many`: what was done to which object, naming at most one person."""

    action: str
    object_type: str
    object_id: str | int = ""
    person_id: int | None = None
    detail: str = ""


_MANY_COLUMNS = ("at", "user_id", "username", "organisation_id", "action", "object_type", "object_id", "person_id",
                 "request_id", "detail")


def audit_record_many(*, actor: User, lines: Sequence[AuditLine], at: datetime.datetime | None = None) -> None:
    """Append one entry per line for the same actor and request, at once (bulk writes: no ids, no subjects)."""
    at = at or timezone.now()
    request_id = current_request_id.get()
    username = actor.get_username()[:150]
    rows_append(AuditEntry, _MANY_COLUMNS, [
        (at, actor.pk, username, actor.organisation_id, str(line.action), line.object_type, str(line.object_id)[:64],
         line.person_id, request_id, line.detail[:500])
        for line in lines])
