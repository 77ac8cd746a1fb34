"""Importing historical settlement records (one row per person) from an extract of an older register.

Columns: person_id,case_id,birth_date,category,unaccompanied_minor,decision_date,settlement_date,municipality_number.
`person_id` is the person's identifier in the registers (a national identity number or a DUF number) and
becomes the person's identifier here; `case_id` is kept as `Case.external_id`. Rows with the same case_id
are one case and must agree on its dates, category, flag and municipality. All or nothing: every bad row is
reported with its line number and nothing is stored. A case whose case_id is already here is skipped, so
re-importing a file changes nothing. Imported cases are written directly in their final state (settled, or
ready while waiting), with one history row each and one audit entry naming every person.
"""

import csv
import datetime
from dataclasses import dataclass
from collections.abc import Collection
from typing import TextIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import person_survivor, require, user_can
from nyinorge.core.identifiers import normalise_duf_number, parse_national_identity_number
from nyinorge.core.models import AuditEntry, Municipality, Person, User
from nyinorge.core.roles import Capability
from nyinorge.core.dedup.records import PersonRecord
from nyinorge.core.duplicate_reasons import reasons_in_words
from nyinorge.core.selectors.duplicates import Candidate, duplicates_for_new
from nyinorge.core.services.audit import audit_record
from nyinorge.core.services.duplicates import duplicate_pairs_mark_different, person_match_keys_refresh
from nyinorge.settlement.models import Case, CaseMember, CaseTransition
from nyinorge.settlement.models.cases import age_on
from nyinorge.settlement.services.cases import MINOR_SETTLED_BY_DIRECTORATE_FROM_AGE
from nyinorge.settlement.workflow import State

IMPORT_COLUMNS = ["person_id", "case_id", "birth_date", "category", "unaccompanied_minor", "decision_date",
                  "settlement_date", "municipality_number"]
CASE_FIELDS = ("category", "unaccompanied_minor", "decision_date", "settlement_date", "municipality_number")


@dataclass(frozen=True)
class ImportResult:
    cases_created: int
    persons_created: int
    cases_skipped: int


def _date(raw: str, column: str, problems: list[str], *, required: bool = True) -> datetime.date | None:
    raw = raw.strip()
    if not raw:
        if required:
            problems.append(_("%(column)s is missing") % {"column": column})
        return None
    try:
        value = datetime.date.fromisoformat(raw)
    except ValueError:
        problems.append(_("%(column)s is not a date YYYY-MM-DD: %(value)s") % {"column": column, "value": raw})
        return None
    if value > timezone.localdate():
        problems.append(_("%(column)s is in the future: %(value)s") % {"column": column, "value": raw})
    return value


def _identifier(raw: str, birth_date: datetime.date | None, problems: list[str]) -> dict[str, str]:
    raw = raw.strip()
    try:
        if len(raw) == 12:
            return {"duf_number": normalise_duf_number(raw)}
        parsed = parse_national_identity_number(raw)
    except ValidationError as error:
        problems.append(_("person_id: %(reason)s") % {"reason": " ".join(error.messages)})
        return {}
    if birth_date and parsed.birth_date != birth_date:
        problems.append(_("birth_date %(given)s does not match the national identity number") % {"given": birth_date})
    return {"national_id": parsed.value}


def _parse_row(row: dict[str, str], municipalities: set[str]) -> tuple[dict, list[str]]:
    problems: list[str] = []
    values: dict = {"case_id": (row.get("case_id") or "").strip()}
    if not values["case_id"]:
        problems.append(_("case_id is missing"))
    values["birth_date"] = _date(row.get("birth_date") or "", "birth_date", problems)
    values["identifier"] = _identifier(row.get("person_id") or "", values["birth_date"], problems)
    values["category"] = (row.get("category") or "").strip()
    if values["category"] not in Case.Category.values:
        problems.append(_("category must be one of %(choices)s, not %(value)s") % {
            "choices": "|".join(Case.Category.values), "value": repr(values["category"])})
    flag = (row.get("unaccompanied_minor") or "").strip().lower()
    if flag not in ("true", "false"):
        problems.append(_("unaccompanied_minor must be true or false, not %(value)s") % {"value": repr(flag)})
    values["unaccompanied_minor"] = flag == "true"
    values["decision_date"] = _date(row.get("decision_date") or "", "decision_date", problems)
    values["settlement_date"] = _date(row.get("settlement_date") or "", "settlement_date", problems, required=False)
    number = (row.get("municipality_number") or "").strip()
    values["municipality_number"] = number
    if values["settlement_date"] and not number:
        problems.append(_("a settled person needs a municipality_number"))
    elif number and not values["settlement_date"]:
        problems.append(_("municipality_number is given but settlement_date is empty"))
    elif number and number not in municipalities:
        problems.append(_("unknown municipality number %(number)s") % {"number": repr(number)})
    if values["settlement_date"] and values["decision_date"] and values["settlement_date"] < values["decision_date"]:
        problems.append(_("settlement_date is before decision_date"))
    if values["unaccompanied_minor"] and values["birth_date"] and values["decision_date"] and \
            age_on(values["birth_date"], values["decision_date"]) >= 18:
        problems.append(_("an unaccompanied minor must be under 18 on the decision date"))
    return values, problems


def _possible_duplicates(*, actor: User, new_cases: dict[str, list[tuple[int, dict]]], known: dict[str, Person],
                         confirmed_lines: Collection[int]) -> tuple[list[str], dict[int, list[Candidate]]]:
    """Lines whose new person the de-duplication model finds likely registered already (under another identifier):
    an error each, unless the line is confirmed as a different person; the candidates of the confirmed lines."""
    errors, confirmed = [], {}
    for rows in new_cases.values():
        for line, values in rows:
            identifier = values["identifier"]
            if next(iter(identifier.values())) in known:
                continue
            record = PersonRecord(id="", given_name="", family_name="", birth_date=values["birth_date"],
                                  duf_number=identifier.get("duf_number", ""), national_id=identifier.get("national_id", ""))
            candidates = duplicates_for_new(actor=actor, record=record)
            if not candidates:
                continue
            if line in confirmed_lines:
                confirmed[line] = candidates
                continue
            shown = "; ".join(_("%(name)s (%(identifier)s, born %(born)s, %(percent)s %%: %(reasons)s)") % {
                "name": c.person.full_name, "identifier": c.person.identifier, "born": c.person.birth_date.isoformat(),
                "percent": c.percent, "reasons": ", ".join(
                    row["text"] for row in reasons_in_words(c.score.reasons) if row["for_match"])} for c in candidates)
            errors.append(_("line %(line)d: the person may already be registered as %(candidates)s; if it is someone "
                            "else, confirm line %(line)d as a different person") % {"line": line, "candidates": shown})
    return errors, confirmed


def settlements_import(*, actor: User, file: TextIO, confirmed_lines: Collection[int] = ()) -> ImportResult:
    """Load historical settlement records from CSV; all or nothing, and a re-import is a no-op. A line whose new
    person looks like someone registered is refused unless `confirmed_lines` names it (a different person)."""
    require(user_can(actor, Capability.MANAGE_SETTLEMENT_CASES))
    reader = csv.DictReader(file)
    missing = [column for column in IMPORT_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError(_("The file lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)})
    municipalities = set(Municipality.objects.values_list("number", flat=True))
    errors: list[str] = []
    cases: dict[str, list[tuple[int, dict]]] = {}
    seen_people: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        values, problems = _parse_row(row, municipalities)
        key = next(iter(values["identifier"].values()), None)
        if key in seen_people:
            problems.append(_("the person is also on line %(line)d") % {"line": seen_people[key]})
        elif key:
            seen_people[key] = line
        group = cases.setdefault(values["case_id"], [])
        if group and not problems and any(group[0][1][field] != values[field] for field in CASE_FIELDS):
            problems.append(_("case %(case)s: dates, category, flag and municipality must be the same as on line %(line)d")
                            % {"case": values["case_id"], "line": group[0][0]})
        if group and values["unaccompanied_minor"]:
            problems.append(_("an unaccompanied minor is a case of one person"))
        if problems:
            errors.append(_("line %(line)d: %(problems)s") % {"line": line, "problems": "; ".join(problems)})
        group.append((line, values))
    existing = set(Case.objects.filter(external_id__in=list(cases)).values_list("external_id", flat=True))
    new_cases = {case_id: rows for case_id, rows in cases.items() if case_id not in existing}
    known = _known_people([values["identifier"] for rows in new_cases.values() for _line, values in rows])
    for rows in new_cases.values():
        for line, values in rows:
            person = known.get(next(iter(values["identifier"].values()), ""))
            if person is not None and CaseMember.objects.filter(person=person).exists():
                errors.append(_("line %(line)d: the person is already in a case that is not in this file") % {"line": line})
    if not errors:
        duplicate_errors, confirmed = _possible_duplicates(actor=actor, new_cases=new_cases, known=known,
                                                           confirmed_lines=set(confirmed_lines))
        errors += duplicate_errors
    if errors:
        raise ValidationError([_("Nothing was imported. Correct these rows:"), *errors])
    with transaction.atomic():
        created_persons = _store(actor=actor, new_cases=new_cases, known=known)
        for line, candidates in confirmed.items():
            person = next(known[next(iter(values["identifier"].values()))] for rows in new_cases.values()
                          for row_line, values in rows if row_line == line)
            duplicate_pairs_mark_different(actor=actor, person=person, others=[(c.person, c.score) for c in candidates],
                                           note=f"settlement import, line {line}")
    return ImportResult(len(new_cases), created_persons, len(existing))


def _known_people(identifiers: list[dict[str, str]]) -> dict[str, Person]:
    national = [i["national_id"] for i in identifiers if "national_id" in i]
    duf = [i["duf_number"] for i in identifiers if "duf_number" in i]
    people = Person.objects.filter(national_id__in=national) | Person.objects.filter(duf_number__in=duf)
    # A merged record's number stands for the person it was merged into.
    return {person.identifier: person_survivor(person) for person in people}


def _store(*, actor: User, new_cases: dict[str, list[tuple[int, dict]]], known: dict[str, Person]) -> int:
    new_people = []
    for rows in new_cases.values():
        for _line, values in rows:
            if next(iter(values["identifier"].values())) not in known:
                person = Person(given_name=_("Imported"), family_name=_("person"), birth_date=values["birth_date"],
                                **values["identifier"])
                person.full_clean(exclude=["national_id", "duf_number"])
                new_people.append(person)
    created = Person.objects.bulk_create(new_people)
    person_match_keys_refresh(persons=created, new=True)
    for person in created:
        known[person.identifier] = person
    all_people = []
    for case_id, rows in new_cases.items():
        first = rows[0][1]
        members = [known[next(iter(values["identifier"].values()))] for _line, values in rows]
        minor_under_15 = first["unaccompanied_minor"] and age_on(first["birth_date"], first["decision_date"]) < MINOR_SETTLED_BY_DIRECTORATE_FROM_AGE
        case = Case(
            external_id=case_id, category=first["category"], unaccompanied_minor=first["unaccompanied_minor"],
            decision_date=first["decision_date"], settlement_date=first["settlement_date"],
            municipality_id=first["municipality_number"] or None, persons_count=len(members),
            state=State.SETTLED if first["settlement_date"] else State.READY,
            settled_by=Case.SettledBy.CHILD_WELFARE if minor_under_15 else Case.SettledBy.DIRECTORATE,
        )
        case.full_clean()
        case.save()
        CaseMember.objects.bulk_create([CaseMember(case=case, person=person) for person in members])
        CaseTransition.objects.create(case=case, name="import", from_state=State.REGISTERED, to_state=case.state,
                                      actor=actor, reason=f"imported extract, case {case_id}",
                                      municipality_id=case.municipality_id)
        all_people.extend(members)
    if new_cases:
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="settlement.import",
                     persons=all_people, detail=f"{len(new_cases)} cases, {len(all_people)} persons imported")
    return len(new_people)
