"""Notices about interpreters: public bodies register them, reviewers assess them (and may suspend)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nyinorge.core.access import require
from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.core.views.forms import copy_errors
from nyinorge.interpreters.access_review import may_assess_notices, may_report_notices
from nyinorge.interpreters.forms_apply import NoticeForm, ReasonForm, RequiredReasonForm
from nyinorge.interpreters.selectors.notices import notice_candidates, notice_interpreter, notice_list, notice_read
from nyinorge.interpreters.services.notices import IllegalNoticeTransition, notice_permission, notice_register
from nyinorge.interpreters.services.notices import notice_transition as notice_transition_service
from nyinorge.interpreters.workflows.notices import TRANSITIONS

LIST_STATES = {"open": gettext_lazy("Open"), "suspended": gettext_lazy("Suspensions in force"),
               "all": gettext_lazy("All")}


@login_required
def notice_list_page(request: HttpRequest) -> HttpResponse:
    if not may_assess_notices(request.user):
        require(may_report_notices(request.user))
    state = request.GET.get("state", "open")
    state = state if state in LIST_STATES else "open"
    page = notice_list(actor=request.user, state=state, page_number=request.GET.get("page", 1))
    return render(request, "interpreters/notices/list.html", {
        "page": page, "state": state, "states": LIST_STATES.items(),
        "assessor": bool(may_assess_notices(request.user)), "query_string": f"state={state}"})


@capability_required(Capability.REPORT_INTERPRETER_NOTICES)
def notice_create(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    candidates = notice_candidates(actor=request.user, query=query) if query else []
    return render(request, "interpreters/notices/find.html", {"query": query, "candidates": candidates})


@capability_required(Capability.REPORT_INTERPRETER_NOTICES)
def notice_create_for(request: HttpRequest, interpreter_id: int) -> HttpResponse:
    interpreter = notice_interpreter(actor=request.user, interpreter_id=interpreter_id)
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = notice_register(actor=request.user, interpreter=interpreter, **form.cleaned_data)
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("The notice is registered. The directorate will assess it."))
            return redirect("interpreters:notice_detail", notice_id=notice.pk)
    return render(request, "interpreters/notices/form.html", {"form": form, "interpreter": interpreter})


def _forms_for(user, notice, posted: dict | None = None) -> list[dict]:
    forms = []
    for name, transition in TRANSITIONS.items():
        if not notice_permission(user, notice, name):
            continue
        form_class = RequiredReasonForm if transition.requires_reason else ReasonForm
        forms.append({"name": name, "label": transition.label,
                      "form": (posted or {}).get(name) or form_class(prefix=name),
                      "danger": name in ("suspend", "dismiss", "withdraw")})
    return forms


@login_required
def notice_detail(request: HttpRequest, notice_id: int, posted: dict | None = None, status: int = 200) -> HttpResponse:
    notice = notice_read(actor=request.user, notice_id=notice_id)
    return render(request, "interpreters/notices/detail.html", {
        "notice": notice, "actions": _forms_for(request.user, notice, posted),
        "assessor": bool(may_assess_notices(request.user))}, status=status)


@require_POST
@login_required
def notice_transition(request: HttpRequest, notice_id: int, name: str) -> HttpResponse:
    notice = notice_read(actor=request.user, notice_id=notice_id)
    transition = TRANSITIONS.get(name)
    if transition is None:
        return notice_detail(request, notice_id, status=404)
    form = (RequiredReasonForm if transition.requires_reason else ReasonForm)(request.POST, prefix=name)
    if form.is_valid():
        try:
            notice_transition_service(actor=request.user, notice=notice, name=name,
                                      reason=form.cleaned_data["reason"])
        except ValidationError as error:
            copy_errors(form, error)
        except IllegalNoticeTransition as refused:
            messages.error(request, str(refused))
            return redirect("interpreters:notice_detail", notice_id=notice_id)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": transition.label})
            return redirect("interpreters:notice_detail", notice_id=notice_id)
    return notice_detail(request, notice_id, posted={name: form}, status=400)
