"""In Chromium: reception staff open a resident's settlement interview, add a network tie with htmx (under the
strict CSP), save a draft and complete it; axe-core finds no serious or critical violations on the form, on a
desktop and on a 390-px phone screen."""

import datetime

import pytest
from playwright.sync_api import expect

from nyinorge.competence.models import SettlementInterview
from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.core.services.organisations import reception_centre_create
from nyinorge.core.services.people import person_create
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from nyinorge.settlement.models import Case
from nyinorge.settlement.services.cases import case_create
from tests.browser import PASSWORD, SCREENSHOTS, serious_violations
from tests.browser import log_in as _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def _case() -> Case:
    reference_data_load()
    centre = reception_centre_create(name="Mottak Nettleser", operator="Testdrift AS",
                                     host_municipality=Municipality.objects.get(number="3049")).organisation
    caseworker = user_create(username="imdi", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER])
    user_create(username="mottak", organisation=centre, roles=[Role.RECEPTION_STAFF], password=PASSWORD)
    born = datetime.date(1984, 4, 4)
    person = person_create(actor=caseworker, given_name="Samira", family_name="Haddad", birth_date=born,
                           national_id=synthetic_national_identity_number(born, serial=12), reception_centre=centre)
    return case_create(actor=caseworker, category="reception", members=[person],
                       decision_date=datetime.date(2019, 1, 15), reception_centre=centre)


def test_reception_staff_hold_the_interview(live_server, browser_page):
    case = _case()
    page = browser_page
    _log_in(page, live_server.url, "mottak")
    page.goto(f"{live_server.url}/competence/interviews/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Bosettingssamtale, sak {case.pk}")
    expect(page.get_by_test_id("member-registrations")).to_contain_text("Ikke startet")
    assert serious_violations(page) == []  # the form itself, as first opened
    page.get_by_role("button", name="Legg til nettverk").click()  # htmx swaps the ties only
    expect(page.get_by_test_id("tie-row")).to_have_count(1)
    assert serious_violations(page) == []  # with a network row added by htmx
    page.get_by_label("Kommune").select_option("4601")
    page.get_by_label("Relasjon").select_option("sibling")
    page.get_by_label("Familiesituasjon").fill("Enslig voksen; bror i Bergen.")
    page.get_by_role("button", name="Lagre som utkast").click()
    expect(page.get_by_test_id("interview-status")).to_have_text("Startet")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "interview-desktop-nb.png"), full_page=True)
    assert serious_violations(page) == []

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/competence/interviews/cases/{case.pk}/")
    assert serious_violations(page) == []  # the form at phone width
    page.get_by_label("Dato for samtalen").fill("2019-03-01")
    page.get_by_label("Soverom som trengs").fill("1")
    page.get_by_role("button", name="Fullfør samtalen").click()
    expect(page.get_by_test_id("interview-status")).to_have_text("Fullført")
    page.screenshot(path=str(SCREENSHOTS / "interview-390-nb.png"), full_page=True)
    assert serious_violations(page) == []
    interview = SettlementInterview.objects.get(case=case)
    assert interview.status == "completed" and interview.network_ties.get().municipality_id == "4601"
    assert Case.objects.get(pk=case.pk).network_municipality_id == "4601"
