"""Reads for the mission pages: whom a batch or a record shows, a duplicate's candidates, a conflict's fields."""

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyinorge.competence.codes import IscedLevel, LanguageLevel
from nyinorge.competence.mission_records import record_flat, relation_labels
from nyinorge.competence.models import MissionBatch, MissionRecord
from nyinorge.competence.services.missions import family_links, online_flat
from nyinorge.core.models import Person


def batch_people(batch: MissionBatch) -> list[Person]:
    """Everyone the batch's report names: the persons its records created or updated, and possible duplicates."""
    ids = set()
    for row in batch.records.all():
        ids.update(row.payload.get("persons", {}).values())
        for matches in row.payload.get("matches", {}).values():
            ids.update(matches)
    return list(Person.objects.filter(pk__in=ids))


def record_people(row: MissionRecord) -> list[Person]:
    ids = set(row.payload.get("persons", {}).values())
    for matches in row.payload.get("matches", {}).values():
        ids.update(matches)
    return list(Person.objects.filter(pk__in=ids))


def duplicate_view(row: MissionRecord) -> list[dict]:
    """Each captured member, and for those in question the registered persons they may be."""
    matches = row.payload["matches"]
    people = Person.objects.in_bulk({pk for ids in matches.values() for pk in ids})
    relations = relation_labels()
    return [{"member": member, "relation": relations.get(member["relation"], ""),
             "candidates": [people[pk] for pk in matches.get(member["client_id"], []) if pk in people],
             "duf_taken": any(people[pk].duf_number == member["duf_number"]
                              for pk in matches.get(member["client_id"], []) if pk in people)}
            for member in row.payload["record"]["members"]]


FIELD_LABELS = {
    "given_name": gettext_lazy("Given name"), "family_name": gettext_lazy("Family name"), "birth_date": gettext_lazy("Date of birth"), "sex": gettext_lazy("Sex"),
    "citizenship": gettext_lazy("Citizenship"), "duf_number": gettext_lazy("DUF number"), "must_live_together": gettext_lazy("Must live together"),
    "accessible_dwelling": gettext_lazy("Needs a wheelchair-accessible dwelling"), "rooms_needed": gettext_lazy("Bedrooms needed"),
    "health_needs": gettext_lazy("Health needs"), "wishes": gettext_lazy("Wishes"), "family_situation": gettext_lazy("Family situation"),
    "interpreter_language": gettext_lazy("Interpreter language"), "network_ties": gettext_lazy("Network in Norway"), "languages": gettext_lazy("Languages"),
    "highest_level": gettext_lazy("Highest completed education"), "schooling_years": gettext_lazy("Years of schooling"),
    "schooling_country": gettext_lazy("Country of schooling"), "qualifications": gettext_lazy("Qualifications"), "work": gettext_lazy("Work experience"),
    "driving_licence": gettext_lazy("Driving licence"), "consent_share": gettext_lazy("Consent to share"),
}


def _field_label(key: str) -> str:
    return str(FIELD_LABELS.get(key.rsplit(".", 1)[-1], key))


def _shown(field: str, value: object) -> str:
    """A value as a caseworker reads it."""
    if value in (None, "", []):
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field == "languages":
        return "; ".join(f"{v['language']} {LanguageLevel(v['level']).label}" for v in value)
    if field == "highest_level":
        return str(IscedLevel(value).label)
    if field == "work":
        return "; ".join(f"{v['occupation']} ({v['years']})" + (f" {v['description']}" if v["description"] else "")
                         for v in value)
    if field == "qualifications":
        return "; ".join(f"{v['title']} ({v['year_completed'] or '–'})" for v in value)
    if field == "network_ties":
        return "; ".join(f"{v['municipality']} {v['relation']}" for v in value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def conflict_rows(row: MissionRecord) -> list[dict]:
    """Per conflicting field: whose it is, what it is called, the online and the device's value."""
    record = row.payload["record"]
    names = {m["client_id"]: f"{m['given_name']} {m['family_name']}" for m in record["members"]}
    if row.resolved_at is None:
        case, persons = family_links(row)
        online = online_flat(case, persons, record)
    else:
        online = {}
    offline = record_flat(record)
    rows = []
    for key in row.payload["fields"]:
        parts = key.split(".")
        field = parts[-1]
        whose = names.get(parts[1], "") if len(parts) == 3 else _("The family's interview")
        rows.append({"key": key, "whose": whose, "label": _field_label(key),
                     "online": _shown(field, online.get(key)), "offline": _shown(field, offline.get(key)),
                     "kept_offline": key in row.payload.get("kept_offline", [])})
    return rows
