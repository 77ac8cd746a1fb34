"""In Chromium: the register page's live check and warning, the review queue, a pair and the model page, each
checked by axe-core (zero serious or critical violations)."""

import datetime

import pytest
from playwright.sync_api import expect

from nyinorge.core.models import DuplicatePair, Person
from nyinorge.core.roles import Role
from nyinorge.core.services.people import person_create
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from tests.browser import SCREENSHOTS, serious_violations

PASSWORD = "browser-test-password-2020"
BORN = datetime.date(1986, 4, 3)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, url, username):
    page.goto(f"{url}/login/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("button", name="English").click()  # the new strings' bokmål comes with the lead's .po update


def test_the_warning_the_queue_and_the_pair_in_a_browser(live_server, browser_page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    reference_data_load()
    caseworker = user_create(username="kari", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER],
                             password=PASSWORD)
    user_create(username="dag", organisation=directorate(), roles=[Role.DATA_QUALITY_OFFICER], password=PASSWORD)
    existing = person_create(actor=caseworker, given_name="Muhammad", family_name="Abdullahi", birth_date=BORN,
                             sex="male", citizenship="SO", duf_number="201900000111")
    page = browser_page
    _login(page, live_server.url, "kari")
    page.goto(f"{live_server.url}/people/new/")
    page.get_by_label("DUF number").fill("202000000222")
    page.get_by_label("Given name").fill("Mohammed")
    page.get_by_label("Family name").fill("Abdullahi")
    page.get_by_label("Date of birth").fill(BORN.isoformat())
    expect(page.locator("#duplicate-check")).to_contain_text("Muhammad Abdullahi")  # the live check, as typed
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Muhammad Abdullahi")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "register-duplicate-warning-en.png"), full_page=True)
    assert serious_violations(page) == []
    page.get_by_role("button", name="This is a different person — register anyway").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mohammed Abdullahi")
    new = Person.objects.get(duf_number="202000000222")
    assert DuplicatePair.objects.get().status == "different"

    DuplicatePair.objects.filter().update(status="open")
    page.context.clear_cookies()
    _login(page, live_server.url, "dag")
    page.goto(f"{live_server.url}/people/duplicates/")
    expect(page.get_by_role("link", name=existing.full_name if existing.pk < new.pk else new.full_name)).to_be_visible()
    assert serious_violations(page) == []
    page.get_by_role("link", name=existing.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mohammed Abdullahi")
    page.screenshot(path=str(SCREENSHOTS / "duplicate-pair-en.png"), full_page=True)
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/people/duplicates/model/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert serious_violations(page) == []
