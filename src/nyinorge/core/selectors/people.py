"""Reading people: always through the access layer, and every read of personal data is audited."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from nyinorge.core.access import people_visible_to, person_for, require, user_can
from nyinorge.core.models import AuditEntry, FamilyRelation, Person, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record

PAGE_SIZE = 25


def person_search_queryset(*, user: User, query: str = "") -> QuerySet[Person]:
    """People the user may see, matching a name or identifier (no audit: nothing is shown yet)."""
    people = people_visible_to(user).select_related("residence_municipality", "reception_centre")
    digits = "".join(ch for ch in query if ch.isdigit())
    if digits and len(digits) >= 6 and len(digits) == len(query.replace(" ", "")):
        return people.filter(Q(national_id__startswith=digits) | Q(duf_number__startswith=digits))
    for word in query.split():
        people = people.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    return people


def person_list(*, actor: User, query: str = "", page_number: int | str = 1) -> Page:
    """One page of people the actor may see; one audit entry names everyone shown."""
    require(user_can(actor, Capability.VIEW_PEOPLE))
    page = Paginator(person_search_queryset(user=actor, query=query), PAGE_SIZE).get_page(page_number)
    shown = list(page.object_list)
    if shown:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.VIEW,
            object_type="core.person.list",
            persons=shown,
            detail=f"search: {query[:100]!r}, page {page.number}, {len(shown)} shown",
        )
    return page


@dataclass(frozen=True)
class Relative:
    relation: FamilyRelation
    label: str
    person: Person


def _relation_label(relation: FamilyRelation, seen_from: Person) -> str:
    if relation.kind == FamilyRelation.Kind.PARENT:
        return str(_("Child")) if relation.person_id == seen_from.pk else str(_("Parent"))
    if relation.kind == FamilyRelation.Kind.GUARDIAN:
        return str(_("Ward")) if relation.person_id == seen_from.pk else str(_("Guardian"))
    return str(relation.get_kind_display())


def family_of(*, user: User, person: Person) -> list[Relative]:
    """The person's registered relatives, each labelled as seen from the person; hidden ones left out."""
    relations = FamilyRelation.objects.filter(Q(person=person) | Q(relative=person)).select_related("person", "relative")
    visible = set(people_visible_to(user).filter(
        pk__in=[r.relative_id if r.person_id == person.pk else r.person_id for r in relations]
    ).values_list("pk", flat=True))
    relatives = []
    for relation in relations:
        other = relation.relative if relation.person_id == person.pk else relation.person
        if other.pk in visible:
            relatives.append(Relative(relation=relation, label=_relation_label(relation, person), person=other))
    return sorted(relatives, key=lambda r: (r.label, r.person.birth_date))


def person_read(*, actor: User, person_id: int) -> tuple[Person, list[Relative]]:
    """A person and their visible relatives, with one audit entry for the read."""
    person = person_for(actor, person_id)
    relatives = family_of(user=actor, person=person)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.VIEW,
        object_type="core.person",
        object_id=person.pk,
        person=person,
        persons=[r.person for r in relatives],
    )
    return person, relatives


def person_form_read(*, actor: User, person: Person, form: str, record: object | None = None) -> None:
    """Audit that a form shows the person (and the record being edited): one entry per page shown."""
    audit_record(
        actor=actor,
        action=AuditEntry.Action.VIEW,
        object_type=form,
        object_id=getattr(record, "pk", None) or person.pk,
        person=person,
        detail="form shown" if record is None else f"form shown for {record._meta.label_lower} #{record.pk}",
    )
