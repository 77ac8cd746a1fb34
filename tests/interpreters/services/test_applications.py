"""The application workflow: draft, submission into pending evidence, per-evidence review, conclusion with email,
amendment and resubmission, withdrawal — every transition and who may (not) take it, with audit rows."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Role
from nyinorge.interpreters.models import Application, ApplicationDocument, Evidence, Interpreter, InterpreterLanguage
from nyinorge.interpreters.services.applications import (
    IllegalApplicationTransition,
    application_amend,
    application_conclude,
    application_start,
    application_submit,
    application_update,
    application_withdraw,
    claim_add,
    claim_decide,
    claim_remove,
    claim_update,
    document_add,
    document_remove,
)
from nyinorge.interpreters.storage import stored_path
from tests.interpreters.apply_fixtures import *  # noqa: F403
from tests.interpreters.apply_fixtures import add_claim
from tests.interpreters.documents import png_bytes, upload

pytestmark = pytest.mark.django_db


def audit_details(application):
    return list(AuditEntry.objects.filter(object_type="interpreters.application", object_id=str(application.pk))
                .order_by("id").values_list("detail", flat=True))


def test_a_draft_collects_languages_claims_and_documents(applicant):
    application = application_start(actor=applicant.user, interpreter=applicant)
    assert application_start(actor=applicant.user, interpreter=applicant) == application  # one open application
    claim = add_claim(applicant, application, kind="education", language="ti", institution="OsloMet", credits=30)
    assert list(application.languages.values_list("language", flat=True)) == ["ti"]  # joined by the claim
    application_update(actor=applicant.user, application=application, languages=[("ti", ""), ("ar", "levantine")],
                       message="Jeg tolker også levantinsk arabisk.")
    assert {(row.language, row.variant) for row in application.languages.all()} == {("ti", ""), ("ar", "levantine")}
    with pytest.raises(ValidationError) as refused:
        application_update(actor=applicant.user, application=application, languages=[("ar", "")])
    assert "languages" in refused.value.message_dict  # Tigrinya has evidence: keep it or remove the evidence
    with pytest.raises(ValidationError):
        application_update(actor=applicant.user, application=application, languages=[("xx", "")])
    document = claim.documents.get()
    assert stored_path(document.stored_name).exists() and document.content_type == "application/pdf"
    assert any("claim" in d for d in audit_details(application)) and any("document" in d for d in audit_details(application))


@pytest.mark.parametrize(("fields", "field"), [
    ({"kind": "education", "language": "ar", "institution": "OsloMet"}, "credits"),  # education needs credits
    ({"kind": "education", "language": "ar", "credits": 30}, "institution"),
    ({"kind": "authorisation", "language": ""}, "language"),
    ({"kind": "authorisation", "language": "zz"}, "language"),
    ({"kind": "bilingual_test", "language": "ar", "obtained_on": datetime.date.today() + datetime.timedelta(days=3)},
     "obtained_on"),
    ({"kind": "authorisation", "language": "ar", "obtained_on": datetime.date(2020, 1, 1),
      "valid_until": datetime.date(2019, 1, 1)}, "valid_until"),
])
def test_claims_are_checked_as_the_register_checks_evidence(applicant, fields, field):
    application = application_start(actor=applicant.user, interpreter=applicant)
    fields.setdefault("obtained_on", datetime.date(2015, 1, 1))
    with pytest.raises(ValidationError) as refused:
        claim_add(actor=applicant.user, application=application, **fields)
    assert field in refused.value.message_dict
    assert not application.claims.exists()


def test_only_the_applicant_changes_the_draft(applicant, make_applicant, reviewer):
    application = application_start(actor=applicant.user, interpreter=applicant)
    other = make_applicant("Yonas", "Tesfay")
    with pytest.raises(PermissionDenied):
        application_start(actor=other.user, interpreter=applicant)
    for actor in (other.user, reviewer):
        with pytest.raises(PermissionDenied):
            claim_add(actor=actor, application=application, kind="ethics_course", obtained_on=datetime.date(2019, 1, 1))
        with pytest.raises(PermissionDenied):
            document_add(actor=actor, application=application, upload=upload("a.png", png_bytes()))
        with pytest.raises(PermissionDenied):
            application_submit(actor=actor, application=application)


def test_a_refused_upload_leaves_no_file(applicant, private_root):
    application = application_start(actor=applicant.user, interpreter=applicant)
    with pytest.raises(ValidationError):
        document_add(actor=applicant.user, application=application, upload=upload("cv.pdf", png_bytes()))
    assert not ApplicationDocument.objects.exists()
    assert not private_root.exists() or not any(p.is_file() for p in private_root.rglob("*"))


def test_submission_turns_claims_into_pending_evidence(applicant):
    application = application_start(actor=applicant.user, interpreter=applicant)
    with pytest.raises(ValidationError):  # nothing to submit yet
        application_submit(actor=applicant.user, application=application)
    add_claim(applicant, application, document=False)
    with pytest.raises(ValidationError) as refused:
        application_submit(actor=applicant.user, application=application)
    assert "Upload a document" in refused.value.messages[0] or "Last opp" in refused.value.messages[0]
    claim = application.claims.get()
    document_add(actor=applicant.user, application=application, claim=claim, upload=upload("aut.png", png_bytes()))
    application = application_submit(actor=applicant.user, application=application)
    assert application.state == "submitted" and application.submitted_at is not None
    evidence = Evidence.objects.get(interpreter=applicant)
    assert (evidence.kind, evidence.language, evidence.status, evidence.source) == (
        "authorisation", "ar", "pending", "application")
    claim.refresh_from_db()
    assert claim.evidence == evidence
    assert InterpreterLanguage.objects.get(interpreter=applicant, language="ar").category == ""  # pending counts not
    with pytest.raises(IllegalApplicationTransition):  # submitted: the draft is closed
        claim_add(actor=applicant.user, application=application, kind="ethics_course",
                  obtained_on=datetime.date(2019, 1, 1))
    with pytest.raises(IllegalApplicationTransition):
        application_submit(actor=applicant.user, application=application)
    assert any("submit: draft → submitted" in d for d in audit_details(application))


def submitted(applicant, *claims_fields):
    application = application_start(actor=applicant.user, interpreter=applicant)
    for fields in claims_fields:
        add_claim(applicant, application, **fields)
    if not application.languages.exists():
        application_update(actor=applicant.user, application=application, languages=[("ar", "")])
    return application_submit(actor=applicant.user, application=application)


AUTHORISATION = {"kind": "authorisation", "language": "ar"}
TEST = {"kind": "bilingual_test", "language": "ar"}
COURSE = {"kind": "ethics_course"}


def test_who_may_decide_evidence(applicant, make_user, reviewer):
    application = submitted(applicant, AUTHORISATION)
    claim = application.claims.get()
    caseworker = make_user(Role.DIRECTORATE_CASEWORKER)  # manages the register, but is not a reviewer
    for actor in (applicant.user, caseworker):
        with pytest.raises(PermissionDenied):
            claim_decide(actor=actor, claim=claim, decision="approve")
        with pytest.raises(PermissionDenied):
            application_conclude(actor=actor, application=application)
    with pytest.raises(ValidationError) as refused:
        claim_decide(actor=reviewer, claim=claim, decision="reject", reason="  ")
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError):
        claim_decide(actor=reviewer, claim=claim, decision="maybe")
    with pytest.raises(ValidationError):  # still pending: no conclusion
        application_conclude(actor=reviewer, application=application)


def test_a_reviewer_cannot_review_their_own_application(make_user, fake_sources):
    from nyinorge.interpreters.services.register import interpreter_create

    reviewer = make_user(Role.INTERPRETER_REGISTER_REVIEWER)
    own = interpreter_create(actor=reviewer, user=reviewer, given_name="Rita", family_name="Reviewer")
    application = submitted(own, COURSE)
    with pytest.raises(PermissionDenied):
        claim_decide(actor=reviewer, claim=application.claims.get(), decision="approve")
    with pytest.raises(PermissionDenied):
        application_conclude(actor=reviewer, application=application)


def test_approval_lists_the_interpreter_and_emails_them(applicant, reviewer, django_capture_on_commit_callbacks):
    application = submitted(applicant, AUTHORISATION, COURSE)
    for claim in application.claims.all():
        claim_decide(actor=reviewer, claim=claim, decision="approve")
    with django_capture_on_commit_callbacks(execute=True):
        application = application_conclude(actor=reviewer, application=application, note="Velkommen.")
    assert application.state == "approved" and application.decided_by == reviewer
    applicant.refresh_from_db()
    assert applicant.status == Interpreter.Status.ACTIVE
    assert InterpreterLanguage.objects.get(interpreter=applicant, language="ar").category == "C"  # authorisation
    assert applicant.listings.filter(language="ar").exists()
    [message] = mail.outbox
    assert message.to == [applicant.email]
    assert "Godkjent" in message.subject
    assert "oppført" in message.body and "/interpreters/application/" in message.body
    assert "Velkommen" not in message.body  # reasons and notes stay behind the login
    assert any("approve: submitted → approved" in d for d in audit_details(application))


def test_partial_approval_without_a_category_does_not_list(applicant, reviewer, django_capture_on_commit_callbacks):
    application = submitted(applicant, TEST, COURSE)
    test_claim, course_claim = application.claims.order_by("kind")
    claim_decide(actor=reviewer, claim=test_claim, decision="reject", reason="Testen er ikke bestått.")
    claim_decide(actor=reviewer, claim=course_claim, decision="approve")
    with django_capture_on_commit_callbacks(execute=True):
        application = application_conclude(actor=reviewer, application=application)
    assert application.state == "partly_approved"
    applicant.refresh_from_db()
    assert applicant.status == Interpreter.Status.APPLICANT  # TAO alone gives no category in 2020-12
    assert "ikke oppført ennå" in mail.outbox[0].body
    assert "Testen er ikke bestått" not in mail.outbox[0].body


def test_rejected_application_amended_and_resubmitted(applicant, reviewer, django_capture_on_commit_callbacks):
    application = submitted(applicant, TEST, COURSE)
    test_claim, course_claim = application.claims.order_by("kind")
    claim_decide(actor=reviewer, claim=test_claim, decision="reject", reason="Feil dato.")
    claim_decide(actor=reviewer, claim=course_claim, decision="reject", reason="Kursbevis mangler.")
    with django_capture_on_commit_callbacks(execute=True):
        application = application_conclude(actor=reviewer, application=application)
    assert application.state == "rejected"
    assert "Avslått" in mail.outbox[0].subject
    with pytest.raises(PermissionDenied):
        application_amend(actor=reviewer, application=application)  # the applicant amends, not the reviewer
    application = application_amend(actor=applicant.user, application=application)
    assert (application.state, application.round) == ("draft", 2)
    rejected_test = test_claim.evidence
    claim_update(actor=applicant.user, claim=test_claim, obtained_on=datetime.date(2016, 5, 20))
    claim_remove(actor=applicant.user, claim=course_claim)
    add_claim(applicant, application, **COURSE)
    application = application_submit(actor=applicant.user, application=application)
    test_claim.refresh_from_db()
    assert test_claim.evidence != rejected_test and test_claim.previous_evidence == rejected_test
    assert test_claim.evidence.status == "pending"
    rejected_test.refresh_from_db()
    assert rejected_test.status == "rejected"  # the history stays
    for claim in application.claims.all():
        claim_decide(actor=reviewer, claim=claim, decision="approve")
    application = application_conclude(actor=reviewer, application=application)
    applicant.refresh_from_db()
    assert application.state == "approved" and applicant.status == Interpreter.Status.ACTIVE
    assert InterpreterLanguage.objects.get(interpreter=applicant, language="ar").category == "E"


def test_approved_evidence_is_locked_after_amendment(applicant, reviewer):
    application = submitted(applicant, AUTHORISATION, TEST)
    authorisation, test = application.claims.order_by("kind")
    claim_decide(actor=reviewer, claim=authorisation, decision="approve")
    claim_decide(actor=reviewer, claim=test, decision="reject", reason="Uleselig kopi.")
    application_conclude(actor=reviewer, application=application)
    application = application_amend(actor=applicant.user, application=application)
    with pytest.raises(ValidationError):
        claim_update(actor=applicant.user, claim=authorisation, obtained_on=datetime.date(2010, 1, 1))
    with pytest.raises(ValidationError):
        claim_remove(actor=applicant.user, claim=authorisation)
    with pytest.raises(ValidationError):
        document_remove(actor=applicant.user, document=authorisation.documents.get())
    document_add(actor=applicant.user, application=application, claim=test, upload=upload("lesbar.png", png_bytes()))
    application = application_submit(actor=applicant.user, application=application)
    authorisation.refresh_from_db()
    assert authorisation.evidence.status == "approved"  # not sent to review again
    assert Evidence.objects.filter(interpreter=applicant).count() == 3


def test_withdrawal_closes_pending_evidence(applicant, reviewer):
    application = submitted(applicant, AUTHORISATION)
    with pytest.raises(PermissionDenied):
        application_withdraw(actor=reviewer, application=application)
    application = application_withdraw(actor=applicant.user, application=application, reason="Flytter utenlands.")
    assert application.state == "withdrawn"
    evidence = application.claims.get().evidence
    evidence.refresh_from_db()
    assert evidence.status == "rejected" and "withdrawn" in evidence.review_reason.lower() or "trukket" in evidence.review_reason
    with pytest.raises(IllegalApplicationTransition):
        application_withdraw(actor=applicant.user, application=application)
    # A new application can start after a withdrawal.
    assert application_start(actor=applicant.user, interpreter=applicant).pk != application.pk
    assert Application.objects.filter(interpreter=applicant).count() == 2


def test_a_failing_mail_server_does_not_undo_the_decision(applicant, reviewer, monkeypatch, caplog,
                                                           django_capture_on_commit_callbacks):
    import smtplib

    from django.core.mail import EmailMessage

    def refuse(self, fail_silently=False):
        raise smtplib.SMTPException("mail server down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    application = submitted(applicant, AUTHORISATION)
    claim_decide(actor=reviewer, claim=application.claims.get(), decision="approve")
    with django_capture_on_commit_callbacks(execute=True):
        application = application_conclude(actor=reviewer, application=application)
    application.refresh_from_db()
    assert application.state == "approved"
    assert "Emailing the decision" in caplog.text


def test_the_decision_email_is_a_task_retried_after_a_mail_server_failure(applicant, reviewer, monkeypatch,
                                                                          django_capture_on_commit_callbacks):
    import smtplib

    from django.core.mail import EmailMessage

    real_send, calls = EmailMessage.send, []

    def down_once(self, fail_silently=False):
        calls.append(self.subject)
        if len(calls) == 1:
            raise smtplib.SMTPServerDisconnected("mail server restarting")
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", down_once)
    application = submitted(applicant, AUTHORISATION)
    claim_decide(actor=reviewer, claim=application.claims.get(), decision="approve")
    with django_capture_on_commit_callbacks(execute=True) as queued:
        application_conclude(actor=reviewer, application=application)
    assert len(queued) == 1 and len(calls) == 2  # one task on commit; the second attempt went through
    [message] = mail.outbox
    assert "Godkjent" in message.subject


def test_a_decision_email_queued_for_an_application_that_moved_on_is_not_sent(applicant, reviewer,
                                                                               django_capture_on_commit_callbacks):
    application = submitted(applicant, TEST)
    claim_decide(actor=reviewer, claim=application.claims.get(), decision="reject", reason="Ikke bestått.")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        application = application_conclude(actor=reviewer, application=application)
    application_amend(actor=applicant.user, application=application)  # before the worker got to the email
    queued[0]()
    assert mail.outbox == []
