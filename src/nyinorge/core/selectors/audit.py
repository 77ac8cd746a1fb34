"""Searching the audit log (directorate administrators only)."""

import datetime

from django.db.models import Q, QuerySet

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, Person, User
from nyinorge.core.roles import Capability


def audit_entries(
    *,
    actor: User,
    person: str = "",
    user: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    action: str = "",
) -> QuerySet[AuditEntry]:
    """Entries matching a person (identifier or name), a user name, an action and a period (inclusive)."""
    require(user_can(actor, Capability.VIEW_AUDIT_LOG))
    entries = AuditEntry.objects.select_related("organisation", "person")
    if person.strip():
        term = person.strip()
        if term.isdigit():
            people = Person.objects.filter(Q(national_id=term) | Q(duf_number=term))
        else:
            people = Person.objects.all()
            for word in term.split():
                people = people.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
        person_ids = list(people.values_list("pk", flat=True)[:1000])
        entries = entries.filter(Q(person_id__in=person_ids) | Q(subjects__person_id__in=person_ids)).distinct()
    if user.strip():
        entries = entries.filter(username__icontains=user.strip())
    if action:
        entries = entries.filter(action=action)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries.order_by("-at", "-id")
