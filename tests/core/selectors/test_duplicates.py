"""The de-duplication selector: records built from the registry, and the registration-time lookup through the
candidate index (visibility, decisions remembered, the person themself never a candidate)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nyinorge.core.dedup.records import PersonRecord
from nyinorge.core.models import AuditEntry, DuplicatePair, Person, PersonMatchKey
from nyinorge.core.roles import Role
from nyinorge.core.selectors.duplicates import duplicates_for_new, person_record, person_records, record_of
from nyinorge.core.services.people import family_relation_add, person_update
from nyinorge.settlement.services.cases import case_create

pytestmark = pytest.mark.django_db
BORN = datetime.date(1986, 4, 3)


def _new(given="Mohammed", family="Abdullahi", born=BORN, **extra) -> PersonRecord:
    return PersonRecord(id="", given_name=given, family_name=family, birth_date=born, sex="male", citizenship="SO",
                        **extra)


@pytest.fixture
def mohammed(make_person):
    return make_person(given_name="Muhammad", family_name="Abdullahi", birth_date=BORN, sex="male", citizenship="SO")


def test_records_of_the_registry_carry_relatives_and_take_a_few_queries(make_person, caseworker):
    people = [make_person(given_name=f"Given{i}", family_name="Family", birth_date=BORN) for i in range(6)]
    family_relation_add(actor=caseworker, person=people[0], relative=people[1], kind="spouse")
    with CaptureQueriesContext(connection) as queries:
        records = {r.id: r for r in person_records(Person.objects.all(), chunk=4)}
    assert len(records) == 6 and len(queries) <= 2 * 4 + 1  # per chunk: persons, two relation lookups, permits
    assert records[str(people[0].pk)].relatives == ("Given1",)
    assert records[str(people[1].pk)].relatives == ("Given0",)
    assert person_record(people[0]).relatives == ("Given1",)
    assert records[str(people[2].pk)].national_id == people[2].national_id


def test_the_candidate_index_follows_the_person_write_services(mohammed, caseworker):
    keys = set(PersonMatchKey.objects.filter(person=mohammed).values_list("key", flat=True))
    assert keys
    person_update(actor=caseworker, person=mohammed, family_name="Hassan")
    assert set(PersonMatchKey.objects.filter(person=mohammed).values_list("key", flat=True)) != keys


def test_a_transliterated_name_is_found_with_reasons_and_audited(mohammed, caseworker):
    found = duplicates_for_new(actor=caseworker, record=_new())
    assert [candidate.person for candidate in found] == [mohammed]
    assert found[0].score.match_probability >= 0.5 and found[0].score.reasons
    entry = AuditEntry.objects.filter(object_type="core.person.duplicates").latest("pk")
    assert entry.user == caseworker and list(entry.subjects.values_list("person_id", flat=True)) == [mohammed.pk]


def test_someone_else_is_not_a_candidate(mohammed, caseworker):
    assert duplicates_for_new(actor=caseworker, record=_new("Senait", "Tesfay", datetime.date(1999, 9, 9))) == []


def test_a_person_the_actor_may_not_see_is_never_a_candidate(mohammed, make_user, reception_centre, caseworker):
    centre = reception_centre()
    staff = make_user(Role.RECEPTION_STAFF, organisation=centre)
    assert duplicates_for_new(actor=staff, record=_new()) == []  # not a resident of the centre
    case_create(actor=caseworker, category="reception", members=[mohammed], shielded_identity=True,
                decision_date=datetime.date(2019, 1, 20))
    assert duplicates_for_new(actor=caseworker, record=_new()) == []  # shielded


def test_an_existing_person_is_not_their_own_duplicate_and_a_decision_is_remembered(mohammed, make_person, caseworker):
    other = make_person(given_name="Mohamed", family_name="Abdulahi", birth_date=BORN, sex="male", citizenship="SO")
    assert [c.person for c in duplicates_for_new(actor=caseworker, record=record_of(other))] == [mohammed]
    a, b = sorted((mohammed.pk, other.pk))
    DuplicatePair.objects.create(person_a_id=a, person_b_id=b, match_weight=10, match_probability=0.99,
                                 found_by="batch", status=DuplicatePair.Status.DIFFERENT)
    assert duplicates_for_new(actor=caseworker, record=record_of(other)) == []


def test_arabic_script_is_matched_and_kept(make_person, caseworker):
    person = make_person(given_name="محمد", family_name="عبدالله", birth_date=BORN, sex="male", citizenship="SO")
    assert Person.objects.get(pk=person.pk).given_name == "محمد"
    found = duplicates_for_new(actor=caseworker, record=_new("Mohammed", "Abdullah"))
    assert [c.person for c in found] == [person]
