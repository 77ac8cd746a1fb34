import datetime
import itertools

import pytest

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.interpreters.models import Interpreter
from nyinorge.interpreters.services.evidence import evidence_add
from nyinorge.interpreters.services.register import interpreter_create, interpreter_set_status

_names = itertools.count(1)
OBTAINED = datetime.date(2015, 6, 1)


@pytest.fixture
def officer(make_user):
    """Directorate register staff."""
    return make_user(Role.DIRECTORATE_CASEWORKER)


@pytest.fixture
def make_interpreter(officer):
    def make(*, municipality: str | None = None, **kwargs) -> Interpreter:
        return interpreter_create(
            actor=kwargs.pop("actor", officer),
            given_name=kwargs.pop("given_name", f"Tolk{next(_names)}"),
            family_name=kwargs.pop("family_name", "Testesen"),
            municipality=Municipality.objects.get(number=municipality) if municipality else None,
            **kwargs,
        )

    return make


@pytest.fixture
def approve(officer):
    """Add approved evidence through the service (recomputes)."""

    def add(interpreter: Interpreter, kind: str, language: str = "", **kwargs):
        if kind == "education":
            kwargs.setdefault("credits", 30)
            kwargs.setdefault("institution", "OsloMet")
        return evidence_add(actor=officer, interpreter=interpreter, kind=kind, language=language,
                            obtained_on=kwargs.pop("obtained_on", OBTAINED), status="approved",
                            source=kwargs.pop("source", "screen"), **kwargs)

    return add


@pytest.fixture
def listed(make_interpreter, approve, officer):
    """An active interpreter qualified in the given languages (authorisation in each, unless a kind is given)."""

    def make(*languages: str, kind: str = "authorisation", **kwargs) -> Interpreter:
        interpreter = make_interpreter(**kwargs)
        for language in languages:
            code, _, variant = language.partition("/")
            approve(interpreter, kind, code, variant=variant)
        return interpreter_set_status(actor=officer, interpreter=interpreter, status="active")

    return make
