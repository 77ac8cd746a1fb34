"""Merging a duplicate person into another (the survivor), and undoing it.

Every row of every model that points at the merged person (found through Person's relations, so a new model is
included without a change here) moves to the survivor in one transaction with both persons locked; the merged
person stays as a tombstone (`Person.merged_into`) with its identifiers, so old links and lookups resolve. The
merge keeps a record of exactly what moved, what was deleted as an identical duplicate and what was changed, so
`person_unmerge` puts everything back. Rows added to the survivor after the merge stay with it.

The audit log is append-only (the database refuses updates): its entries are not rewritten but followed, i.e.
read through the survivor (`core.selectors.audit`). Apps add refusals (`register_merge_check`) and say how a row
that may exist once per person is settled when both persons have one (`register_merge_conflict`); any other
such conflict refuses the merge, naming the kind of record.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import people_visible_to, person_survivor, require, user_can
from nyinorge.core.models import AuditEntry, FamilyRelation, Person, PersonMerge, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record

# Rows that stay where they are: the append-only audit log (followed through the survivor), the merges themselves
# and the tombstones' own pointers. A model can opt out too with `MERGE_KEEPS_PERSON = True` (e.g. a remembered
# "same or different" decision about a pair, which is about both records as they were).
KEPT_RELATIONS = frozenset({
    ("core.auditentry", "person"), ("core.auditsubject", "person"),
    ("core.personmerge", "survivor"), ("core.personmerge", "merged"), ("core.person", "merged_into"),
})
FOLLOWED_RELATIONS = (("core.auditentry", "person"), ("core.auditsubject", "person"))

MergeCheck = Callable[[Person, Person], list[str]]
_merge_checks: list[MergeCheck] = []


def register_merge_check(check: MergeCheck) -> MergeCheck:
    """Add a rule (survivor, merged) -> reasons that refuses a merge (e.g. both in open cases); usable as a decorator."""
    _merge_checks.append(check)
    return check


@dataclass(frozen=True)
class ConflictRule:
    """How a unique rule on a person's rows is settled when both persons have a row under it.

    `message(survivor_rows, merged_rows)` says why the merge is refused; `resolve` names field values that take the
    merged person's rows out of the rule (recorded, and set back by the unmerge); `delete_identical` lets a row
    identical to one of the survivor's be deleted (stored in full, recreated by the unmerge).
    """

    message: Callable[[list, list], str] | None = None
    resolve: Callable[[], dict[str, object]] | None = None
    delete_identical: bool = False


_conflict_rules: dict[str, ConflictRule] = {}


def register_merge_conflict(constraint: str, rule: ConflictRule) -> None:
    """Say how the unique constraint named `constraint` is settled in a merge (see `ConflictRule`)."""
    _conflict_rules[constraint] = rule


# --- what points at a person -------------------------------------------------------------------------------------


def person_relations() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, foreign key) that points at Person and moves in a merge, in a stable order."""
    found = []
    for relation in Person._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete) or relation.many_to_many:
            continue
        model, key = relation.related_model, relation.field
        if (model._meta.label_lower, key.name) in KEPT_RELATIONS or getattr(model, "MERGE_KEEPS_PERSON", False):
            continue
        found.append((model, key))
    return sorted(found, key=lambda pair: (pair[0]._meta.label_lower, pair[1].name))


def _kind(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name)


def _kind_plural(model: type[models.Model]) -> str:
    return str(model._meta.verbose_name_plural)


def _unique_rules(model: type[models.Model], key: models.Field) -> list[tuple[str, tuple[str, ...], Q | None]]:
    """The unique rules that involve the person key: (name, fields, condition)."""
    rules = []
    if key.unique:
        rules.append((f"{model._meta.label_lower}.{key.name}", (key.name,), None))
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and key.name in (constraint.fields or ()):
            rules.append((constraint.name, tuple(constraint.fields), constraint.condition))
    for fields in model._meta.unique_together:
        if key.name in fields:
            rules.append((f"{model._meta.label_lower}.{'_'.join(fields)}", tuple(fields), None))
    return rules


class _Exact(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder keeps milliseconds only): a restored row is the row it was."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def _row(instance: models.Model) -> dict:
    """The row in full, as JSON (Django's serialisation: model, pk, fields)."""
    return json.loads(json.dumps(serializers.serialize("python", [instance])[0], cls=_Exact))


def _comparable(instance: models.Model, key: models.Field) -> dict:
    """The row's values apart from its id, its person and its bookkeeping times."""
    skip = {instance._meta.pk.name, key.name}
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields
            if f.name not in skip and not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)}


def _referenced(instance: models.Model) -> bool:
    """Whether any row points at this one (then it is never deleted as a duplicate)."""
    for relation in instance._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and not relation.many_to_many:
            if relation.related_model._default_manager.filter(**{relation.field.name: instance.pk}).exists():
                return True
    return False


# --- the plan: what a merge would do, or why it cannot -----------------------------------------------------------


@dataclass
class Plan:
    refusals: list[str] = field(default_factory=list)
    deletions: list[tuple[models.Model, models.Field, int]] = field(default_factory=list)  # (row, key, duplicate of)
    changes: list[tuple[type[models.Model], int, str, object]] = field(default_factory=list)  # model, pk, field, value
    moves: list[tuple[type[models.Model], models.Field, list[int]]] = field(default_factory=list)

    def counts(self) -> list[tuple[str, int]]:
        """Rows that move, per kind (for the page)."""
        totals: dict[str, int] = {}
        for model, _key, pks in self.moves:
            if pks:
                totals[_kind_plural(model)] = totals.get(_kind_plural(model), 0) + len(pks)
        return sorted(totals.items())


def _family_duplicates(survivor: Person, merged: Person) -> list[tuple[FamilyRelation, int]]:
    """The merged person's relations the survivor already has with the same relative (either way for spouse/sibling)."""
    duplicates = []
    for relation in FamilyRelation.objects.filter(Q(person=merged) | Q(relative=merged)):
        merged_is_person = relation.person_id == merged.pk
        other = relation.relative_id if merged_is_person else relation.person_id
        same = FamilyRelation.objects.filter(kind=relation.kind)
        if relation.kind in FamilyRelation.SYMMETRIC:
            same = same.filter(Q(person=survivor, relative_id=other) | Q(person_id=other, relative=survivor))
        elif merged_is_person:
            same = same.filter(person=survivor, relative_id=other)
        else:
            same = same.filter(person_id=other, relative=survivor)
        existing = same.values_list("pk", flat=True).first()
        if existing is not None:
            duplicates.append((relation, existing))
    return duplicates


def _conflict_message(rule: ConflictRule | None, model, key, survivor_rows, merged_rows) -> str:
    if rule is not None and rule.message is not None:
        return rule.message(survivor_rows, merged_rows)
    if key.unique:
        return _("Both persons have a %(kind)s, and a person has only one: remove or combine one of them first.") % {
            "kind": _kind(model)}
    return _("Both persons have %(kind)s that may exist only once per person (%(rows)s): correct or remove one of "
             "them first.") % {"kind": _kind_plural(model), "rows": ", ".join(str(row) for row in merged_rows[:5])}


def _plan(survivor: Person, merged: Person) -> Plan:
    """What merging `merged` into `survivor` moves, deletes and changes, and the conflicts that refuse it."""
    plan = Plan()
    family_duplicates = _family_duplicates(survivor, merged)
    deleted = {(FamilyRelation, relation.pk) for relation, _dup in family_duplicates}
    for relation, existing in family_duplicates:
        key = FamilyRelation._meta.get_field("person" if relation.person_id == merged.pk else "relative")
        plan.deletions.append((relation, key, existing))
    for model, key in person_relations():
        # Family relations are settled above, both ways round (a spouse is stored once, either way).
        rules = [] if model is FamilyRelation else _unique_rules(model, key)
        for name, fields, condition in rules:
            others = [f for f in fields if f != key.name]
            rows = model._default_manager.filter(condition) if condition is not None else model._default_manager.all()
            mine = {tuple(getattr(r, model._meta.get_field(f).attname) for f in others): r
                    for r in rows.filter(**{key.name: survivor})}
            clashes = [(r, mine[k]) for r in rows.filter(**{key.name: merged})
                       if (k := tuple(getattr(r, model._meta.get_field(f).attname) for f in others)) in mine]
            if not clashes:
                continue
            rule = _conflict_rules.get(name)
            for merged_row, survivor_row in clashes:
                if rule is not None and rule.delete_identical and _comparable(merged_row, key) == _comparable(
                        survivor_row, key) and not _referenced(merged_row):
                    plan.deletions.append((merged_row, key, survivor_row.pk))
                    deleted.add((model, merged_row.pk))
                elif rule is not None and rule.resolve is not None:
                    for name_, value in rule.resolve().items():
                        plan.changes.append((model, merged_row.pk, name_, value))
                else:
                    plan.refusals.append(_conflict_message(rule, model, key, [s for _m, s in clashes],
                                                           [m for m, _s in clashes]))
                    break
    for model, key in person_relations():
        pks = sorted(pk for pk in model._default_manager.filter(**{key.name: merged}).values_list("pk", flat=True)
                     if (model, pk) not in deleted)
        plan.moves.append((model, key, pks))
    return plan


def merge_refusals(*, actor: User, survivor: Person, merged: Person) -> list[str]:
    """Why `merged` cannot be merged into `survivor` by the actor (empty: it can)."""
    permission = user_can(actor, Capability.MANAGE_DUPLICATES)
    if not permission:
        return [permission.reason]
    if survivor.pk == merged.pk:
        return [_("A person cannot be merged with themselves: choose two different records.")]
    tombstones = [p for p in (survivor, merged) if p.merged_into_id is not None]
    if tombstones:
        return [_("%(name)s (%(identifier)s) is already merged into another record; merge that one instead.")
                % {"name": p.full_name, "identifier": p.identifier} for p in tombstones]
    if people_visible_to(actor).filter(pk__in=[survivor.pk, merged.pk]).count() != 2:
        return [_("You may not see one of these persons, so you cannot merge them.")]
    refusals = []
    if FamilyRelation.objects.filter(Q(person=survivor, relative=merged) | Q(person=merged, relative=survivor)).exists():
        refusals.append(_("The two are registered as family of each other, so they are two people: remove the "
                          "relation first if it was registered in error."))
    for check in _merge_checks:
        refusals += check(survivor, merged)
    refusals += _plan(survivor, merged).refusals
    return refusals


def merge_refusal(*, actor: User, survivor: Person, merged: Person) -> str | None:
    """The reasons a merge is refused, as one message (None: it may go ahead)."""
    refusals = merge_refusals(actor=actor, survivor=survivor, merged=merged)
    return " ".join(refusals) if refusals else None


def merge_preview(*, survivor: Person, merged: Person) -> list[tuple[str, int]]:
    """The rows that would move, per kind (no refusal check: for showing beside the refusals)."""
    return _plan(survivor, merged).counts()


def _person_fields(person: Person) -> dict:
    return _row(person)["fields"]


def _lock(*persons: Person) -> dict[int, Person]:
    return {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[p.pk for p in persons]).order_by("pk")}


def person_merge(*, actor: User, survivor: Person, merged: Person, reason: str) -> PersonMerge:
    """Merge `merged` into `survivor`: every row moves, the merged record becomes a tombstone, audited, undoable."""
    require(user_can(actor, Capability.MANAGE_DUPLICATES))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why these two records are the same person.")]})
    with transaction.atomic():
        locked = _lock(survivor, merged)
        survivor, merged = locked[survivor.pk], locked[merged.pk]
        refusals = merge_refusals(actor=actor, survivor=survivor, merged=merged)
        if refusals:
            raise ValidationError(refusals)
        now = timezone.now()
        plan = _plan(survivor, merged)
        record: dict = {"moved": [], "deleted": [], "changed": [], "followed": [], "touched": {},
                        "merged_before": _person_fields(merged), "survivor_before": _person_fields(survivor)}
        for row, key, duplicate_of in plan.deletions:
            record["deleted"].append({"model": row._meta.label_lower, "field": key.name, "duplicate_of": duplicate_of,
                                      "row": _row(row)})
            type(row)._default_manager.filter(pk=row.pk).delete()
        for model, pk, name, value in plan.changes:
            before = model._default_manager.filter(pk=pk).values_list(name, flat=True).get()
            model._default_manager.filter(pk=pk).update(**{name: value})
            record["changed"].append({"model": model._meta.label_lower, "pk": pk, "field": name,
                                      "before": _json_value(before), "after": _json_value(value)})
        for model, key, pks in plan.moves:
            if not pks:
                continue
            _move(model, key, pks, to=survivor, now=now, record=record)
            record["moved"].append({"model": model._meta.label_lower, "field": key.name, "pks": pks})
        for label, name in FOLLOWED_RELATIONS:
            model = _model(label)
            count = model._default_manager.filter(**{name: merged}).count()
            if count:
                record["followed"].append({"model": label, "field": name, "count": count})
        Person.objects.filter(pk=merged.pk).update(merged_into=survivor, merged_at=now, updated_at=now)
        Person.objects.filter(pk=survivor.pk).update(updated_at=now)
        merge = PersonMerge.objects.create(survivor=survivor, merged=merged, actor=actor, reason=reason,
                                           created_at=now, record=record)
        moved = sum(len(entry["pks"]) for entry in record["moved"])
        audit_record(actor=actor, action=AuditEntry.Action.MERGE, object_type="core.personmerge", object_id=merge.pk,
                     person=survivor, persons=[merged],
                     detail=f"merged person {merged.pk} into {survivor.pk}: {moved} rows moved, "
                            f"{len(record['deleted'])} identical duplicates deleted, {len(record['changed'])} changed")
    merged.refresh_from_db()
    return merge


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _json_value(value: object) -> object:
    return json.loads(json.dumps(value, cls=_Exact))


def _move(model, key, pks, *, to: Person, now, record: dict) -> None:
    """Point the rows at another person; rows with a changed-at time show the move (WS4 clients fetch them again)."""
    changes: dict[str, object] = {key.name: to}
    updated = next((f for f in model._meta.concrete_fields if f.name == "updated_at" and getattr(f, "auto_now", False)),
                   None)
    if updated is not None:
        changes["updated_at"] = now
        record["touched"].setdefault(model._meta.label_lower, []).extend(pks)
    # A queryset update: rows whose model refuses changes after the fact (grant lines) still follow their person.
    try:
        with transaction.atomic():
            model._default_manager.filter(pk__in=pks).update(**changes)
    except IntegrityError:
        # A rule of the database no check here foresaw: refuse the whole merge (or undo) rather than fail.
        raise ValidationError(_("The %(kind)s cannot be moved without breaking a rule of the register; nothing was "
                                "changed. Correct them first.") % {"kind": _kind_plural(model)}) from None


# --- undoing -----------------------------------------------------------------------------------------------------


def merge_visible(*, actor: User, merge: PersonMerge) -> bool:
    """Whether the actor may see both persons of the merge (as they are now: a tombstone through its survivor)."""
    ids = {person_survivor(merge.survivor).pk, person_survivor(merge.merged).pk}
    return people_visible_to(actor).filter(pk__in=ids).count() == len(ids)


def unmerge_refusals(*, actor: User, merge: PersonMerge) -> list[str]:
    """Why the merge cannot be undone by the actor (empty: it can)."""
    permission = user_can(actor, Capability.MANAGE_DUPLICATES)
    if not permission:
        return [permission.reason]
    if merge.undone_at is not None:
        return [_("This merge was already undone.")]
    if not merge_visible(actor=actor, merge=merge):
        return [_("You may not see one of these persons, so you cannot undo the merge.")]
    survivor = Person.objects.get(pk=merge.survivor_id)
    if survivor.merged_into_id is not None:
        later = PersonMerge.objects.filter(merged=survivor, undone_at__isnull=True).first()
        return [_("%(name)s was itself merged into another record since (merge %(merge)s): undo that merge first.")
                % {"name": survivor.full_name, "merge": later.pk if later else "?"}]
    return []


def person_unmerge(*, actor: User, merge: PersonMerge, reason: str) -> None:
    """Undo a merge: the recorded rows go back, deleted duplicates come back, the tombstone is cleared; audited."""
    require(user_can(actor, Capability.MANAGE_DUPLICATES))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the merge is undone.")]})
    with transaction.atomic():
        merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
        locked = _lock(merge.survivor, merge.merged)
        survivor, merged = locked[merge.survivor_id], locked[merge.merged_id]
        refusals = unmerge_refusals(actor=actor, merge=merge)
        if refusals:
            raise ValidationError(refusals)
        now = timezone.now()
        record = merge.record
        back = 0
        for entry in record.get("moved", []):
            model = _model(entry["model"])
            still = list(model._default_manager.filter(pk__in=entry["pks"], **{entry["field"]: survivor})
                         .values_list("pk", flat=True))
            if still:
                _move(model, model._meta.get_field(entry["field"]), still, to=merged, now=now,
                      record={"touched": {}})
            back += len(still)
        for entry in record.get("changed", []):
            model = _model(entry["model"])
            field_ = model._meta.get_field(entry["field"])
            model._default_manager.filter(pk=entry["pk"]).update(**{entry["field"]: field_.to_python(entry["before"])})
        try:
            with transaction.atomic():
                for entry in record.get("deleted", []):
                    for restored in serializers.deserialize("python", [entry["row"]]):
                        restored.save()
        except IntegrityError:
            raise ValidationError(_("A deleted duplicate cannot be restored: a row like it was added since. Remove "
                                    "that row first.")) from None
        Person.objects.filter(pk=merged.pk).update(merged_into=None, merged_at=None, updated_at=now)
        Person.objects.filter(pk=survivor.pk).update(updated_at=now)
        PersonMerge.objects.filter(pk=merge.pk).update(undone_at=now, undone_by=actor, undo_reason=reason)
        audit_record(actor=actor, action=AuditEntry.Action.UNMERGE, object_type="core.personmerge",
                     object_id=merge.pk, person=merged, persons=[survivor],
                     detail=f"undid the merge of person {merged.pk} into {survivor.pk}: {back} rows moved back, "
                            f"{len(record.get('deleted', []))} duplicates restored")
