"""The municipal follow-up lists as pages and CSV/Excel downloads (audited: every person shown or exported)."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.dates import SANE_DATE_MIN, date_from_query
from nyinorge.core.exports import EXPORT_FORMATS, export_response
from nyinorge.core.models import AuditEntry, Municipality, Organisation
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.views.decorators import capability_required
from nyinorge.register.rules import category_label
from nyinorge.register.selectors.followup import (
    FOLLOW_UP_SELECTORS,
    FOLLOW_UP_TITLES,
    FollowUpList,
    FollowUpRow,
    followup_municipality,
)

PAGE_SIZE = 50


def as_of_date(request: HttpRequest) -> datetime.date:
    """The date the lists are computed for: today, or ?on=YYYY-MM-DD (a wrong date falls back to today, said so)."""
    today = timezone.localdate()
    raw = request.GET.get("on", "").strip()
    if not raw:
        return today
    day = date_from_query(raw)
    if day is None:
        messages.warning(request, _("“%(value)s” is not a date from %(first)s to today (YYYY-MM-DD); the lists are "
                                    "shown for today.") % {"value": raw[:20], "first": SANE_DATE_MIN.isoformat()})
        return today
    return min(day, today)


def _columns(which: FollowUpList) -> list[tuple[str, str]]:
    since = {
        FollowUpList.TRAINING: _("Right began"),
        FollowUpList.PROGRAMME: _("Start deadline"),
        FollowUpList.DEADLINES: _("Deadline"),
        FollowUpList.MISSING: _("Resident since"),
    }[which]
    days = {
        FollowUpList.TRAINING: _("Days since the right began"),
        FollowUpList.PROGRAMME: _("Days past the deadline"),
        FollowUpList.DEADLINES: _("Days past the deadline (negative: left)"),
        FollowUpList.MISSING: _("Days resident"),
    }[which]
    return [
        ("name", _("Name")), ("identifier", _("Identifier")), ("birth_date", _("Date of birth")),
        ("category", _("Category")), ("law", _("Law")), ("resident_since", _("Resident since")),
        ("moved_in", _("Moved in")), ("since", since), ("days", days), ("highlighted", _("Needs attention")),
    ]


def _export_row(row: FollowUpRow) -> dict:
    return {
        "name": row.person.full_name, "identifier": row.person.identifier, "birth_date": row.person.birth_date,
        "category": category_label(row.basis.category), "law": row.basis.get_law_version_display(),
        "resident_since": row.resident_since, "moved_in": row.moved_in, "since": row.since, "days": row.days,
        "highlighted": row.highlighted,
    }


@capability_required(Capability.VIEW_INTRODUCTION_REGISTER)
def followup(request: HttpRequest, which: str) -> HttpResponse:
    try:
        which = FollowUpList(which)
    except ValueError:
        raise Http404(_("No such list.")) from None
    municipality = followup_municipality(actor=request.user, number=request.GET.get("municipality") or None)
    today = as_of_date(request)
    rows = FOLLOW_UP_SELECTORS[which](actor=request.user, municipality=municipality, on=today) if municipality else []
    file_format = request.GET.get("format", "")
    if file_format:
        if file_format not in EXPORT_FORMATS or municipality is None:
            return HttpResponseBadRequest(_("Unknown export format “%(format)s”; use csv or xlsx.") % {"format": file_format[:10]})
        return export_response(
            actor=request.user, rows=[_export_row(row) for row in rows], columns=_columns(which),
            filename_stem=f"{FOLLOW_UP_TITLES[which]} {municipality.name}", file_format=file_format,
            object_type=f"register.followup.{which}", persons=[row.person for row in rows])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page", 1))
    shown = list(page.object_list)
    if shown:
        audit_record(actor=request.user, action=AuditEntry.Action.VIEW, object_type=f"register.followup.{which}",
                     persons=[row.person for row in shown],
                     detail=f"{municipality.pk}, page {page.number}, {len(shown)} shown")
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(request, "register/followup.html", {
        "which": which, "title": FOLLOW_UP_TITLES[which], "rows": shown, "page": page, "columns": _columns(which),
        "municipality": municipality, "query_string": query.urlencode(), "lists": FOLLOW_UP_TITLES, "on": today,
        "municipalities": Municipality.objects.all() if request.user.organisation.kind == Organisation.Kind.DIRECTORATE else None,
    })
