"""Reading for de-duplication (issue 18): persons as the engine's `PersonRecord`s, the active model, and the likely
duplicates of a person about to be registered (the candidate index, then the model on the few candidates)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, Min, Q, QuerySet

from nyinorge.core.access import people_visible_to, require, user_can
from nyinorge.core.dedup.keys import candidate_keys
from nyinorge.core.dedup.records import PersonRecord
from nyinorge.core.dedup.scoring import DedupModel, PairScore
from nyinorge.core.models import AuditEntry, DedupModelVersion, DuplicatePair, FamilyRelation, Person, PersonMatchKey, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record

# The persons sharing most keys with the new one, at most: a very common key (a frequent name and birth year)
# must not make the lookup score thousands; the true duplicate shares several keys and comes first.
MAX_CANDIDATES = 200
CHUNK = 5000
KEY_LENGTH = 128  # PersonMatchKey.key's length; a longer key (many long names) is cut the same way at lookup
PERSON_VALUES = ("id", "given_name", "family_name", "birth_date", "sex", "citizenship", "duf_number", "national_id",
                 "reception_centre_id")


@dataclass(frozen=True)
class Candidate:
    person: Person
    score: PairScore

    @property
    def percent(self) -> str:
        return percent(self.score.match_probability)


def percent(probability: float) -> str:
    """A probability as a whole percentage, never rounded up to a certain 100 or down to 0."""
    value = probability * 100
    if 99 < value < 100:
        return "> 99"
    if 0 < value < 1:
        return "< 1"
    return f"{value:.0f}"


def live_persons(queryset: QuerySet[Person]) -> QuerySet[Person]:
    """Leave out tombstones (persons merged into another)."""
    return queryset.filter(merged_into__isnull=True)


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


def person_key_records(queryset: QuerySet[Person], *, chunk: int = CHUNK) -> Iterator[list[PersonRecord]]:
    """Chunks of records with the person's own fields only (what the candidate index is built from), one query each."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values(*PERSON_VALUES)[:chunk])
        if not rows:
            return
        yield [_record(row, (), None) for row in rows]
        last = rows[-1]["id"]


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


def decided_different(person_id: int) -> set[int]:
    """The persons staff decided are not the same as this one."""
    pairs = DuplicatePair.objects.filter(Q(person_a_id=person_id) | Q(person_b_id=person_id),
                                         status=DuplicatePair.Status.DIFFERENT).values_list("person_a_id", "person_b_id")
    return {a if b == person_id else b for a, b in pairs}


def candidate_ids(record: PersonRecord, *, limit: int = MAX_CANDIDATES) -> list[int]:
    """The persons sharing at least one blocking key with the record, most keys shared first (one indexed query)."""
    keys = [key[:KEY_LENGTH] for key in candidate_keys(record)]
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
        different = decided_different(int(record.id))  # once, not per candidate
        ids = [pk for pk in ids if pk not in different]
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
        for key in dict.fromkeys(key[:KEY_LENGTH] for key in candidate_keys(record)):
            yield int(record.id), key


# The review queue and the pair page.

@dataclass(frozen=True)
class QueueFilters:
    status: str = DuplicatePair.Status.OPEN
    found_by: str = ""
    min_probability: float = 0.0
    cluster: str = ""


def duplicate_pairs_visible_to(user: User) -> QuerySet[DuplicatePair]:
    """Pairs whose two persons the user may see (a pair with a shielded or out-of-scope person is not listed)."""
    visible = live_persons(people_visible_to(user)).values("pk")
    return DuplicatePair.objects.filter(person_a_id__in=visible, person_b_id__in=visible)


def duplicate_pairs_queue(*, actor: User, filters: QueueFilters) -> QuerySet[DuplicatePair]:
    """The review queue, highest weight first (not audited: the page audits the persons it shows)."""
    require(user_can(actor, Capability.MANAGE_DUPLICATES))
    pairs = duplicate_pairs_visible_to(actor).select_related("person_a", "person_b")
    if filters.status:
        pairs = pairs.filter(status=filters.status)
    if filters.found_by:
        pairs = pairs.filter(found_by=filters.found_by)
    if filters.min_probability:
        pairs = pairs.filter(match_probability__gte=filters.min_probability)
    if filters.cluster:
        pairs = pairs.filter(cluster=filters.cluster)
    return pairs.order_by("-match_weight", "id")


def duplicate_pairs_shown(*, actor: User, pairs: Sequence[DuplicatePair], what: str) -> None:
    """Audit one page (or export) of pairs: one entry naming every person shown."""
    persons = {p.pk: p for pair in pairs for p in (pair.person_a, pair.person_b)}
    if persons:
        audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="core.duplicatepair.list",
                     persons=list(persons.values()), detail=f"{what}: {len(pairs)} pairs")


@dataclass(frozen=True)
class PairView:
    pair: DuplicatePair
    rows: list[dict]  # field label, value a, value b, differs
    counts: list[dict]  # what, count a, count b


def _related_counts(person_ids: list[int]) -> list[dict]:
    """How much each person has attached: cases, register records, grant lines (what a merge would move)."""
    counted = [("settlement", "CaseMember", "Settlement cases"), ("register", "ResidencePermit", "Residence permits"),
               ("register", "ResidencePeriod", "Residence periods"), ("grants", "GrantLine", "Grant lines")]
    from django.utils.translation import gettext as _

    labels = {"Settlement cases": _("Settlement cases"), "Residence permits": _("Residence permits"),
              "Residence periods": _("Residence periods"), "Grant lines": _("Grant lines")}
    rows = []
    for app, model_name, label in counted:
        try:
            model = apps.get_model(app, model_name)
        except LookupError:
            continue
        if not any(field.name == "person" for field in model._meta.get_fields()):
            continue
        counts = dict(model.objects.filter(person_id__in=person_ids).values("person_id").annotate(n=Count("id"))
                      .values_list("person_id", "n"))
        rows.append({"label": labels[label], "a": counts.get(person_ids[0], 0), "b": counts.get(person_ids[1], 0)})
    return rows


def duplicate_pair_read(*, actor: User, pair_id: int) -> PairView:
    """A pair the actor may see with both persons side by side and what differs; audited."""
    from django.http import Http404
    from django.utils.translation import gettext as _

    require(user_can(actor, Capability.MANAGE_DUPLICATES))
    try:
        pair = duplicate_pairs_visible_to(actor).select_related(
            "person_a__residence_municipality", "person_a__reception_centre", "person_b__residence_municipality",
            "person_b__reception_centre", "decided_by").get(pk=pair_id)
    except DuplicatePair.DoesNotExist:
        raise Http404(_("No such pair, or not one you have access to.")) from None
    a, b = pair.person_a, pair.person_b
    relatives, arrivals = _relatives_and_arrivals([a.pk, b.pk])
    fields = [
        (_("Given name"), a.given_name, b.given_name),
        (_("Family name"), a.family_name, b.family_name),
        (_("Date of birth"), a.birth_date.strftime("%d.%m.%Y"), b.birth_date.strftime("%d.%m.%Y")),
        (_("Sex"), a.get_sex_display(), b.get_sex_display()),
        (_("Citizenship"), a.citizenship_name or "–", b.citizenship_name or "–"),
        (_("National identity number"), a.national_id or "–", b.national_id or "–"),
        (_("DUF number"), a.duf_number or "–", b.duf_number or "–"),
        (_("Reception centre"), str(a.reception_centre or "–"), str(b.reception_centre or "–")),
        (_("Municipality of residence"), str(a.residence_municipality or "–"), str(b.residence_municipality or "–")),
        (_("First permit date"), str(arrivals.get(a.pk) or "–"), str(arrivals.get(b.pk) or "–")),
        (_("Relatives"), ", ".join(sorted(relatives.get(a.pk, []))) or "–", ", ".join(sorted(relatives.get(b.pk, []))) or "–"),
        (_("Registered"), a.created_at.strftime("%d.%m.%Y"), b.created_at.strftime("%d.%m.%Y")),
    ]
    rows = [{"label": label, "a": va, "b": vb, "differs": va != vb} for label, va, vb in fields]
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="core.duplicatepair", object_id=pair.pk,
                 person=a, persons=[b])
    return PairView(pair, rows, _related_counts([a.pk, b.pk]))


def open_pairs_of(*, actor: User, person: Person) -> list[tuple[DuplicatePair, Person]]:
    """The open pairs of a person with someone else the actor may see, the other person of each (for a notice);
    the others shown are audited (the person themself is named by the page's own read)."""
    pairs = duplicate_pairs_visible_to(actor).filter(Q(person_a=person) | Q(person_b=person),
                                                     status=DuplicatePair.Status.OPEN).select_related("person_a", "person_b")
    shown = [(pair, pair.person_b if pair.person_a_id == person.pk else pair.person_a) for pair in pairs[:10]]
    if shown:
        audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="core.duplicatepair.notice",
                     object_id=person.pk, persons=[other for _pair, other in shown],
                     detail=f"possible duplicates of person {person.pk}: {len(shown)} shown")
    return shown


def dedup_model_versions(*, actor: User) -> list[DedupModelVersion]:
    """Every stored model version, newest first (no personal data)."""
    require(user_can(actor, Capability.MANAGE_DUPLICATES))
    return list(DedupModelVersion.objects.defer("artefact", "chart_svg").select_related("created_by"))
