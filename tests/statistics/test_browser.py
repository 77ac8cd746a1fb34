"""In Chromium: an analyst opens the statistics page; the charts load under the strict CSP, and axe-core
finds no serious or critical accessibility violations."""

import datetime

import pytest
from playwright.sync_api import expect

from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from nyinorge.statistics.figures import FIGURES
from tests.browser import SCREENSHOTS, serious_violations
from tests.statistics.test_pages import _case

PASSWORD = "browser-test-password-2020"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = datetime.date


def test_statistics_page_charts_and_accessibility(live_server, browser_page):
    reference_data_load()
    user_create(username="analytiker", organisation=directorate(), roles=[Role.ANALYST], password=PASSWORD)
    for day in range(1, 4):
        _case([D(2003, 1, 1)], D(2019, 1, day), D(2019, 3, day), unaccompanied_minor=True)
    for day in range(1, 21):
        _case([D(1990, 1, 1)], D(2019, 1, day), D(2019, 2 + day % 9, day))
    page = browser_page
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Brukernavn").fill("analytiker")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("link", name="Statistikk").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bosettingsstatistikk 2019")
    charts = page.locator("img.app-chart")
    expect(charts).to_have_count(len(FIGURES))
    # Wait until the browser has finished with every chart (loaded or failed), then check each really loaded.
    page.wait_for_function("() => [...document.querySelectorAll('img.app-chart')].every(img => img.complete)")
    for index in range(len(FIGURES)):
        # naturalWidth is 0 when the browser refused or failed to load the SVG.
        assert charts.nth(index).evaluate("img => img.complete && img.naturalWidth") == 760
    expect(page.get_by_role("cell", name="<5").first).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "statistics-nb.png"), full_page=True)
    assert serious_violations(page) == []
