"""What the applicant's portal shows: the calls the organisation may apply to now, its applications by state, and
what needs doing (drafts close to the deadline, grant letters to accept, reports due)."""

import datetime
from dataclasses import dataclass, field

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.models import User
from nyinorge.grants.application_states import ACCEPTABLE_STATES, ApplicationState
from nyinorge.grants.models import GrantApplication, GrantApplicationDocument, GrantCall, GrantReport
from nyinorge.grants.selectors.schemes import grant_applications_visible_to, grant_calls_open_for

DRAFT_WARNING_DAYS = 14
REPORT_WARNING_DAYS = 30


def grant_call_open_to(*, actor: User, call_id: int) -> GrantCall:
    """An open call the actor's organisation may apply to (404 for any other)."""
    try:
        return grant_calls_open_for(organisation=actor.organisation).get(pk=call_id)
    except GrantCall.DoesNotExist:
        raise Http404(_("No such call open to your organisation.")) from None


def grant_document_for(*, actor: User, document_id: int) -> GrantApplicationDocument:
    """A document of an application the actor may see (404 for any other)."""
    try:
        return GrantApplicationDocument.objects.select_related("application__call__scheme").get(
            pk=document_id, application__in=grant_applications_visible_to(actor))
    except GrantApplicationDocument.DoesNotExist:
        raise Http404(_("No such document, or not one you have access to.")) from None


def days_left(deadline: datetime.datetime) -> int:
    return max((timezone.localtime(deadline).date() - timezone.localdate()).days, 0)


@dataclass
class ToDo:
    text: str
    url: str
    urgent: bool = False


@dataclass
class PortalOverview:
    calls: list[GrantCall]
    groups: list[tuple[str, list[GrantApplication]]]
    decisions: list[GrantApplication]
    todos: list[ToDo] = field(default_factory=list)

    @property
    def applications(self) -> list[GrantApplication]:
        return [application for _label, applications in self.groups for application in applications]


def _todos(applications: list[GrantApplication], reports: list[GrantReport]) -> list[ToDo]:
    today, todos = timezone.localdate(), []
    for application in applications:
        title = application.project_title or _("(untitled draft)")
        if application.state == ApplicationState.DRAFT and application.call.is_open:
            left = days_left(application.call.deadline)
            if left <= DRAFT_WARNING_DAYS:
                todos.append(ToDo(_("Submit “%(title)s”: the deadline is in %(days)d day(s).")
                                  % {"title": title, "days": left},
                                  reverse("grants:application_edit", args=[application.pk]), urgent=left <= 3))
        if application.state in ACCEPTABLE_STATES and application.amount_granted:
            todos.append(ToDo(_("Accept the grant letter for “%(title)s”.") % {"title": title},
                              reverse("grants:application", args=[application.pk]), urgent=True))
    for report in reports:
        overdue = report.due_on < today
        text = (_("The %(kind)s for “%(title)s” was due %(date)s.") if overdue
                else _("The %(kind)s for “%(title)s” is due %(date)s."))
        todos.append(ToDo(text % {"kind": report.get_kind_display().lower(), "title": report.application.project_title,
                                  "date": report.due_on.strftime("%d.%m.%Y")},
                          reverse("grants:report", kwargs={"grant_report_id": report.pk}),
                          urgent=overdue))
    return todos


def portal_overview(*, actor: User) -> PortalOverview:
    organisation = actor.organisation
    calls = list(grant_calls_open_for(organisation=organisation).order_by("deadline"))
    applications = list(GrantApplication.objects.filter(applicant_id=actor.organisation_id)
                        .select_related("call__scheme", "call__administered_by").order_by("-created_at"))
    groups = []
    for state in ApplicationState:
        members = [application for application in applications if application.state == state]
        if members:
            groups.append((state.label, members))
    decisions = [application for application in applications if application.decided_at]
    horizon = timezone.localdate() + datetime.timedelta(days=REPORT_WARNING_DAYS)
    reports = list(GrantReport.objects.filter(application__applicant_id=actor.organisation_id,
                                              state__in=[GrantReport.State.DUE, GrantReport.State.RETURNED],
                                              due_on__lte=horizon).select_related("application").order_by("due_on"))
    return PortalOverview(calls=calls, groups=groups, decisions=decisions, todos=_todos(applications, reports))
