"""Public nominations for Mangfoldsprisen: no login, the prize call's form, and the spam checks (honeypot, signed
timestamp token, rate limit per address) — each refusal clear and nothing stored."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.grants.application_states import A
from nyinorge.grants.models import GrantApplication, GrantCall, GrantScheme
from nyinorge.grants.services.catalogue import catalogue_call_defaults, catalogue_load
from nyinorge.grants.services.nominations import RATE_LIMIT, nomination_token


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _call(code: str, *, opens_in_days=-5, closes_in_days=20) -> GrantCall:
    catalogue_load()
    now, year = timezone.now(), timezone.localdate().year
    officer = user_create(username=f"nom-officer-{code}-{opens_in_days}", organisation=directorate(),
                          roles=[Role.GRANT_OFFICER])
    return GrantCall.objects.create(
        scheme=GrantScheme.objects.get(code=code), budget_year=year, administered_by=directorate(), frame=0,
        title={"nb": f"Mangfoldsprisen {year}", "en": f"Diversity prize {year}"}, published=True, created_by=officer,
        opens_at=now + datetime.timedelta(days=opens_in_days), deadline=now + datetime.timedelta(days=closes_in_days),
        **catalogue_call_defaults(code=code, budget_year=year))


@pytest.fixture
def prize_call(db):
    return _call("diversity-prize")


def _post(client, call, *, token=None, address="203.0.113.7", **changes):
    data = {"nominee_name": "Septer AS", "nominee_orgnr": "", "nominee_municipality": "Ringsaker",
            "category": "small", "competence_use": "Bruker kompetansen.", "diversity_levels": "Mangfold i ledelsen.",
            "strategic_work": "Mål og tiltak.", "nominator_name": "Nora Nominator", "nominator_email": "nora@example.org",
            "consent": "on", "website": "",
            "token": token or nomination_token(call=call, issued_at=time.time() - 60)}
    data.update(changes)
    return client.post(reverse("grants:nominate", args=[call.pk]), data, REMOTE_ADDR=address)


def test_anyone_sees_the_open_calls_and_the_schemes(client, prize_call):
    response = client.get(reverse("grants:public_calls"))
    text = response.content.decode()
    assert response.status_code == 200
    assert prize_call.title["nb"] in text and reverse("grants:nominate", args=[prize_call.pk]) in text
    assert "Jobbsjansen del A" in text  # every active scheme with its five elements


def test_the_form_is_the_prize_calls_form(client, prize_call):
    response = client.get(reverse("grants:nominate", args=[prize_call.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    for key in ("nominee_name", "nominee_orgnr", "nominee_municipality", "category", "competence_use",
                "nominator_email", "consent", "website", "token"):
        assert f'name="{key}"' in text
    assert "<div hidden" in text  # the honeypot is hidden from people


def test_a_nomination_is_stored_as_a_submitted_application_without_applicant(client, prize_call):
    response = _post(client, prize_call, nominee_orgnr="974 760 673")
    assert response.status_code == 302
    nomination = GrantApplication.objects.get(call=prize_call)
    assert nomination.applicant is None and nomination.state == A.SUBMITTED
    assert nomination.project_title == "Septer AS" and nomination.nominator_email == "nora@example.org"
    assert nomination.answers["nominee_orgnr"] == "974760673" and nomination.answers["category"] == "small"
    assert nomination.answers["nominee_municipality"] == "Ringsaker"
    assert list(nomination.events.values_list("name", "to_state")) == [("nominated", A.SUBMITTED)]
    entry = AuditEntry.objects.get(object_type="grants.grantapplication", object_id=str(nomination.pk))
    assert entry.user_id is None and entry.username == "public:nomination"
    assert "Septer AS" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("changes,message", [
    ({"website": "http://spam.example"}, "could not be accepted"),
    ({"token": "forged"}, "could not be checked"),
    ({"consent": ""}, "Confirm"),
    ({"nominee_orgnr": "123456789"}, "organisation number"),
    ({"nominee_municipality": "Atlantis"}, "municipality"),
    ({"competence_use": ""}, "must be answered"),
    ({"nominator_email": "not-an-address"}, "e-mail"),
    ({"nominee_name": "x" * 201}, "200"),
])
def test_refusals_are_clear_and_store_nothing(client, prize_call, changes, message):
    client.cookies["nyinorge_language"] = "en"
    response = _post(client, prize_call, **changes)
    assert response.status_code == 400
    assert GrantApplication.objects.filter(call=prize_call).count() == 0
    text = response.content.decode()
    assert "ds-error-summary" in text
    assert message.lower() in text.lower()


def test_a_form_sent_back_too_fast_is_refused(client, prize_call):
    response = _post(client, prize_call, token=nomination_token(call=prize_call))
    assert response.status_code == 400
    assert not GrantApplication.objects.filter(call=prize_call).exists()


def test_a_token_of_another_call_is_refused(client, prize_call):
    other = _call("diversity-prize", opens_in_days=-6)
    response = _post(client, prize_call, token=nomination_token(call=other, issued_at=time.time() - 60))
    assert response.status_code == 400 and not GrantApplication.objects.exists()


def test_rate_limit_per_address(client, prize_call):
    for number in range(RATE_LIMIT):
        assert _post(client, prize_call, nominee_name=f"Bedrift {number} AS").status_code == 302
    assert _post(client, prize_call, nominee_name="En til AS").status_code == 400
    assert _post(client, prize_call, nominee_name="Fra et annet nett AS", address="198.51.100.9").status_code == 302
    assert GrantApplication.objects.filter(call=prize_call).count() == RATE_LIMIT + 1


def test_a_closed_prize_call_says_so(client, db):
    closed = _call("diversity-prize", opens_in_days=-30, closes_in_days=-1)
    response = client.get(reverse("grants:nominate", args=[closed.pk]))
    assert response.status_code == 200 and "name=\"nominee_name\"" not in response.content.decode()
    assert _post(client, closed).status_code == 200
    assert not GrantApplication.objects.exists()


def test_a_grant_call_takes_no_nominations(client, db):
    grant_call = _call("volunteer-integration")
    assert client.get(reverse("grants:nominate", args=[grant_call.pk])).status_code == 404
    assert _post(client, grant_call).status_code == 404


def test_a_nomination_passes_the_eligibility_check_without_an_applicant_or_an_amount(client, prize_call):
    from nyinorge.grants.selectors.eligibility import grant_application_eligibility

    assert _post(client, prize_call).status_code == 302
    nomination = GrantApplication.objects.get(call=prize_call)
    rules = {rule["rule"]: rule["ok"] for rule in grant_application_eligibility(nomination)}
    assert "amount" not in rules and rules["applicant_kind"] and rules["deadline"]
