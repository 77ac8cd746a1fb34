"""In Chromium: an interpreter creates a login, adds a qualification with a document and submits; a reviewer
approves it and concludes; the interpreter sees the decision. axe-core finds no serious violation on any page."""

import re

import pytest
from playwright.sync_api import expect

from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from nyinorge.interpreters.sources import PopulationRecord
from tests.browser import SCREENSHOTS, serious_violations
from tests.interpreters.apply_fixtures import PASSWORD, fake_sources, new_number, private_root  # noqa: F401
from tests.interpreters.documents import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_review_and_decision(live_server, browser_page, settings, fake_sources, tmp_path):
    settings.INTERPRETER_LOCAL_SIGNUP = True
    reference_data_load()
    user_create(username="rita", organisation=directorate(), roles=[Role.INTERPRETER_REGISTER_REVIEWER],
                password=PASSWORD, first_name="Rita")
    number = new_number()
    fake_sources.people[number] = PopulationRecord(number, "Maryam", "Rahimi", "Storgata 5", "0182", "OSLO", "0301")
    document = tmp_path / "statsautorisasjon.pdf"
    document.write_bytes(pdf_bytes())
    page, base = browser_page, live_server.url

    page.goto(f"{base}/interpreters/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Søk om oppføring i Nasjonalt tolkeregister")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Opprett bruker").click()
    page.get_by_label("Fødselsnummer (11 siffer)").fill(number)
    page.get_by_label("E-post").fill("maryam@example.org")
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_label("Passord igjen").fill(PASSWORD)
    page.get_by_label(re.compile("^Jeg samtykker")).check()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Opprett brukeren").click()
    # The same answer whether or not the number was registered: the new login is used by logging in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn til søknaden din")
    page.get_by_label("Brukernavn").fill("maryam@example.org")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Maryam")
    page.get_by_role("button", name="Start søknaden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opplysninger og språk")
    page.get_by_label("Språk du tolker i").select_option(["fa", "prs"])
    page.get_by_label("Jeg tolker via skjerm (video)").check()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Lagre").click()

    page.get_by_role("link", name="Legg til en kvalifikasjon").click()
    page.get_by_label("Type kvalifikasjon").select_option("authorisation")
    page.get_by_label(re.compile(r"^Språk")).select_option("fa")
    page.get_by_label("Dato oppnådd").fill("2017-11-10")
    page.get_by_label(re.compile("^Dokument")).set_input_files(str(document))
    assert serious_violations(page) == []
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("cell", name="statsautorisasjon.pdf")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "interpreter-application-draft.png"), full_page=True)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Send inn søknaden").click()
    expect(page.get_by_test_id("application-state")).to_have_text("Sendt til behandling")
    page.get_by_role("button", name="Logg ut").click()

    page.goto(f"{base}/login/")
    page.get_by_label("Brukernavn").fill("rita")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("link", name="Søknader til tolkeregisteret").first.click()
    assert serious_violations(page) == []
    page.get_by_role("link", name="Maryam Rahimi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Søknad fra Maryam Rahimi")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Godkjenn").click()
    expect(page.get_by_test_id("review-counts")).to_contain_text("Godkjent 1")
    page.screenshot(path=str(SCREENSHOTS / "interpreter-review.png"), full_page=True)
    page.get_by_role("button", name="Avslutt og varsle tolken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Søknader til tolkeregisteret")
    page.get_by_role("button", name="Logg ut").click()

    page.goto(f"{base}/interpreters/account/login/")
    page.get_by_label("Brukernavn").fill("maryam@example.org")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_test_id("application-state")).to_have_text("Godkjent")
    expect(page.get_by_role("main")).to_contain_text("oppført i det offentlige registeret")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Logg ut").click()

    # A municipality reports her; the reviewer assesses the notice and suspends her from the public list.
    from nyinorge.core.models import Organisation

    user_create(username="olga", organisation=Organisation.objects.get(kind="municipality", municipality_id="0301"),
                roles=[Role.MUNICIPALITY_CASEWORKER], password=PASSWORD, first_name="Olga")
    for username in ("olga", "rita"):
        page.goto(f"{base}/login/")
        page.get_by_label("Brukernavn").fill(username)
        page.get_by_label("Passord").fill(PASSWORD)
        page.get_by_role("button", name="Logg inn").click()
        if username == "olga":
            page.get_by_role("link", name="Send varsel om en tolk").first.click()
            page.get_by_label("Tolkens navn").fill("rahimi")
            page.get_by_role("button", name="Søk").click()
            assert serious_violations(page) == []
            page.get_by_role("link", name=re.compile("Send varsel om denne tolken")).click()
            page.get_by_label("Hva gjelder det?").select_option("confidentiality")
            page.get_by_label("Dato for oppdraget").fill("2026-03-02")
            page.get_by_label("Hva skjedde").fill("Fortalte om saken til andre etterpå.")
            assert serious_violations(page) == []
            page.get_by_role("button", name="Lagre").click()
            expect(page.get_by_test_id("notice-state")).to_have_text("Registrert")
        else:
            page.get_by_role("link", name="Varsler om tolker").first.click()
            assert serious_violations(page) == []
            page.get_by_role("link", name=re.compile(r"\d\d\.\d\d\.\d{4}")).first.click()
            page.get_by_role("button", name="Start vurderingen").click()
            page.locator("#id_suspend-reason").fill("Brudd på taushetsplikten.")
            page.get_by_role("button", name="Steng ute fra den offentlige listen").click()
            expect(page.get_by_test_id("notice-state")).to_have_text("Tolken er utestengt fra den offentlige listen")
            page.screenshot(path=str(SCREENSHOTS / "interpreter-notice.png"), full_page=True)
            assert serious_violations(page) == []
        page.get_by_role("button", name="Logg ut").click()
    page.goto(f"{base}/interpreters/?name=Rahimi")
    expect(page.get_by_role("main")).not_to_contain_text("Maryam Rahimi")
