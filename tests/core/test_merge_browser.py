"""The merge pages in Debian's Chromium: compare, merge, the merge's page, the list and the undo, each checked by
axe-core (zero serious or critical violations)."""

import datetime

import pytest
from playwright.sync_api import expect

from nyinorge.core.models import Municipality, PersonMerge
from nyinorge.core.roles import Role
from nyinorge.core.services.people import person_create
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from tests.browser import PASSWORD, log_in, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_merge_and_undo_in_the_browser(live_server, browser_page):
    reference_data_load()
    officer = user_create(username="dq", organisation=directorate(), roles=[Role.DATA_QUALITY_OFFICER],
                          password=PASSWORD)
    caseworker = user_create(username="cw", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER],
                             password=None)
    oslo = Municipality.objects.get(number="0301")
    survivor, merged = (person_create(actor=caseworker, given_name=given, family_name="Tesfay",
                                      birth_date=datetime.date(1990, 1, 1), duf_number=number,
                                      residence_municipality=oslo)
                        for given, number in (("Tesfay", "201900000123"), ("Tesfaye", "201900000131")))
    page = browser_page
    log_in(page, live_server.url, officer.username)
    page.goto(f"{live_server.url}/people/merge/?survivor={survivor.pk}&merged={merged.pk}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert serious_violations(page) == []
    page.locator("textarea[name=reason]").fill("Samme person, to stavemåter.")
    page.locator("form.app-form button[type=submit]").click()
    merge = PersonMerge.objects.get()
    expect(page).to_have_url(f"{live_server.url}/people/merges/{merge.pk}/")
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/people/merges/")
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/people/{merged.pk}/")
    expect(page).to_have_url(f"{live_server.url}/people/{survivor.pk}/")
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/people/merges/{merge.pk}/")
    page.locator("textarea[name=reason]").fill("To personer likevel.")
    page.locator("form.app-form button[type=submit]").click()
    expect(page.locator(".ds-alert").first).to_be_visible()
    merge.refresh_from_db()
    assert merge.undone_at is not None
    assert serious_violations(page) == []
