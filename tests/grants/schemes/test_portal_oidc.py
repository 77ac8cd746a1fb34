"""The production login of applicants: an applicant user is let in only while Altinn says they may act for their
organisation; other users are not affected."""

import pytest

from nyinorge.core.roles import Role
from nyinorge.core.services.users import user_create
from nyinorge.grants.oidc import ApplicantOIDCBackend, altinn_organisation_numbers
from tests.grants.schemes_fixtures import *  # noqa: F401,F403

pytestmark = pytest.mark.django_db


def claims(email: str, *numbers: str) -> dict:
    return {"email": email, "authorization_details": [
        {"type": "ansattporten:altinn:service", "resource": "urn:altinn:resource:imdi-tilskudd",
         "reportees": [{"ID": f"0192:{number}", "Name": "X", "Rights": ["read", "write"]} for number in numbers]}]}


def test_the_organisation_numbers_of_the_claim():
    assert altinn_organisation_numbers(claims("a@b.no", "974760673", "981566378")) == {"974760673", "981566378"}
    assert altinn_organisation_numbers({"authorization_details": [{"reportees": [{"ID": "0192:12"}]}, "x"]}) == set()
    assert altinn_organisation_numbers({}) == set()


def test_an_applicant_is_let_in_only_for_an_organisation_altinn_names(settings, volunteer_org, officer):
    settings.OIDC_USERNAME_CLAIM = "email"
    user = user_create(username="kari", email="kari@example.org", organisation=volunteer_org,
                       roles=[Role.GRANT_APPLICANT])
    officer.email = "officer@example.org"
    officer.save()
    backend = ApplicantOIDCBackend.__new__(ApplicantOIDCBackend)
    assert list(backend.filter_users_by_claims(claims("kari@example.org", "974760673"))) == [user]
    assert list(backend.filter_users_by_claims(claims("kari@example.org", "981566378"))) == []
    assert list(backend.filter_users_by_claims({"email": "kari@example.org"})) == []
    assert list(backend.filter_users_by_claims({"email": "officer@example.org"})) == [officer]
