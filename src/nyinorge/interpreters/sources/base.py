"""The interface every implementation of the external sources provides, and the setting that picks one."""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


class SourceUnavailable(Exception):
    """The source could not be asked (not connected, timeout, error); the caller carries on without it."""


@dataclass(frozen=True)
class PopulationRecord:
    """What the population register (Folkeregisteret) says about a person."""

    person_number: str
    given_name: str
    family_name: str
    # Empty when the address is protected (adressebeskyttelse): then it must not be shown or published.
    address_line: str = ""
    postal_code: str = ""
    postal_town: str = ""
    municipality_number: str = ""
    address_protected: bool = False
    deceased: bool = False


@dataclass(frozen=True)
class ContactRecord:
    """The contact register's (Kontakt- og reservasjonsregisteret) email and mobile number."""

    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class EducationRecord:
    """One completed education from the diploma portal (Vitnemålsportalen)."""

    institution: str
    programme: str
    credits: int
    language: str  # ISO 639 code of the working language the education interprets
    completed_on: datetime.date
    variant: str = ""


class QualificationKind(StrEnum):
    AUTHORISATION = "authorisation"
    BILINGUAL_TEST = "bilingual_test"
    ETHICS_COURSE = "ethics_course"


@dataclass(frozen=True)
class QualificationResult:
    """One result from the university that runs authorisation, the bilingual test and the ethics course (OsloMet)."""

    kind: QualificationKind
    passed: bool
    result_date: datetime.date
    language: str = ""  # empty for the ethics course, which is not per language
    variant: str = ""
    valid_until: datetime.date | None = None


class PopulationRegister(Protocol):
    def person(self, person_number: str) -> PopulationRecord | None:
        """The person, or None if the number is not in the register; SourceUnavailable on failure."""


class ContactRegister(Protocol):
    def contact(self, person_number: str) -> ContactRecord | None:
        """The person's registered contact data, or None; SourceUnavailable on failure."""


class DiplomaPortal(Protocol):
    def education(self, person_number: str) -> list[EducationRecord]:
        """Completed interpreting educations; SourceUnavailable on failure."""


class UniversityResults(Protocol):
    def results(self, person_number: str) -> list[QualificationResult]:
        """Authorisation, bilingual-test and ethics-course results, passed or not; SourceUnavailable on failure."""


@dataclass(frozen=True)
class ExternalSources:
    population: PopulationRegister
    contact: ContactRegister
    diplomas: DiplomaPortal
    university: UniversityResults
    name: str = field(default="")


class _Unconnected:
    """Every lookup fails: used where no real source is connected, so applicants and reviewers type the data."""

    def _fail(self, *args, **kwargs):
        raise SourceUnavailable("no source is connected (setting INTERPRETER_SOURCES is 'none')")

    person = contact = education = results = _fail


def unconnected_sources() -> ExternalSources:
    """Sources that are all unavailable."""
    unconnected = _Unconnected()
    return ExternalSources(unconnected, unconnected, unconnected, unconnected, name="none")


@cache
def _configured(value: str) -> ExternalSources:
    if value == "fake":
        from nyinorge.interpreters.sources.fakes import fake_sources

        return fake_sources()
    if value == "none":
        return unconnected_sources()
    try:
        factory = import_string(value)
    except ImportError as error:
        raise ImproperlyConfigured(f"INTERPRETER_SOURCES={value!r}: {error}") from error
    sources = factory()
    if not isinstance(sources, ExternalSources):
        raise ImproperlyConfigured(f"INTERPRETER_SOURCES={value!r} must return ExternalSources")
    return sources


def external_sources() -> ExternalSources:
    """The implementation the setting INTERPRETER_SOURCES names ("fake", "none" or a dotted factory path)."""
    return _configured(getattr(settings, "INTERPRETER_SOURCES", "none"))
