"""Fake external sources for development and tests: deterministic answers derived from the person number.

Every valid number gets the same made-up person each time (name, address in one of ten municipalities,
sometimes an education, test or authorisation), so `make run` demonstrates prefilling and the reviewer's
comparison without any real register. Tests set exact answers with `FakeSources.set_*` and switch a source
off with `FakeSources.unavailable`.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from nyinorge.interpreters.sources.base import (
    ContactRecord,
    EducationRecord,
    ExternalSources,
    PopulationRecord,
    QualificationKind,
    QualificationResult,
    SourceUnavailable,
)

GIVEN_NAMES = ["Amina", "Yonas", "Fatima", "Ahmad", "Hodan", "Tesfay", "Maryam", "Kamal", "Agnieszka", "Dawit",
               "Layla", "Omid", "Samira", "Piotr", "Nasra", "Hassan", "Zahra", "Bilal", "Ewa", "Selam"]
FAMILY_NAMES = ["Haddad", "Tesfamariam", "Warsame", "Rahimi", "Kowalska", "Ahmadi", "Mohamud", "Gebremedhin",
                "Nowak", "Karimi", "Hussein", "Abdi", "Said", "Yilmaz", "Osman", "Berhane", "Jama", "Farah"]
STREETS = ["Storgata", "Kirkeveien", "Parkveien", "Skoleveien", "Fjordgata", "Solveien", "Bjørkelia", "Havnegata"]
# (municipality number, postal code, postal town) for the 2020 municipalities.
PLACES = [("0301", "0182", "OSLO"), ("4601", "5003", "BERGEN"), ("5001", "7011", "TRONDHEIM"),
          ("1103", "4006", "STAVANGER"), ("3005", "3015", "DRAMMEN"), ("5401", "9008", "TROMSØ"),
          ("4204", "4610", "KRISTIANSAND"), ("1804", "8006", "BODØ"), ("3024", "1337", "SANDVIKA"),
          ("1108", "4306", "SANDNES")]
LANGUAGES = ["ar", "ti", "so", "fa", "prs", "pl", "ps", "ckb", "ru", "uk", "tr", "am"]
EDUCATION_INSTITUTIONS = ["OsloMet – storbyuniversitetet", "Høgskulen på Vestlandet", "Universitetet i Agder"]
OSLOMET = "OsloMet – storbyuniversitetet"


def _draw(person_number: str, salt: str, modulus: int) -> int:
    digest = hashlib.sha256(f"{salt}:{person_number}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % modulus


def _generated_person(person_number: str) -> PopulationRecord | None:
    if _draw(person_number, "missing", 50) == 0:  # about one in fifty is "not in the register"
        return None
    municipality, postal_code, town = PLACES[_draw(person_number, "place", len(PLACES))]
    protected = _draw(person_number, "protected", 40) == 0
    return PopulationRecord(
        person_number=person_number,
        given_name=GIVEN_NAMES[_draw(person_number, "given", len(GIVEN_NAMES))],
        family_name=FAMILY_NAMES[_draw(person_number, "family", len(FAMILY_NAMES))],
        address_line="" if protected else f"{STREETS[_draw(person_number, 'street', len(STREETS))]} "
                                          f"{1 + _draw(person_number, 'house', 120)}",
        postal_code="" if protected else postal_code,
        postal_town="" if protected else town,
        municipality_number="" if protected else municipality,
        address_protected=protected,
    )


def _generated_languages(person_number: str) -> list[str]:
    first = LANGUAGES[_draw(person_number, "language1", len(LANGUAGES))]
    second = LANGUAGES[_draw(person_number, "language2", len(LANGUAGES))]
    return [first] if second == first else [first, second]


def _generated_education(person_number: str) -> list[EducationRecord]:
    if _draw(person_number, "education", 3) != 0:
        return []
    language = _generated_languages(person_number)[0]
    year = 2010 + _draw(person_number, "education-year", 14)
    return [EducationRecord(
        institution=EDUCATION_INSTITUTIONS[_draw(person_number, "institution", len(EDUCATION_INSTITUTIONS))],
        programme="Tolking i offentlig sektor", credits=30 if _draw(person_number, "credits", 3) else 60,
        language=language, completed_on=datetime.date(year, 6, 15))]


def _generated_results(person_number: str) -> list[QualificationResult]:
    results = []
    languages = _generated_languages(person_number)
    year = 2008 + _draw(person_number, "result-year", 15)
    if _draw(person_number, "course", 4) != 0:
        results.append(QualificationResult(QualificationKind.ETHICS_COURSE, True, datetime.date(year, 3, 1)))
    for language in languages:
        passed = _draw(person_number, f"test-{language}", 4) != 0
        results.append(QualificationResult(QualificationKind.BILINGUAL_TEST, passed, datetime.date(year, 5, 20),
                                           language=language))
    if _draw(person_number, "authorisation", 5) == 0:
        results.append(QualificationResult(QualificationKind.AUTHORISATION, True, datetime.date(year + 2, 11, 10),
                                           language=languages[0]))
    return results


@dataclass
class FakeSources:
    """All four sources in one object, with per-test overrides and switches that make a source fail."""

    people: dict[str, PopulationRecord | None] = field(default_factory=dict)
    contacts: dict[str, ContactRecord | None] = field(default_factory=dict)
    educations: dict[str, list[EducationRecord]] = field(default_factory=dict)
    qualification_results: dict[str, list[QualificationResult]] = field(default_factory=dict)
    unavailable: set[str] = field(default_factory=set)  # names: population, contact, diplomas, university
    calls: list[tuple[str, str]] = field(default_factory=list)

    def _ask(self, source: str, person_number: str) -> None:
        self.calls.append((source, person_number))
        if source in self.unavailable:
            raise SourceUnavailable(f"the fake {source} source is switched off")

    def reset(self) -> None:
        """Forget overrides, failures and calls (tests call this between cases)."""
        self.people.clear()
        self.contacts.clear()
        self.educations.clear()
        self.qualification_results.clear()
        self.unavailable.clear()
        self.calls.clear()

    def person(self, person_number: str) -> PopulationRecord | None:
        self._ask("population", person_number)
        if person_number in self.people:
            return self.people[person_number]
        return _generated_person(person_number)

    def contact(self, person_number: str) -> ContactRecord | None:
        self._ask("contact", person_number)
        if person_number in self.contacts:
            return self.contacts[person_number]
        person = self.people.get(person_number) or _generated_person(person_number)
        if person is None:
            return None
        local = f"{person.given_name}.{person.family_name}".lower()
        return ContactRecord(email=f"{local}@example.org", phone=f"+47 4{_draw(person_number, 'phone', 10**7):07d}")

    def education(self, person_number: str) -> list[EducationRecord]:
        self._ask("diplomas", person_number)
        if person_number in self.educations:
            return list(self.educations[person_number])
        return _generated_education(person_number)

    def results(self, person_number: str) -> list[QualificationResult]:
        self._ask("university", person_number)
        if person_number in self.qualification_results:
            return list(self.qualification_results[person_number])
        return _generated_results(person_number)


_FAKE = FakeSources()


def fake_sources() -> ExternalSources:
    """The one shared fake behind all four interfaces (tests reach it through `the_fake()`)."""
    return ExternalSources(population=_FAKE, contact=_FAKE, diplomas=_FAKE, university=_FAKE, name="fake")


def the_fake() -> FakeSources:
    """The shared fake, for tests that set answers or switch sources off."""
    return _FAKE
