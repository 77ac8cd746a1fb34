import datetime
import logging
import smtplib
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from nyinorge.core.models import AuditEntry, Municipality
from nyinorge.core.roles import Role
from nyinorge.settlement.models import Case
from nyinorge.settlement.services.cases import case_create, case_make_ready, case_propose
from nyinorge.settlement.services.reminders import SYSTEM_USERNAME, answer_reminders_send

pytestmark = pytest.mark.django_db

PROPOSED_ON = datetime.datetime(2019, 3, 1, 10, 0, tzinfo=ZoneInfo("Europe/Oslo"))
DAY = datetime.timedelta(days=1)


@pytest.fixture
def frozen():
    with time_machine.travel(PROPOSED_ON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def propose(caseworker, year_2019, oslo, make_person):
    def make(municipality: Municipality = oslo, size: int = 1, family_name: str = "Haddad") -> Case:
        members = [make_person(given_name=f"Navn{index}", family_name=family_name) for index in range(size)]
        case = case_create(actor=caseworker, category="reception", members=members,
                           decision_date=datetime.date(2019, 1, 15))
        return case_propose(actor=caseworker, case=case_make_ready(actor=caseworker, case=case),
                            municipality=municipality, year=year_2019)

    return make


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """The daily run, with its queued email tasks run on commit as the (immediate) backend would."""
    def run(**kwargs) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return answer_reminders_send(**kwargs)

    return run


@pytest.fixture
def bergen():
    return Municipality.objects.get(number="4601")


@pytest.fixture
def oslo_caseworker(make_user, municipality_org):
    return make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"), email="ole@oslo.kommune.invalid")


def test_the_deadline_is_the_proposal_date_plus_the_years_answer_days(frozen, propose, year_2019):
    assert propose().answer_deadline == datetime.date(2019, 3, 8)
    year_2019.answer_deadline_days = 3
    year_2019.save()
    assert propose().answer_deadline == datetime.date(2019, 3, 4)


def test_the_reminder_goes_out_the_day_before_the_deadline_not_earlier_and_not_on_the_day(
        frozen, propose, oslo_caseworker, send):
    case = propose()
    frozen.move_to(PROPOSED_ON + 5 * DAY)  # two days before the deadline
    assert send() == 0
    frozen.move_to(PROPOSED_ON + 7 * DAY)  # the deadline itself: too late for a reminder
    assert send() == 0
    assert mail.outbox == []
    frozen.move_to(PROPOSED_ON + 6 * DAY)
    assert send() == 1
    assert len(mail.outbox) == 1
    case.refresh_from_db()
    assert case.reminder_sent_at == PROPOSED_ON + 6 * DAY


def test_the_date_can_be_given_instead_of_today(frozen, propose, oslo_caseworker, send):
    propose()
    assert send(today=datetime.date(2019, 3, 6)) == 0
    assert send(today=datetime.date(2019, 3, 7)) == 1


def test_a_second_run_sends_nothing_new(frozen, propose, oslo_caseworker, send):
    propose()
    frozen.move_to(PROPOSED_ON + 6 * DAY)
    assert send() == 1
    assert send() == 0
    assert len(mail.outbox) == 1


def test_one_email_per_municipality_with_only_its_own_cases_and_no_names(
    frozen, propose, bergen, oslo_caseworker, make_user, municipality_org, caseworker, settings, send
):
    settings.SITE_URL = "https://nyinorge.example"
    caseworker.email = "directorate@imdi.invalid"
    caseworker.save()
    make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"), email="kari@oslo.kommune.invalid")
    gone = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"), email="gone@oslo.kommune.invalid")
    gone.is_active = False
    gone.save()
    make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("4601"), email="berit@bergen.kommune.invalid")
    oslo_family, oslo_single = propose(size=3, family_name="Haddad"), propose(family_name="Yilmaz")
    bergen_case = propose(municipality=bergen, family_name="Tesfay")
    frozen.move_to(PROPOSED_ON + 6 * DAY)

    assert send() == 2

    by_recipients = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipients) == {("kari@oslo.kommune.invalid", "ole@oslo.kommune.invalid"), ("berit@bergen.kommune.invalid",)}
    oslo_mail = by_recipients[("kari@oslo.kommune.invalid", "ole@oslo.kommune.invalid")]
    assert oslo_mail.subject == "Svarfrist i morgen: 2 tildelinger til Oslo"
    assert f"Sak {oslo_family.pk}: 3 personer" in oslo_mail.body
    assert f"Sak {oslo_single.pk}: 1 person" in oslo_mail.body
    assert f"Sak {bergen_case.pk}:" not in oslo_mail.body
    assert "8. mars 2019" in oslo_mail.body
    assert "https://nyinorge.example/settlement/proposals/" in oslo_mail.body
    bergen_mail = by_recipients[("berit@bergen.kommune.invalid",)]
    assert f"Sak {bergen_case.pk}: 1 person" in bergen_mail.body and f"Sak {oslo_single.pk}:" not in bergen_mail.body
    for message in mail.outbox:
        assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
        for name in ("Haddad", "Yilmaz", "Tesfay", "Navn0"):
            assert name not in message.body + message.subject


def test_the_reminder_is_audited_under_the_system_name_with_the_persons_concerned(frozen, propose, oslo_caseworker,
                                                                                  send):
    case = propose(size=2)
    frozen.move_to(PROPOSED_ON + 6 * DAY)
    send()
    entry = AuditEntry.objects.get(object_type="settlement.case.answer_reminder")
    assert (entry.user_id, entry.username, entry.action, entry.object_id) == (None, SYSTEM_USERNAME, "update", "0301")
    assert str(case.pk) in entry.detail
    assert {subject.person_id for subject in entry.subjects.all()} == {m.person_id for m in case.members.all()}


def test_a_municipality_without_an_address_is_reported_and_its_cases_stay_unmarked(frozen, propose, oslo_user, caplog,
                                                                                   send):
    case = propose()
    frozen.move_to(PROPOSED_ON + 6 * DAY)
    with caplog.at_level(logging.WARNING):
        assert send() == 0
    assert "Oslo (0301)" in caplog.text and "email address" in caplog.text
    case.refresh_from_db()
    assert case.reminder_sent_at is None and mail.outbox == []


def test_a_failing_mail_server_is_retried_then_given_up_and_the_next_run_tries_again(frozen, propose, oslo_caseworker,
                                                                                     send, settings, caplog):
    settings.TASK_MAX_ATTEMPTS = 3
    case = propose()
    frozen.move_to(PROPOSED_ON + 6 * DAY)
    down = smtplib.SMTPServerDisconnected("down")
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=down) as failing:
        assert send() == 1  # queued; the immediate backend runs each retry at once
    assert failing.call_count == 3 and "failed 3 times; giving up" in caplog.text
    case.refresh_from_db()
    assert case.reminder_sent_at is None  # released after the last attempt
    assert not AuditEntry.objects.filter(object_type="settlement.case.answer_reminder").exists()
    assert send() == 1 and len(mail.outbox) == 1


def test_a_passing_failure_is_retried_and_sent_once(frozen, propose, oslo_caseworker, send):
    case = propose()
    frozen.move_to(PROPOSED_ON + 6 * DAY)
    once_down = [smtplib.SMTPServerDisconnected("down"), 1]
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=once_down) as sends:
        assert send() == 1
    assert sends.call_count == 2
    [entry] = AuditEntry.objects.filter(object_type="settlement.case.answer_reminder")
    assert "(attempt 2)" in entry.detail
    case.refresh_from_db()
    assert case.reminder_sent_at is not None
    assert send() == 0  # sent once: the case is not reminded again


def test_the_email_is_sent_outside_the_transaction_that_claims_the_cases(frozen, propose, oslo_caseworker, send):
    from django.db import connection

    propose()
    frozen.move_to(PROPOSED_ON + 6 * DAY)
    depth_outside = len(connection.atomic_blocks)  # the test's own transaction
    depths = []
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=lambda *a, **k: depths.append(
            len(connection.atomic_blocks)) or 1):
        assert send() == 1
    assert depths == [depth_outside]  # no row lock is held while the mail server answers


def test_the_command_sends_reports_and_has_a_dry_run(frozen, propose, oslo_caseworker, bergen, capsys,
                                                     django_capture_on_commit_callbacks):
    oslo_case = propose()
    bergen_case = propose(municipality=bergen)
    call_command("send_answer_reminders", "--date", "2019-03-07", "--dry-run")
    out, _ = capsys.readouterr()
    assert f"0301 Oslo: cases {oslo_case.pk} → ole@oslo.kommune.invalid" in out
    assert f"4601 Bergen: cases {bergen_case.pk} → NO ADDRESS" in out
    assert "Reminders that would be sent: 1." in out
    assert mail.outbox == [] and not Case.objects.filter(reminder_sent_at__isnull=False).exists()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_answer_reminders", "--date", "2019-03-07")
    out, err = capsys.readouterr()
    assert "Answer reminders queued: 1." in out
    assert "Not sent to 4601 Bergen" in err
    assert len(mail.outbox) == 1


def test_the_command_refuses_a_malformed_date():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_answer_reminders", "--date", "7.3.2019")
