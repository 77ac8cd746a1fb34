"""Reading merges of persons: the comparison before a merge, the list of merges, one merge; every read audited."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.http import Http404
from django.utils.translation import gettext as _

from nyinorge.core.access import people_visible_to, person_survivor, require, user_can
from nyinorge.core.models import AuditEntry, Person, PersonMerge, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.services.merges import merge_preview, merge_refusals, merge_visible, unmerge_refusals

PAGE_SIZE = 25
COMPARED_FIELDS = ("given_name", "family_name", "birth_date", "sex", "citizenship", "languages", "national_id",
                   "duf_number", "phone", "email", "residence_municipality", "reception_centre", "left_on")


def merged_from_ids(person_ids: Iterable[int]) -> dict[int, list[int]]:
    """For each person, the tombstones merged into it (and into those, and so on) and not undone."""
    result: dict[int, list[int]] = {}
    frontier = {pk: pk for pk in person_ids}  # tombstone or person → the person it ends at
    while frontier:
        rows = list(Person.objects.filter(merged_into_id__in=frontier).values_list("pk", "merged_into_id"))
        next_frontier = {}
        for pk, into in rows:
            end = frontier[into]
            result.setdefault(end, []).append(pk)
            next_frontier[pk] = end
        frontier = next_frontier
    return result


def person_merged_from(*, person: Person) -> list[Person]:
    """The records merged into this person (no audit: shown on the person's page, audited with it)."""
    ids = merged_from_ids([person.pk]).get(person.pk, [])
    return list(Person.objects.filter(pk__in=ids).order_by("merged_at", "pk"))


def _visible_person(actor: User, person_id: int) -> Person:
    """The person (a tombstone too) if the actor may see it, or who it was merged into; 404 otherwise."""
    person = Person.objects.select_related("residence_municipality", "reception_centre").filter(pk=person_id).first()
    if person is None or not people_visible_to(actor).filter(pk=person_survivor(person).pk).exists():
        raise Http404(_("No such person, or not one you have access to."))
    return person


@dataclass(frozen=True)
class FieldComparison:
    label: str
    survivor: object
    merged: object
    differs: bool


@dataclass(frozen=True)
class MergeComparison:
    survivor: Person
    merged: Person
    fields: list[FieldComparison]
    moves: list[tuple[str, int]]
    refusals: list[str]


def _display(person: Person, name: str) -> object:
    value = getattr(person, name)
    if name == "sex":
        return person.get_sex_display()
    if name == "citizenship":
        return person.citizenship_name
    if name == "languages":
        return ", ".join(person.language_names)
    return value


def merge_compare(*, actor: User, survivor_id: int, merged_id: int) -> MergeComparison:
    """Both persons side by side, what would move and why it is refused (if it is); one audit entry for the read."""
    require(user_can(actor, Capability.MANAGE_DUPLICATES))
    survivor, merged = _visible_person(actor, survivor_id), _visible_person(actor, merged_id)
    fields = []
    for name in COMPARED_FIELDS:
        left, right = _display(survivor, name), _display(merged, name)
        fields.append(FieldComparison(str(Person._meta.get_field(name).verbose_name), left, right,
                                      (left or None) != (right or None)))
    refusals = merge_refusals(actor=actor, survivor=survivor, merged=merged)
    moves = merge_preview(survivor=survivor, merged=merged) if survivor.pk != merged.pk else []
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="core.personmerge.compare",
                 object_id=f"{merged.pk}>{survivor.pk}", person=survivor, persons=[merged])
    return MergeComparison(survivor, merged, fields, moves, refusals)


def _visible_merges(actor: User, merges: list[PersonMerge]) -> list[PersonMerge]:
    ends = {}
    tombstones = dict(Person.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id"))

    def end(pk: int) -> int:
        seen = set()
        while pk in tombstones and pk not in seen:
            seen.add(pk)
            pk = tombstones[pk]
        return pk

    for merge in merges:
        ends[merge.pk] = {end(merge.survivor_id), end(merge.merged_id)}
    wanted = set().union(*ends.values()) if ends else set()
    visible = set(people_visible_to(actor).filter(pk__in=wanted).values_list("pk", flat=True))
    return [merge for merge in merges if ends[merge.pk] <= visible]


def person_merges_list(*, actor: User, person_id: int | None = None, page_number: int | str = 1) -> Page:
    """The merges the actor may see (both persons), newest first, for one person or all; the page is audited."""
    require(user_can(actor, Capability.MANAGE_DUPLICATES))
    merges = PersonMerge.objects.select_related("survivor", "merged", "actor", "undone_by").order_by("-created_at", "-pk")
    if person_id is not None:
        ids = {person_id, *merged_from_ids([person_id]).get(person_id, [])}
        merges = merges.filter(survivor_id__in=ids) | merges.filter(merged_id__in=ids)
    page = Paginator(_visible_merges(actor, list(merges)), PAGE_SIZE).get_page(page_number)
    shown = {p for merge in page.object_list for p in (merge.survivor, merge.merged)}
    if shown:
        audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="core.personmerge.list",
                     persons=sorted(shown, key=lambda p: p.pk), detail=f"page {page.number}, {len(page.object_list)} merges")
    return page


@dataclass(frozen=True)
class MovedKind:
    label: str
    field: str
    count: int


@dataclass(frozen=True)
class MergeDetail:
    merge: PersonMerge
    moved: list[MovedKind]
    deleted: list[MovedKind]
    changed: list[MovedKind]
    followed: list[MovedKind]
    unmerge_refusals: list[str]


def _kinds(entries: list[dict], count) -> list[MovedKind]:
    totals: dict[tuple[str, str], int] = {}
    for entry in entries:
        model = apps.get_model(entry["model"])
        key = (str(model._meta.verbose_name_plural), entry.get("field", ""))
        totals[key] = totals.get(key, 0) + count(entry)
    return [MovedKind(label, name, n) for (label, name), n in sorted(totals.items())]


def person_merge_read(*, actor: User, merge_id: int) -> MergeDetail:
    """One merge with what moved, if the actor may see both persons (404 otherwise); audited."""
    require(user_can(actor, Capability.MANAGE_DUPLICATES))
    merge = PersonMerge.objects.select_related("survivor", "merged", "actor", "undone_by").filter(pk=merge_id).first()
    if merge is None or not merge_visible(actor=actor, merge=merge):
        raise Http404(_("No such merge, or not one you have access to."))
    record = merge.record
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="core.personmerge", object_id=merge.pk,
                 person=merge.survivor, persons=[merge.merged])
    return MergeDetail(
        merge=merge,
        moved=_kinds(record.get("moved", []), lambda e: len(e["pks"])),
        deleted=_kinds(record.get("deleted", []), lambda e: 1),
        changed=_kinds(record.get("changed", []), lambda e: 1),
        followed=_kinds(record.get("followed", []), lambda e: e["count"]),
        unmerge_refusals=[] if merge.undone_at else unmerge_refusals(actor=actor, merge=merge),
    )


def person_tombstone_read(*, actor: User, person_id: int) -> tuple[Person, Person] | None:
    """A merged record and the person it now is, if the actor may see that person (audited); None if no tombstone."""
    require(user_can(actor, Capability.VIEW_PEOPLE))
    tombstone = Person.objects.filter(pk=person_id, merged_into__isnull=False).first()
    if tombstone is None:
        return None
    survivor = person_survivor(tombstone)
    if not people_visible_to(actor).filter(pk=survivor.pk).exists():
        return None
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="core.person.tombstone",
                 object_id=tombstone.pk, person=survivor, persons=[tombstone])
    return tombstone, survivor
