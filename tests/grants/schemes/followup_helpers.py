"""An accepted grant with its follow-up plan (instalments and reports), for the follow-up tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from nyinorge.grants.models import GrantApplication
from nyinorge.grants.services.followup_plan import followup_plan_create


def accepted_grant(call, organisation, *, granted=Decimal(100_000), title="Språkkafé", accepted_on=None,
                   user=None) -> GrantApplication:
    application = GrantApplication.objects.create(
        call=call, applicant=organisation, project_title=title, amount_applied=granted, state="accepted",
        answers={"summary": "Kafé.", "sub_goal": "a"}, budget={"costs": [{"item": "Lønn", "amount": int(granted)}]},
        amount_granted=granted, submitted_at=timezone.now(), decided_at=timezone.now(),
        appeal_deadline=timezone.localdate() + datetime.timedelta(weeks=3), accepted_at=timezone.now(),
        accepted_by=user, created_by=user)
    followup_plan_create(application=application, accepted_on=accepted_on or timezone.localdate(), actor=user)
    return application
