"""Template helpers for case lists: names as far as the viewer may see them, ages, waiting time."""

import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.settlement.models import Case
from nyinorge.settlement.models.cases import age_on
from nyinorge.settlement.selectors.cases import may_see_names, need_to_know

register = template.Library()


@register.simple_tag(takes_context=True)
def member_names(context, case: Case) -> str:
    """Members' names (oldest first), or the shielded label."""
    if not may_see_names(context["request"].user, case):
        return _("Shielded identity")
    return "; ".join(member.person.full_name for member in case.members.all())


@register.filter
def member_ages(case: Case, on: datetime.date | None = None) -> str:
    """Ages of the members, oldest first: "41, 38, 9"."""
    on = on or timezone.localdate()
    return ", ".join(str(age_on(member.person.birth_date, on)) for member in case.members.all())


@register.filter
def waiting(case: Case, today: datetime.date | None = None) -> float:
    """Waiting months (format with floatformat, so the decimal sign follows the language)."""
    return case.waiting_months(today or timezone.localdate())


@register.filter
def family_with_children(case: Case) -> bool:
    """The case's own definition (`Case.is_family_with_children`), usable in templates."""
    return case.is_family_with_children


@register.filter
def proposal_view(case: Case):
    """The need-to-know view of a proposal (the one the list computed for its whole page, if it did)."""
    return getattr(case, "need_to_know_view", None) or need_to_know(case)


@register.filter
def days_until(day: datetime.date | None) -> int | None:
    """Days from today to a date (negative when past)."""
    return None if day is None else (day - timezone.localdate()).days


@register.filter
def age(birth_date: datetime.date) -> int:
    """Whole years of age today."""
    return age_on(birth_date, timezone.localdate())


@register.filter
def days_overdue(day: datetime.date | None) -> int:
    """Days a date lies in the past (0 if not past)."""
    return 0 if day is None else max((timezone.localdate() - day).days, 0)
