"""The applicant's and reviewer's pages: signup, draft, upload, submission, review, download; who sees what,
and that every read of an application or document is in the audit log."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from nyinorge.core.models import AuditEntry, Organisation
from nyinorge.core.roles import Role
from nyinorge.interpreters.models import Application, ApplicationDocument, EvidenceClaim, Interpreter
from nyinorge.interpreters.services.applications import application_start, application_submit
from nyinorge.interpreters.sources import PopulationRecord, QualificationKind, QualificationResult
from tests.interpreters.apply_fixtures import *  # noqa: F403
from tests.interpreters.apply_fixtures import PASSWORD, add_claim, new_number
from tests.interpreters.documents import jpeg_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"interpreters:{name}", args=args)


def reads(since: int, object_type: str):
    return AuditEntry.objects.filter(id__gt=since, action="view", object_type=object_type)


def last_audit_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_local_signup_creates_the_login_and_prefills(client, settings, fake_sources):
    settings.INTERPRETER_LOCAL_SIGNUP = True
    number = new_number()
    fake_sources.people[number] = PopulationRecord(number, "Hodan", "Warsame", "Fjordgata 2", "5003", "BERGEN", "4601")
    assert client.get(url("account_start")).status_code == 200
    response = client.post(url("account_signup"), {
        "person_number": number, "email": "hodan@example.org", "password": PASSWORD, "password_again": PASSWORD,
        "consent": "on"})
    assert response.status_code == 302 and response.url == url("account_login")
    interpreter = Interpreter.objects.get(person_number=number)
    assert (interpreter.full_name, interpreter.municipality_id) == ("Hodan Warsame", "4601")
    response = client.post(url("account_login"), {"username": "hodan@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response.url == url("apply_overview")
    page = client.get(url("apply_overview"))
    assert "Hodan" in page.content.decode()  # logged in: the start page of the application
    assert page.content.decode().count(number) == 0  # the number is shown masked, never in full


def _signup_answer(client, number: str, email: str) -> tuple:
    response = client.post(url("account_signup"), {
        "person_number": number, "email": email, "password": PASSWORD, "password_again": PASSWORD, "consent": "on"},
        follow=True)
    return response.redirect_chain, response.status_code, [str(message) for message in response.context["messages"]]


def test_signup_does_not_tell_whether_a_number_or_an_email_is_registered(client, settings, fake_sources, applicant):
    settings.INTERPRETER_LOCAL_SIGNUP = True
    fresh = new_number()
    fake_sources.people[fresh] = PopulationRecord(fresh, "Amina", "Ali", "Storgata 1", "0150", "OSLO", "0301")
    answers = {
        "new": _signup_answer(client, fresh, "amina@example.org"),
        "registered number": _signup_answer(client, applicant.person_number, "someone.else@example.org"),
        "registered e-mail": _signup_answer(client, new_number(), applicant.user.email),
    }
    assert answers["registered number"] == answers["new"] and answers["registered e-mail"] == answers["new"], answers
    assert Interpreter.objects.filter(person_number=fresh).exists()
    assert Interpreter.objects.get(person_number=applicant.person_number).user == applicant.user


def test_signup_refusals_show_on_the_form(client, settings, fake_sources):
    settings.INTERPRETER_LOCAL_SIGNUP = True
    number = new_number()
    fake_sources.people[number] = None
    response = client.post(url("account_signup"), {
        "person_number": number, "email": "x@example.org", "password": PASSWORD, "password_again": PASSWORD,
        "consent": "on"})
    assert response.status_code == 200
    assert "Folkeregisteret" in response.content.decode()
    assert not Interpreter.objects.filter(person_number=number).exists()


def test_signup_is_closed_without_the_setting(client, settings):
    settings.INTERPRETER_LOCAL_SIGNUP = False
    assert client.get(url("account_signup")).status_code == 404
    assert client.get(url("account_start")).status_code == 200


def test_a_login_without_an_interpreter_entry_is_sent_to_the_start(client, make_user):
    client.force_login(make_user(Role.MUNICIPALITY_CASEWORKER, Organisation.objects.get(municipality_id="0301",
                                                                                         kind="municipality")))
    response = client.get(url("apply_overview"))
    assert response.status_code == 302 and response.url == url("account_start")


def test_the_applicant_drafts_uploads_and_submits_through_the_pages(client, applicant):
    client.force_login(applicant.user)
    assert "Start" in client.get(url("apply_overview")).content.decode()
    assert client.post(url("apply_start")).status_code == 302
    response = client.post(url("apply_details"), {
        "languages": ["ar", "ti"], "email": applicant.email, "phone": "+47 40000000", "remote_phone": "on",
        "publish_phone": "on", "message": "Hei"})
    assert response.status_code == 302, response.content.decode()
    applicant.refresh_from_db()
    assert applicant.remote_phone and applicant.publish_phone and not applicant.remote_screen
    # A refused upload: the error is on the field and nothing is saved.
    response = client.post(url("apply_claim_new"), {
        "kind": "authorisation", "language": "ar", "obtained_on": "2016-11-10",
        "document": upload("aut.pdf", jpeg_bytes())})
    assert response.status_code == 200 and "JPG" in response.content.decode()
    assert not EvidenceClaim.objects.exists() and not ApplicationDocument.objects.exists()
    response = client.post(url("apply_claim_new"), {
        "kind": "authorisation", "language": "ar", "obtained_on": "2016-11-10",
        "document": upload("aut.pdf", pdf_bytes())})
    assert response.status_code == 302
    response = client.post(url("apply_claim_new"), {"kind": "ethics_course", "language": "", "obtained_on": "2014-03-01",
                                                     "document": upload("tao.jpg", jpeg_bytes())})
    assert response.status_code == 302
    assert client.post(url("apply_submit")).status_code == 302
    application = Application.objects.get(interpreter=applicant)
    assert application.state == "submitted" and application.claims.filter(evidence__status="pending").count() == 2
    page = client.get(url("apply_overview")).content.decode()
    assert "Sendt til behandling" in page
    assert client.get(url("apply_claim_new")).status_code == 404  # no draft any more


def test_evidence_fetched_from_the_sources_needs_no_document(client, applicant, fake_sources):
    fake_sources.educations[applicant.person_number] = []
    fake_sources.qualification_results[applicant.person_number] = [
        QualificationResult(QualificationKind.BILINGUAL_TEST, True, datetime.date(2018, 5, 20), language="so"),
        QualificationResult(QualificationKind.BILINGUAL_TEST, False, datetime.date(2017, 5, 20), language="ar"),
    ]
    client.force_login(applicant.user)
    application_start(actor=applicant.user, interpreter=applicant)
    page = client.get(url("apply_sources")).content.decode()
    assert "Bestått tospråktest" in page
    assert 'value="r0"' in page and 'value="r1"' not in page  # the passed test only
    assert client.post(url("apply_sources"), {"key": "r1"}).status_code == 302  # the failed test is not offered
    assert not EvidenceClaim.objects.exists()
    assert client.post(url("apply_sources"), {"key": "r0"}).status_code == 302
    claim = EvidenceClaim.objects.get()
    assert (claim.kind, claim.language, claim.origin) == ("bilingual_test", "so", "source")
    assert client.post(url("apply_submit")).status_code == 302
    assert Application.objects.get().state == "submitted"
    assert claim.__class__.objects.get().evidence.source == "adapter"
    assert reads(0, "interpreters.source_lookup").filter(user=applicant.user).exists()


def submitted_application(applicant):
    claim = add_claim(applicant)
    return application_submit(actor=applicant.user, application=claim.application), claim


def test_documents_only_for_the_applicant_and_reviewers(client, applicant, make_applicant, reviewer, make_user):
    application, claim = submitted_application(applicant)
    document = claim.documents.get()
    download = url("document_download", document.pk)
    assert client.get(download).status_code == 302  # anonymous: to the login
    others = [
        make_applicant("Piotr", "Nowak").user,
        make_user(Role.DIRECTORATE_CASEWORKER),  # manages the register, but is no reviewer
        make_user(Role.MUNICIPALITY_CASEWORKER, Organisation.objects.get(municipality_id="0301", kind="municipality")),
    ]
    for user in others:
        client.force_login(user)
        before = last_audit_id()
        assert client.get(download).status_code == 404
        assert not reads(before, "interpreters.application_document").exists()
    for user in (applicant.user, reviewer):
        client.force_login(user)
        before = last_audit_id()
        response = client.get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf_bytes()
        assert response["Content-Disposition"].startswith("attachment")
        assert "sandbox" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        entry = reads(before, "interpreters.application_document").get()
        assert entry.user == user and entry.object_id == str(document.pk)


def test_review_pages_are_for_reviewers_only(client, applicant, make_user):
    application, _claim = submitted_application(applicant)
    for user in (applicant.user, make_user(Role.DIRECTORATE_CASEWORKER), make_user(Role.ANALYST)):
        client.force_login(user)
        assert client.get(url("review_queue")).status_code == 403
        assert client.get(url("review_detail", application.pk)).status_code == 403


def test_the_review_through_the_pages(client, applicant, reviewer, django_capture_on_commit_callbacks):
    application, claim = submitted_application(applicant)
    client.force_login(reviewer)
    before = last_audit_id()
    queue = client.get(url("review_queue"))
    assert applicant.full_name in queue.content.decode()
    assert str(application.pk) in reads(before, "interpreters.application").get().detail
    before = last_audit_id()
    detail = client.get(url("review_detail", application.pk)).content.decode()
    assert "Folkeregisteret" in detail and "bevis.pdf" in detail
    assert reads(before, "interpreters.application").filter(object_id=str(application.pk)).exists()
    assert reads(before, "interpreters.source_lookup").filter(object_id=str(applicant.pk)).exists()
    decide = url("review_claim_decide", application.pk, claim.pk)
    response = client.post(decide, {"decision": "reject", f"claim-{claim.pk}-reason": ""})
    assert response.status_code == 400 and "begrunnelse" in response.content.decode()
    assert client.post(url("review_conclude", application.pk), {"note": ""}).status_code == 400  # still pending
    response = client.post(decide, {"decision": "reject", f"claim-{claim.pk}-reason": "Dokumentet er uleselig."})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("review_conclude", application.pk), {"note": "Send en bedre kopi."})
    assert response.status_code == 302
    assert Application.objects.get(pk=application.pk).state == "rejected"
    assert mail.outbox and mail.outbox[0].to == [applicant.email]
    # The applicant reads the reason on the page, and amends.
    client.force_login(applicant.user)
    page = client.get(url("apply_overview")).content.decode()
    assert "Dokumentet er uleselig." in page and "Send en bedre kopi." in page
    assert client.post(url("apply_amend")).status_code == 302
    assert Application.objects.get(pk=application.pk).state == "draft"


def test_an_applicant_sees_only_their_own_application(client, applicant, make_applicant):
    application, claim = submitted_application(applicant)
    other = make_applicant("Dawit", "Berhane")
    client.force_login(other.user)
    page = client.get(url("apply_overview")).content.decode()
    assert applicant.full_name not in page and "bevis.pdf" not in page
    assert client.post(url("apply_claim_delete", claim.pk)).status_code == 404
    assert client.post(url("apply_document_delete", claim.documents.get().pk)).status_code == 404
    assert EvidenceClaim.objects.filter(pk=claim.pk).exists()


def test_pages_in_english(client, applicant, reviewer):
    application, _claim = submitted_application(applicant)
    client.cookies["nyinorge_language"] = "en"
    client.force_login(reviewer)
    assert "Interpreter applications" in client.get(url("review_queue")).content.decode()
    client.force_login(applicant.user)
    assert "Submitted for review" in client.get(url("apply_overview")).content.decode()


def test_a_missing_file_is_a_clear_404_not_a_crash(client, applicant, reviewer):
    from nyinorge.interpreters.storage import stored_path

    _application, claim = submitted_application(applicant)
    document = claim.documents.get()
    stored_path(document.stored_name).unlink()
    client.force_login(reviewer)
    response = client.get(url("document_download", document.pk))
    assert response.status_code == 404


def test_the_category_each_language_would_get_is_shown(client, applicant, reviewer):
    application, _claim = submitted_application(applicant)  # authorisation in Arabic → C when approved
    client.force_login(applicant.user)
    page = client.get(url("apply_overview")).content.decode()
    assert "Kategori C" in page
    client.force_login(reviewer)
    assert "Kategori C" in client.get(url("review_detail", application.pk)).content.decode()


def test_the_review_queue_exports_as_csv_and_excel(client, applicant, reviewer, make_user):
    application, _claim = submitted_application(applicant)
    client.force_login(reviewer)
    response = client.get(url("review_queue"), {"state": "submitted", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = response.content.decode()
    assert applicant.full_name in content and str(application.pk) in content
    assert AuditEntry.objects.filter(action="export", object_type="interpreters.application", user=reviewer).exists()
    assert client.get(url("review_queue"), {"format": "xlsx"})["Content-Type"].startswith("application/vnd.openxml")
    assert client.get(url("review_queue"), {"format": "pdf"}).status_code == 400
    client.force_login(make_user(Role.DIRECTORATE_CASEWORKER))
    assert client.get(url("review_queue"), {"format": "csv"}).status_code == 403


def listed_applicant(applicant, reviewer):
    from nyinorge.interpreters.services.applications import application_conclude, claim_decide

    application, claim = submitted_application(applicant)
    claim_decide(actor=reviewer, claim=claim, decision="approve")
    application_conclude(actor=reviewer, application=application)
    applicant.refresh_from_db()
    assert applicant.status == "active"
    return applicant


def test_a_listed_interpreter_changes_consent_at_any_time(client, applicant, reviewer):
    interpreter = listed_applicant(applicant, reviewer)
    client.force_login(interpreter.user)
    assert client.get("/").url == url("apply_overview")  # the start page of an interpreter's login
    form = client.get(url("apply_details")).content.decode()
    assert 'name="languages"' not in form  # languages only through an application
    response = client.post(url("apply_details"), {"email": interpreter.email, "phone": "+47 40000000",
                                                  "publish_phone": "on", "remote_screen": "on"})
    assert response.status_code == 302
    listing = interpreter.listings.get()
    assert listing.phone == "+47 40000000" and listing.remote_screen and listing.email == ""
    client.post(url("apply_details"), {"email": interpreter.email, "phone": "+47 40000000"})
    assert interpreter.listings.get().phone == ""  # consent withdrawn: gone from the public listing at once


def test_a_listed_interpreter_leaves_the_register(client, applicant, reviewer):
    interpreter = listed_applicant(applicant, reviewer)
    client.force_login(interpreter.user)
    assert client.post(url("apply_leave"), {}).status_code == 302  # not confirmed: nothing happens
    interpreter.refresh_from_db()
    assert interpreter.status == "active"
    assert client.post(url("apply_leave"), {"confirm": "yes"}).status_code == 302
    interpreter.refresh_from_db()
    assert interpreter.status == "withdrawn" and not interpreter.listings.exists()


def test_an_oversized_upload_is_refused_before_it_is_read(client, applicant, settings):
    settings.INTERPRETER_DOCUMENT_MAX_BYTES = 1024
    application_start(actor=applicant.user, interpreter=applicant)
    client.force_login(applicant.user)
    big = pdf_bytes(padding=200_000)
    response = client.post(url("apply_document_new"), {"document": upload("big.pdf", big)})
    assert response.status_code == 413 and "større enn grensen" in response.content.decode()
    assert not ApplicationDocument.objects.exists()
    small = client.post(url("apply_document_new"), {"document": upload("big.pdf", pdf_bytes(padding=2000))})
    assert small.status_code == 200 and "grensen" in small.content.decode()  # checked by content, on the field
    assert not ApplicationDocument.objects.exists()


@pytest.mark.parametrize("obtained_on", ["0001-01-01", "9999-12-31"])
def test_a_claim_dated_outside_the_shared_range_is_a_form_error(client, applicant, obtained_on):
    client.force_login(applicant.user)
    client.post(url("apply_start"))
    response = client.post(url("apply_claim_new"), {"kind": "ethics_course", "language": "", "obtained_on": obtained_on,
                                                     "valid_until": obtained_on})
    assert response.status_code == 200
    assert {"obtained_on", "valid_until"} <= set(response.context["form"].errors)
    assert not EvidenceClaim.objects.exists()
