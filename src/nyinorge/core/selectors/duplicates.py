"""Reading for de-duplication (issue 18): persons as the engine's `PersonRecord`s, the active model, and the likely
duplicates of a person about to be registered (the candidate index, then the model on the few candidates)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Min, Q, QuerySet

from nyinorge.core.access import people_visible_to
from nyinorge.core.dedup.keys import candidate_keys
from nyinorge.core.dedup.records import PersonRecord
from nyinorge.core.dedup.scoring import DedupModel, PairScore
from nyinorge.core.models import AuditEntry, DedupModelVersion, DuplicatePair, FamilyRelation, Person, PersonMatchKey, User
from nyinorge.core.services.audit import audit_record

# The persons sharing most keys with the new one, at most: a very common key (a frequent name and birth year)
# must not make the lookup score thousands; the true duplicate shares several keys and comes first.
MAX_CANDIDATES = 200
CHUNK = 5000
PERSON_VALUES = ("id", "given_name", "family_name", "birth_date", "sex", "citizenship", "duf_number", "national_id",
                 "reception_centre_id")


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: PairScore


def live_persons(queryset: QuerySet[Person]) -> QuerySet[Person]:
    """Leave out tombstones (persons merged into another), once the registry has them."""
    if any(field.name == "merged_into" for field in Person._meta.get_fields()):
        return queryset.filter(merged_into__isnull=True)
    return queryset


def _permit_model():
    # The register app records the permit date, the closest the platform has to an arrival date; core
    # does not import it, so a deployment without the register still de-duplicates.
    try:
        return apps.get_model("register", "ResidencePermit")
    except LookupError:
        return None


def _record(row: dict, relatives: Sequence[str], arrival: datetime.date | None) -> PersonRecord:
    return PersonRecord(
        id=str(row["id"]), given_name=row["given_name"], family_name=row["family_name"], birth_date=row["birth_date"],
        sex=row["sex"] or "unknown", citizenship=row["citizenship"] or "", duf_number=row["duf_number"] or "",
        national_id=row["national_id"] or "",
        reception_centre=str(row["reception_centre_id"]) if row["reception_centre_id"] else "",
        arrival_date=arrival, relatives=tuple(sorted(relatives)),
    )


def record_of(person: Person, *, relatives: Sequence[str] = (), arrival_date: datetime.date | None = None) -> PersonRecord:
    """The record of a person object (saved or not) without reading anything more."""
    row = {name: getattr(person, name) for name in PERSON_VALUES}
    row["id"] = person.pk or ""
    return _record(row, relatives, arrival_date)


def _relatives_and_arrivals(ids: list[int]) -> tuple[dict[int, list[str]], dict[int, datetime.date]]:
    relatives: dict[int, list[str]] = defaultdict(list)
    for person_id, name in FamilyRelation.objects.filter(person_id__in=ids).values_list("person_id", "relative__given_name"):
        relatives[person_id].append(name)
    for person_id, name in FamilyRelation.objects.filter(relative_id__in=ids).values_list("relative_id", "person__given_name"):
        relatives[person_id].append(name)
    arrivals: dict[int, datetime.date] = {}
    permit = _permit_model()
    if permit is not None:
        arrivals = dict(permit.objects.filter(person_id__in=ids).values("person_id").annotate(first=Min("permit_date"))
                        .values_list("person_id", "first"))
    return relatives, arrivals


def person_records(queryset: QuerySet[Person], *, chunk: int = CHUNK) -> Iterator[PersonRecord]:
    """The records of the persons in the queryset, a few queries per chunk of `chunk` persons (no per-person query)."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values(*PERSON_VALUES)[:chunk])
        if not rows:
            return
        ids = [row["id"] for row in rows]
        relatives, arrivals = _relatives_and_arrivals(ids)
        for row in rows:
            yield _record(row, relatives.get(row["id"], ()), arrivals.get(row["id"]))
        last = ids[-1]


def person_record(person: Person) -> PersonRecord:
    """The record of one saved person, with their relatives' given names and arrival date."""
    relatives, arrivals = _relatives_and_arrivals([person.pk])
    return record_of(person, relatives=relatives.get(person.pk, ()), arrival_date=arrivals.get(person.pk))


_active: dict[str, object] = {"pk": None, "model": None}


def active_model() -> DedupModel:
    """The active trained model (cached per process until another version is activated), or the shipped default."""
    pk = DedupModelVersion.objects.filter(active=True).values_list("pk", flat=True).first()
    if _active["model"] is None or _active["pk"] != pk:
        if pk is None:
            model = DedupModel.default()
        else:
            model = DedupModel.from_json(DedupModelVersion.objects.values_list("artefact", flat=True).get(pk=pk))
        _active.update(pk=pk, model=model)
    return _active["model"]


def active_artefact() -> dict:
    """The JSON artefact of the active model (the shipped default's without one), for the batch."""
    stored = DedupModelVersion.objects.filter(active=True).values_list("artefact", flat=True).first()
    if stored is not None:
        return stored
    return DedupModel.default().artefact


def decided_different(person_id: int) -> set[int]:
    """The persons staff decided are not the same as this one."""
    pairs = DuplicatePair.objects.filter(Q(person_a_id=person_id) | Q(person_b_id=person_id),
                                         status=DuplicatePair.Status.DIFFERENT).values_list("person_a_id", "person_b_id")
    return {a if b == person_id else b for a, b in pairs}


def candidate_ids(record: PersonRecord, *, limit: int = MAX_CANDIDATES) -> list[int]:
    """The persons sharing at least one blocking key with the record, most keys shared first (one indexed query)."""
    keys = candidate_keys(record)
    if not keys:
        return []
    rows = PersonMatchKey.objects.filter(key__in=keys)
    if record.id:
        rows = rows.exclude(person_id=int(record.id))
    return list(rows.values("person_id").annotate(shared=Count("id")).order_by("-shared", "person_id")
                .values_list("person_id", flat=True)[:limit])


def likely_duplicates(*, record: PersonRecord, people: QuerySet[Person], model: DedupModel | None = None) -> list[Candidate]:
    """The persons of `people` the record is likely the same as (at or above the model's warning threshold),
    likeliest first, never tombstones or persons already decided different from it. Not audited: the callers are."""
    model = model or active_model()
    ids = candidate_ids(record)
    if record.id:
        ids = [pk for pk in ids if pk not in decided_different(int(record.id))]
    if not ids:
        return []
    found_people = list(live_persons(people).filter(pk__in=ids).select_related("residence_municipality", "reception_centre"))
    if not found_people:
        return []
    relatives, arrivals = _relatives_and_arrivals([person.pk for person in found_people])
    found = []
    for person in found_people:
        score = model.score(record, record_of(person, relatives=relatives.get(person.pk, ()),
                                              arrival_date=arrivals.get(person.pk)))
        if score.match_probability >= model.warn_probability:
            found.append(Candidate(person, score))
    found.sort(key=lambda candidate: (-candidate.score.match_weight, candidate.person.pk))
    return found


def duplicates_for_new(*, actor: User, record: PersonRecord, model: DedupModel | None = None) -> list[Candidate]:
    """Registered persons the actor may see whom the record (a registration, or an existing person) is likely the
    same as, likeliest first; the persons shown are audited."""
    found = likely_duplicates(record=record, people=people_visible_to(actor), model=model)
    if found:
        audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="core.person.duplicates",
                     persons=[candidate.person for candidate in found],
                     detail=f"possible duplicates of a registration: {len(found)} shown")
    return found


def person_match_keys(records: Iterable[PersonRecord]) -> Iterator[tuple[int, str]]:
    """(person id, key) rows of the candidate index for saved records."""
    for record in records:
        for key in dict.fromkeys(candidate_keys(record)):
            yield int(record.id), key[:64]
