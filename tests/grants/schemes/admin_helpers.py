"""Applications in the states the officers' and reviewers' tests start from (made directly: the portal's own
tests cover drafting and submitting)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from nyinorge.grants.models import GrantApplication, ReviewAssignment


def application_make(call, applicant, *, amount=200_000, title="Språkkafé", state="submitted", submitted_ago=1):
    """A complete application (answers and a budget that adds up) in the given state."""
    return GrantApplication.objects.create(
        call=call, applicant=applicant, project_title=title, amount_applied=Decimal(amount), state=state,
        answers={"summary": "Møteplass for språktrening.", "sub_goal": "a", "has_partner": False,
                 "budget": {"costs": [{"item": "Lønn", "amount": amount}], "income": []}},
        budget={"costs": [{"item": "Lønn", "amount": amount}], "income": []},
        submitted_at=timezone.now() - datetime.timedelta(hours=submitted_ago))


def review_make(application, reviewer, assigned_by, scores: dict | None = None):
    """A submitted review with the given scores ({criterion key: score})."""
    return ReviewAssignment.objects.create(
        application=application, reviewer=reviewer, assigned_by=assigned_by, state="submitted",
        declared_at=timezone.now(), submitted_at=timezone.now(),
        scores={key: {"score": score, "comment": ""} for key, score in (scores or {}).items()})
