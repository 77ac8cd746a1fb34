import datetime
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from nyinorge.core.models import Person, User
from nyinorge.core.roles import Role
from nyinorge.settlement.models import Case, HousingNotice, MunicipalDecision, SettlementYear
from nyinorge.settlement.selectors.cases import age_on, overdue_proposals
from nyinorge.settlement.services.reminders import answer_reminders_send

pytestmark = pytest.mark.django_db

EXPECTED_STATES = {"registered": 2, "ready": 6, "proposed": 3, "accepted": 1, "declined": 1, "settled": 2, "withdrawn": 1}


def snapshot() -> dict:
    return {"cases": Case.objects.count(), "people": Person.objects.count(), "users": User.objects.count(),
            "notices": HousingNotice.objects.count(), "decisions": MunicipalDecision.objects.count(),
            "years": SettlementYear.objects.count()}


def test_load_demo_makes_cases_in_every_state_and_a_second_run_adds_nothing(capsys):
    call_command("load_demo", "--force")
    assert f"{sum(EXPECTED_STATES.values())} new settlement cases" in capsys.readouterr().out
    first = snapshot()
    assert dict(Counter(Case.objects.values_list("state", flat=True))) == EXPECTED_STATES

    call_command("load_demo", "--force")
    assert "0 new settlement cases" in capsys.readouterr().out
    assert snapshot() == first
    assert dict(Counter(Case.objects.values_list("state", flat=True))) == EXPECTED_STATES


def test_the_demo_cases_show_what_the_pages_need():
    call_command("load_demo", "--force")
    today = timezone.localdate()
    year = SettlementYear.objects.get(year=today.year)
    assert year.answer_deadline_days == 7
    assert set(MunicipalDecision.objects.filter(year=year).values_list("municipality_id", flat=True)) == {"0301", "4601", "5001"}
    assert MunicipalDecision.objects.filter(year=year, unaccompanied_minors__gt=0).count() == 3

    ready = Case.objects.filter(state="ready")
    assert ready.filter(special_needs=True).count() == 1 and ready.filter(shielded_identity=True).count() == 1
    minor = ready.get(unaccompanied_minor=True)
    assert age_on(minor.members.get().person.birth_date, today) == 16
    assert any(case.is_family_with_children for case in ready)
    assert len({case.decision_date for case in ready}) == ready.count()  # different waiting times

    proposed = Case.objects.filter(state="proposed")
    assert sorted(proposed.values_list("municipality_id", flat=True)) == ["0301", "0301", "4601"]
    assert proposed.filter(municipality_id="0301", answer_deadline=today + datetime.timedelta(days=1)).exists()
    assert [c.answer_deadline for c in overdue_proposals(actor=User.objects.get(username="saksbehandler"))] == [
        today - datetime.timedelta(days=3)]
    assert Case.objects.get(state="declined").transitions.get(name="decline").reason
    assert Case.objects.get(state="withdrawn").transitions.get(name="withdraw").reason
    for settled in Case.objects.filter(state="settled"):
        assert settled.settlement_date < today and settled.waiting_months() > 5

    notices = HousingNotice.objects.filter(state="open")
    assert dict(notices.values_list("municipality_id").annotate(n=Count("id"))) == {"0301": 2, "4601": 1}
    assert notices.filter(accessible=True).count() == 1

    officer = User.objects.get(username="skjerming")
    assert officer.roles == {Role.DIRECTORATE_CASEWORKER, Role.SHIELDED_IDENTITY_OFFICER}
    assert officer.check_password("demo-nyinorge-2020")


def test_the_demo_gives_the_reminder_command_something_to_send(django_capture_on_commit_callbacks):
    call_command("load_demo", "--force")
    with django_capture_on_commit_callbacks(execute=True):
        assert answer_reminders_send() == 1
    assert mail.outbox[0].to == ["oslo@demo.nyinorge.invalid"]
