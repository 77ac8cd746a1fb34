"""External sources: one interface, the setting picks the implementation, the fakes are deterministic."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.interpreters.sources import (
    ExternalSources,
    PopulationRecord,
    QualificationKind,
    SourceUnavailable,
    external_sources,
)
from nyinorge.interpreters.sources.base import unconnected_sources
from nyinorge.interpreters.sources.fakes import PLACES, the_fake

NUMBER = synthetic_national_identity_number(datetime.date(1985, 3, 14), serial=7)


@pytest.fixture(autouse=True)
def fresh_fake():
    the_fake().reset()
    yield the_fake()
    the_fake().reset()


def custom_sources() -> ExternalSources:
    """A factory a deployment could name in INTERPRETER_SOURCES."""
    sources = unconnected_sources()
    return ExternalSources(sources.population, sources.contact, sources.diplomas, sources.university, name="custom")


def not_sources():
    return object()


def test_the_setting_picks_the_implementation(settings):
    settings.INTERPRETER_SOURCES = "fake"
    assert external_sources().name == "fake"
    settings.INTERPRETER_SOURCES = "none"
    assert external_sources().name == "none"
    settings.INTERPRETER_SOURCES = "tests.interpreters.test_sources.custom_sources"
    assert external_sources().name == "custom"
    settings.INTERPRETER_SOURCES = "tests.interpreters.test_sources.no_such_factory"
    with pytest.raises(ImproperlyConfigured):
        external_sources()
    settings.INTERPRETER_SOURCES = "tests.interpreters.test_sources.not_sources"
    with pytest.raises(ImproperlyConfigured):
        external_sources()


def test_unconnected_sources_are_unavailable_not_empty(settings):
    settings.INTERPRETER_SOURCES = "none"
    sources = external_sources()
    for ask in (sources.population.person, sources.contact.contact, sources.diplomas.education,
                sources.university.results):
        with pytest.raises(SourceUnavailable):
            ask(NUMBER)


def test_fake_answers_are_the_same_each_time_and_plausible(settings):
    settings.INTERPRETER_SOURCES = "fake"
    sources = external_sources()
    person = sources.population.person(NUMBER)
    assert person == sources.population.person(NUMBER)
    if person is not None:
        assert person.given_name and person.family_name
        assert person.address_protected or person.municipality_number in {place[0] for place in PLACES}
    assert sources.university.results(NUMBER) == sources.university.results(NUMBER)
    assert sources.diplomas.education(NUMBER) == sources.diplomas.education(NUMBER)
    # Over many people the fakes give a mix: some educated, some authorised, some not in the register.
    numbers = [synthetic_national_identity_number(datetime.date(1970 + i % 30, 1 + i % 12, 1 + i % 28), serial=i % 50)
               for i in range(300)]
    people = [sources.population.person(n) for n in numbers]
    assert 0 < sum(p is None for p in people) < 30
    assert any(p and p.address_protected for p in people)
    assert 30 < sum(bool(sources.diplomas.education(n)) for n in numbers) < 200
    kinds = {r.kind for n in numbers for r in sources.university.results(n)}
    assert kinds == set(QualificationKind)


def test_fake_overrides_and_failures(settings):
    settings.INTERPRETER_SOURCES = "fake"
    fake = the_fake()
    fake.people[NUMBER] = PopulationRecord(NUMBER, "Test", "Testesen", "Gata 1", "0150", "OSLO", "0301")
    fake.unavailable.add("diplomas")
    sources = external_sources()
    assert sources.population.person(NUMBER).family_name == "Testesen"
    assert sources.contact.contact(NUMBER).email == "test.testesen@example.org"
    with pytest.raises(SourceUnavailable):
        sources.diplomas.education(NUMBER)
    assert ("population", NUMBER) in fake.calls
