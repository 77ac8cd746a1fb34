"""What the portal's tests share: a complete draft's answers, a draft made through the services, a decision."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from nyinorge.grants.application_states import A
from nyinorge.grants.models import GrantApplication
from nyinorge.grants.services import applications as service

ANSWERS = {"summary": "Leksehjelp og språkkafé for nyankomne.", "sub_goal": "b", "participants_planned": "40",
           "has_partner": "false",
           "budget": {"costs": [{"item": "Lønn", "amount": "150000"}, {"item": "Lokaler", "amount": "50000"}],
                      "income": [{"source": "Egenandel", "amount": "20000"}]}}
AMOUNT = "180000"  # 200 000 in costs = 20 000 own contribution + 180 000 applied for


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Uploaded documents go to a temporary folder, not the checkout's."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched in English (bokmål is the default language)."""
    with translation.override("en"):
        yield


def draft_for(call, user, *, answers=None, amount=AMOUNT, title="Språkkafé") -> GrantApplication:
    application = service.grant_application_create(actor=user, call=call)
    errors = service.grant_application_update(actor=user, application=application, project_title=title,
                                              amount_applied=amount, raw_answers=answers or ANSWERS)
    assert not errors, errors
    application.refresh_from_db()
    return application


def decide(application, officer, *, state=A.APPROVED, amount=Decimal(150_000), decided_days_ago=0):
    """A decision as the administration part records it (its services are that part's)."""
    decided = timezone.now() - datetime.timedelta(days=decided_days_ago)
    GrantApplication.objects.filter(pk=application.pk).update(
        state=state, amount_granted=amount, decided_by=officer, decided_at=decided,
        decision_reasons="Godt begrunnet prosjekt.",
        appeal_deadline=timezone.localdate(decided) + datetime.timedelta(weeks=3))
    application.refresh_from_db()
    return application
