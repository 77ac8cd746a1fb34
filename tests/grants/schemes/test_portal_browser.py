"""In Chromium, the applicant's whole path: an organisation registers, opens the portal and a call, starts a draft,
fills in the form with a budget table (a row added without JavaScript), is told the budget does not add up when it
submits, fixes it, uploads a document, submits and sees the application. axe-core finds no violation on any page,
at desktop width and at 390 px."""

import re

import pytest
from playwright.sync_api import expect

from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from nyinorge.core.roles import Role
from nyinorge.grants.models import GrantApplication
from tests.browser import SCREENSHOTS
from tests.grants.schemes_fixtures import call_create, scheme_create
from tests.interpreters.documents import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password-2020"
WIDTHS = (1280, 390)


def axe_clean(page, name: str) -> None:
    """No axe-core violation of any impact, at desktop width and on a phone; a screenshot of each."""
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        violations = [{"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]][:5]}
                      for v in Axe().run(page).response["violations"]]
        assert violations == [], f"{name} at {width} px: {violations}"
        page.screenshot(path=str(SCREENSHOTS / f"grants-portal-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def test_an_organisation_registers_applies_and_submits(live_server, browser_page, settings, tmp_path):
    settings.GRANTS_LOCAL_SIGNUP = True
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    reference_data_load()
    officer = user_create(username="tilskudd", organisation=directorate(), roles=[Role.GRANT_OFFICER])
    call = call_create(scheme_create("frivillig"), administered_by=directorate(), created_by=officer)
    document = tmp_path / "vedtekter.pdf"
    document.write_bytes(pdf_bytes())
    page, base = browser_page, live_server.url

    page.goto(f"{base}/grants/portal/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer organisasjonen for å søke om tilskudd")
    axe_clean(page, "signup")
    page.get_by_label("Organisasjonsnummer").fill("974 760 673")
    page.get_by_label("Organisasjonens navn").fill("Frivillig Vest")
    page.get_by_label("Type organisasjon").select_option("voluntary")
    page.get_by_label("Navnet ditt").fill("Kari Nordmann")
    page.get_by_label("E-post").fill("kari@example.org")
    page.get_by_label("Passord", exact=True).fill(PASSWORD)
    page.get_by_label("Passord igjen").fill(PASSWORD)
    page.get_by_role("button", name="Registrer og logg inn").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Søk om tilskudd")
    expect(page.get_by_test_id("open-calls")).to_contain_text(call.title["nb"])
    axe_clean(page, "home")
    page.get_by_role("link", name=call.title["nb"]).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(call.title["nb"])
    expect(page.get_by_text("Øke deltakelsen")).to_be_visible()
    axe_clean(page, "call")
    page.get_by_role("button", name="Start en søknad").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Utkast")
    axe_clean(page, "draft")
    page.get_by_label("Prosjekttittel").fill("Språkkafé i Bergen")
    page.get_by_label("Beløp det søkes om (kroner)").fill("150000")
    page.get_by_label("Kort beskrivelse").fill("Språkkafé og leksehjelp for nyankomne to kvelder i uka.")
    page.get_by_label("Del B: Kunnskap og kvalifisering").check()
    page.get_by_label("Planlagte deltakere").fill("40")
    page.get_by_role("group", name="Samarbeidspartner?").get_by_label("Nei").check()
    for row, (item, amount) in enumerate((("Lønn", "150000"), ("Lokaler", "30000"), ("Materiell", "20000")), start=1):
        if row == 3:
            # Two empty rows are offered; the third comes with "More rows", which saves the draft (no JavaScript).
            page.get_by_role("button", name="Flere rader (lagrer utkastet)").click()
            expect(page.get_by_label("Kostnad, rad 2", exact=True)).to_have_value("Lokaler")
        page.get_by_label(f"Kostnad, rad {row}", exact=True).fill(item)
        page.get_by_label(f"Kostnad i kroner, rad {row}", exact=True).fill(amount)
    page.get_by_label("Inntektskilde, rad 1", exact=True).fill("Egenandel")
    page.get_by_label("Inntekt i kroner, rad 1", exact=True).fill("20000")
    page.get_by_role("button", name="Lagre utkastet").click()
    expect(page.get_by_text("Utkastet er lagret.")).to_be_visible()

    # 200 000 in costs, 20 000 own contribution and 150 000 applied for: 30 000 short.
    page.get_by_role("button", name="Send inn søknaden").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_contain_text("Budsjettet går ikke opp")
    expect(summary).to_contain_text("Differansen er 30000 kr")
    axe_clean(page, "budget-error")
    assert GrantApplication.objects.get().state == "draft"

    page.get_by_label("Beløp det søkes om (kroner)").fill("180000")
    page.get_by_role("button", name="Lagre utkastet").click()
    expect(page.get_by_text("Utkastet er lagret.")).to_be_visible()
    page.get_by_label(re.compile("^Vedlegg")).set_input_files(str(document))
    page.get_by_role("button", name="Last opp").click()
    expect(page.get_by_test_id("documents")).to_contain_text("vedtekter.pdf")
    axe_clean(page, "draft-complete")
    page.get_by_role("button", name="Send inn søknaden").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Språkkafé i Bergen")
    expect(page.get_by_test_id("state")).to_have_text("Sendt inn")
    expect(page.get_by_test_id("eligibility")).to_contain_text("Budsjettet går opp.")
    axe_clean(page, "application")
    application = GrantApplication.objects.get()
    assert application.state == "submitted" and application.amount_applied == 180000
    assert application.budget["costs"][2] == {"item": "Materiell", "amount": 20000}
    assert application.documents.count() == 1 and all(check["ok"] for check in application.eligibility)
