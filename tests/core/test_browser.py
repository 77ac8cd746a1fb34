"""Log in in Debian's Chromium, see the start page in Norwegian, switch to English, and let axe-core
check each page: zero serious or critical accessibility violations."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from nyinorge.core.models import Organisation
from nyinorge.core.roles import Role
from nyinorge.core.services.people import person_create
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from tests.browser import SCREENSHOTS, serious_violations

PASSWORD = "browser-test-password-2020"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_start_page_language_switch_and_accessibility(live_server, browser_page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "axe-report.jsonl").unlink(missing_ok=True)
    reference_data_load()
    user = user_create(
        username="kari", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER], password=PASSWORD,
        first_name="Kari",
    )
    oslo = Organisation.objects.get(kind="municipality", municipality_id="0301").municipality
    person_create(actor=user, given_name="Amina", family_name="Yusuf", birth_date=datetime.date(1993, 4, 2),
                  duf_number="201900000123", residence_municipality=oslo, citizenship="SO", languages=["so"])
    page = browser_page

    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn i nyinorge")
    assert serious_violations(page) == []
    page.get_by_label("Brukernavn").fill("kari")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Kari")
    expect(page.get_by_role("heading", name="Dette kan du gjøre")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "nb"
    page.screenshot(path=str(SCREENSHOTS / "start-nb.png"), full_page=True)
    assert serious_violations(page) == []

    page.get_by_role("link", name="Personer").first.click()
    expect(page.get_by_role("link", name="Yusuf, Amina")).to_be_visible()
    page.get_by_label("Søk på navn, fødselsnummer, D-nummer eller DUF-nummer").fill("amina")
    # The search answers through htmx: a click on a result the answer is about to replace would be lost.
    expect(page).to_have_url(re.compile(r"q=amina"))  # the answer has come (htmx pushes the search to the URL)
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("link", name="Yusuf, Amina")).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Yusuf, Amina").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amina Yusuf")
    assert serious_violations(page) == []

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amina Yusuf")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Start").click()
    expect(page.get_by_role("heading", name="What you can do")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "start-en.png"), full_page=True)
    assert serious_violations(page) == []

    page.goto(f"{live_server.url}/people/new/")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".ds-error-summary")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "register-errors-en.png"), full_page=True)
    assert serious_violations(page) == []

