"""Which municipalities get an answer-deadline reminder today, and where to send it."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from nyinorge.core.models import Municipality, Organisation, User
from nyinorge.core.roles import Role
from nyinorge.settlement.models import Case
from nyinorge.settlement.workflow import State


@dataclass(frozen=True)
class DueReminder:
    municipality: Municipality
    deadline: datetime.date
    cases: list[Case]
    recipients: list[str]


def reminder_recipients(*, municipality: Municipality) -> list[str]:
    """Email addresses of the municipality's active caseworkers (the people who answer proposals)."""
    users = User.objects.filter(
        is_active=True, organisation__kind=Organisation.Kind.MUNICIPALITY, organisation__municipality=municipality,
        role_assignments__role=Role.MUNICIPALITY_CASEWORKER,
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def answer_reminders_due(*, today: datetime.date | None = None) -> list[DueReminder]:
    """Per municipality, its proposals due tomorrow that have had no reminder yet."""
    deadline = (today or timezone.localdate()) + datetime.timedelta(days=1)
    cases = Case.objects.filter(state=State.PROPOSED, answer_deadline=deadline, reminder_sent_at__isnull=True,
                                municipality__isnull=False).select_related("municipality").order_by("municipality_id", "id")
    grouped: dict[str, list[Case]] = {}
    for case in cases:
        grouped.setdefault(case.municipality_id, []).append(case)
    return [
        DueReminder(municipality=group[0].municipality, deadline=deadline, cases=group,
                    recipients=reminder_recipients(municipality=group[0].municipality))
        for group in grouped.values()
    ]
