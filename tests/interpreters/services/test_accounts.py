"""Interpreter logins: prefilled from the population and contact registers, refused with clear reasons."""

import pytest
from django.core.exceptions import ValidationError

from nyinorge.core.models import AuditEntry, User
from nyinorge.interpreters.models import Interpreter
from nyinorge.interpreters.services.accounts import interpreter_account_create
from nyinorge.interpreters.sources import PopulationRecord
from tests.interpreters.apply_fixtures import *  # noqa: F403
from tests.interpreters.apply_fixtures import PASSWORD, new_number

pytestmark = pytest.mark.django_db


def test_signup_prefills_from_the_registers(applicant):
    assert (applicant.given_name, applicant.family_name, applicant.municipality_id) == ("Amina", "Haddad", "0301")
    assert applicant.phone == "+47 40000000"
    assert applicant.status == Interpreter.Status.APPLICANT
    user = applicant.user
    assert user.organisation is None and not user.roles and user.check_password(PASSWORD)
    lookup = AuditEntry.objects.get(object_type="interpreters.source_lookup", object_id=str(applicant.pk))
    assert lookup.user_id == user.pk and lookup.action == "view"
    assert AuditEntry.objects.filter(object_type="interpreters.interpreter", object_id=str(applicant.pk),
                                     action="create").exists()


def test_a_protected_address_is_not_used(make_applicant):
    interpreter = make_applicant(address_protected=True)
    assert interpreter.municipality is None


@pytest.mark.parametrize("problem", ["not_in_register", "register_down", "deceased", "bad_number", "weak_password"])
def test_refusals_say_why_and_create_nothing(fake_sources, problem):
    number = new_number()
    password = PASSWORD
    if problem == "not_in_register":
        fake_sources.people[number] = None
    elif problem == "register_down":
        fake_sources.unavailable.add("population")
    elif problem == "deceased":
        fake_sources.people[number] = PopulationRecord(number, "A", "B", deceased=True)
    elif problem == "bad_number":
        number = number[:-1] + str((int(number[-1]) + 1) % 10)
    elif problem == "weak_password":
        fake_sources.people[number] = PopulationRecord(number, "A", "B")
        password = "short"
    users_before = User.objects.count()
    with pytest.raises(ValidationError) as refused:
        interpreter_account_create(person_number=number, email="x@example.org", password=password)
    field = "password" if problem == "weak_password" else "person_number"
    assert refused.value.message_dict[field]
    assert User.objects.count() == users_before
    assert not Interpreter.objects.filter(person_number=number).exists()


def test_one_login_per_person_and_per_address(applicant):
    with pytest.raises(ValidationError) as refused:
        interpreter_account_create(person_number=applicant.person_number, email="new@example.org", password=PASSWORD)
    assert "person_number" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        interpreter_account_create(person_number=new_number(), email=applicant.user.email.upper(), password=PASSWORD)
    assert "email" in refused.value.message_dict
