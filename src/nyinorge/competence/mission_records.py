"""One KomBo record (a family captured offline): its validation and its flat, field-by-field form.

A record as the kit writes it (every string may be empty; dates are ISO 8601):

    {"client_id": uuid, "held_on": date,
     "members": [{"client_id": uuid, "relation": principal|spouse|child|parent|sibling|other,
                  "given_name", "family_name", "birth_date" (or "" and "birth_year": int), "sex",
                  "citizenship" (ISO 3166), "duf_number", "progres_id",
                  "competence": null | {"languages": [{"language" (ISO 639), "level" (CEFR)}],
                                        "highest_level" (ISCED 2011), "schooling_years", "schooling_country",
                                        "qualifications": [{"kind", "title", "field", "level", "country",
                                                            "year_completed", "completed", "has_document"}],
                                        "work": [{"occupation" (STYRK-08), "years", "sector", "country",
                                                  "description"}],
                                        "driving_licence", "consent_share"}}],
     "interview": {"must_live_together", "accessible_dwelling", "rooms_needed", "health_needs", "wishes",
                   "family_situation", "interpreter_language" (ISO 639),
                   "network_ties": [{"municipality" (4 digits), "relation", "note"}]}}

`record_clean` returns the record normalised (codes in their canonical form, years as numbers) or the list of what
is wrong with it, each message in the user's language. `record_flat` gives the same record as {field key: value},
the form conflicts are shown and resolved in.
"""

import datetime
import re
import unicodedata
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.competence.codes import (
    MAX_SCHOOLING_YEARS,
    DrivingLicence,
    FieldOfStudy,
    IscedLevel,
    LanguageLevel,
    QualificationKind,
    Sector,
)
from nyinorge.competence.models import NetworkTie
from nyinorge.competence.occupation_check import occupation_exists
from nyinorge.core.codes import normalise_country_code, normalise_language_code
from nyinorge.core.dates import sane_date_refusal
from nyinorge.core.identifiers import normalise_duf_number
from nyinorge.core.models import Municipality, Person

RELATIONS = ("principal", "spouse", "child", "parent", "sibling", "other")
MAX_MEMBERS = 20
# The registration is for residents 16 and older (as Kompass); younger members have no competence section.
COMPETENCE_FROM_AGE = 16
# The fewest years of schooling behind each ISCED level: a claim below it is inconsistent.
MIN_SCHOOLING_YEARS = {"none": 0, "0": 0, "1": 3, "2": 6, "3": 9, "4": 10, "5": 11, "6": 12, "7": 14, "8": 16}
# "No schooling" with more than this many years is inconsistent too.
MAX_YEARS_WITHOUT_SCHOOLING = 1
# A child starts school at 4 at the earliest, so no one has more years than their age less 4.
SCHOOL_START_AGE = 4
MAX_TEXT = 2000
MAX_LIST = 30


def relation_labels() -> dict[str, str]:
    return {"principal": _("Principal applicant"), "spouse": _("Spouse or partner"), "child": _("Child"),
            "parent": _("Parent"), "sibling": _("Sibling"), "other": _("Other family")}


def normalised_name(value: str) -> str:
    """Case, accents and spacing ignored: «Ménard  Ali» and «menard ali» are the same name."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


class RecordError(str):
    """A message as the uploader reads it (naming the person); `anonymous` is the same without the name, the form
    a refused batch keeps."""

    anonymous: str


class _Errors:
    def __init__(self) -> None:
        self.messages: list[RecordError] = []
        self.names: dict[str, str] = {}

    def add(self, where: str, message: str) -> None:
        name = next((name for person, name in self.names.items() if where == person or where.startswith(f"{person},")), "")
        shown = RecordError(f"{where}{f' ({name})' if name else ''}: {message}" if where else message)
        shown.anonymous = f"{where}: {message}" if where else message
        self.messages.append(shown)


def _text(value: object, limit: int = MAX_TEXT) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _bool(value: object) -> bool:
    return value is True or value in ("true", "on", "1", 1)


def _date(value: object, where: str, what: str, errors: _Errors) -> datetime.date | None:
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.add(where, _("%(what)s is not a date (%(value)s).") % {"what": what, "value": str(value)[:20]})
        return None
    refusal = sane_date_refusal(day)
    if refusal:
        errors.add(where, f"{what}: {refusal}")
        return None
    if day > timezone.localdate():
        errors.add(where, _("%(what)s cannot be in the future (%(value)s).") % {"what": what, "value": day.isoformat()})
        return None
    return day


def _int(value: object, where: str, what: str, errors: _Errors, low: int, high: int) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value))
    except ValueError:
        errors.add(where, _("%(what)s must be a whole number.") % {"what": what})
        return None
    if not low <= number <= high:
        errors.add(where, _("%(what)s must be from %(low)d to %(high)d (not %(value)d).")
                   % {"what": what, "low": low, "high": high, "value": number})
        return None
    return number


def _choice(value: object, choices, where: str, what: str, errors: _Errors, *, blank: bool = True) -> str:
    text = _text(value, 40)
    if not text and blank:
        return ""
    if text not in choices:
        errors.add(where, _("%(what)s has an unknown value (%(value)s).") % {"what": what, "value": text or "–"})
        return ""
    return text


def _country(value: object, where: str, what: str, errors: _Errors) -> str:
    text = _text(value, 3)
    if not text:
        return ""
    try:
        return normalise_country_code(text)
    except ValidationError as error:
        errors.add(where, f"{what}: {error.messages[0]}")
        return ""


def _language(value: object, where: str, errors: _Errors) -> str:
    text = _text(value, 3)
    if not text:
        return ""
    try:
        return normalise_language_code(text)
    except ValidationError as error:
        errors.add(where, error.messages[0])
        return ""


def _uuid(value: object) -> str | None:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def _competence_clean(raw: dict, where: str, birth_date: datetime.date, on: datetime.date,
                      errors: _Errors) -> dict:
    age = age_on(birth_date, on)
    languages, seen = [], set()
    for skill in (raw.get("languages") or [])[:MAX_LIST]:
        code = _language(skill.get("language") if isinstance(skill, dict) else None, where, errors)
        level = _choice(skill.get("level") if isinstance(skill, dict) else None, LanguageLevel.values, where,
                        _("Language level"), errors, blank=False)
        if code and code in seen:
            errors.add(where, _("The language %(code)s is given twice.") % {"code": code})
        elif code and level:
            seen.add(code)
            languages.append({"language": code, "level": level})
    level = _choice(raw.get("highest_level"), IscedLevel.values, where, _("Highest completed education"), errors)
    years = _int(raw.get("schooling_years"), where, _("Years of schooling"), errors, 0, MAX_SCHOOLING_YEARS)
    if years is not None:
        if years > max(age - SCHOOL_START_AGE, 0):
            errors.add(where, _("%(years)d years of schooling is impossible at the age of %(age)d.")
                       % {"years": years, "age": age})
        elif level == IscedLevel.NONE and years > MAX_YEARS_WITHOUT_SCHOOLING:
            errors.add(where, _("%(years)d years of schooling does not fit “no schooling”.") % {"years": years})
        elif level and years < MIN_SCHOOLING_YEARS[level]:
            errors.add(where, _("%(years)d years of schooling is too few for “%(level)s” (at least %(min)d).")
                       % {"years": years, "level": IscedLevel(level).label, "min": MIN_SCHOOLING_YEARS[level]})
    qualifications = []
    for number, item in enumerate((raw.get("qualifications") or [])[:MAX_LIST], start=1):
        if not isinstance(item, dict):
            continue
        here = f"{where}, " + _("qualification %(n)d") % {"n": number}
        title = _text(item.get("title"), 200)
        if not title:
            errors.add(here, _("The title is missing."))
        year = _int(item.get("year_completed"), here, _("Year completed"), errors, 1940, on.year)
        if year is not None and year < birth_date.year + 10:
            errors.add(here, _("Completed in %(year)d, before the age of 10.") % {"year": year})
        qualifications.append({
            "kind": _choice(item.get("kind"), QualificationKind.values, here, _("Kind"), errors, blank=False),
            "title": title,
            "field": _choice(item.get("field"), FieldOfStudy.values, here, _("Field"), errors),
            "level": _choice(item.get("level"), IscedLevel.values, here, _("Level"), errors),
            "country": _country(item.get("country"), here, _("Country"), errors),
            "year_completed": year, "completed": _bool(item.get("completed", True)),
            "has_document": _bool(item.get("has_document")),
        })
    work = []
    for number, item in enumerate((raw.get("work") or [])[:MAX_LIST], start=1):
        if not isinstance(item, dict):
            continue
        here = f"{where}, " + _("work experience %(n)d") % {"n": number}
        occupation = _text(item.get("occupation"), 10)
        if not re.fullmatch(r"\d{4}", occupation):
            errors.add(here, _("The occupation must be a four-digit STYRK-08 code (not %(value)s).")
                       % {"value": occupation or "–"})
        elif not occupation_exists(occupation):
            errors.add(here, _("%(code)s is not a STYRK-08 occupation code.") % {"code": occupation})
        try:
            work_years = Decimal(str(item.get("years") or "0")).quantize(Decimal("0.1"))
        except (InvalidOperation, ValueError):
            work_years = None
        if work_years is None or not 0 <= work_years <= 60:
            errors.add(here, _("Years of work must be a number from 0 to 60."))
            work_years = Decimal(0)
        elif work_years > max(age - 10, 0):
            errors.add(here, _("%(years)s years of work is impossible at the age of %(age)d.")
                       % {"years": work_years, "age": age})
        work.append({
            "occupation": occupation, "years": str(work_years),
            "sector": _choice(item.get("sector"), Sector.values, here, _("Sector"), errors),
            "country": _country(item.get("country"), here, _("Country"), errors),
            "description": _text(item.get("description"), 300),
        })
    return {
        "languages": languages, "highest_level": level, "schooling_years": years,
        "schooling_country": _country(raw.get("schooling_country"), where, _("Country of schooling"), errors),
        "qualifications": qualifications, "work": work,
        "driving_licence": _choice(raw.get("driving_licence"), DrivingLicence.values, where, _("Driving licence"),
                                   errors),
        "consent_share": _bool(raw.get("consent_share")),
    }


def _member_clean(raw: dict, number: int, on: datetime.date, errors: _Errors) -> dict:
    given, family = _text(raw.get("given_name"), 150), _text(raw.get("family_name"), 150)
    where = _("Person %(n)d") % {"n": number}
    errors.names[where] = f"{given} {family}".strip()
    if not given or not family:
        errors.add(where, _("Both the given name and the family name are needed."))
    birth_date = _date(raw.get("birth_date"), where, _("Date of birth"), errors)
    birth_year_only = False
    if birth_date is None and not raw.get("birth_date"):
        year = _int(raw.get("birth_year"), where, _("Year of birth"), errors, 1900, on.year)
        if year is None and raw.get("birth_year") in (None, ""):
            errors.add(where, _("A date of birth, or at least the year, is needed."))
        if year is not None:
            # Registers put an unknown day of birth on 1 January of the year (as UDI does).
            birth_date, birth_year_only = datetime.date(year, 1, 1), True
    duf = _text(raw.get("duf_number"), 20).replace(" ", "")
    if not duf:
        errors.add(where, _("The DUF number is missing. The directorate registers a person only with an identifier: "
                            "copy it from UNHCR's referral as registered by UDI (see KOMBO.md)."))
    else:
        try:
            duf = normalise_duf_number(duf)
        except ValidationError as error:
            errors.add(where, error.messages[0])
    member = {
        "client_id": _uuid(raw.get("client_id")),
        "relation": _choice(raw.get("relation"), RELATIONS, where, _("Relation"), errors, blank=False),
        "given_name": given, "family_name": family,
        "birth_date": birth_date.isoformat() if birth_date else "", "birth_year_only": birth_year_only,
        "sex": _choice(raw.get("sex") or Person.Sex.UNKNOWN, Person.Sex.values, where, _("Sex"), errors),
        "citizenship": _country(raw.get("citizenship"), where, _("Citizenship"), errors),
        "duf_number": duf, "progres_id": _text(raw.get("progres_id"), 40),
        "competence": None,
    }
    if member["client_id"] is None:
        errors.add(where, _("The record id from the device is missing or broken."))
    competence = raw.get("competence")
    if isinstance(competence, dict) and birth_date is not None:
        if age_on(birth_date, on) < COMPETENCE_FROM_AGE:
            errors.add(where, _("A competence registration is for persons %(age)d and older.")
                       % {"age": COMPETENCE_FROM_AGE})
        else:
            member["competence"] = _competence_clean(competence, where, birth_date, on, errors)
    return member


def _family_check(members: list[dict], errors: _Errors) -> None:
    relations = [member["relation"] for member in members]
    if relations.count("principal") != 1:
        errors.add("", _("A family needs exactly one principal applicant (found %(n)d).")
                   % {"n": relations.count("principal")})
        return
    if relations.count("spouse") > 1:
        errors.add("", _("A family can have only one spouse or partner of the principal applicant."))
    principal = next(member for member in members if member["relation"] == "principal")
    if not principal["birth_date"]:
        return
    born = principal["birth_date"]
    for number, member in enumerate(members, start=1):
        if not member["birth_date"]:
            continue
        name = _("Person %(n)d") % {"n": number}
        if member["relation"] == "child" and member["birth_date"] <= born:
            errors.add(name, _("A child cannot be born before the principal applicant."))
        if member["relation"] == "parent" and member["birth_date"] >= born:
            errors.add(name, _("A parent cannot be born after the principal applicant."))


def record_clean(raw: object, *, known_municipalities: set[str]) -> tuple[dict | None, list[str]]:
    """The record normalised, or None and what is wrong with it."""
    errors = _Errors()
    if not isinstance(raw, dict):
        return None, [_("The record is not readable.")]
    client_id = _uuid(raw.get("client_id"))
    if client_id is None:
        errors.add("", _("The record id from the device is missing or broken."))
    held_on = _date(raw.get("held_on"), "", _("Interview date"), errors) or timezone.localdate()
    members_raw = raw.get("members")
    if not isinstance(members_raw, list) or not members_raw:
        errors.add("", _("The family has no members."))
        members_raw = []
    if len(members_raw) > MAX_MEMBERS:
        errors.add("", _("A family of more than %(n)d persons is not possible here.") % {"n": MAX_MEMBERS})
        members_raw = members_raw[:MAX_MEMBERS]
    members = [_member_clean(member if isinstance(member, dict) else {}, number, held_on, errors)
               for number, member in enumerate(members_raw, start=1)]
    member_ids = [member["client_id"] for member in members if member["client_id"]]
    if len(set(member_ids)) != len(member_ids):
        errors.add("", _("Two persons in the family have the same record id."))
    if members:
        _family_check(members, errors)
        adults = [m for m in members if m["birth_date"]
                  and age_on(datetime.date.fromisoformat(m["birth_date"]), held_on) >= 18]
        if len(members) > 1 and not adults and all(m["birth_date"] for m in members):
            errors.add("", _("A family of minors only: register each child as an unaccompanied minor, "
                             "or add the adult they travel with."))
    interview_raw = raw.get("interview") if isinstance(raw.get("interview"), dict) else {}
    where = _("Interview")
    ties = []
    for number, tie in enumerate((interview_raw.get("network_ties") or [])[:MAX_LIST], start=1):
        if not isinstance(tie, dict):
            continue
        here = f"{where}, " + _("network tie %(n)d") % {"n": number}
        municipality = _text(tie.get("municipality"), 4)
        if municipality not in known_municipalities:
            errors.add(here, _("%(value)s is not a Norwegian municipality number.") % {"value": municipality or "–"})
        ties.append({"municipality": municipality,
                     "relation": _choice(tie.get("relation"), NetworkTie.Relation.values, here, _("Relation"),
                                         errors, blank=False),
                     "note": _text(tie.get("note"), 300)})
    interview = {
        "must_live_together": _bool(interview_raw.get("must_live_together", True)),
        "accessible_dwelling": _bool(interview_raw.get("accessible_dwelling")),
        "rooms_needed": _int(interview_raw.get("rooms_needed"), where, _("Bedrooms needed"), errors, 1, 20),
        "health_needs": _text(interview_raw.get("health_needs")),
        "wishes": _text(interview_raw.get("wishes")),
        "family_situation": _text(interview_raw.get("family_situation")),
        "interpreter_language": _language(interview_raw.get("interpreter_language"), where, errors),
        "network_ties": ties,
    }
    if errors.messages:
        return None, errors.messages
    return {"client_id": client_id, "held_on": held_on.isoformat(), "members": members, "interview": interview}, []


def record_label(raw: object, number: int) -> str:
    """How the report names a record: its number in the file and its principal applicant, when readable."""
    label = _("Record %(n)d") % {"n": number}
    if isinstance(raw, dict) and isinstance(raw.get("members"), list):
        principal = next((m for m in raw["members"] if isinstance(m, dict) and m.get("relation") == "principal"),
                         None)
        if principal:
            label += f" ({_text(principal.get('given_name'), 150)} {_text(principal.get('family_name'), 150)})"
    return label


# The flat form: {key: value} with keys "person.<member id>.<field>", "interview.<field>",
# "competence.<member id>.<field>"; values are JSON values compared with ==.

PERSON_FIELDS = ("given_name", "family_name", "birth_date", "sex", "citizenship", "duf_number")
INTERVIEW_FIELDS = ("must_live_together", "accessible_dwelling", "rooms_needed", "health_needs", "wishes",
                    "family_situation", "interpreter_language", "network_ties")
COMPETENCE_FIELDS = ("languages", "highest_level", "schooling_years", "schooling_country", "qualifications", "work",
                     "driving_licence", "consent_share")


def record_flat(record: dict) -> dict[str, object]:
    flat: dict[str, object] = {}
    for member in record["members"]:
        for field in PERSON_FIELDS:
            flat[f"person.{member['client_id']}.{field}"] = member[field]
        if member["competence"] is not None:
            for field in COMPETENCE_FIELDS:
                flat[f"competence.{member['client_id']}.{field}"] = member["competence"][field]
    for field in INTERVIEW_FIELDS:
        flat[f"interview.{field}"] = record["interview"][field]
    return flat


def known_municipality_numbers() -> set[str]:
    return set(Municipality.objects.values_list("number", flat=True))
