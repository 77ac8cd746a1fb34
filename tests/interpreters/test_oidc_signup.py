"""ID-porten self-registration: only a login started from "apply" may create an interpreter login; staff logins
still must exist; the verified national identity number ("pid") prefills from the population register."""

import pytest
from django.test import RequestFactory

from nyinorge.core.models import User
from nyinorge.interpreters.models import Interpreter
from nyinorge.interpreters.oidc import SIGNUP_SESSION_KEY, InterpreterSignupOIDCBackend
from nyinorge.interpreters.sources import PopulationRecord
from tests.interpreters.apply_fixtures import *  # noqa: F403
from tests.interpreters.apply_fixtures import new_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend(settings, monkeypatch):
    settings.OIDC_USERNAME_CLAIM = "pid"
    for name in ("OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT"):
        setattr(settings, name, "https://idp.invalid/x")
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET, settings.OIDC_RP_SIGN_ALGO = "c", "s", "RS256"
    made = InterpreterSignupOIDCBackend()
    made.request = RequestFactory().get("/oidc/callback/")
    made.request.session = {}
    claims = {}
    monkeypatch.setattr(made, "get_userinfo", lambda access_token, id_token, payload: claims)
    made.claims = claims
    return made


def test_without_the_signup_flag_no_login_is_created(backend):
    backend.claims.update({"pid": new_number()})
    assert backend.get_or_create_user("token", "id", {}) is None
    assert not Interpreter.objects.exists()


def test_with_the_flag_the_interpreter_gets_a_login_and_an_entry(backend, fake_sources):
    number = new_number()
    fake_sources.people[number] = PopulationRecord(number, "Selam", "Gebremedhin", "Havnegata 3", "9008", "TROMSØ",
                                                   "5401")
    backend.claims.update({"pid": number})
    backend.request.session[SIGNUP_SESSION_KEY] = True
    user = backend.get_or_create_user("token", "id", {})
    assert user is not None and user.username == number and not user.has_usable_password()
    assert user.organisation is None and not user.roles
    interpreter = Interpreter.objects.get(user=user)
    assert (interpreter.full_name, interpreter.municipality_id, interpreter.person_number) == (
        "Selam Gebremedhin", "5401", number)
    assert SIGNUP_SESSION_KEY not in backend.request.session
    # The next login finds the same user, flag or not.
    assert backend.get_or_create_user("token", "id", {}) == user
    assert User.objects.filter(username=number).count() == 1


def test_a_person_unknown_to_the_population_register_is_not_let_in(backend, fake_sources):
    number = new_number()
    fake_sources.people[number] = None
    backend.claims.update({"pid": number})
    backend.request.session[SIGNUP_SESSION_KEY] = True
    assert backend.get_or_create_user("token", "id", {}) is None
    assert not User.objects.filter(username=number).exists()


def test_an_interpreter_from_the_old_register_gets_the_verified_login(backend, fake_sources, officer):
    from django.core.exceptions import ValidationError

    from nyinorge.interpreters.services.accounts import interpreter_account_create
    from nyinorge.interpreters.services.register import interpreter_create
    from tests.interpreters.apply_fixtures import PASSWORD

    number = new_number()
    fake_sources.people[number] = PopulationRecord(number, "Omid", "Ahmadi")
    existing = interpreter_create(actor=officer, given_name="Omid", family_name="Ahmadi", person_number=number)
    with pytest.raises(ValidationError):  # a typed-in number never takes over an entry
        interpreter_account_create(person_number=number, email="omid@example.org", password=PASSWORD)
    backend.claims.update({"pid": number})
    backend.request.session[SIGNUP_SESSION_KEY] = True
    user = backend.get_or_create_user("token", "id", {})
    existing.refresh_from_db()
    assert existing.user == user and Interpreter.objects.filter(person_number=number).count() == 1
