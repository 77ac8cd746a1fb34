"""Reading notices: reviewers see all, a public body the ones it registered; every read audited."""

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from nyinorge.core.access import require
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.services.audit import audit_record
from nyinorge.interpreters.access_review import may_assess_notices, may_read_notice, may_report_notices
from nyinorge.interpreters.models import Interpreter, Listing, Notice
from nyinorge.interpreters.workflows.notices import OPEN_STATES

PAGE_SIZE = 25


def notice_list(*, actor: User, state: str = "open", page_number: int | str = 1) -> Page:
    """Notices the actor may see (open ones first by default), one audit entry naming those shown."""
    if may_assess_notices(actor):
        notices = Notice.objects.all()
    else:
        require(may_report_notices(actor))
        notices = Notice.objects.filter(reporting_organisation_id=actor.organisation_id)
    if state == "open":
        notices = notices.filter(state__in=OPEN_STATES)
    elif state == "suspended":
        notices = notices.filter(state=Notice.State.SUSPENDED)
    notices = notices.select_related("interpreter", "reporting_organisation").order_by("created_at", "id")
    page = Paginator(notices, PAGE_SIZE).get_page(page_number)
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="interpreters.notice",
                 detail=f"notice list ({state}): " + ", ".join(str(n.pk) for n in page.object_list))
    return page


def notice_read(*, actor: User, notice_id: int) -> Notice:
    """One notice with its history, if the actor may read it (404 otherwise: no existence leak); audited."""
    notice = (Notice.objects.select_related("interpreter", "reporting_organisation", "reported_by")
              .prefetch_related("events__actor").filter(pk=notice_id).first())
    if notice is None or not may_read_notice(actor, notice):
        raise Http404(_("No such notice, or not one you have access to."))
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="interpreters.notice", object_id=notice.pk,
                 detail=f"interpreter {notice.interpreter_id}")
    return notice


def notice_candidates(*, actor: User, query: str, limit: int = 20) -> list[Interpreter]:
    """Interpreters a public body can report, found by name: those on the public list (what it can see anyway),
    and for reviewers also suspended and withdrawn ones."""
    require(may_report_notices(actor))
    words = query.split()[:5]
    if not words:
        return []
    if may_assess_notices(actor):
        interpreters = Interpreter.objects.exclude(status=Interpreter.Status.APPLICANT)
        for word in words:
            interpreters = interpreters.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    else:
        listed = Listing.objects.all()
        for word in words:
            listed = listed.filter(search_name__contains=word.casefold())
        interpreters = Interpreter.objects.filter(pk__in=listed.values("interpreter_id"))
    return list(interpreters.order_by("family_name", "given_name", "id")[:limit])


def notice_interpreter(*, actor: User, interpreter_id: int) -> Interpreter:
    """The interpreter a notice is about, if the actor could find them (see `notice_candidates`)."""
    require(may_report_notices(actor))
    interpreters = Interpreter.objects.exclude(status=Interpreter.Status.APPLICANT)
    if not may_assess_notices(actor):
        interpreters = interpreters.filter(pk__in=Listing.objects.values("interpreter_id"))
    interpreter = interpreters.filter(pk=interpreter_id).first()
    if interpreter is None:
        raise Http404(_("No such interpreter on the public list."))
    return interpreter


def notices_about_own(*, actor: User) -> list[Notice]:
    """The notices about the actor's own interpreter entry that the directorate has taken up (audited if any)."""
    from nyinorge.interpreters.services.notices import VISIBLE_TO_INTERPRETER

    notices = list(Notice.objects.filter(interpreter__user=actor, state__in=VISIBLE_TO_INTERPRETER)
                   .select_related("reporting_organisation").order_by("-created_at", "-id"))
    if notices:
        audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="interpreters.notice",
                     detail="own notices: " + ", ".join(str(notice.pk) for notice in notices))
    return notices
