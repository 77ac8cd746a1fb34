"""Writing for de-duplication (issue 18): the candidate index, decisions on pairs, the nightly batch's upsert and
training a new model version."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.dedup.scoring import PairScore
from nyinorge.core.models import AuditEntry, DedupModelVersion, DuplicatePair, Person, PersonMatchKey, PersonMerge, User
from nyinorge.core.roles import Capability
from nyinorge.core.rows import rows_append
from nyinorge.core.selectors.duplicates import live_persons, person_match_keys, person_records, record_of
from nyinorge.core.services.audit import audit_record


def person_match_keys_refresh(*, persons: Sequence[Person], new: bool = False) -> int:
    """Rewrite the candidate-index rows of saved persons (new: they have none yet); the rows written.

    Called inside the person write services' transactions, so the index never lags the registry."""
    if not persons:
        return 0
    if not new:
        PersonMatchKey.objects.filter(person_id__in=[person.pk for person in persons]).delete()
    rows = list(person_match_keys(record_of(person) for person in persons))
    rows_append(PersonMatchKey, ("person_id", "key"), rows)
    return len(rows)


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def _reasons_json(score: PairScore) -> list[dict]:
    return [{"comparison": r.comparison, "level": r.level, "weight": round(r.weight, 3)} for r in score.reasons]


def duplicate_pairs_mark_different(*, actor: User, person: Person, others: Sequence[tuple[Person, PairScore]],
                                   found_by: str = DuplicatePair.FoundBy.REGISTRATION, model_version: str = "",
                                   note: str = "") -> list[DuplicatePair]:
    """Remember that staff confirmed `person` is not any of `others` (so the pairs are not asked again)."""
    now = timezone.now()
    pairs = []
    with transaction.atomic():
        for other, score in others:
            a, b = _ordered(person.pk, other.pk)
            pair, _created = DuplicatePair.objects.update_or_create(
                person_a_id=a, person_b_id=b,
                defaults={"match_weight": score.match_weight, "match_probability": score.match_probability,
                          "reasons": _reasons_json(score), "status": DuplicatePair.Status.DIFFERENT,
                          "decided_by": actor, "decided_at": now, "decision_note": note, "model_version": model_version},
                create_defaults={"found_by": found_by, "match_weight": score.match_weight,
                                 "match_probability": score.match_probability, "reasons": _reasons_json(score),
                                 "status": DuplicatePair.Status.DIFFERENT, "decided_by": actor, "decided_at": now,
                                 "decision_note": note, "model_version": model_version},
            )
            pairs.append(pair)
        if pairs:
            audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="core.duplicatepair",
                         person=person, persons=[other for other, _score in others],
                         detail=f"confirmed different from {len(pairs)} possible duplicates ({found_by})")
    return pairs


def duplicate_pair_open(*, person: Person, other: Person, score: PairScore, found_by: str, model_version: str = "",
                        cluster: str = "") -> DuplicatePair:
    """Put a pair in the review queue (unless it is there already, or decided)."""
    a, b = _ordered(person.pk, other.pk)
    pair, _created = DuplicatePair.objects.get_or_create(person_a_id=a, person_b_id=b, defaults={
        "match_weight": score.match_weight, "match_probability": score.match_probability,
        "reasons": _reasons_json(score), "found_by": found_by, "model_version": model_version, "cluster": cluster})
    return pair


def person_register_confirmed(*, actor: User, different_from: Sequence[tuple[Person, PairScore]], model_version: str = "",
                              **fields) -> Person:
    """Register a person whom the registering user confirmed is none of the possible duplicates shown."""
    from nyinorge.core.services.people import person_create

    with transaction.atomic():
        person = person_create(actor=actor, **fields)
        duplicate_pairs_mark_different(actor=actor, person=person, others=different_from, model_version=model_version)
    return person


def duplicate_pair_decide(*, actor: User, pair: DuplicatePair, decision: str, note: str = "") -> DuplicatePair:
    """Decide an open pair: "different" (remembered, never asked again) or "same" (to be merged)."""
    require(user_can(actor, Capability.MANAGE_DUPLICATES))
    if decision not in (DuplicatePair.Status.DIFFERENT, DuplicatePair.Status.SAME):
        raise ValidationError({"decision": [_("Choose “same person” or “different persons”.")]})
    if pair.status == DuplicatePair.Status.MERGED and PersonMerge.objects.filter(
            Q(survivor=pair.person_a, merged=pair.person_b) | Q(survivor=pair.person_b, merged=pair.person_a),
            undone_at__isnull=True).exists():
        raise ValidationError({"decision": [_("The pair is already merged; undo the merge to change it.")]})
    with transaction.atomic():
        pair = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
        pair.status, pair.decided_by, pair.decided_at = decision, actor, timezone.now()
        pair.decision_note = note.strip()[:2000]
        pair.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "scored_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="core.duplicatepair", object_id=pair.pk,
                     person=pair.person_a, persons=[pair.person_b], detail=f"decided: {decision}")
    return pair


def duplicate_pairs_mark_merged(*, survivor_id: int, merged_id: int) -> int:
    """A merge of the two decides their pair (called when the merge is recorded); the pairs changed."""
    a, b = _ordered(survivor_id, merged_id)
    return DuplicatePair.objects.filter(person_a_id=a, person_b_id=b).update(status=DuplicatePair.Status.MERGED,
                                                                             decided_at=timezone.now())


@dataclass(frozen=True)
class BatchResult:
    found: int
    created: int
    updated: int
    left_decided: int
    stale: int
    seconds: float


def duplicate_pairs_upsert(*, pairs: Iterable, model_version: str, started: datetime.datetime) -> BatchResult:
    """Store the batch's pairs: new ones open; open (and stale) ones rescored and reopened; decided ones left alone.
    Open pairs the batch no longer finds become "stale" (kept, not deleted: the queue's history shows them)."""
    found = {_ordered(int(p.id_l), int(p.id_r)): p for p in pairs}
    created = updated = decided = 0
    with transaction.atomic():
        existing = {(a, b): (pk, status) for pk, a, b, status in DuplicatePair.objects.values_list(
            "pk", "person_a_id", "person_b_id", "status")}
        new_rows, changed = [], []
        for (a, b), p in found.items():
            row = existing.get((a, b))
            fields = {"match_weight": p.match_weight, "match_probability": p.match_probability,
                      "cluster": str(p.cluster)[:64], "model_version": model_version}
            if row is None:
                new_rows.append(DuplicatePair(person_a_id=a, person_b_id=b, found_by=DuplicatePair.FoundBy.BATCH,
                                              status=DuplicatePair.Status.OPEN, reasons=getattr(p, "reasons", []) or [],
                                              **fields))
            elif row[1] in DuplicatePair.DECIDED:
                decided += 1
            else:
                changed.append(DuplicatePair(pk=row[0], status=DuplicatePair.Status.OPEN, scored_at=started, **fields))
        DuplicatePair.objects.bulk_create(new_rows, batch_size=2000)
        DuplicatePair.objects.bulk_update(changed, ["status", "match_weight", "match_probability", "cluster",
                                                    "model_version", "scored_at"], batch_size=2000)
        created, updated = len(new_rows), len(changed)
        gone = [pk for (a, b), (pk, status) in existing.items()
                if status == DuplicatePair.Status.OPEN and (a, b) not in found]
        DuplicatePair.objects.filter(pk__in=gone).update(status=DuplicatePair.Status.STALE, scored_at=started)
        audit_record(actor=None, username="duplicates_batch", action=AuditEntry.Action.CREATE,
                     object_type="core.duplicatepair", person_ids=sorted({pk for pair in new_rows
                                                                           for pk in (pair.person_a_id, pair.person_b_id)}),
                     detail=f"batch ({model_version}): {len(found)} found, {created} new, {updated} rescored, "
                            f"{decided} already decided, {len(gone)} no longer found")
    seconds = (timezone.now() - started).total_seconds()
    return BatchResult(len(found), created, updated, decided, len(gone), seconds)


def _reasons_of_new_pairs(pairs: list, model) -> dict[tuple[int, int], list[dict]]:
    """The reasons of each pair, scored in Python (the batch's pairs are few next to the registry)."""
    ids = {int(pk) for p in pairs for pk in (p.id_l, p.id_r)}
    records = {}
    for start in range(0, len(ids), 5000):
        chunk = sorted(ids)[start:start + 5000]
        records.update({int(r.id): r for r in person_records(Person.objects.filter(pk__in=chunk))})
    reasons = {}
    for p in pairs:
        left, right = records.get(int(p.id_l)), records.get(int(p.id_r))
        if left is not None and right is not None:
            reasons[_ordered(int(p.id_l), int(p.id_r))] = _reasons_json(model.score(left, right))
    return reasons


@dataclass(frozen=True)
class _Pair:
    id_l: str
    id_r: str
    match_weight: float
    match_probability: float
    cluster: str
    reasons: list


def duplicates_batch_run() -> BatchResult:
    """The nightly batch: every live person through the engine, the pairs at or above the review threshold upserted."""
    from nyinorge.core.dedup.batch import find_duplicates
    from nyinorge.core.selectors.duplicates import active_model

    started = timezone.now()
    model = active_model()
    records = list(person_records(live_persons(Person.objects.all())))
    pairs = find_duplicates(records, model.artefact) if len(records) > 1 else []
    reasons = _reasons_of_new_pairs(pairs, model)
    scored = [_Pair(p.id_l, p.id_r, p.match_weight, p.match_probability, p.cluster,
                    reasons.get(_ordered(int(p.id_l), int(p.id_r)), [])) for p in pairs]
    return duplicate_pairs_upsert(pairs=scored, model_version=model.version, started=started)


def dedup_model_train(*, actor: User | None = None, seed: int = 1) -> DedupModelVersion:
    """Train a new model on the live registry, store it with its chart and make it the active one."""
    from nyinorge.core.dedup.training import match_weights_chart_svg, train

    if actor is not None:
        require(user_can(actor, Capability.MANAGE_DUPLICATES))
    records = list(person_records(live_persons(Person.objects.all())))
    if len(records) < 2:
        raise ValidationError(_("The registry has too few persons to train a model on."))
    from splink.internals.exceptions import EMTrainingException

    try:
        artefact = train(records, seed=seed)
    except (ValueError, EMTrainingException) as error:  # too few records, or no pairs to learn from: say so
        raise ValidationError(_("No model could be trained on the registry: %(reason)s") % {
            "reason": str(error).splitlines()[0]}) from None
    chart = match_weights_chart_svg(artefact)
    ours = artefact.get("nyinorge", {})
    version = str(ours.get("version") or timezone.now().strftime("%Y%m%dT%H%M%S"))
    try:
        trained = datetime.datetime.fromisoformat(str(ours.get("trained_at")))
    except (TypeError, ValueError):
        trained = timezone.now()
    if timezone.is_naive(trained):
        trained = timezone.make_aware(trained, datetime.UTC)
    with transaction.atomic():
        taken = set(DedupModelVersion.objects.filter(version__startswith=version[:60]).values_list("version", flat=True))
        version, number = version[:60], 1
        while (version if number == 1 else f"{version}-{number}") in taken:
            number += 1
        version = version if number == 1 else f"{version}-{number}"
        artefact = {**artefact, "nyinorge": {**ours, "version": version}}  # the pairs name the version stored
        DedupModelVersion.objects.filter(active=True).update(active=False)
        stored = DedupModelVersion.objects.create(
            version=version, trained_at=trained, artefact=artefact, chart_svg=chart,
            record_count=int(ours.get("record_count") or len(records)), active=True, created_by=actor)
        audit_record(actor=actor, username="duplicates_train", action=AuditEntry.Action.CREATE,
                     object_type="core.dedupmodelversion", object_id=stored.pk,
                     detail=f"model {stored.version} trained on {stored.record_count} persons")
    return stored
