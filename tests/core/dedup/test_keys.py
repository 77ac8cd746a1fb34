"""Blocking keys: few per person, selective, the same for variants of one person."""

import collections
import datetime

import pytest

from nyinorge.core.dedup.keys import candidate_keys
from nyinorge.core.dedup.records import PersonRecord
from nyinorge.synthetic.duplicates import generate


def person(**fields):
    base = {"id": "1", "given_name": "Mohammed", "family_name": "Ahmed", "birth_date": datetime.date(1990, 1, 1)}
    return PersonRecord(**(base | fields))


def test_variants_share_a_key():
    keys = set(candidate_keys(person()))
    for variant in (person(given_name="محمد", family_name="أحمد"), person(given_name="Ahmad", family_name="Muhammad"),
                    person(given_name="Mohamed", family_name="Ahmet"),  # typo in one token
                    person(birth_date=datetime.date(1991, 1, 1)),  # estimated year, one off
                    person(given_name="Maxamed", family_name="Axmed", birth_date=datetime.date(1990, 5, 3))):
        assert keys & set(candidate_keys(variant)), variant


def test_identifiers_are_keys():
    keys = candidate_keys(person(duf_number="2016 1234 5678", national_id="01019012345"))
    assert "d:201612345678" in keys and "n:01019012345" in keys


def test_at_most_eight_keys():
    record = person(given_name="Abdirahman Mohamed", family_name="Ali Hassan", duf_number="201612345678",
                    national_id="01019012345")
    assert len(candidate_keys(record)) <= 8


@pytest.mark.parametrize("given,family", [("", ""), ("  ", "--")])
def test_empty_names_give_only_identifier_keys(given, family):
    assert candidate_keys(person(given_name=given, family_name=family)) == []
    assert candidate_keys(person(given_name=given, family_name=family, duf_number="201612345678")) == [
        "d:201612345678"]


def test_no_birth_date_still_blocks_on_the_name():
    keys = candidate_keys(person(birth_date=None, citizenship="sy"))
    assert keys and all(key.startswith("x:") for key in keys)


@pytest.mark.slow
def test_keys_stay_selective_in_a_large_registry():
    """A common name born on 1 January: the candidates sharing any key stay a few hundred at 200,000 persons."""
    registry = generate(persons=200_000, seed=3)
    counts = collections.Counter(key for record in registry.records for key in candidate_keys(record))
    probe = person(given_name="Mohammed", family_name="Ahmed", birth_date=datetime.date(1990, 1, 1))
    candidates = sum(counts[key] for key in candidate_keys(probe))
    assert candidates < 300
    assert max(counts.values()) < 2000
