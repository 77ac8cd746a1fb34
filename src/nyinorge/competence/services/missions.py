"""KomBo: creating missions, importing uploaded bundles into persons and cases, resolving duplicates and conflicts.

An upload is validated record by record and imported all or nothing, in one transaction with one audit entry naming
every person. Per record (a family, identified by the device's client id):

* new, and no member looks like someone already registered → persons, family relations, a resettlement case
  (`settlement.services.cases.case_create`), a completed settlement interview and the adults' competence
  registrations, all marked as coming from the mission; outcome `created`;
* new, but a member looks like someone registered (`find_possible_duplicates`) → nothing is created for the family
  and the record waits as `duplicate` for a caseworker (link each such member to the existing person or create a new
  one); never merged silently;
* uploaded before (same client id) and unchanged → `unchanged`; changed on the device only → applied, `updated`;
  changed on the device while the interview or a registration was also edited online since the last import (its
  `version` is higher than the one recorded then) → nothing is applied; `conflict`, resolved field by field.

Persons without a DUF number are refused at validation (see KOMBO.md): no number is invented.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.competence.bundles import BundleError, bundle_decrypt, envelope_read
from nyinorge.competence.mission_records import (
    COMPETENCE_FIELDS,
    INTERVIEW_FIELDS,
    PERSON_FIELDS,
    RecordError,
    age_on,
    known_municipality_numbers,
    record_clean,
    record_flat,
    record_label,
)
from nyinorge.competence.services.interviews import TieInput, interview_feed_case
from nyinorge.competence.models import (
    CompetenceRegistration,
    LanguageSkill,
    MissionBatch,
    MissionRecord,
    NetworkTie,
    Qualification,
    SelectionMission,
    SettlementInterview,
    WorkExperience,
)
from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, FamilyRelation, Municipality, Person, User
from nyinorge.core.roles import Capability
from nyinorge.core.dedup.records import PersonRecord
from nyinorge.core.selectors.duplicates import active_model, likely_duplicates
from nyinorge.core.services.audit import audit_record
from nyinorge.core.services.duplicates import person_match_keys_refresh
from nyinorge.settlement.models import Case, CaseMember, CaseTransition
from nyinorge.settlement.services.cases import MINOR_SETTLED_BY_DIRECTORATE_FROM_AGE, case_create
from nyinorge.settlement.workflow import State

Outcome = MissionRecord.Outcome
# Rows whose data are in the database (the others wait for a caseworker).
IMPORTED = "imported"


def _require(actor: User) -> None:
    require(user_can(actor, Capability.MANAGE_SETTLEMENT_CASES))


def mission_create(*, actor: User, name: str, country: str, starts_on: datetime.date, ends_on: datetime.date,
                   code: str) -> SelectionMission:
    _require(actor)
    mission = SelectionMission(name=name.strip(), country=country, starts_on=starts_on, ends_on=ends_on,
                               code=code.strip().upper(), created_by=actor)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The mission cannot end before it starts.")]})
    mission.full_clean()
    with transaction.atomic():
        mission.save()
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="competence.selectionmission",
                     object_id=mission.pk, detail=f"mission {mission.code}")
    return mission


def find_possible_duplicates(members: Sequence[dict]) -> dict[str, list[Person]]:
    """Registered persons each captured member may be, by the member's client id: the same DUF number (always: the
    number is unique), or likely the same person by the de-duplication model (issue 18: transliterated names,
    swapped names, partial dates), through the candidate index; likeliest first."""
    dufs = {m["duf_number"] for m in members if m["duf_number"]}
    by_duf = {p.duf_number: p for p in Person.objects.filter(duf_number__in=dufs)} if dufs else {}
    model = active_model()
    found = {}
    for member in members:
        record = PersonRecord(
            id="", given_name=member["given_name"], family_name=member["family_name"],
            birth_date=datetime.date.fromisoformat(member["birth_date"]), sex=member.get("sex") or "unknown",
            citizenship=member.get("citizenship") or "", duf_number=member.get("duf_number") or "")
        # Every registered person, as before: the set-aside record is resolved by the directorate's caseworkers.
        likely = likely_duplicates(record=record, people=Person.objects.all(), model=model)
        candidates = {p.pk: p for p in [*([by_duf[member["duf_number"]]] if member["duf_number"] in by_duf else []),
                                         *(candidate.person for candidate in likely)]}
        if candidates:
            found[member["client_id"]] = list(candidates.values())
    return found


# Writing a record's data.

def provenance(batch: MissionBatch) -> str:
    return f"KomBo: {batch.mission.name} ({batch.mission.code}), upload {batch.pk}, device {batch.device}"


def _persons_new(members: Sequence[dict]) -> list[Person]:
    """New persons, in one insert. The DUF numbers are known to be unused (a used one makes the family a possible
    duplicate) and unique within the batch, so only the fields are validated here; the database keeps the rest."""
    persons = [Person(duf_number=member["duf_number"], given_name=member["given_name"],
                      family_name=member["family_name"], birth_date=datetime.date.fromisoformat(member["birth_date"]),
                      sex=member["sex"] or Person.Sex.UNKNOWN, citizenship=member["citizenship"]) for member in members]
    for person in persons:
        person.full_clean(validate_unique=False, validate_constraints=False)
    created = Person.objects.bulk_create(persons)
    person_match_keys_refresh(persons=created, new=True)
    return created


def _relations_add(principal: Person, members: Sequence[tuple[dict, Person]]) -> None:
    wanted = []
    for member, person in members:
        kind = {"spouse": FamilyRelation.Kind.SPOUSE, "sibling": FamilyRelation.Kind.SIBLING}.get(member["relation"])
        if kind is not None:
            first, second = sorted((principal, person), key=lambda p: p.pk)
            wanted.append((first, second, kind))
        elif member["relation"] == "child":
            wanted.append((principal, person, FamilyRelation.Kind.PARENT))
        elif member["relation"] == "parent":
            wanted.append((person, principal, FamilyRelation.Kind.PARENT))
    # One insert; a relation already registered (a linked person) is left as it is.
    FamilyRelation.objects.bulk_create([FamilyRelation(person=person, relative=relative, kind=kind)
                                        for person, relative, kind in wanted], ignore_conflicts=True)


def _registration_write(registration: CompetenceRegistration, competence: dict) -> None:
    registration.highest_level = competence["highest_level"]
    registration.schooling_years = competence["schooling_years"]
    registration.schooling_country = competence["schooling_country"]
    registration.driving_licence = competence["driving_licence"]
    registration.consent_share = competence["consent_share"]
    registration.consent_at = registration.consent_at or (timezone.now() if competence["consent_share"] else None)
    if not competence["consent_share"]:
        registration.consent_at = None
    sections = {
        CompetenceRegistration.Section.LANGUAGES: bool(competence["languages"]),
        CompetenceRegistration.Section.SCHOOLING: bool(competence["highest_level"]),
        CompetenceRegistration.Section.HIGHER_EDUCATION: True,
        CompetenceRegistration.Section.QUALIFICATIONS: True,
        CompetenceRegistration.Section.WORK: True,
        CompetenceRegistration.Section.DRIVING: bool(competence["driving_licence"]),
        CompetenceRegistration.Section.WISHES: True,
        CompetenceRegistration.Section.CONSENT: competence["consent_share"],
    }
    registration.sections_done = [str(section) for section, done in sections.items() if done]
    higher = [q for q in competence["qualifications"] if q["kind"] == "higher" and q["field"]]
    registration.higher_education_field = higher[0]["field"] if higher else ""
    registration.completed_at = registration.completed_at or timezone.now()
    registration.full_clean(exclude=["person"], validate_unique=False, validate_constraints=False)
    existed = registration.pk is not None
    registration.save()
    if existed:
        registration.language_skills.all().delete()
        registration.qualifications.all().delete()
        registration.work_experiences.all().delete()
    LanguageSkill.objects.bulk_create([LanguageSkill(registration=registration, **skill)
                                       for skill in competence["languages"]])
    Qualification.objects.bulk_create([Qualification(registration=registration, **item)
                                       for item in competence["qualifications"]])
    WorkExperience.objects.bulk_create([WorkExperience(registration=registration, **item)
                                        for item in competence["work"]])


def _ties_write(interview: SettlementInterview, ties: list[dict]) -> None:
    interview.network_ties.all().delete()
    NetworkTie.objects.bulk_create([NetworkTie(interview=interview, municipality_id=tie["municipality"],
                                               relation=tie["relation"], note=tie["note"]) for tie in ties])


def _interview_fields(interview: SettlementInterview, data: dict) -> None:
    for field in INTERVIEW_FIELDS:
        if field != "network_ties":
            setattr(interview, field, data[field])



def _case_feed(case: Case, interview: SettlementInterview) -> None:
    """The mission's interview writes needs, special needs and the close-family municipality to the case."""
    ties = [TieInput(municipality=tie.municipality, relation=tie.relation, note=tie.note)
            for tie in interview.network_ties.select_related("municipality")]
    interview_feed_case(case=case, interview=interview, ties=ties)


def _versions(interview: SettlementInterview, persons: dict[str, Person]) -> dict:
    registrations = dict(CompetenceRegistration.objects.filter(person__in=persons.values())
                         .values_list("person_id", "version"))
    return {"interview": interview.version,
            "registrations": {cid: registrations[p.pk] for cid, p in persons.items() if p.pk in registrations}}


def _family_create(*, actor: User, batch: MissionBatch, record: dict,
                   linked: dict[str, Person]) -> tuple[Case, dict[str, Person], list[str]]:
    """Persons (new, or the linked existing ones), relations, the case, the interview and the registrations."""
    notes = []
    new = [m for m in record["members"] if m["client_id"] not in linked]
    created = dict(zip([m["client_id"] for m in new], _persons_new(new), strict=True))
    persons: dict[str, Person] = {m["client_id"]: linked.get(m["client_id"]) or created[m["client_id"]]
                                  for m in record["members"]}
    principal_member = next(m for m in record["members"] if m["relation"] == "principal")
    principal = persons[principal_member["client_id"]]
    _relations_add(principal, [(m, persons[m["client_id"]]) for m in record["members"] if m["relation"] != "principal"])
    held_on = datetime.date.fromisoformat(record["held_on"])
    interview_data = record["interview"]
    alone_minor = len(persons) == 1 and age_on(principal.birth_date, held_on) < 18
    settled_by = (Case.SettledBy.CHILD_WELFARE
                  if alone_minor and age_on(principal.birth_date, held_on) < MINOR_SETTLED_BY_DIRECTORATE_FROM_AGE
                  else Case.SettledBy.DIRECTORATE)
    # The decision date is provisional: the interview's, until UDI's decision is registered on the case.
    # Needs, special needs and the close-family municipality come from the interview below, by the same rule as
    # an interview held in reception (interview_feed_case).
    case = case_create(actor=actor, category=Case.Category.RESETTLEMENT, members=list(persons.values()),
                       decision_date=held_on, unaccompanied_minor=alone_minor, settled_by=settled_by)
    CaseTransition.objects.create(case=case, name="kombo", from_state=State.REGISTERED, to_state=case.state,
                                  actor=actor, reason=provenance(batch))
    interview = SettlementInterview(case=case, status=SettlementInterview.Status.COMPLETED,
                                    source=SettlementInterview.Source.MISSION, held_on=held_on, held_by=actor,
                                    competence_reviewed=True, completed_at=timezone.now())
    _interview_fields(interview, interview_data)
    interview.full_clean(validate_unique=False)  # the case is new: no interview can be there yet
    interview.save()
    NetworkTie.objects.bulk_create([NetworkTie(interview=interview, municipality_id=tie["municipality"],
                                               relation=tie["relation"], note=tie["note"])
                                    for tie in interview_data["network_ties"]])
    _case_feed(case, interview)
    for member in record["members"]:
        if member["competence"] is None:
            continue
        person = persons[member["client_id"]]
        if member["client_id"] in linked and CompetenceRegistration.objects.filter(person=person).exists():
            notes.append(_("%(name)s already had a competence registration; it was kept as it was.")
                         % {"name": person.full_name})
            continue
        registration = CompetenceRegistration(person=person, source=CompetenceRegistration.Source.MISSION,
                                              language="nb")
        _registration_write(registration, member["competence"])
    return case, persons, notes


def family_links(row: MissionRecord) -> tuple[Case, dict[str, Person]]:
    ids = row.payload["persons"]
    people = Person.objects.in_bulk(ids.values())
    return Case.objects.get(pk=row.payload["case"]), {cid: people[pk] for cid, pk in ids.items()}


def online_flat(case: Case, persons: dict[str, Person], record: dict) -> dict[str, object]:
    """The same fields as `record_flat(record)`, as they stand in the database now."""
    interview = case.interview
    flat: dict[str, object] = {}
    registrations = {r.person_id: r for r in CompetenceRegistration.objects.filter(person__in=persons.values())
                     .prefetch_related("language_skills", "qualifications", "work_experiences")}
    for member in record["members"]:
        person = persons.get(member["client_id"])
        if person is None:
            continue
        for field in PERSON_FIELDS:
            value = getattr(person, field)
            flat[f"person.{member['client_id']}.{field}"] = (value.isoformat() if isinstance(value, datetime.date)
                                                              else value or "")
        registration = registrations.get(person.pk)
        if member["competence"] is not None and registration is not None:
            online = {
                "languages": [{"language": s.language, "level": s.level} for s in registration.language_skills.all()],
                "highest_level": registration.highest_level, "schooling_years": registration.schooling_years,
                "schooling_country": registration.schooling_country,
                "qualifications": [{"kind": q.kind, "title": q.title, "field": q.field, "level": q.level,
                                    "country": q.country, "year_completed": q.year_completed,
                                    "completed": q.completed, "has_document": q.has_document}
                                   for q in registration.qualifications.all()],
                "work": [{"occupation": w.occupation, "years": str(w.years), "sector": w.sector,
                          "country": w.country, "description": w.description}
                         for w in registration.work_experiences.all()],
                "driving_licence": registration.driving_licence, "consent_share": registration.consent_share,
            }
            for field in COMPETENCE_FIELDS:
                flat[f"competence.{member['client_id']}.{field}"] = online[field]
    for field in INTERVIEW_FIELDS:
        flat[f"interview.{field}"] = getattr(interview, field) if field != "network_ties" else [
            {"municipality": t.municipality_id, "relation": t.relation, "note": t.note}
            for t in interview.network_ties.all()]
    return flat


def _apply(*, actor: User, batch: MissionBatch, case: Case, persons: dict[str, Person], record: dict,
           chosen: dict[str, object]) -> dict[str, Person]:
    """Write the record's values (or, per field, the ones `chosen` keeps) onto the family's objects."""
    flat = {**record_flat(record), **chosen}
    new_members = [m for m in record["members"] if m["client_id"] not in persons]
    taken = Person.objects.filter(duf_number__in=[m["duf_number"] for m in new_members]).first()
    if taken is not None:
        raise ValidationError(_("A person added on the device has DUF number %(duf)s, which is already registered: "
                                "remove the person on the device, or register the relation online.")
                              % {"duf": taken.duf_number})
    for member, person in zip(new_members, _persons_new(new_members), strict=True):
        persons[member["client_id"]] = person
        CaseMember.objects.create(case=case, person=person)
    if new_members:
        case.persons_count = case.members.count()
        case.save(update_fields=["persons_count"])
        principal = persons[next(m for m in record["members"] if m["relation"] == "principal")["client_id"]]
        _relations_add(principal, [(m, persons[m["client_id"]]) for m in new_members])
    for member in record["members"]:
        person = persons[member["client_id"]]
        before = {field: getattr(person, field) for field in PERSON_FIELDS}
        for field in PERSON_FIELDS:
            value = flat[f"person.{member['client_id']}.{field}"]
            setattr(person, field, datetime.date.fromisoformat(value) if field == "birth_date" else value)
        if before != {field: getattr(person, field) for field in PERSON_FIELDS}:
            person.full_clean()
            person.save()
        if member["competence"] is None:
            continue
        competence = {field: flat[f"competence.{member['client_id']}.{field}"] for field in COMPETENCE_FIELDS}
        registration = CompetenceRegistration.objects.filter(person=person).first()
        if registration is None:
            registration = CompetenceRegistration(person=person, source=CompetenceRegistration.Source.MISSION)
        else:
            registration.version += 1
        _registration_write(registration, competence)
    interview = case.interview  # the instance the versions are read from afterwards
    _interview_fields(interview, {field: flat[f"interview.{field}"] for field in INTERVIEW_FIELDS})
    interview.version += 1
    interview.full_clean()
    interview.save()
    _ties_write(interview, flat["interview.network_ties"])
    _case_feed(case, interview)
    CaseTransition.objects.create(case=case, name="kombo", from_state=case.state, to_state=case.state, actor=actor,
                                  reason=provenance(batch) + " — " + _("updated from the mission's device"))
    return persons


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _live_rows(mission: SelectionMission, client_ids: Sequence[str]) -> dict[str, MissionRecord]:
    """Per record of this mission, the latest row whose data are in the database."""
    rows = MissionRecord.objects.filter(batch__mission=mission, client_id__in=client_ids,
                                        payload__has_key=IMPORTED).order_by("id")
    return {row.client_id: row for row in rows}


def _record_import(*, actor: User, batch: MissionBatch, record: dict, people: list[Person],
                   duplicates: dict[str, list[Person]], live: MissionRecord | None) -> dict:
    """One valid record into the database (or set aside for review); the report line."""
    label = {"client_id": record["client_id"]}
    if live is None:
        matches = {m["client_id"]: [p.pk for p in duplicates[m["client_id"]]] for m in record["members"]
                   if m["client_id"] in duplicates}
        if matches:
            first = Person.objects.get(pk=next(iter(matches.values()))[0])
            row = MissionRecord.objects.create(batch=batch, client_id=record["client_id"], person=first,
                                               outcome=Outcome.POSSIBLE_DUPLICATE,
                                               payload={"record": record, "matches": matches})
            people.extend(Person.objects.filter(pk__in={pk for ids in matches.values() for pk in ids}))
            return {**label, "outcome": row.outcome, "record_id": row.pk}
        case, persons, notes = _family_create(actor=actor, batch=batch, record=record, linked={})
        row = _row_imported(batch, record, case, persons, Outcome.CREATED)
        people.extend(persons.values())
        return {**label, "outcome": row.outcome, "record_id": row.pk, "case": case.pk, "notes": notes}
    case, persons = family_links(live)
    people.extend(persons.values())
    if _canonical(live.payload["record"]) == _canonical(record):
        row = _row_imported(batch, record, case, persons, Outcome.UNCHANGED, versions=live.payload["versions"])
        return {**label, "outcome": row.outcome, "record_id": row.pk, "case": case.pk}
    current = _versions(case.interview, persons)
    seen = live.payload["versions"]
    edited_online = current["interview"] > seen["interview"] or any(
        version > seen["registrations"].get(cid, version) for cid, version in current["registrations"].items())
    if edited_online:
        online = online_flat(case, persons, record)
        offline = record_flat(record)
        fields = sorted(key for key in offline if key in online and _canonical(online[key]) != _canonical(offline[key]))
        row = MissionRecord.objects.create(
            batch=batch, client_id=record["client_id"], person=next(iter(persons.values())), outcome=Outcome.CONFLICT,
            base_version=seen["interview"],
            payload={"record": record, "case": case.pk, "persons": {cid: p.pk for cid, p in persons.items()},
                     "versions": seen, "fields": fields})
        return {**label, "outcome": row.outcome, "record_id": row.pk, "case": case.pk}
    persons = _apply(actor=actor, batch=batch, case=case, persons=persons, record=record, chosen={})
    people.extend(p for p in persons.values() if p not in people)
    row = _row_imported(batch, record, case, persons, Outcome.UPDATED)
    return {**label, "outcome": row.outcome, "record_id": row.pk, "case": case.pk}


def _row_imported(batch: MissionBatch, record: dict, case: Case, persons: dict[str, Person], outcome: str,
                  versions: dict | None = None) -> MissionRecord:
    principal_id = next(m for m in record["members"] if m["relation"] == "principal")["client_id"]
    versions = versions or _versions(case.interview, persons)
    return MissionRecord.objects.create(
        batch=batch, client_id=record["client_id"], person=persons[principal_id], outcome=outcome,
        base_version=versions["interview"],
        payload={"record": record, "case": case.pk, "persons": {cid: p.pk for cid, p in persons.items()},
                 "versions": versions, IMPORTED: True})


class UploadRefused(Exception):
    """The upload is refused as a whole before any record is looked at (the message says why)."""


def mission_batch_upload(*, actor: User, mission: SelectionMission, data: bytes, passphrase: str) -> MissionBatch:
    """Decrypt, check and import one bundle; a refused batch is kept (with its report, no personal data)."""
    _require(actor)
    try:
        envelope = envelope_read(data)
    except BundleError as error:
        raise UploadRefused(str(error)) from None
    if envelope.mission != mission.code:
        other = SelectionMission.objects.filter(code=envelope.mission).first()
        raise UploadRefused(_("This bundle belongs to mission %(other)s, not to %(this)s: upload it on that "
                              "mission's page.") % {"other": f"{other.name} ({other.code})" if other
                                                   else envelope.mission, "this": f"{mission.name} ({mission.code})"})
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = MissionBatch.objects.filter(mission=mission, sha256=sha256).first()
    if earlier is not None and earlier.status != MissionBatch.Status.REJECTED:
        raise UploadRefused(_("This file was already uploaded on %(when)s (upload %(id)s); nothing was imported "
                              "again.") % {"when": timezone.localtime(earlier.uploaded_at).strftime("%Y-%m-%d %H:%M"),
                                           "id": earlier.pk})
    try:
        payload = bundle_decrypt(envelope, passphrase)
    except BundleError as error:
        raise UploadRefused(str(error)) from None
    municipalities = known_municipality_numbers()
    cleaned, report, errors = [], [], False
    seen_clients: set[str] = set()
    seen_dufs: dict[str, str] = {}
    for number, raw in enumerate(payload["records"], start=1):
        record, messages = record_clean(raw, known_municipalities=municipalities)
        if record is not None:
            if record["client_id"] in seen_clients:
                messages = [_("The same record id appears twice in the file.")]
            for member in record["members"]:
                other = seen_dufs.get(member["duf_number"])
                if other and other != record["client_id"]:
                    messages.append(_("DUF number %(duf)s is given in two families of the file.")
                                    % {"duf": member["duf_number"]})
                seen_dufs[member["duf_number"]] = record["client_id"]
            seen_clients.add(record["client_id"])
        errors = errors or bool(messages)
        report.append({"number": number, "client_id": raw.get("client_id", "") if isinstance(raw, dict) else "",
                       "label": record_label(raw, number), "errors": messages})
        cleaned.append(record)
    if not payload["records"]:
        raise UploadRefused(_("The bundle holds no records."))
    if errors:
        return _batch_refused(actor=actor, mission=mission, envelope_device=envelope.device, sha256=sha256,
                              report=report, earlier=earlier)
    try:
        with transaction.atomic():
            if earlier is not None:
                earlier.delete()
            batch = MissionBatch.objects.create(mission=mission, device=envelope.device, sha256=sha256,
                                                uploaded_by=actor, status=MissionBatch.Status.IMPORTED,
                                                records_total=len(cleaned))
            people: list[Person] = []
            lines = []
            live_rows = _live_rows(mission, [record["client_id"] for record in cleaned])
            fresh = [m for record in cleaned if record["client_id"] not in live_rows for m in record["members"]]
            duplicates = find_possible_duplicates(fresh) if fresh else {}
            for number, record in enumerate(cleaned, start=1):
                try:
                    line = _record_import(actor=actor, batch=batch, record=record, people=people,
                                          duplicates=duplicates, live=live_rows.get(record["client_id"]))
                except ValidationError as error:
                    # A rule only the database can check (a member already in an open case): nothing is kept.
                    raise _RecordFailed(number, record, error) from None
                lines.append({"number": number, **line, "label": report[number - 1]["label"]})
            waiting = sum(line["outcome"] in (Outcome.POSSIBLE_DUPLICATE, Outcome.CONFLICT) for line in lines)
            batch.records_imported = len(lines) - waiting
            batch.status = MissionBatch.Status.NEEDS_REVIEW if waiting else MissionBatch.Status.IMPORTED
            batch.report = lines
            batch.save(update_fields=["records_imported", "status", "report"])
            unique_people = list({p.pk: p for p in people}.values())
            audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="competence.missionbatch",
                         object_id=batch.pk, persons=unique_people,
                         detail=f"{provenance(batch)}: {len(lines)} records, {len(unique_people)} persons")
    except _RecordFailed as failed:
        report[failed.number - 1]["errors"] = failed.messages
        return _batch_refused(actor=actor, mission=mission, envelope_device=envelope.device, sha256=sha256,
                              report=report, earlier=earlier)
    except IntegrityError:
        raise UploadRefused(_("This file is being uploaded or was just uploaded by someone else; nothing was "
                              "imported twice.")) from None
    return batch


class _RecordFailed(Exception):
    def __init__(self, number: int, record: dict, error: ValidationError) -> None:
        super().__init__(number)
        self.number = number
        names = [name for m in record["members"] for name in (m["given_name"], m["family_name"]) if name]
        self.messages = []
        for message in error.messages:
            shown = RecordError(message)
            shown.anonymous = message
            for name in names:
                shown.anonymous = shown.anonymous.replace(name, "…")
            self.messages.append(shown)


def _batch_refused(*, actor: User, mission: SelectionMission, envelope_device: str, sha256: str, report: list,
                   earlier: MissionBatch | None) -> MissionBatch:
    """Nothing imported; the refused batch keeps only the record numbers, ids and reasons (no names)."""
    stored = [{"number": line["number"], "client_id": str(line["client_id"])[:64],
               "errors": [getattr(error, "anonymous", error) for error in line["errors"]]} for line in report]
    with transaction.atomic():
        if earlier is not None:
            earlier.delete()
        batch = MissionBatch.objects.create(mission=mission, device=envelope_device, sha256=sha256,
                                            uploaded_by=actor, status=MissionBatch.Status.REJECTED,
                                            records_total=len(report), records_imported=0, report=stored)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="competence.missionbatch",
                     object_id=batch.pk, detail=f"mission {mission.code}: refused, "
                                                f"{sum(bool(line['errors']) for line in report)} invalid records")
    # The names are shown once, on the page that answers the upload, and never stored for a refused batch.
    batch.labelled_report = report
    return batch


# Review: duplicates and conflicts.

def _row_locked(row: MissionRecord, outcome: str) -> MissionRecord:
    locked = MissionRecord.objects.select_for_update().select_related("batch__mission").get(pk=row.pk)
    if locked.outcome != outcome or locked.resolved_at is not None:
        raise ValidationError(_("This record has already been resolved."))
    return locked


def _batch_settle(batch: MissionBatch) -> None:
    waiting = batch.records.filter(outcome__in=[Outcome.POSSIBLE_DUPLICATE, Outcome.CONFLICT],
                                   resolved_at__isnull=True).exists()
    batch.records_imported = batch.records.filter(payload__has_key=IMPORTED).count()
    batch.status = MissionBatch.Status.NEEDS_REVIEW if waiting else MissionBatch.Status.IMPORTED
    batch.save(update_fields=["records_imported", "status"])


def duplicate_resolve(*, actor: User, row: MissionRecord, choices: dict[str, int | None]) -> Case:
    """Import a family set aside as a possible duplicate: per member in question, the existing person to link
    (one of the matches) or None to register a new person."""
    _require(actor)
    with transaction.atomic():
        row = _row_locked(row, Outcome.POSSIBLE_DUPLICATE)
        record, matches = row.payload["record"], row.payload["matches"]
        linked: dict[str, Person] = {}
        for member in record["members"]:
            cid = member["client_id"]
            if cid not in matches:
                continue
            if cid not in choices:
                raise ValidationError(_("Choose for every person in question."))
            choice = choices[cid]
            if choice is None:
                if Person.objects.filter(duf_number=member["duf_number"]).exists():
                    raise ValidationError(_("%(name)s has the DUF number of a registered person and cannot be "
                                            "registered again: link to that person.") % {
                        "name": f"{member['given_name']} {member['family_name']}"})
                continue
            if choice not in matches[cid]:
                raise ValidationError(_("Choose one of the persons found."))
            linked[cid] = Person.objects.get(pk=choice)
        if len({p.pk for p in linked.values()}) != len(linked):
            raise ValidationError(_("Two family members cannot be linked to the same person."))
        case, persons, _notes = _family_create(actor=actor, batch=row.batch, record=record, linked=linked)
        versions = _versions(SettlementInterview.objects.get(case=case), persons)
        row.payload = {**row.payload, "case": case.pk, "persons": {cid: p.pk for cid, p in persons.items()},
                       "versions": versions, IMPORTED: True, "linked": {cid: p.pk for cid, p in linked.items()}}
        row.resolved_at, row.resolved_by = timezone.now(), actor
        row.person = persons[next(m for m in record["members"] if m["relation"] == "principal")["client_id"]]
        row.save(update_fields=["payload", "resolved_at", "resolved_by", "person"])
        _batch_settle(row.batch)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="competence.missionrecord",
                     object_id=row.pk, persons=list(persons.values()),
                     detail=f"{provenance(row.batch)}: possible duplicate resolved, "
                            f"{len(linked)} linked to existing persons, case {case.pk}")
    return case


def conflict_resolve(*, actor: User, row: MissionRecord, keep_offline: Iterable[str]) -> Case:
    """Apply a conflicting upload field by field: the fields in `keep_offline` take the device's value, every other
    field keeps what was saved online."""
    _require(actor)
    with transaction.atomic():
        row = _row_locked(row, Outcome.CONFLICT)
        record = row.payload["record"]
        case, persons = family_links(row)
        online = online_flat(case, persons, record)
        keep_offline = set(keep_offline) & set(row.payload["fields"])
        chosen = {key: value for key, value in online.items() if key not in keep_offline}
        persons = _apply(actor=actor, batch=row.batch, case=case, persons=persons, record=record, chosen=chosen)
        versions = _versions(SettlementInterview.objects.get(case=case), persons)
        row.payload = {**row.payload, "versions": versions, "persons": {cid: p.pk for cid, p in persons.items()},
                       IMPORTED: True, "kept_offline": sorted(keep_offline)}
        row.resolved_at, row.resolved_by = timezone.now(), actor
        row.save(update_fields=["payload", "resolved_at", "resolved_by"])
        _batch_settle(row.batch)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="competence.missionrecord",
                     object_id=row.pk, persons=list(persons.values()),
                     detail=f"{provenance(row.batch)}: conflict resolved, {len(keep_offline)} of "
                            f"{len(row.payload['fields'])} fields from the device")
    return case
