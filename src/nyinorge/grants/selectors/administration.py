"""What the grant officers' pages read: the schemes with their calls and figures (the directorate's officers
also the combined figures over the municipalities a scheme is delegated to), and the open appeals with the
administering body's internal target (fvl. § 33: prepare the case "without undue delay")."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import User
from nyinorge.grants.application_states import APPEAL_STATES, GRANTED_STATES, A
from nyinorge.grants.models import GrantApplication, GrantCall, GrantScheme
from nyinorge.grants.selectors.schemes import grant_calls_administered, is_directorate_officer

APPEAL_TARGET_DAYS = 21
CALL_STATES = {"draft": _("Draft"), "upcoming": _("Published, not yet open"), "open": _("Open"),
               "closed": _("Closed")}
_ZERO = Value(0, output_field=DecimalField(max_digits=14, decimal_places=0))


def call_state(call: GrantCall, now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    if not call.published:
        return "draft"
    if now < call.opens_at:
        return "upcoming"
    return "open" if now <= call.deadline else "closed"


def with_figures(calls: QuerySet[GrantCall]) -> QuerySet[GrantCall]:
    """Calls with the number of applications (drafts not counted), the sums applied for and granted."""
    submitted = ~Q(applications__state=A.DRAFT)
    return calls.annotate(
        application_count=Count("applications", filter=submitted),
        applied_total=Coalesce(Sum("applications__amount_applied", filter=submitted), _ZERO),
        granted_total=Coalesce(Sum("applications__amount_granted",
                                   filter=Q(applications__state__in=GRANTED_STATES)), _ZERO))


@dataclass
class SchemeRow:
    scheme: GrantScheme
    calls: list
    delegations: list


def schemes_overview(*, actor: User) -> list[SchemeRow]:
    """Every scheme with the calls the actor's organisation administers (or follows) and its delegations."""
    calls = list(with_figures(grant_calls_administered(actor=actor)))
    now = timezone.now()
    for call in calls:
        call.state_key = call_state(call, now)
        call.state_label = CALL_STATES[call.state_key]
    rows = []
    for scheme in GrantScheme.objects.prefetch_related("delegations__organisation", "criteria"):
        delegations = list(scheme.delegations.all())
        if not is_directorate_officer(actor):
            delegations = [item for item in delegations if item.organisation_id == actor.organisation_id]
        rows.append(SchemeRow(scheme, [call for call in calls if call.scheme_id == scheme.pk], delegations))
    return rows


def combined_figures(*, actor: User, scheme: GrantScheme) -> list[dict]:
    """Per administering organisation and budget year: applications, applied for, granted (directorate only)."""
    if not is_directorate_officer(actor):
        return []
    applications = GrantApplication.objects.filter(call__scheme=scheme).exclude(state=A.DRAFT)
    return list(applications.values("call__administered_by__name", "call__budget_year").annotate(
        applications=Count("id"),
        applied=Coalesce(Sum("amount_applied"), _ZERO),
        granted=Coalesce(Sum("amount_granted", filter=Q(state__in=GRANTED_STATES)), _ZERO),
    ).order_by("-call__budget_year", "call__administered_by__name"))


@dataclass
class OpenAppeal:
    application: GrantApplication
    lodged: datetime.date | None
    days: int
    target: datetime.date | None
    overdue: bool


def appeals_open(*, actor: User) -> list[OpenAppeal]:
    """Appeals not yet decided in the calls the actor administers (or follows): overdue first, then by target."""
    calls = grant_calls_administered(actor=actor)
    applications = (GrantApplication.objects.filter(call__in=calls, state__in=APPEAL_STATES)
                    .select_related("call__scheme", "call__administered_by", "applicant"))
    today = timezone.localdate()
    rows = []
    for application in applications:
        lodged = timezone.localdate(application.appealed_at) if application.appealed_at else None
        target = lodged + datetime.timedelta(days=APPEAL_TARGET_DAYS) if lodged else None
        waiting = application.state == A.APPEALED
        rows.append(OpenAppeal(application, lodged, (today - lodged).days if lodged else 0, target,
                               bool(waiting and target and target < today)))
    rows.sort(key=lambda row: (not row.overdue, row.application.state != A.APPEALED,
                               row.target or datetime.date.max, row.application.pk))
    return rows
