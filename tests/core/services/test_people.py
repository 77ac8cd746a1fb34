import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import AuditEntry, FamilyRelation, Person
from nyinorge.core.roles import Role
from nyinorge.core.services.people import family_relation_add, person_create, person_update

pytestmark = pytest.mark.django_db
BORN = datetime.date(1990, 5, 17)


def create(actor, **kwargs):
    defaults = {"given_name": "Amal", "family_name": "Hassan", "birth_date": BORN}
    return person_create(actor=actor, **(defaults | kwargs))


def test_register_with_national_identity_number_writes_one_audit_entry(caseworker):
    number = synthetic_national_identity_number(BORN, serial=1)
    person = create(caseworker, national_id=number[:6] + " " + number[6:], citizenship="syr", languages=["ara", "EN"])
    assert person.national_id == number and person.duf_number is None
    assert person.citizenship == "SY"
    assert person.languages == ["ar", "en"]
    entries = AuditEntry.objects.filter(person=person)
    assert [(e.action, e.username) for e in entries] == [("create", caseworker.username)]


def test_register_with_duf_number_only(caseworker):
    person = create(caseworker, duf_number="201912345678")
    assert person.identifier == "201912345678" and person.national_id is None


def test_exactly_one_identifier_is_required(caseworker):
    with pytest.raises(ValidationError) as none_given:
        create(caseworker)
    assert "national_id" in none_given.value.message_dict
    with pytest.raises(ValidationError) as both_given:
        create(caseworker, national_id=synthetic_national_identity_number(BORN, serial=2), duf_number="201912345678")
    assert "duf_number" in both_given.value.message_dict
    assert Person.objects.count() == 0


def test_duplicate_identifier_is_refused_with_the_number(caseworker):
    number = synthetic_national_identity_number(BORN, serial=3)
    create(caseworker, national_id=number)
    with pytest.raises(ValidationError) as duplicate:
        create(caseworker, national_id=number, given_name="Other")
    assert number in duplicate.value.message_dict["national_id"][0]
    create(caseworker, duf_number="202000000001")
    with pytest.raises(ValidationError) as duplicate_duf:
        create(caseworker, duf_number="2020 0000 0001")
    assert "202000000001" in duplicate_duf.value.message_dict["duf_number"][0]
    assert Person.objects.count() == 2


def test_database_refuses_a_person_without_exactly_one_identifier():
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(given_name="A", family_name="B", birth_date=BORN)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(given_name="A", family_name="B", birth_date=BORN, national_id="1", duf_number="2")


def test_birth_date_must_match_the_identity_number(caseworker):
    number = synthetic_national_identity_number(BORN, serial=4)
    with pytest.raises(ValidationError) as mismatch:
        create(caseworker, national_id=number, birth_date=datetime.date(1991, 5, 17))
    assert "birth_date" in mismatch.value.message_dict


@pytest.mark.parametrize(
    ("field", "value"),
    [("citizenship", "QQ"), ("languages", ["xx1"]), ("email", "not-an-email"), ("sex", "other")],
)
def test_bad_details_are_refused_per_field(caseworker, field, value):
    with pytest.raises(ValidationError) as refused:
        create(caseworker, duf_number="201900000009", **{field: value})
    assert field in refused.value.message_dict


def test_future_birth_date_is_refused(caseworker):
    with pytest.raises(ValidationError) as refused:
        create(caseworker, duf_number="201900000010", birth_date=datetime.date.today() + datetime.timedelta(days=1))
    assert "birth_date" in refused.value.message_dict


def test_only_editors_may_register(make_user, municipality_org):
    oslo_user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))
    with pytest.raises(PermissionDenied):
        create(oslo_user, duf_number="201900000011")


def test_update_audits_the_changed_field_names_not_values(caseworker, make_person):
    person = make_person(phone="")
    person_update(actor=caseworker, person=person, phone="+47 900 00 000", given_name="Test")
    entry = AuditEntry.objects.filter(person=person, action="update").get()
    assert entry.detail == "fields: phone"
    assert "900" not in entry.detail
    person_update(actor=caseworker, person=person, phone="+47 900 00 000")
    assert AuditEntry.objects.filter(person=person, action="update").count() == 1


def test_update_cannot_take_another_persons_identifier(caseworker, make_person):
    first, second = make_person(), make_person()
    with pytest.raises(ValidationError):
        person_update(actor=caseworker, person=second, national_id=first.national_id)
    second.refresh_from_db()
    assert second.national_id != first.national_id


def test_symmetric_relations_are_stored_once(caseworker, make_person):
    a, b = make_person(), make_person()
    family_relation_add(actor=caseworker, person=b, relative=a, kind="spouse")
    with pytest.raises(ValidationError):
        family_relation_add(actor=caseworker, person=a, relative=b, kind="spouse")
    assert FamilyRelation.objects.count() == 1


def test_parent_relations_cannot_be_circular_or_to_self(caseworker, make_person):
    parent, child = make_person(), make_person(birth_date=datetime.date(2015, 1, 1))
    family_relation_add(actor=caseworker, person=parent, relative=child, kind="parent")
    with pytest.raises(ValidationError):
        family_relation_add(actor=caseworker, person=child, relative=parent, kind="parent")
    with pytest.raises(ValidationError):
        family_relation_add(actor=caseworker, person=parent, relative=parent, kind="sibling")
