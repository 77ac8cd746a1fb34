"""In Chromium, the pages of the application-based schemes behind the portal: the recipient's report, the grant
officer's schemes, scheme, call, ranking with the proposal (an amount changed updates the totals by htmx), case
with the decision form, payments, the report under review and the control page; the reviewer's declaration and
scoring; the public calls with the prize's winners and Mangfoldsprisen's nomination form (a nomination sent).

On every page, at desktop width and at 390 px: axe-core finds no violation of any impact, the page does not
scroll sideways, and the buttons are at least 24 × 24 px (WCAG 2.5.8, target size)."""

import datetime
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyinorge.core.models import Organisation
from nyinorge.core.services.reference import directorate, reference_data_load
from nyinorge.core.services.users import user_create
from nyinorge.core.roles import Role
from nyinorge.grants.application_states import A
from nyinorge.grants.models import GrantApplication, GrantCall, GrantReport, GrantScheme
from nyinorge.grants.services.catalogue import catalogue_call_defaults, catalogue_load
from nyinorge.grants.services.control import control_sample_draw
from nyinorge.grants.services.nominations import MIN_SECONDS
from nyinorge.grants.services.prize import prize_nomination_decide
from nyinorge.grants.services.reviews import review_assign
from nyinorge.grants.templatetags.grants import nok
from tests.browser import SCREENSHOTS
from tests.grants.schemes.admin_helpers import application_make, review_make
from tests.grants.schemes.followup_helpers import accepted_grant
from tests.grants.schemes_fixtures import call_create, scheme_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password-2020"
WIDTHS = (1280, 390)
MIN_TARGET = 24  # px, WCAG 2.2 SC 2.5.8 (target size, minimum)
BUTTONS = "main button:visible, main a.ds-button:visible, main input[type=submit]:visible"

# The innermost elements reaching past the viewport's right edge: what makes a page scroll sideways.
TOO_WIDE = """width => [...document.querySelectorAll("body *")]
    .filter(element => element.getBoundingClientRect().right > width + 1 && !element.closest(".app-table-scroll")
            && ![...element.children].some(child => child.getBoundingClientRect().right > width + 1))
    .slice(0, 5).map(element => element.outerHTML.slice(0, 120))"""


def checked(page, name: str) -> None:
    """axe-core finds nothing, the page fits a phone's width, and every button is a big enough target."""
    from axe_playwright_python.sync_playwright import Axe

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        violations = [{"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]][:5]}
                      for v in Axe().run(page).response["violations"]]
        assert violations == [], f"{name} at {width} px: {violations}"
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width + 1, (f"{name} scrolls sideways at {width} px ({scroll_width} px wide): "
                                           f"{page.evaluate(TOO_WIDE, width)}")
        small = [box for box in page.evaluate(
            """selector => [...document.querySelectorAll(selector)].map(element => {
                const box = element.getBoundingClientRect();
                return {text: element.textContent.trim().slice(0, 40), width: box.width, height: box.height};
            })""", BUTTONS.replace(":visible", "")) if 0 < box["width"] and (
            box["width"] < MIN_TARGET or box["height"] < MIN_TARGET)]
        assert small == [], f"{name} at {width} px: targets below {MIN_TARGET} px: {small}"
        page.screenshot(path=str(SCREENSHOTS / f"grants-officer-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def log_in(page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_label("Brukernavn")).to_have_count(0)


def prize_calls(officer) -> tuple[GrantCall, GrantCall]:
    """Mangfoldsprisen: last year's call with a winner, and this year's open for nominations."""
    catalogue_load()
    now, year = timezone.now(), timezone.localdate().year
    scheme = GrantScheme.objects.get(code="diversity-prize")

    def prize_call(budget_year, opens, closes):
        return GrantCall.objects.create(
            scheme=scheme, budget_year=budget_year, administered_by=directorate(), frame=0, published=True,
            title={"nb": f"Mangfoldsprisen {budget_year}", "en": f"Diversity prize {budget_year}"}, created_by=officer,
            opens_at=now + datetime.timedelta(days=opens), deadline=now + datetime.timedelta(days=closes),
            **catalogue_call_defaults(code="diversity-prize", budget_year=budget_year))

    last, this = prize_call(year - 1, -400, -300), prize_call(year, -5, 20)
    winner = GrantApplication.objects.create(
        call=last, project_title="Septer AS", state=A.IN_REVIEW, submitted_at=now, nominator_name="Nora",
        nominator_email="nora@example.org",
        answers={"nominee_name": "Septer AS", "nominee_municipality": "Ringsaker", "category": "small",
                 "competence_use": "Ja.", "diversity_levels": "Ja.", "strategic_work": "Ja."})
    prize_nomination_decide(actor=officer, application=winner, decision="award", reasons="Beste bruk av kompetanse.",
                            placing="gold")
    return last, this


def test_the_officer_reviewer_recipient_and_public_pages(live_server, browser_page, settings, tmp_path):
    started = time.monotonic()
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    reference_data_load()
    officer = user_create(username="tilskudd1", organisation=directorate(), roles=[Role.GRANT_OFFICER],
                          password=PASSWORD)
    second = user_create(username="tilskudd2", organisation=directorate(), roles=[Role.GRANT_OFFICER])
    reviewer = user_create(username="fagvurderer", organisation=directorate(), roles=[Role.GRANT_REVIEWER],
                           password=PASSWORD)
    volunteers = Organisation.objects.create(
        kind="voluntary", name="Frivillig forening for inkludering", organisation_number="974760673")
    employer = Organisation.objects.create(
        kind="employer", name="Mangfold Mat AS", organisation_number="981566378")
    recipient = user_create(username="soker", organisation=volunteers, roles=[Role.GRANT_APPLICANT],
                            password=PASSWORD)
    scheme = scheme_create()
    call = call_create(scheme, administered_by=directorate(), created_by=officer)
    first = application_make(call, volunteers, title="Språkkafé i Bergen", amount=300_000, state="in_review",
                             submitted_ago=5)
    review_make(first, second, officer, {"relevance": 7, "quality": 6, "cost": 5})
    panel = user_create(username="fagvurderer2", organisation=directorate(), roles=[Role.GRANT_REVIEWER])
    review_make(first, panel, officer, {"relevance": 6, "quality": 6, "cost": 6})  # two reviews: two score tables
    ranked = application_make(call, employer, title="Mentorordning for nyansatte", amount=250_000,
                              state="in_review", submitted_ago=3)
    review_make(ranked, second, officer, {"relevance": 4, "quality": 4, "cost": 4})
    assignment = review_assign(actor=officer, application=application_make(
        call, employer, title="Leksehjelp på Lindeberg", state="in_review", submitted_ago=2),
        reviewer=reviewer)
    grant = accepted_grant(call, volunteers, title="Jobbklar", user=recipient)
    report = grant.reports.filter(kind=GrantReport.Kind.PROGRESS).first()
    sample = control_sample_draw(actor=officer, call=call, method="random", size=1, seed=7)
    _last_prize, open_prize = prize_calls(officer)
    page, base = browser_page, live_server.url
    built = time.monotonic()

    # The recipient fills in the progress report.
    log_in(page, base, "soker")
    page.goto(f"{base}/grants/schemes/reports/{report.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jobbklar")
    page.locator("[name=summary]").fill("Tolv kurskvelder med 30 deltakere.")
    page.locator("[name=results]").fill("Ni deltakere fikk jobb.")
    checked(page, "report-recipient")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[name=summary]")).to_have_count(0)
    report.refresh_from_db()
    assert report.state == GrantReport.State.SUBMITTED

    # The grant officer's pages.
    log_in(page, base, "tilskudd1")
    page.goto(f"{base}/grants/schemes/")
    expect(page.get_by_role("link", name=scheme.name["nb"]).first).to_be_visible()
    checked(page, "schemes")
    page.goto(f"{base}/grants/schemes/{scheme.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(scheme.name["nb"])
    checked(page, "scheme")
    page.goto(f"{base}/grants/schemes/calls/{call.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(call.title["nb"])
    checked(page, "call")

    page.goto(f"{base}/grants/schemes/calls/{call.pk}/ranking/")
    amount = page.locator(f"#amount-{first.pk}")
    expect(amount).to_be_visible()
    totals = page.locator("#proposal-totals")
    checked(page, "ranking")
    page.locator(f"#amount-{ranked.pk}").fill("")
    amount.fill("123456")
    # The proposed total is the one amount, not saved; the totals came by htmx (the page was not reloaded).
    expect(totals).to_contain_text(f"{nok(123456)} NOK")
    expect(amount).to_have_value("123456")
    checked(page, "ranking-preview")
    assert GrantApplication.objects.get(pk=first.pk).proposed_amount is None

    page.goto(f"{base}/grants/schemes/applications/{first.pk}/")
    expect(page.locator("form[action$='/decide/']")).to_be_visible()
    checked(page, "case")
    page.goto(f"{base}/grants/schemes/payments/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Jobbklar")
    checked(page, "payments")
    page.goto(f"{base}/grants/schemes/reports/{report.pk}/")
    expect(page.locator("form[action$='/review/']")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ni deltakere fikk jobb.")
    checked(page, "report-officer")
    page.goto(f"{base}/grants/schemes/calls/{call.pk}/control/")
    expect(page.locator(f"a[href$='/control/{sample.pk}/']")).to_be_visible()
    checked(page, "control")
    page.goto(f"{base}/grants/schemes/calls/{call.pk}/control/{sample.pk}/")
    expect(page.locator("main")).to_contain_text("Jobbklar")
    checked(page, "control-sample")

    # The reviewer: the impartiality declaration first, then the scoring.
    log_in(page, base, "fagvurderer")
    page.goto(f"{base}/grants/reviews/")
    page.get_by_role("link", name="Leksehjelp på Lindeberg").click()
    expect(page.locator("[name=score_relevance]")).to_have_count(0)
    checked(page, "review-declaration")
    page.locator("input[name=declaration][value=impartial]").check()
    page.locator("form[action$='/declare/'] button[type=submit]").click()
    expect(page.locator("[name=score_relevance]")).to_be_visible()
    for key, score in (("relevance", "6"), ("quality", "5"), ("cost", "4")):
        page.locator(f"[name=score_{key}]").select_option(score)
    page.locator("input[name=answer_recommendation][value=grant]").check()
    checked(page, "review-scoring")
    page.locator("button[name=submit]").click()
    expect(page.locator("button[name=submit]")).to_have_count(0)
    assignment.refresh_from_db()
    assert assignment.state == "submitted" and assignment.scores["relevance"]["score"] == 6

    # Anyone: the open calls with the prize's winners, and a nomination.
    page.context.clear_cookies()
    page.goto(f"{base}/grants/calls/")
    expect(page.locator("main")).to_contain_text("Septer AS")
    checked(page, "public-calls")
    page.goto(f"{base}/grants/calls/{open_prize.pk}/nominate/")
    opened = time.monotonic()
    checked(page, "nominate")
    page.locator("[name=nominee_name]").fill("Mangfold Bakeri AS")
    page.locator("[name=nominee_municipality]").fill("Hamar")
    category = page.locator("[name=category]")
    if category.first.evaluate("element => element.tagName") == "SELECT":
        category.select_option("medium_large")
    else:
        page.locator("[name=category][value=medium_large]").check()
    for key in ("competence_use", "diversity_levels", "strategic_work"):
        page.locator(f"[name={key}]").fill("Ansetter og forfremmer etter kompetanse.")
    page.locator("[name=nominator_name]").fill("Per Forslagsstiller")
    page.locator("[name=nominator_email]").fill("per@example.org")
    page.locator("[name=consent]").check()
    # The form refuses what is sent sooner than a person could fill it in (the signed token's time).
    time.sleep(max(0.0, MIN_SECONDS + 0.5 - (time.monotonic() - opened)))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Mangfold Bakeri AS")
    checked(page, "nominated")
    nomination = GrantApplication.objects.get(nominator_email="per@example.org")
    assert nomination.call == open_prize and nomination.state == A.SUBMITTED
    print(f"world {built - started:.1f} s, pages {time.monotonic() - built:.1f} s")
