"""Reports: what each kind must hold (accounts that add up, participant counts that fit), submission by the
recipient, review by the administering officer; the daily reminders, once each (locmem mail, time-machine)."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Role
from nyinorge.core.services.users import user_create
from nyinorge.grants.models import GrantReport, GrantReportReminder
from nyinorge.grants.services.scheme_reports import (
    grant_report_reminders_send, grant_report_review, grant_report_submit, report_content_clean,
)
from tests.grants.schemes.followup_helpers import accepted_grant
from tests.grants.schemes_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db
K = GrantReport.Kind


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _errors(kind, raw, granted=100_000) -> dict:
    with pytest.raises(ValidationError) as refused:
        report_content_clean(kind=kind, raw=raw, granted=Decimal(granted))
    return refused.value.message_dict


def test_the_accounts_compute_the_unspent_funds():
    assert report_content_clean(kind=K.ACCOUNTS, raw={"spent": "80 000", "own_contribution": "5000",
                                                      "other_income": "0"}, granted=Decimal(100_000)) == {
        "spent": 80_000, "own_contribution": 5_000, "other_income": 0, "unspent": 20_000}


def test_accounts_that_do_not_add_up_are_refused_with_the_sum():
    errors = _errors(K.ACCOUNTS, {"spent": "80000", "own_contribution": "0", "other_income": "0", "unspent": "15000"})
    assert errors == {"unspent": ["This does not add up: granted 100000 − spent 80000 = 20000 NOK unspent, not 15000."]}
    assert "was granted" in _errors(K.ACCOUNTS, {"spent": "120000", "own_contribution": "0",
                                                 "other_income": "0"})["spent"][0]
    assert set(_errors(K.ACCOUNTS, {"spent": "-1", "own_contribution": "x"})) == {"spent", "own_contribution",
                                                                               "other_income"}


def test_participant_counts_must_fit_together():
    ok = {"participants": "20", "completed": "15", "to_work": "8", "to_education": "6", "to_work_or_education": "12"}
    assert report_content_clean(kind=K.PARTICIPANTS, raw=ok, granted=Decimal(1))["to_work_or_education"] == 12
    # A person who went to both counts in both, so work + education may exceed those who went on (8 + 6 > 12);
    # those who went on are counted among those who ended the programme (completed it, or left it for a job).
    assert set(_errors(K.PARTICIPANTS, {**ok, "completed": "21"})) == {"completed"}
    assert set(_errors(K.PARTICIPANTS, {**ok, "completed": "10"})) == {"to_work_or_education"}  # 12 > 10 ended
    assert set(_errors(K.PARTICIPANTS, {**ok, "to_work": "16", "to_work_or_education": "16"})) == {
        "to_work", "to_work_or_education"}
    assert set(_errors(K.PARTICIPANTS, {**ok, "to_work_or_education": "7"})) == {"to_work_or_education"}  # < 8
    assert set(_errors(K.PARTICIPANTS, {**ok, "to_work_or_education": "15"})) == {"to_work_or_education"}  # > 8 + 6


def test_a_progress_report_needs_a_summary_and_results():
    assert set(_errors(K.PROGRESS, {"summary": " "})) == {"summary", "results"}


@pytest.fixture
def grant(call, volunteer_org, applicant):
    return accepted_grant(call, volunteer_org, user=applicant)


def test_the_recipient_submits_and_the_officer_returns_then_approves(grant, applicant, officer, employer_applicant):
    report = grant.reports.get(kind=K.ACCOUNTS)
    raw = {"spent": "90000", "own_contribution": "1000", "other_income": "0"}
    with pytest.raises(ValidationError, match="recipient organisation"):
        grant_report_submit(actor=employer_applicant, report=report, raw=raw)
    with pytest.raises(ValidationError):
        grant_report_submit(actor=applicant, report=report, raw={**raw, "unspent": "1"})
    report.refresh_from_db()
    assert report.state == GrantReport.State.DUE and report.content == {}
    submitted = grant_report_submit(actor=applicant, report=report, raw=raw)
    assert submitted.state == GrantReport.State.SUBMITTED and submitted.content["unspent"] == 10_000
    with pytest.raises(ValidationError) as refused:
        grant_report_review(actor=officer, report=report, approve=False, note="")
    assert "note" in refused.value.message_dict
    returned = grant_report_review(actor=officer, report=report, approve=False, note="Legg ved bilag.")
    assert returned.state == GrantReport.State.RETURNED
    grant_report_submit(actor=applicant, report=report, raw=raw)
    approved = grant_report_review(actor=officer, report=report, approve=True, note="")
    assert approved.state == GrantReport.State.APPROVED
    with pytest.raises(ValidationError, match="already approved"):
        grant_report_submit(actor=applicant, report=report, raw=raw)
    details = list(AuditEntry.objects.filter(object_type="grants.grantreport").order_by("id")
                   .values_list("detail", flat=True))
    assert [d.rsplit(": ", 1)[1] for d in details] == ["submitted", "returned for correction", "submitted",
                                                         "approved"]


def test_a_delegated_calls_report_is_reviewed_by_its_municipality_only(delegated_call, volunteer_org, applicant,
                                                                        officer, municipal_officer):
    grant = accepted_grant(delegated_call, volunteer_org, user=applicant)
    report = grant.reports.get(kind=K.PROGRESS)
    grant_report_submit(actor=applicant, report=report, raw={"summary": "Gjort.", "results": "Bra."})
    with pytest.raises(ValidationError, match="administered by"):
        grant_report_review(actor=officer, report=report, approve=True, note="")
    assert grant_report_review(actor=municipal_officer, report=report, approve=True, note="").state == "approved"


# Reminders -----------------------------------------------------------------------------------------------------

@pytest.fixture
def reminded(call, volunteer_org, applicant):
    applicant.email = "soker@example.org"
    applicant.save()
    user_create(username="soker2", organisation=volunteer_org, roles=[Role.GRANT_APPLICANT], email="leder@example.org")
    user_create(username="ingen-rolle", organisation=volunteer_org, roles=[], email="annen@example.org")
    grant = accepted_grant(call, volunteer_org, user=applicant)
    grant.reports.all().delete()
    return grant.reports.create(kind=K.PROGRESS, due_on=datetime.date(2030, 6, 30))


def test_reminders_go_14_days_before_and_once_overdue_never_twice(reminded, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(datetime.datetime(2030, 6, 15, 7), tick=False):
        assert grant_report_reminders_send() == 0  # 15 days before
    with time_machine.travel(datetime.datetime(2030, 6, 16, 7), tick=False):
        assert grant_report_reminders_send() == 1
        assert grant_report_reminders_send() == 0  # the same day again
    [before] = mail.outbox
    assert sorted(before.to) == ["leder@example.org", "soker@example.org"]
    assert before.subject == "Påminnelse: framdriftsrapport for «Språkkafé» har frist 30. juni 2030"
    assert f"/grants/schemes/reports/{reminded.pk}/" in before.body
    for day in (17, 29, 30):
        with time_machine.travel(datetime.datetime(2030, 6, day, 7), tick=False):
            assert grant_report_reminders_send() == 0
    with time_machine.travel(datetime.datetime(2030, 7, 1, 7), tick=False):
        call_command("grant_report_reminders")
    with time_machine.travel(datetime.datetime(2030, 7, 20, 7), tick=False):
        assert grant_report_reminders_send() == 0
    assert len(mail.outbox) == 2 and mail.outbox[1].subject.startswith("Fristen er ute")
    assert set(GrantReportReminder.objects.values_list("kind", flat=True)) == {"before", "overdue"}


def test_no_reminder_about_a_submitted_report(reminded, applicant, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    grant_report_submit(actor=applicant, report=reminded, raw={"summary": "Gjort.", "results": "Bra."})
    assert grant_report_reminders_send(today=datetime.date(2030, 7, 5)) == 0 and not mail.outbox


def test_a_failing_mail_server_leaves_the_reminder_to_the_next_day(reminded, settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    def fail(self, *args, **kwargs):
        raise OSError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", fail)
        assert grant_report_reminders_send(today=datetime.date(2030, 6, 20)) == 0
    assert not GrantReportReminder.objects.exists()
    assert grant_report_reminders_send(today=datetime.date(2030, 6, 21)) == 1


def test_the_grant_is_closed_when_its_last_report_is_approved(grant, applicant, officer):
    progress, accounts = grant.reports.get(kind=K.PROGRESS), grant.reports.get(kind=K.ACCOUNTS)
    grant_report_submit(actor=applicant, report=progress, raw={"summary": "Gjort.", "results": "Bra."})
    grant_report_review(actor=officer, report=progress, approve=True, note="")
    grant.refresh_from_db()
    assert grant.state == "accepted"  # the accounts are still owed
    grant_report_submit(actor=applicant, report=accounts, raw={"spent": "100000", "own_contribution": "0",
                                                               "other_income": "0"})
    grant_report_review(actor=officer, report=accounts, approve=True, note="")
    grant.refresh_from_db()
    assert grant.state == "completed"
    assert grant.events.filter(name="complete", actor=officer).exists()
