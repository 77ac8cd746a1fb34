"""Searching the audit log (directorate administrators only).

People hidden from the reader (`people_hidden_from`: shielded identities, unless the reader is also a
designated officer) appear only by their internal person id and "Shielded identity": never by name or
identity number, and a search by their name or number finds nothing. The page and the CSV export both
read the log through here, so they show the same.
"""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils.translation import gettext as _

from nyinorge.core.access import people_hidden_from, require, user_can
from nyinorge.core.models import AuditEntry, AuditSubject, Person, User
from nyinorge.core.roles import Capability
from nyinorge.core.selectors.merges import merged_from_ids


def _hidden_flag(hidden: Q | None):
    """True on a row whose person is hidden from the reader (computed in the query, so exports can stream)."""
    if hidden is None:
        return Value(False, output_field=BooleanField())
    return Exists(Person.objects.filter(hidden, pk=OuterRef("person_id")))


def audit_entries(
    *,
    actor: User,
    person: str = "",
    user: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    action: str = "",
    with_subjects: bool = False,
) -> QuerySet[AuditEntry]:
    """Entries matching a person (identifier or name), a user name, an action and a period (inclusive).

    Each entry (and each subject, when `with_subjects`) carries `person_hidden`; show its person through
    `audit_person`.
    """
    require(user_can(actor, Capability.VIEW_AUDIT_LOG))
    hidden = people_hidden_from(actor)
    entries = AuditEntry.objects.select_related("organisation", "person").annotate(person_hidden=_hidden_flag(hidden))
    if person.strip():
        term = person.strip()
        if term.isdigit():
            people = Person.objects.filter(Q(national_id=term) | Q(duf_number=term))
        else:
            people = Person.objects.all()
            for word in term.split():
                people = people.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
        if hidden is not None:
            # Otherwise the hits would tell who a shielded entry's person is.
            people = people.exclude(hidden)
        person_ids = list(people.values_list("pk", flat=True)[:1000])
        # A merged record's entries are never rewritten (append-only): they are found through the survivor.
        person_ids += [pk for ids in merged_from_ids(person_ids).values() for pk in ids]
        entries = entries.filter(Q(person_id__in=person_ids) | Q(subjects__person_id__in=person_ids)).distinct()
    if user.strip():
        entries = entries.filter(username__icontains=user.strip())
    if action:
        entries = entries.filter(action=action)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    if with_subjects:
        subjects = AuditSubject.objects.select_related("person").annotate(person_hidden=_hidden_flag(hidden)).order_by("id")
        entries = entries.prefetch_related(Prefetch("subjects", queryset=subjects))
    return entries.order_by("-at", "-id")


def audit_persons_shown(entries: QuerySet[AuditEntry]) -> list[int]:
    """The ids of every person the entries name (as their person or a subject): whom an export of them shows."""
    selected = entries.order_by().values("pk")
    direct = AuditEntry.objects.filter(pk__in=selected, person__isnull=False).values_list("person_id", flat=True)
    subjects = AuditSubject.objects.filter(entry_id__in=selected).values_list("person_id", flat=True)
    return sorted(set(direct) | set(subjects))


@dataclass(frozen=True)
class AuditPerson:
    """A person named by an audit entry, as much as the reader may know."""

    id: int
    name: str
    identifier: str  # empty when shielded
    shielded: bool

    @property
    def listed(self) -> str:
        """How a list of people names this one: the identity number, or the internal id ("id:123") when shielded."""
        return f"id:{self.id}" if self.shielded else self.identifier

    def __str__(self) -> str:
        if self.shielded:
            return _("%(label)s (person %(id)d)") % {"label": _("Shielded identity"), "id": self.id}
        return f"{self.name} ({self.identifier})"


def audit_person(row: AuditEntry | AuditSubject) -> AuditPerson | None:
    """The person of an entry or subject read through `audit_entries` (None when it names nobody)."""
    if not row.person_id or row.person is None:
        return None
    if getattr(row, "person_hidden", True):
        # Not read through audit_entries (no flag): show no identity rather than guess.
        return AuditPerson(id=row.person_id, name=_("Shielded identity"), identifier="", shielded=True)
    return AuditPerson(id=row.person_id, name=row.person.full_name, identifier=row.person.identifier, shielded=False)
