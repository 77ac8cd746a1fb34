"""In Chromium: the KomBo kit opens, takes a passphrase, keeps working offline (the service worker serves it on a
reload with the network cut), captures a family of two with their competence, holds only ciphertext in IndexedDB,
exports the bundle; back online the upload with the passphrase creates the persons, the case, the interview and the
registrations. axe-core finds no serious or critical violations on the kit and the upload pages."""

import datetime
import json

import pytest
from playwright.sync_api import expect

from nyinorge.competence.models import CompetenceRegistration, MissionBatch, SettlementInterview
from nyinorge.competence.services.missions import mission_create
from nyinorge.core.models import Person
from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from nyinorge.settlement.models import Case
from tests.browser import PASSWORD, SCREENSHOTS, serious_violations
from tests.browser import log_in as _log_in

PASSPHRASE = "sju sultne katter i Beirut"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



def _fill_member(member, *, relation, given, family, born, sex, duf, occupation, level, years):
    member.locator('[data-field="relation"]').select_option(relation)
    member.locator('[data-field="given_name"]').fill(given)
    member.locator('[data-field="family_name"]').fill(family)
    member.locator('[data-field="birth_date"]').fill(born)
    member.locator('[data-field="sex"]').select_option(sex)
    member.locator('[data-field="citizenship"]').fill("SY")
    member.locator('[data-field="duf_number"]').fill(duf)
    member.locator('[data-toggle="competence"]').check()
    competence = member.locator('[data-item="competence"]')
    competence.get_by_role("button", name="Legg til et språk").click()
    competence.locator('[data-item="language"] [data-field="language"]').fill("ar")
    competence.locator('[data-item="language"] [data-field="level"]').select_option("native")
    competence.locator('[data-field="highest_level"]').select_option(level)
    competence.locator('[data-field="schooling_years"]').fill(str(years))
    competence.get_by_role("button", name="Legg til arbeidserfaring").click()
    competence.locator('[data-item="work"] [data-field="occupation"]').fill(occupation)
    competence.locator('[data-item="work"] [data-field="years"]').fill("4")
    competence.locator('[data-field="consent_share"]').check()


def _controlled_by_the_service_worker(page) -> None:
    """Polled from here: wait_for_function evaluates a string, which the strict CSP refuses."""
    for _attempt in range(100):
        if page.evaluate("() => navigator.serviceWorker.controller !== null"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker never took control of the kit")


def test_a_family_captured_offline_round_trips_into_a_case(live_server, browser_page, tmp_path):
    reference_data_load()
    officer = user_create(username="kombo", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER],
                          password=PASSWORD)
    mission = mission_create(actor=officer, name="Libanon 2025", country="LB", code="LB-2025-1",
                             starts_on=datetime.date(2025, 3, 1), ends_on=datetime.date(2025, 3, 14))
    page, base = browser_page, live_server.url
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and script_errors.append(message.text))
    kit = f"{base}/competence/missions/{mission.code}/offline/"
    _log_in(page, base, "kombo")
    page.goto(kit)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Frakoblet skjema: Libanon 2025")
    page.get_by_label("Passordfrase (minst 12 tegn)").fill(PASSPHRASE)
    page.get_by_label("Samme passordfrase en gang til").fill(PASSPHRASE)
    page.get_by_role("button", name="Sett passordfrasen").click()
    expect(page.get_by_role("heading", name="Familier registrert på denne enheten")).to_be_visible()
    _controlled_by_the_service_worker(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert serious_violations(page) == []

    # Offline from here: the reload is answered by the service worker.
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Lås opp skjemaet")).to_be_visible()
    expect(page.locator("#kit-network")).to_contain_text("Frakoblet")
    page.get_by_label("Passordfrase", exact=True).fill("feil passordfrase her")
    page.get_by_role("button", name="Lås opp", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Feil passordfrase")
    page.get_by_label("Passordfrase", exact=True).fill(PASSPHRASE)
    page.get_by_role("button", name="Lås opp", exact=True).click()
    page.get_by_role("button", name="Ny familie").click()
    members = page.locator('[data-item="member"]')
    _fill_member(members.nth(0), relation="principal", given="Ahmad", family="Haddad", born="1984-03-02",
                 sex="male", duf="202000000001", occupation="7411", level="3", years=12)
    page.get_by_role("button", name="Legg til en person").click()
    _fill_member(members.nth(1), relation="spouse", given="Huda", family="Haddad", born="1987-11-20",
                 sex="female", duf="202000000002", occupation="2221", level="6", years=16)
    interview = page.locator('[data-item="interview"]')
    interview.locator('[data-field="rooms_needed"]').fill("2")
    interview.locator('[data-field="health_needs"]').fill("Astma")
    interview.get_by_role("button", name="Legg til nettverk").click()
    interview.locator('[data-item="tie"] [data-field="municipality"]').fill("0301")
    interview.locator('[data-item="tie"] [data-field="relation"]').select_option("sibling")
    page.screenshot(path=str(SCREENSHOTS / "kombo-kit-family-nb.png"), full_page=True)
    # From the keyboard: a pointer click there can land on the municipality field's suggestion list (a datalist
    # popup outside the page's DOM) instead of the button.
    page.get_by_role("button", name="Lagre familien").focus()
    page.keyboard.press("Enter")
    try:
        expect(page.locator("#kit-status")).to_contain_text("Familien er lagret")
    except AssertionError as error:
        page.screenshot(path=str(SCREENSHOTS / "kombo-kit-save-failed.png"), full_page=True)
        raise AssertionError(f"{error}\nscript errors: {script_errors}; shown: {page.locator('#kit-error').text_content()}") from None
    expect(page.get_by_test_id("kit-records").get_by_role("row")).to_have_count(2)
    expect(page.get_by_test_id("kit-records")).to_contain_text("Ahmad Haddad")

    stored = page.evaluate("""() => new Promise((resolve, reject) => {
        const open = indexedDB.open("kombo");
        open.onsuccess = () => {
          const db = open.result;
          const all = { records: null, meta: null };
          const tx = db.transaction(["records", "meta"], "readonly");
          tx.objectStore("records").getAll().onsuccess = (e) => { all.records = e.target.result; };
          tx.objectStore("meta").getAll().onsuccess = (e) => { all.meta = e.target.result; };
          tx.oncomplete = () => resolve(JSON.stringify(all));
          tx.onerror = () => reject(tx.error);
        };
      })""")
    held = json.loads(stored)
    assert len(held["records"]) == 1 and held["records"][0]["ciphertext"]
    for secret in ("Haddad", "Ahmad", "202000000001", "1984-03-02", "Astma", PASSPHRASE):
        assert secret not in stored, f"{secret} is readable in IndexedDB"

    with page.expect_download() as download:
        page.get_by_role("button", name="Eksporter den krypterte pakken").click()
    bundle_path = tmp_path / "bundle.json"
    download.value.save_as(bundle_path)
    envelope = json.loads(bundle_path.read_text())
    assert envelope["mission"] == mission.code and envelope["kdf"]["iterations"] >= 310_000
    assert "Haddad" not in bundle_path.read_text()

    # Home again: the upload.
    page.context.set_offline(False)
    page.goto(f"{base}/competence/missions/{mission.code}/upload/")
    assert serious_violations(page) == []
    page.get_by_label("Pakkefil").set_input_files(str(bundle_path))
    page.get_by_label("Passordfrase").fill(PASSPHRASE)
    page.get_by_role("button", name="Last opp og importer").click()
    expect(page.get_by_test_id("batch-report")).to_contain_text("Ahmad Haddad")
    page.screenshot(path=str(SCREENSHOTS / "kombo-upload-report-nb.png"), full_page=True)
    assert serious_violations(page) == []

    batch = MissionBatch.objects.get()
    assert batch.status == MissionBatch.Status.IMPORTED and batch.device == envelope["device"]
    ahmad = Person.objects.get(duf_number="202000000001")
    case = Case.objects.get(members__person=ahmad)
    assert set(case.members.values_list("person__given_name", flat=True)) == {"Ahmad", "Huda"}
    interview = SettlementInterview.objects.get(case=case)
    assert interview.rooms_needed == 2 and interview.health_needs == "Astma"
    assert interview.network_ties.get().municipality_id == "0301"
    huda = CompetenceRegistration.objects.get(person__duf_number="202000000002")
    assert huda.highest_level == "6" and huda.work_experiences.get().occupation == "2221" and huda.consent_share
