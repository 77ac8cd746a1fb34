"""In Chromium, without logging in: search the register by language and category, the results update in place
(htmx) with the highest category first, open a profile; axe-core finds no serious violation on either page."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from nyinorge.interpreters.services.evidence import evidence_add
from nyinorge.interpreters.services.register import interpreter_create, interpreter_set_status
from tests.browser import serious_violations

PASSWORD = "browser-test-password-2020"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _listed(given: str, family: str, language: str, *kinds: str, **kwargs):
    interpreter = interpreter_create(actor=None, given_name=given, family_name=family, **kwargs)
    for kind in kinds:
        evidence_add(actor=None, interpreter=interpreter, kind=kind, language="" if kind == "ethics_course" else language,
                     obtained_on=datetime.date(2016, 5, 1), status="approved", source="synthetic",
                     credits=180 if kind == "education" else None, institution="OsloMet" if kind == "education" else "")
    return interpreter_set_status(actor=None, interpreter=interpreter, status="active")


def test_public_search_and_profile(live_server, browser_page):
    reference_data_load()
    bergen = Municipality.objects.get(number="4601")
    _listed("Amanuel", "Tesfay", "ti", "bilingual_test", "ethics_course")  # E
    top = _listed("Yohannes", "Kidane", "ti", "authorisation", "education", municipality=bergen,
                  publish_municipality=True, email="yohannes@example.no", publish_email=True, remote_screen=True)  # A
    _listed("Asha", "Mohamed", "so", "authorisation")  # another language
    page, base = browser_page, live_server.url

    page.goto(f"{base}/interpreters/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Finn tolk")
    assert serious_violations(page) == []
    page.get_by_label(re.compile(r"^Språk")).select_option("ti")
    results = page.locator("#interpreter-results")
    expect(results.get_by_test_id("result-count")).to_have_text("2 treff")
    rows = results.get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Yohannes Kidane")
    expect(rows.nth(1)).to_contain_text("Kategori A")
    expect(rows.nth(2)).to_contain_text("Amanuel Tesfay")
    assert "language=ti" in page.url  # the filtered search is a link one can share
    page.get_by_label(re.compile(r"^Minst kategori")).select_option("C")
    expect(results.get_by_test_id("result-count")).to_have_text("1 treff")
    assert serious_violations(page) == []

    results.get_by_role("link", name="Yohannes Kidane").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yohannes Kidane")
    expect(page.get_by_role("main")).to_contain_text("yohannes@example.no")
    expect(page.get_by_role("main")).to_contain_text("Bergen")
    assert page.url.endswith(f"/interpreters/{top.pk}/")
    assert serious_violations(page) == []

    # The register's staff see the full entry with its history, and can revoke evidence there.
    user_create(username="tolkeforvalter", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER], password=PASSWORD)
    page.goto(f"{base}/login/")
    page.get_by_label("Brukernavn").fill("tolkeforvalter")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("link", name="Tolkeregister").first.click()
    page.get_by_role("link", name="Yohannes Kidane").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Yohannes Kidane")
    assert serious_violations(page) == []
    page.get_by_label("Begrunnelse").first.fill("Bevilling tilbakekalt")
    page.get_by_role("button", name="Tilbakekall").first.click()
    expect(page.get_by_role("status")).to_contain_text("tilbakekalt")
    expect(page.get_by_role("table").first).to_contain_text("Kategori B")
