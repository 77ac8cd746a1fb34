"""The audit log page and its CSV export (directorate administrators)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from nyinorge.core.exports import export_streaming_csv
from nyinorge.core.forms import AuditSearchForm
from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Capability
from nyinorge.core.selectors.audit import audit_entries, audit_person, audit_persons_shown
from nyinorge.core.services.audit import audit_record
from nyinorge.core.views.decorators import capability_required

CSV_COLUMNS = ["time", "user", "organisation", "action", "object_type", "object_id", "person_id", "person_identifier", "request_id", "detail", "persons_shown"]


def _search(request: HttpRequest, with_subjects: bool = False):
    form = AuditSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, audit_entries(actor=request.user, with_subjects=with_subjects, **{k: v for k, v in filters.items() if v})


@capability_required(Capability.VIEW_AUDIT_LOG)
def audit_list(request: HttpRequest) -> HttpResponse:
    form, entries = _search(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page", 1))
    people_shown = [entry.person for entry in page.object_list if entry.person_id and entry.person]
    audit_record(
        actor=request.user,
        action=AuditEntry.Action.VIEW,
        object_type="core.auditentry.list",
        persons=people_shown,
        detail=f"audit search {request.GET.urlencode()[:300]}",
    )
    query = request.GET.copy()
    query.pop("page", None)
    rows = [(entry, audit_person(entry)) for entry in page.object_list]
    return render(request, "core/audit_list.html", {"form": form, "page": page, "rows": rows, "query": query.urlencode()})


@capability_required(Capability.VIEW_AUDIT_LOG)
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    form, entries = _search(request, with_subjects=True)
    # The log up to this request: the export's own entry (written before the rows stream) is not in it.
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    entries = entries.filter(pk__lte=last)

    def rows():
        for entry in entries.iterator(chunk_size=2000):
            person = audit_person(entry)
            yield [
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                entry.username,
                entry.organisation.name if entry.organisation else "",
                entry.action,
                entry.object_type,
                entry.object_id,
                entry.person_id or "",
                (person.identifier or person.name) if person else "",
                entry.request_id,
                entry.detail,
                ";".join(shown.listed for subject in entry.subjects.all() if (shown := audit_person(subject))),
            ]

    # The user name and detail are typed by anyone (a failed login's user name): the export path neutralises them.
    return export_streaming_csv(
        actor=request.user,
        header=CSV_COLUMNS,
        rows=rows(),
        filename_stem="audit-log",
        object_type="core.auditentry.list",
        detail=f"CSV export of {entries.count()} entries, filter {request.GET.urlencode()[:300]}",
        person_ids=audit_persons_shown(entries),
    )
