"""Fixtures for the application, review and notice tests (imported by those modules, beside the register fixtures in conftest.py)."""

import datetime
import itertools

import pytest

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.roles import Role
from nyinorge.interpreters.models import Interpreter
from nyinorge.interpreters.services.accounts import interpreter_account_create
from nyinorge.interpreters.services.applications import application_start, claim_add, document_add
from nyinorge.interpreters.sources import ContactRecord, PopulationRecord
from nyinorge.interpreters.sources.fakes import the_fake
from tests.interpreters.documents import pdf_bytes, upload

_serials = itertools.count(1)
PASSWORD = "a long enough test password 42"


@pytest.fixture(autouse=True)
def fake_sources(settings):
    settings.INTERPRETER_SOURCES = "fake"
    the_fake().reset()
    yield the_fake()
    the_fake().reset()


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path / "private"


def new_number() -> str:
    serial = next(_serials)
    return synthetic_national_identity_number(datetime.date(1980 + serial % 20, 1 + serial % 12, 1 + serial % 28),
                                              serial=serial % 40)


@pytest.fixture
def make_applicant(fake_sources):
    """A person with a login and an interpreter entry, as made by the signup (population register: Oslo)."""

    def make(given_name: str = "Amina", family_name: str = "Haddad", **person) -> Interpreter:
        number = new_number()
        fake_sources.people[number] = PopulationRecord(
            number, given_name, family_name, "Storgata 1", "0182", "OSLO", person.pop("municipality_number", "0301"),
            **person)
        fake_sources.contacts[number] = ContactRecord(phone="+47 40000000")
        email = f"{given_name}.{family_name}.{number}@example.org".lower()
        user = interpreter_account_create(person_number=number, email=email, password=PASSWORD)
        return Interpreter.objects.get(user=user)

    return make


@pytest.fixture
def applicant(make_applicant) -> Interpreter:
    return make_applicant()


@pytest.fixture
def reviewer(make_user):
    return make_user(Role.INTERPRETER_REGISTER_REVIEWER, email="reviewer@imdi.example")


def add_claim(interpreter: Interpreter, application=None, *, document: bool = True, **fields):
    """A claim on the interpreter's draft (authorisation in Arabic unless told otherwise), with a PDF."""
    application = application or application_start(actor=interpreter.user, interpreter=interpreter)
    fields.setdefault("kind", "authorisation")
    if fields["kind"] != "ethics_course":
        fields.setdefault("language", "ar")
    fields.setdefault("obtained_on", datetime.date(2015, 6, 1))
    claim = claim_add(actor=interpreter.user, application=application, **fields)
    if document:
        document_add(actor=interpreter.user, application=application, claim=claim,
                     upload=upload("bevis.pdf", pdf_bytes()))
    return claim
