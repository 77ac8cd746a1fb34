"""In Chromium at 360×740: a resident logs in with a one-time code and goes through every section to the summary,
in Somali (left to right) and Arabic (right to left). On every page: axe-core finds no WCAG 2.1 A/AA violation,
nothing scrolls sideways, every touch target is at least 44 px, and `lang`/`dir` are the language's."""

import datetime
import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from nyinorge.competence.models import CompetenceRegistration
from nyinorge.competence.services.access_codes import access_code_issue
from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.core.services.organisations import reception_centre_create
from nyinorge.core.services.people import person_create
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from tests.browser import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# Everything a finger presses: buttons, links, fields, and the labels that carry a checkbox or radio button.
TOUCH_TARGETS = """() => [...document.querySelectorAll(
    'main a, main button, main select, main input:not([type=checkbox]):not([type=radio]):not([type=hidden]),'
  + 'main textarea, main label.choice, header a, header button, header select, footer button')]
  .filter(e => e.offsetParent !== null)
  .map(e => { const r = e.getBoundingClientRect(); return {what: e.outerHTML.slice(0, 80), w: r.width, h: r.height}; })
  .filter(t => t.w < 44 || t.h < 44)"""
RESULTS = SCREENSHOTS / "kompass-axe.json"


def _resident():
    reference_data_load()
    centre = reception_centre_create(name="Testmottak Lier", operator="Drift AS",
                                     host_municipality=Municipality.objects.get(number="3049")).organisation
    staff = user_create(username="mottak", organisation=centre, roles=[Role.RECEPTION_STAFF])
    caseworker = user_create(username="imdi", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER])
    person = person_create(actor=caseworker, given_name="Hamid", family_name="Karimi", birth_date=datetime.date(1990, 3, 21),
                           reception_centre=centre, duf_number="202000000123")
    _record, code = access_code_issue(actor=staff, person=person)
    return person, code


def _check(page, language: str, direction: str, name: str, report: dict) -> list[str]:
    problems = []
    html = page.locator("html")
    if html.get_attribute("lang") != language or html.get_attribute("dir") != direction:
        problems.append(f"{name}: lang={html.get_attribute('lang')} dir={html.get_attribute('dir')}")
    violations = Axe().run(page, options=WCAG_21_AA).response["violations"]
    report[name] = [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in violations]
    problems += [f"{name}: axe {v['id']} ({v['impact']}) {[n['target'] for n in v['nodes']][:3]}" for v in violations]
    if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
        problems.append(f"{name}: scrolls sideways ({page.evaluate('document.documentElement.scrollWidth')} px)")
    small = page.evaluate(TOUCH_TARGETS)
    problems += [f"{name}: touch target {t['w']:.0f}×{t['h']:.0f} px: {t['what']}" for t in small]
    page.screenshot(path=str(SCREENSHOTS / f"kompass-{language}-{name}.png"), full_page=True)
    return problems


@pytest.mark.parametrize("language, direction", [("so", "ltr"), ("ar", "rtl")])
def test_a_resident_registers_on_a_phone(live_server, chromium, language, direction):
    person, code = _resident()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(locale=language, viewport={"width": 360, "height": 740}, has_touch=True,
                                   is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    base = live_server.url
    problems, report = [], {}
    try:
        page.goto(f"{base}/competence/")
        problems += _check(page, language, direction, "start", report)
        page.locator("#id_code").fill(code)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{base}/competence/me/")
        problems += _check(page, language, direction, "overview", report)
        for section in CompetenceRegistration.Section.values:
            page.goto(f"{base}/competence/me/{section}/")
            if section == "languages":
                page.locator("#id_0-language").select_option("ar")
                page.locator("#id_0-level").select_option("native")
            elif section == "schooling":
                page.locator("#id_schooling_country").select_option("SY")
                page.locator("#id_schooling_years").fill("12")
                page.locator("#id_highest_level").select_option("3")
            elif section == "work":
                page.locator("#id_0-occupation_q").fill("carpenter")  # htmx asks the server as they type
                page.locator("#pick-0-7115").check()
                assert page.locator("#id_0-occupation").input_value() == "7115"
                page.locator("#id_0-years").fill("6")
            elif section == "driving":
                page.locator("#id_driving_licence_0").check()
            elif section == "wishes":
                page.locator("#id_wish_work").fill("نجار" if language == "ar" else "Nijaar")
            elif section == "consent":
                page.locator("#id_consent_share").check()
            problems += _check(page, language, direction, section, report)
            page.locator("button[name=go][value=next]").click()
            page.wait_for_load_state()
            assert "/competence/me/" in page.url and "errors" not in page.content(), (section, page.url)
        page.wait_for_url(f"{base}/competence/me/summary/")
        problems += _check(page, language, direction, "summary", report)
        assert page.locator(f'section[lang="{language}"][dir="{direction}"]').count() == 1
        assert page.locator('section[lang="nb"][dir="ltr"]').count() == 1
    finally:
        context.close()
        previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        RESULTS.write_text(json.dumps({**previous, language: report}, indent=1))
    registration = CompetenceRegistration.objects.get(person=person)
    assert registration.completed_at is not None and registration.work_experiences.get().occupation == "7115"
    assert not problems, "\n".join(problems)
