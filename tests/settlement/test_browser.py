"""In Chromium: a directorate caseworker proposes a case, the municipality accepts it, the directorate
records the settlement, and the waiting time shown is right. axe-core checks each settlement page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import Organisation
from nyinorge.core.roles import Role
from nyinorge.core.services.people import person_create
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from nyinorge.settlement.services.cases import case_create, case_make_ready
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.requests import settlement_year_create
from tests.browser import PASSWORD, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base: str, username: str) -> None:
    log_in(page, base, username)
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()


def test_propose_accept_settle_and_waiting_time(live_server, browser_page):
    reference_data_load()
    today = timezone.localdate()
    kari = user_create(username="kari", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER], password=PASSWORD)
    oslo_org = Organisation.objects.get(kind="municipality", municipality_id="0301")
    user_create(username="ola", organisation=oslo_org, roles=[Role.MUNICIPALITY_CASEWORKER], password=PASSWORD)
    year = settlement_year_create(actor=kari, year=today.year, national_target=100)
    municipal_decision_register(actor=kari, year=year, municipality=oslo_org.municipality, persons=10, decided_on=today)
    decided = today - datetime.timedelta(days=200)
    adult = person_create(actor=kari, given_name="Hana", family_name="Tesfay", birth_date=datetime.date(1988, 3, 4),
                          national_id=synthetic_national_identity_number(datetime.date(1988, 3, 4), serial=11))
    child = person_create(actor=kari, given_name="Selam", family_name="Tesfay", birth_date=datetime.date(2016, 8, 9),
                          national_id=synthetic_national_identity_number(datetime.date(2016, 8, 9), serial=12))
    case = case_make_ready(actor=kari, case=case_create(actor=kari, category="resettlement", members=[adult, child],
                                                        decision_date=decided, needs_summary="Trenger bolig nær skole."))
    page, base = browser_page, live_server.url

    _log_in(page, base, "kari")
    page.goto(f"{base}/settlement/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bosettingskø")
    assert serious_violations(page) == []
    expect(page.get_by_role("row", name="Hana Tesfay; Selam Tesfay")).to_contain_text("Barnefamilie")
    page.get_by_role("link", name=f"Sak {case.pk}", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Sak {case.pk}")
    assert serious_violations(page) == []
    page.get_by_label("Kommune", exact=True).select_option("0301")
    page.get_by_role("button", name="Foreslå", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Utført")
    page.get_by_role("button", name="Logg ut").click()

    _log_in(page, base, "ola")
    page.goto(f"{base}/settlement/proposals/")
    proposal = page.get_by_role("article")
    expect(proposal).to_contain_text("voksen")
    expect(proposal).to_contain_text("barn")
    expect(proposal).not_to_contain_text("Tesfay")  # need to know: no names before accepting
    assert serious_violations(page) == []
    proposal.get_by_role("button", name="Aksepter").click()
    expect(page.get_by_role("status")).to_contain_text("Utført")
    page.get_by_role("button", name="Logg ut").click()

    _log_in(page, base, "kari")
    page.goto(f"{base}/settlement/cases/{case.pk}/")
    page.get_by_label("Bosettingsdato").fill(today.isoformat())
    page.get_by_role("button", name="Registrer bosettingen").last.click()
    expect(page.get_by_role("status")).to_contain_text("Utført")
    months = f"{200 / (365.25 / 12):.1f}".replace(".", ",")
    expect(page.get_by_test_id("waiting-months")).to_contain_text(f"{months} måneder")
    assert serious_violations(page) == []
    case.refresh_from_db()
    assert case.state == "settled" and case.settlement_date == today
    for person in (adult, child):
        person.refresh_from_db()
        assert person.residence_municipality_id == "0301"
