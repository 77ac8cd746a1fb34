"""Interpreters: creation, changes, status table with history, and the public listing that follows consent."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import AuditEntry, Municipality
from nyinorge.core.roles import Role
from nyinorge.interpreters.models import Interpreter, Listing, StatusChange
from nyinorge.interpreters.services.register import (
    interpreter_create, interpreter_language_add, interpreter_set_status, interpreter_update,
)

pytestmark = pytest.mark.django_db


def test_only_listed_interpreters_with_a_category_have_public_listings(make_interpreter, approve, officer):
    interpreter = make_interpreter()
    approve(interpreter, "authorisation", "ar")
    interpreter_language_add(actor=officer, interpreter=interpreter, language="ti")  # no evidence: no category
    assert not Listing.objects.exists()  # still an applicant
    interpreter_set_status(actor=officer, interpreter=interpreter, status="active")
    assert list(Listing.objects.values_list("language", "category")) == [("ar", "C")]
    interpreter_set_status(actor=officer, interpreter=interpreter, status="suspended", reason="Klage fra sykehus")
    assert not Listing.objects.exists()
    interpreter.refresh_from_db()
    assert interpreter.suspended_reason == "Klage fra sykehus"
    interpreter_set_status(actor=officer, interpreter=interpreter, status="active")
    assert Listing.objects.count() == 1
    assert list(StatusChange.objects.filter(interpreter=interpreter).values_list("from_status", "to_status")) == [
        ("applicant", "active"), ("active", "suspended"), ("suspended", "active")]
    assert AuditEntry.objects.filter(object_id=str(interpreter.pk), detail__startswith="status active → suspended").exists()


def test_status_rules(make_interpreter, approve, officer):
    interpreter = make_interpreter()
    with pytest.raises(ValidationError, match="ingen kategori"):
        interpreter_set_status(actor=officer, interpreter=interpreter, status="active")
    with pytest.raises(ValidationError):
        interpreter_set_status(actor=officer, interpreter=interpreter, status="suspended", reason="x")  # not listed yet
    with pytest.raises(ValidationError):
        interpreter_set_status(actor=officer, interpreter=interpreter, status="famous")
    approve(interpreter, "authorisation", "ar")
    interpreter_set_status(actor=officer, interpreter=interpreter, status="active")
    with pytest.raises(ValidationError) as error:
        interpreter_set_status(actor=officer, interpreter=interpreter, status="suspended", reason=" ")
    assert "reason" in error.value.message_dict


def test_an_interpreter_may_withdraw_but_not_list_themself(make_interpreter, make_user, approve):
    login = make_user(Role.ANALYST)
    interpreter = make_interpreter(user=login)
    approve(interpreter, "authorisation", "ar")
    with pytest.raises(PermissionDenied):
        interpreter_set_status(actor=login, interpreter=interpreter, status="active")
    assert interpreter_set_status(actor=login, interpreter=interpreter, status="withdrawn").status == "withdrawn"


def test_others_may_not_change_an_interpreter(make_interpreter, make_user, municipality_org):
    interpreter = make_interpreter()
    stranger = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))
    with pytest.raises(PermissionDenied):
        interpreter_update(actor=stranger, interpreter=interpreter, phone="99999999")
    with pytest.raises(PermissionDenied):
        interpreter_create(actor=stranger, given_name="A", family_name="B")


def test_self_registration_and_one_interpreter_per_login(make_user):
    login = make_user(Role.ANALYST)
    interpreter = interpreter_create(actor=login, user=login, given_name=" Amal ", family_name="Haddad")
    assert (interpreter.given_name, interpreter.status) == ("Amal", "applicant")
    with pytest.raises(ValidationError, match="tilhører allerede"):
        interpreter_create(actor=login, user=login, given_name="Amal", family_name="Haddad")


def test_identity_number_is_checked_and_unique(make_interpreter):
    with pytest.raises(ValidationError) as error:
        make_interpreter(person_number="12345678901")
    assert "person_number" in error.value.message_dict
    import datetime

    number = synthetic_national_identity_number(datetime.date(1980, 2, 3), serial=5)
    make_interpreter(person_number=number)
    with pytest.raises(ValidationError, match="allerede registrert"):
        make_interpreter(person_number=number)
    assert Interpreter.objects.filter(person_number=number).count() == 1


def test_publishing_needs_the_detail_it_publishes(make_interpreter):
    with pytest.raises(ValidationError) as error:
        make_interpreter(publish_email=True, publish_phone=True, publish_municipality=True)
    assert set(error.value.message_dict) == {"publish_email", "publish_phone", "publish_municipality"}


def test_the_listing_holds_only_consented_fields_and_follows_changes(listed, officer):
    interpreter = listed("ar", "so", municipality="4601", email="tolk@example.no", phone="+47 900 00 000")
    rows = list(Listing.objects.filter(interpreter=interpreter).values("email", "phone", "municipality", "county"))
    assert rows == [{"email": "", "phone": "", "municipality": None, "county": None}] * 2
    interpreter_update(actor=officer, interpreter=interpreter, publish_email=True, publish_municipality=True)
    assert set(Listing.objects.values_list("email", "phone", "municipality", "county")) == {
        ("tolk@example.no", "", "4601", "46")}
    interpreter_update(actor=officer, interpreter=interpreter, municipality=Municipality.objects.get(number="0301"),
                       family_name="Nyttnavn")
    assert set(Listing.objects.values_list("municipality", "county", "name")) == {("0301", "03", f"{interpreter.given_name} Nyttnavn")}
    entry = AuditEntry.objects.filter(object_id=str(interpreter.pk)).first()
    assert entry.detail == "changed: municipality, family_name"


def test_update_refuses_unknown_fields(make_interpreter, officer):
    with pytest.raises(ValidationError, match="status"):
        interpreter_update(actor=officer, interpreter=make_interpreter(), status="active")


def test_unknown_language_is_refused(make_interpreter, officer):
    with pytest.raises(ValidationError):
        interpreter_language_add(actor=officer, interpreter=make_interpreter(), language="tlh")
