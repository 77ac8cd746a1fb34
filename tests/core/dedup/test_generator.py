"""The synthetic registry: known truth at the documented rate, valid identifiers, the noise and hard negatives."""

import collections

import pytest
from stdnum.no import fodselsnummer

from nyinorge.synthetic.duplicates import generate, ordered


@pytest.fixture(scope="module")
def registry():
    return generate(persons=20_000, seed=5)


def test_same_seed_same_data():
    assert generate(persons=500, seed=2).records == generate(persons=500, seed=2).records
    assert generate(persons=500, seed=2).records != generate(persons=500, seed=3).records


def test_truth_matches_the_documented_rate(registry):
    persons = collections.Counter(registry.truth)
    assert len(persons) == 20_000
    duplicated = sum(1 for count in persons.values() if count > 1)
    assert 0.035 <= duplicated / 20_000 <= 0.05
    assert max(persons.values()) <= 3
    assert len(registry.records) == 20_000 + registry.stats["duplicate_records"]
    assert len({record.id for record in registry.records}) == len(registry.records)


def test_identifiers_are_valid(registry):
    for record in registry.records:
        if record.national_id:
            assert fodselsnummer.is_valid(record.national_id)  # fødselsnummer or D number, check digits and date
        if record.duf_number:
            assert len(record.duf_number) == 12 and 2015 <= int(record.duf_number[:4]) <= 2025


def test_duplicates_are_noisy_and_hard_negatives_exist(registry):
    by_person = collections.defaultdict(list)
    for record, person in zip(registry.records, registry.truth, strict=True):
        by_person[person].append(record)
    groups = [records for records in by_person.values() if len(records) > 1]
    differing_names = sum(1 for g in groups if len({(r.given_name, r.family_name) for r in g}) > 1)
    scripts = sum(1 for g in groups for r in g if not (r.given_name + r.family_name).isascii())
    missing_duf = sum(1 for g in groups for r in g if not r.duf_number)
    assert differing_names / len(groups) > 0.4
    assert scripts > 0 and missing_duf > 0
    # twins: same family name and birth date, other given name, different persons
    by_key = collections.defaultdict(set)
    for record, person in zip(registry.records, registry.truth, strict=True):
        by_key[(record.family_name, record.birth_date, record.reception_centre)].add(person)
    assert any(len(persons) > 1 for persons in by_key.values())
    assert registry.stats["namesakes"] > 100


def test_true_pairs_are_ordered_and_complete(registry):
    pairs = registry.true_pairs()
    assert all(pair == ordered(*pair) for pair in pairs)
    persons = collections.Counter(registry.truth)
    assert len(pairs) == sum(n * (n - 1) // 2 for n in persons.values())


def test_a_national_id_belongs_to_one_person(registry):
    owners = collections.defaultdict(set)
    for record, person in zip(registry.records, registry.truth, strict=True):
        if record.national_id:
            owners[record.national_id].add(person)
    assert all(len(persons) == 1 for persons in owners.values())
    dufs = collections.defaultdict(set)
    for record, person in zip(registry.records, registry.truth, strict=True):
        if record.duf_number:
            dufs[record.duf_number].add(person)
    assert all(len(persons) == 1 for persons in dufs.values())
