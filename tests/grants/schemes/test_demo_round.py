"""A whole round of an application-based scheme on the demo data, only through the pages (issue 16's "done when"):
the demo's applicant organisation applies to the directorate's open volunteer-scheme call, the grant officer starts
the review and assigns the demo reviewer, who declares impartiality and scores, the officer ranks, allocates and
decides, the applicant accepts the grant letter, two officers pay the instalment (four eyes), the report is
submitted and approved, and the call is exported. Then Oslo runs its delegated call of the scheme on its own, which
the directorate follows but cannot decide on.

Every step is an HTTP request with Django's test client, logged in as the demo user `make run` prints, in English
(the language cookie); the forms are filled from the call's own application and review forms, as a person would."""

import csv
import io
import re
from html import unescape

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from nyinorge.core.models import User
from nyinorge.grants.application_states import A
from nyinorge.grants.formdefs import condition_met
from nyinorge.grants.models import GrantApplication, GrantCall, GrantPayment, GrantReport, ReviewAssignment
from tests.grants.schemes_fixtures import call_close
from nyinorge.grants.translated import translated
from tests.grants.pdf_text import pdf_text
from tests.interpreters.documents import pdf_bytes, upload

pytestmark = pytest.mark.django_db

TITLE = "Leksehjelp og norsktrening i Gamlebyen"
AMOUNT = 150_000
OWN = 30_000
VALID_ORGNR = "974760673"  # Brønnøysundregistrene's own number: a valid check digit


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data once for the module (as `make run` loads it), rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--force")
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Uploaded documents go to a temporary folder, not the checkout's."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def login(demo, english):
    """A test client per demo user, logged in by username, in English."""
    clients: dict[str, Client] = {}

    def client_for(username: str) -> Client:
        if username not in clients:
            client = Client()
            client.force_login(User.objects.get(username=username))
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            clients[username] = client
        return clients[username]

    return client_for


def text(response) -> str:
    """The page's text with the tags dropped and the white space (also no-break spaces) collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body))).replace("\u00a0", " ")


def nok(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


def page(client: Client, url: str, *shown: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    content = text(response)
    for expected in shown:
        assert expected in content, f"{url}: {expected!r} is not in: {content[:5000]}"
    return content


def post(client: Client, url: str, data: dict, *shown: str, status: int = 200, follow: bool = True) -> str:
    """POST as a browser would: the redirect followed (the message on the next page) unless `follow` is off."""
    response = client.post(url, data, follow=follow)
    assert response.status_code == status, (url, response.status_code, text(response)[:3000])
    if follow and status == 200:
        assert response.redirect_chain, f"{url} answered without a redirect"
    content = text(response)
    for expected in shown:
        assert expected in content, f"{url}: {expected!r} is not in: {content[:5000]}"
    return content


# The call's own forms, filled as a person would -----------------------------------------------------------------

def _value(item: dict, call: GrantCall, key_hint: str) -> tuple[object, object]:
    """(what is posted, the cleaned value a condition compares) for one field of a form definition."""
    kind = item["type"]
    if kind in ("text", "textarea"):
        value = f"Svar på {translated(item['label'])[:60]}"[:item.get("max_length", 10_000)]
        return value, value
    if kind == "email":
        return "post@demo-frivillig.invalid", "post@demo-frivillig.invalid"
    if kind == "orgnr":
        return VALID_ORGNR, VALID_ORGNR
    if kind in ("integer", "amount"):
        number = min(max(item.get("min", 1), 25), item.get("max", 10**9))
        return str(number), number
    if kind == "date":
        day = call.project_end if "end" in key_hint else call.project_start
        return day.isoformat(), day
    if kind == "boolean":
        return "false", False
    first = item["choices"][0]["value"]
    return ([first], [first]) if kind == "multichoice" else (first, first)


def application_post(call: GrantCall, *, costs: int, title: str = TITLE, amount: int = AMOUNT) -> dict:
    """The POST of the draft's form for every field the call's application form shows, the budget with `costs`."""
    data: dict = {"project_title": title, "amount_applied": str(amount)}
    answers: dict = {}
    for section in call.application_form["sections"]:
        if not condition_met(section.get("show_if"), answers):
            continue
        for item in section["fields"]:
            if not condition_met(item.get("show_if"), answers):
                continue
            name = f"f-{item['key']}"
            if item["type"] == "budget":
                rows = {"costs": [("item", "Lønn til koordinator", costs - 20_000), ("item", "Lokaler", 20_000)],
                        "income": [("source", "Egeninnsats", OWN)]}
                for part, part_rows in rows.items():
                    data[f"{name}-{part}-rows"] = str(len(part_rows))
                    for index, (label, description, value) in enumerate(part_rows):
                        data[f"{name}-{part}-{index}-{label}"] = description
                        data[f"{name}-{part}-{index}-amount"] = str(value)
                continue
            posted, answers[item["key"]] = _value(item, call, item["key"])
            data[name] = posted
    return data


def review_post(call: GrantCall, *, scores: dict[str, int], submit: bool) -> dict:
    """The reviewer's form: a score and a comment per criterion, and the call's review form answered."""
    data: dict = {}
    for criterion in call.scheme.criteria.all():
        data[f"score_{criterion.key}"] = str(scores[criterion.key])
        data[f"comment_{criterion.key}"] = f"Vurdering av {translated(criterion.label, 'nb')}."
    answers: dict = {}
    for section in (call.review_form or {}).get("sections", []):
        for item in section.get("fields", []):
            if item["type"] == "budget" or not condition_met(item.get("show_if"), answers):
                continue
            posted, answers[item["key"]] = _value(item, call, item["key"])
            if item["key"] == "proposed_amount":
                posted, answers[item["key"]] = str(AMOUNT), AMOUNT
            data[f"answer_{item['key']}"] = posted
    if submit:
        data["submit"] = "1"
    return data


def apply(client: Client, call: GrantCall, *, title: str, budget_error: bool) -> GrantApplication:
    """Open the portal and the call, start a draft, fill it (first with a budget that does not add up, when asked),
    upload a PDF and submit: the applicant's whole part of a round."""
    call_title = translated(call.title)
    page(client, reverse("grants:portal"), call_title)
    page(client, reverse("grants:portal_call", args=[call.pk]), call_title, translated(call.scheme.name),
         *(translated(criterion.label) for criterion in call.scheme.criteria.all()))
    before = set(GrantApplication.objects.filter(call=call).values_list("pk", flat=True))
    post(client, reverse("grants:application_new", args=[call.pk]), {}, "The draft is created.")
    application = GrantApplication.objects.get(call=call, pk__in=GrantApplication.objects.filter(call=call).exclude(
        pk__in=before).values("pk"))
    edit = reverse("grants:application_edit", args=[application.pk])
    response = client.get(edit)
    assert response.status_code == 200
    form = text(response)
    assert all(shown in form for shown in ("Your application", "Budget", "Submit the application", "No documents yet."))
    for name in application_post(call, costs=AMOUNT + OWN):  # every field the POST fills is on the page
        assert f'name="{name}"' in response.content.decode(), f"the form has no field {name}"

    if budget_error:
        # 10 000 more in costs than the income and the amount applied for: the submission says where it is wrong.
        wrong = application_post(call, costs=AMOUNT + OWN + 10_000, title=title) | {"then_submit": "1"}
        shown = post(client, edit, wrong, "The application is not submitted: correct what is listed first.",
                     "The budget does not add up", "The difference is 10000 NOK.", status=400, follow=False)
        assert "Correct the following to continue Budget: The budget does not add up" in shown
        application.refresh_from_db()
        assert application.state == A.DRAFT and application.project_title == title
    post(client, edit, application_post(call, costs=AMOUNT + OWN, title=title), "The draft is saved.")
    post(client, reverse("grants:application_document_add", args=[application.pk]),
         {"document": upload("prosjektplan.pdf", pdf_bytes(), "application/pdf")},
         "The document is uploaded.", "prosjektplan.pdf")
    shown = post(client, reverse("grants:application_action", args=[application.pk, "submit"]), {},
                 "The application is submitted.", title, "Submitted")
    assert "prosjektplan.pdf" in shown
    application.refresh_from_db()
    assert application.state == A.SUBMITTED and application.documents.count() == 1
    return application


# The directorate's round -------------------------------------------------------------------------------------------

def open_call(*, administered_by_kind: str) -> GrantCall:
    """The demo's open call of the volunteer scheme run by the directorate or by a municipality (Oslo)."""
    return GrantCall.objects.get(scheme__code="volunteer-integration", administered_by__kind=administered_by_kind,
                                 deadline__gt=timezone.now())


def test_a_whole_round_of_the_directorates_volunteer_call(login):
    call = open_call(administered_by_kind="directorate")
    frivillig, tilskudd, tilskudd2, fagvurderer = (login(name) for name in (
        "frivillig", "tilskudd", "tilskudd2", "fagvurderer"))
    reviewer = User.objects.get(username="fagvurderer")

    # 1. The applicant applies: draft, the budget error once, fixed, a PDF, submitted.
    application = apply(frivillig, call, title=TITLE, budget_error=True)

    # 2. The officer sees it on the call's page, starts the review and assigns the reviewer.
    call_url = reverse("grants:call", args=[call.pk])
    page(tilskudd, call_url, translated(call.title), TITLE, "Demo frivillig forening for inkludering", "Submitted",
         "Eligible")
    post(tilskudd, reverse("grants:call_start_review", args=[call.pk]), {"application": [application.pk]},
         "The review started for 1 application(s).")
    shown = post(tilskudd, reverse("grants:call_assign", args=[call.pk]),
                 {"application": [application.pk], "reviewer": reviewer.pk},
                 "The reviewer is assigned to 1 application(s).")
    assert re.search(rf"{TITLE} Demo frivillig forening for inkludering [\d.: ]+ {nok(AMOUNT)} In review Eligible "
                     r"Fride Fagvurderer \(Awaiting declaration of impartiality\)", shown), shown[:3000]
    application.refresh_from_db()
    assert application.state == A.IN_REVIEW

    # 3. The reviewer declares impartiality (the answers are hidden until then) and scores every criterion.
    review = ReviewAssignment.objects.get(application=application, reviewer=reviewer)
    page(fagvurderer, reverse("grants:reviews"), TITLE)
    review_url = reverse("grants:review", args=[review.pk])
    before = page(fagvurderer, review_url, TITLE, "forvaltningsloven")
    assert "prosjektplan.pdf" not in before and "Lønn til koordinator" not in before
    post(fagvurderer, reverse("grants:review_declare", args=[review.pk]), {"declaration": "impartial", "note": ""},
         "You declared yourself impartial; you can score the application.", "prosjektplan.pdf")
    scores = {criterion.key: criterion.max_score for criterion in call.scheme.criteria.all()}
    post(fagvurderer, review_url, review_post(call, scores=scores, submit=False), "The scores are saved.")
    post(fagvurderer, review_url, review_post(call, scores=scores, submit=True), "The review is submitted.")
    review.refresh_from_db()
    assert review.state == "submitted"
    assert all(review.scores[key]["comment"].startswith("Vurdering av") for key in scores)

    # 4. The deadline passes (the workflow refuses decisions while the call still takes applications); the
    # officer ranks, lets the proposal allocate, decides (reasons and criteria) and opens the letter.
    call = call_close(call)
    ranking_url = reverse("grants:call_ranking", args=[call.pk])
    ranked = page(tilskudd, ranking_url, "Ranking and proposal", TITLE)
    assert re.search(rf"1 {TITLE} .*1 review .*100(\.0+)? {nok(AMOUNT)}", ranked), ranked[:4000]
    post(tilskudd, reverse("grants:call_proposal", args=[call.pk]), {"action": "allocate", "rule": "partial"},
         "The amounts are proposed by rank.")
    application.refresh_from_db()
    assert application.proposed_amount == AMOUNT
    case_url = reverse("grants:application_case", args=[application.pk])
    page(tilskudd, case_url, TITLE, "Fride Fagvurderer", "prosjektplan.pdf", "Decision", "The budget adds up.")
    # The eligibility check stored by the applicant's (English) submission reads in bokmål for a bokmål reader.
    in_bokmal = Client()
    in_bokmal.force_login(User.objects.get(username="tilskudd"))
    page(in_bokmal, case_url, "Budsjettet går opp.", "Alle obligatoriske felt er besvart.")
    criteria = [criterion.key for criterion in call.scheme.criteria.all()][:2]
    post(tilskudd, reverse("grants:application_decide", args=[application.pk]),
         {"decision": "approve", "amount": str(AMOUNT), "criteria": criteria, "conditions": "",
          "reasons": "Tiltaket svarer godt på delmålet og når målgruppen (tildelingskriteriene relevans og "
                     "måloppnåelse); fagvurderingen gir full score."},
         "The decision is made: Approved. The letter is ready for the applicant.")
    application.refresh_from_db()
    assert application.state == A.APPROVED and application.amount_granted == AMOUNT
    assert application.decided_by.username == "tilskudd" and application.decision_criteria == criteria
    letter = tilskudd.get(reverse("grants:application_letter", args=[application.pk]))
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    letter_text = pdf_text(letter.content).replace("\u00a0", " ")
    assert nok(AMOUNT) in letter_text and "Riksrevisjonen" in letter_text and TITLE in letter_text

    # 5. The applicant accepts the grant letter; the instalment and the reports appear.
    application_url = reverse("grants:application", args=[application.pk])
    page(frivillig, application_url, "Approved", nok(AMOUNT))
    shown = post(frivillig, reverse("grants:application_action", args=[application.pk, "accept"]), {},
                 "The grant letter is accepted. The payments and reports of the grant are planned below.",
                 "Grant accepted", f"1 {timezone.localdate():%d.%m.%Y} {nok(AMOUNT)} Planned")
    payment = GrantPayment.objects.get(application=application, number=1)
    reports = list(GrantReport.objects.filter(application=application).order_by("due_on", "id"))
    assert payment.amount == AMOUNT and reports
    for report in reports:
        assert report.get_kind_display() in shown

    # 6. Four eyes: one officer prepares the instalment, the same one may not approve it, a second one does.
    page(tilskudd, reverse("grants:payments"), TITLE)
    post(tilskudd, reverse("grants:payment_prepare", args=[payment.pk]), {},
         "Instalment 1 is prepared; a second person approves it.")
    post(tilskudd, reverse("grants:payment_approve", args=[payment.pk]), {},
         "You prepared this instalment, so a second person must approve it (four eyes).")
    payment.refresh_from_db()
    assert payment.state == GrantPayment.State.PLANNED and payment.created_by.username == "tilskudd"
    post(tilskudd2, reverse("grants:payment_approve", args=[payment.pk]), {},
         "Instalment 1 approved; it goes into the next payout file.")
    payment.refresh_from_db()
    assert payment.state == GrantPayment.State.APPROVED and payment.approved_by.username == "tilskudd2"

    # 7. The applicant submits the report (on activities and results); the officer approves it.
    report = next(report for report in reports if report.kind in (GrantReport.Kind.PROGRESS, GrantReport.Kind.FINAL))
    report_url = reverse("grants:report", args=[report.pk])
    page(frivillig, report_url, "What was done", "Results")
    post(frivillig, report_url, {"summary": "Tretti samlinger med leksehjelp.", "results": "45 deltakere."},
         "The report is submitted; the grant officer reviews it.")
    page(tilskudd, reverse("grants:reports"), TITLE)
    post(tilskudd, reverse("grants:report_review", args=[report.pk]), {"decision": "approve", "note": ""},
         "The report is approved.", "Tretti samlinger med leksehjelp.")
    report.refresh_from_db()
    assert report.state == GrantReport.State.APPROVED

    # 8. The call's applications exported as CSV and as XLSX, with this grant in them.
    exported = tilskudd.get(reverse("grants:scheme_export", args=[call.pk, "applications", "csv"]))
    assert exported.status_code == 200 and "csv" in exported["Content-Type"]
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig")), delimiter=_delimiter(exported)))
    ours = [row for row in rows if TITLE in row]
    assert len(ours) == 1 and str(AMOUNT) in "".join(ours[0]).replace(" ", "").replace("\u00a0", "")
    workbook = tilskudd.get(reverse("grants:scheme_export", args=[call.pk, "applications", "xlsx"]))
    assert workbook.status_code == 200 and "spreadsheetml" in workbook["Content-Type"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(workbook.streaming_content) if workbook.streaming else
                                              workbook.content), read_only=True).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert any(TITLE in row for row in values)
    assert len(values) == len(rows)


def _delimiter(response) -> str:
    head = response.content.decode("utf-8-sig").splitlines()[0]
    return ";" if head.count(";") > head.count(",") else ","


# Oslo's delegated call -------------------------------------------------------------------------------------------

def test_oslo_runs_its_delegated_call_and_the_directorate_follows_without_deciding(login):
    call = open_call(administered_by_kind="municipality")
    oslo, tilskudd = login("oslo-tilskudd"), login("tilskudd")
    reviewer = User.objects.get(username="fagvurderer")
    title = "Språkvenner på biblioteket"

    application = apply(login("sprakvenner"), call, title=title, budget_error=False)
    call_url = reverse("grants:call", args=[call.pk])
    page(oslo, reverse("grants:schemes"), translated(call.title))
    page(oslo, call_url, translated(call.title), "Oslo kommune", title, "Submitted")
    post(oslo, reverse("grants:application_start_review", args=[application.pk]), {}, "The review has started.")
    post(oslo, reverse("grants:application_assign", args=[application.pk]), {"reviewer": reviewer.pk},
         "The reviewer is assigned; they declare their impartiality first.", "Fride Fagvurderer")

    # The directorate sees the call with its figures, but may not act on it: its decision is refused.
    shown = page(tilskudd, call_url, translated(call.title), "You can follow the call, not act on it.", title)
    applied = sum(a.amount_applied for a in GrantApplication.objects.filter(call=call).exclude(state=A.DRAFT))
    assert f"{nok(int(applied))} NOK applied for, 0 NOK granted" in shown
    assert "Assign the reviewer to the chosen" not in shown
    decision = {"decision": "approve", "amount": str(AMOUNT), "criteria": ["relevance"],
                "reasons": "Godt prosjekt.", "conditions": ""}
    refused = tilskudd.post(reverse("grants:application_decide", args=[application.pk]), decision)
    assert refused.status_code == 403
    assert "You do not have access to this page The call is administered by Oslo kommune." in text(refused)
    refused_start = tilskudd.post(reverse("grants:call_start_review", args=[call.pk]), {})
    assert refused_start.status_code == 403
    assert "The call is administered by Oslo kommune." in text(refused_start)
    application.refresh_from_db()
    assert application.state == A.IN_REVIEW and application.decided_at is None

    # Oslo decides, once its call's deadline has passed.
    call_close(call)
    post(oslo, reverse("grants:application_decide", args=[application.pk]), decision | {
        "reasons": "Tiltaket er relevant for delmål A i bydelen (kriteriet relevans)."},
         "The decision is made: Approved. The letter is ready for the applicant.")
    application.refresh_from_db()
    assert application.state == A.APPROVED and application.decided_by.username == "oslo-tilskudd"
    page(tilskudd, call_url, f"{nok(int(applied))} NOK applied for, {nok(AMOUNT)} NOK granted")
    page(tilskudd, reverse("grants:scheme", args=[call.scheme_id]), "Oslo kommune")
