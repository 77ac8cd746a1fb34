"""What every case list page does: paginate, audit the people shown, or export the whole list."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.competence.selectors.interviews import preparation_by_case
from nyinorge.core.access import user_can
from nyinorge.core.roles import Capability
from nyinorge.settlement import exports
from nyinorge.settlement.exports import cases_export
from nyinorge.settlement.models import Case
from nyinorge.settlement.selectors.cases import cases_shown, need_to_know_many

PAGE_SIZE = 50
# The lists that show each case's preparation for settlement (interview and competence registration).
PREPARATION_LISTS = ("queue", "residents")
EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_TABLES = {
    "queue": exports.ready_queue_table,
    "overdue": exports.overdue_table,
    "proposals": exports.proposals_table,
    "accepted": exports.accepted_table,
    "settled": exports.settled_table,
    "residents": exports.reception_residents_table,
}


def case_list_response(
    request: HttpRequest, *, cases: QuerySet[Case], what: str, template: str, context: dict | None = None,
) -> HttpResponse:
    """Render one page of cases (audited), or export all of them when ?format=csv|xlsx is asked for."""
    file_format = request.GET.get("format", "")
    if file_format:
        if file_format not in EXPORT_FORMATS:
            return HttpResponseBadRequest(_("Unknown export format “%(format)s”; use csv or xlsx.") % {"format": file_format[:10]})
        table = EXPORT_TABLES[what](actor=request.user, cases=cases)
        return cases_export(actor=request.user, table=table, file_format=file_format)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page", 1))
    shown = list(page.object_list)
    cases_shown(actor=request.user, cases=shown, what=what)
    extra = {}
    if what in PREPARATION_LISTS:
        # Interview and competence per case: two queries for the page, whatever its length.
        preparation = preparation_by_case(shown)
        for case in shown:
            case.preparation = preparation[case.pk]
        extra = {"show_preparation": True,
                 "can_interview": bool(user_can(request.user, Capability.HOLD_SETTLEMENT_INTERVIEWS))}
    if what == "proposals":
        # Each proposal's need-to-know view with the competence of the whole page read at once.
        views = need_to_know_many(shown)
        for case in shown:
            case.need_to_know_view = views[case.pk]
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(request, template, {
        "page": page, "cases": shown, "query_string": query.urlencode(), "what": what, "today": timezone.localdate(),
        **extra, **(context or {}),
    })
