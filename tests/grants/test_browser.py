"""In Chromium: a municipality caseworker opens the grants page from the menu, searches the lines (htmx, under
the strict CSP), and axe-core finds no serious or critical accessibility violations; the directorate's overview
likewise."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import Municipality, Organisation
from nyinorge.core.roles import Role
from nyinorge.core.services.people import person_create
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from nyinorge.grants.models import GrantLine, GrantRate, GrantRun
from nyinorge.grants.services.rates import grant_rates_load
from tests.browser import PASSWORD, SCREENSHOTS, serious_violations
from tests.browser import log_in as _log_in
from tests.grants.test_pages import _routes_of_the_other_grant_parts  # noqa: F401  (autouse fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def _approved_instalment() -> None:
    """An approved first instalment of 2019 with lines for two persons in Oslo and one in Bergen."""
    starter = user_create(username="starter", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER])
    approver = user_create(username="godkjenner", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER])
    grant_run = GrantRun.objects.create(budget_year=2019, instalment=1, created_by=starter,
                                        status=GrantRun.Status.APPROVED, approved_by=approver, progress=100,
                                        approved_at=timezone.now(), persons=3, lines_count=3, total=Decimal(3 * 45125))
    rate = GrantRate.objects.get(budget_year=2019, scheme="integration", rate_group="adult", year_after_settlement=1)
    born = datetime.date(1985, 1, 1)
    for serial, (given, number) in enumerate((("Rami", "0301"), ("Lina", "0301"), ("Bergitte", "4601")), start=10):
        person = person_create(actor=starter, given_name=given, family_name="Nasser", birth_date=born,
                               national_id=synthetic_national_identity_number(born, serial=serial),
                               residence_municipality=Municipality.objects.get(number=number))
        GrantLine.objects.create(run=grant_run, municipality_id=number, scheme="integration", chapter=291, post=60,
                                 person=person, rate=rate, rate_group="adult", year_after_settlement=1,
                                 amount=Decimal(45125), reason=f"settled 2019-03-04 in {number}, year 1, adult")


def test_the_grants_page_for_a_municipality_and_the_directorate(live_server, browser_page):
    reference_data_load()
    grant_rates_load()
    _approved_instalment()
    oslo = Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, municipality_id="0301")
    user_create(username="oslo", organisation=oslo, roles=[Role.MUNICIPALITY_CASEWORKER], password=PASSWORD)
    user_create(username="imdi", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER], password=PASSWORD)
    page = browser_page
    _log_in(page, live_server.url, "oslo")
    page.get_by_role("link", name="Tilskudd", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilskudd til Oslo i 2019")
    lines = page.get_by_test_id("grant-lines")
    expect(lines.get_by_role("row")).to_have_count(3)  # the header and Oslo's two persons, never Bergen's
    page.get_by_label("Søk på navn").fill("lina")
    expect(lines.get_by_role("row")).to_have_count(2)
    expect(lines).to_contain_text("Nasser, Lina")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "grants-municipality-nb.png"), full_page=True)
    assert serious_violations(page) == []

    page.context.clear_cookies()
    _log_in(page, live_server.url, "imdi")
    page.goto(f"{live_server.url}/grants/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilskudd til kommunene i 2019")
    expect(page.get_by_test_id("municipality-table").get_by_role("row")).to_have_count(3)
    page.screenshot(path=str(SCREENSHOTS / "grants-directorate-nb.png"), full_page=True)
    assert serious_violations(page) == []
    for path, heading, shot in (("/grants/runs/", "Tilskuddskjøringer", "grants-runs-nb.png"),
                                ("/grants/rates/", "Tilskuddssatser", "grants-rates-nb.png")):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        page.screenshot(path=str(SCREENSHOTS / shot), full_page=True)
        assert serious_violations(page) == [], path
