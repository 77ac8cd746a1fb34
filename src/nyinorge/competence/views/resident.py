"""Kompass for residents: log in with a one-time code, one page per section (saved as they go), the summary.

Phone first (360 px), in any of the ten languages (`resident_i18n`: a missing text is shown in English, marked).
A resident's login has no organisation and no roles: it reaches these pages and its own registration only.
"""

from functools import wraps

from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_noop as _
from django.views.decorators.http import require_http_methods

from nyinorge.competence import occupations
from nyinorge.competence.forms import WorkForm, form_for
from nyinorge.competence.middleware import resident_page
from nyinorge.competence.models import CompetenceRegistration
from nyinorge.competence.resident_i18n import resident_format, resident_languages, resident_text
from nyinorge.competence.selectors.registrations import (
    SECTIONS,
    next_section,
    registration_of,
    resident_login_of,
    summary_columns,
)
from nyinorge.competence.services.access_codes import access_code_redeem, code_attempt_allowed
from nyinorge.competence.services.registrations import registration_language_set, section_save
from nyinorge.competence.summary_pdf import registration_pdf
from nyinorge.core.models import AuditEntry
from nyinorge.core.services.audit import audit_record

Section = CompetenceRegistration.Section


def resident_required(view):
    """The resident's own login (else to the code page); the view gets their registration."""

    @resident_page
    @wraps(view)
    def guarded(request, *args, **kwargs):
        resident = resident_login_of(request.user)
        if resident is None:
            if request.user.is_authenticated:
                # Staff and other logins have no registration of their own here.
                return render(request, "competence/resident/not_resident.html", status=403)
            return redirect("competence:resident_start")
        registration = registration_of(resident)
        if registration.language != get_language():
            registration_language_set(actor=request.user, registration=registration, language=get_language())
            registration.language = get_language()
        return view(request, registration, *args, **kwargs)

    guarded.resident_page = True
    return guarded


def _audit_view(request, registration, what: str) -> None:
    audit_record(actor=request.user, action=AuditEntry.Action.VIEW, object_type="competence.competenceregistration",
                 object_id=registration.pk, person=registration.person, detail=what)


def _progress(registration) -> dict:
    done = sum(1 for section in SECTIONS if section.value in registration.sections_done)
    return {"done": done, "total": len(SECTIONS), "percent": registration.completeness,
            "text": resident_format(_("%(done)s of %(total)s parts done"), done=done, total=len(SECTIONS))}


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


@resident_page
@require_http_methods(["GET", "POST"])
def resident_start(request: HttpRequest) -> HttpResponse:
    """The code page: a resident types the code from reception (no national ID needed)."""
    if resident_login_of(request.user) is not None:
        return redirect("competence:resident_overview")
    error = None
    if request.method == "POST":
        if not request.session.session_key:
            request.session.save()
        session_key = request.session.session_key
        if not code_attempt_allowed(address=_address(request), session_key=session_key):
            error = resident_text(_("Too many wrong codes. Wait 15 minutes, or ask the reception staff."))
        else:
            resident = access_code_redeem(code=request.POST.get("code", ""), language=get_language(),
                                          address=_address(request), session_key=session_key)
            if resident is not None:
                login(request, resident.user, backend="django.contrib.auth.backends.ModelBackend")
                return redirect("competence:resident_overview")
            error = resident_text(_("The code is wrong, used or too old. Check it, or ask the reception staff "
                                    "for a new one."))
    return render(request, "competence/resident/start.html",
                  {"error": error, "languages": resident_languages(), "code": request.POST.get("code", "")},
                  status=400 if error else 200)


@resident_required
def resident_overview(request: HttpRequest, registration) -> HttpResponse:
    _audit_view(request, registration, "Kompass overview")
    sections = [{"value": s.value, "label": resident_text(s.label), "done": s.value in registration.sections_done}
                for s in SECTIONS]
    return render(request, "competence/resident/overview.html", {
        "registration": registration, "sections": sections, "next": next_section(registration),
        "progress": _progress(registration), "languages": resident_languages()})


def _occupation_results(query: str, row: str) -> list[dict]:
    return [{"code": item.code, "label": occupations.label(item.code, get_language()), "row": row}
            for item in occupations.search(query, get_language())]


@resident_required
@require_http_methods(["GET", "POST"])
def resident_section(request: HttpRequest, registration, section: str) -> HttpResponse:
    if section not in Section.values:
        raise Http404
    index = Section.values.index(section)
    search_row, results = None, []
    if request.method == "POST" and request.POST.get("search") is not None and section == Section.WORK:
        # Without JavaScript: the search button shows the matching occupations in the page, nothing is saved.
        form = form_for(registration, section)
        form.initial.update(request.POST.dict())
        search_row = request.POST.get("search", "0")
        results = _occupation_results(request.POST.get(f"{search_row}-occupation_q", ""), search_row)
    elif request.method == "POST":
        form = form_for(registration, section, request.POST)
        if form.is_valid():
            section_save(actor=request.user, registration=registration, section=section, data=form.cleaned_data)
            if request.POST.get("go") == "back" and index > 0:
                return redirect("competence:resident_section", section=Section.values[index - 1])
            if request.POST.get("go") == "stay":
                return redirect("competence:resident_section", section=section)
            if index + 1 < len(Section.values):
                return redirect("competence:resident_section", section=Section.values[index + 1])
            return redirect("competence:resident_summary")
    else:
        form = form_for(registration, section)
    _audit_view(request, registration, f"Kompass section {section}")
    rows = form.rows() if hasattr(form, "rows") else None
    return render(request, "competence/resident/section.html", {
        "registration": registration, "form": form, "rows": rows, "section": section,
        "title": resident_text(Section(section).label), "step": index + 1, "steps": len(SECTIONS),
        "step_text": resident_format(_("Part %(step)s of %(total)s"), step=index + 1, total=len(SECTIONS)),
        "previous": Section.values[index - 1] if index else None, "is_work": isinstance(form, WorkForm),
        "search_row": search_row, "results": results, "progress": _progress(registration),
        "languages": resident_languages(), "last": index + 1 == len(SECTIONS),
        "has_errors": request.method == "POST" and bool(form.errors)},
        status=400 if request.method == "POST" and search_row is None and form.errors else 200)


@resident_page
def occupation_search(request: HttpRequest) -> HttpResponse:
    """The occupations matching a search (htmx fragment, or a page of its own without JavaScript)."""
    query = request.GET.get("q", "") or next((value for key, value in request.GET.items()
                                              if key.endswith("-occupation_q")), "")
    row = request.GET.get("row", "0")
    row = row if row.isdigit() else "0"
    context = {"results": _occupation_results(query[:100], row), "query": query, "row": row,
               "languages": resident_languages()}
    template = ("competence/resident/_occupation_results.html" if request.headers.get("HX-Request")
                else "competence/resident/occupations.html")
    return render(request, template, context)


def _summary_context(registration) -> dict:
    language = registration.language or get_language()
    return {"registration": registration, "columns": summary_columns(registration, [language, "nb"])}


@resident_required
def resident_summary(request: HttpRequest, registration) -> HttpResponse:
    _audit_view(request, registration, "Kompass summary")
    return render(request, "competence/resident/summary.html", {
        **_summary_context(registration), "progress": _progress(registration), "languages": resident_languages(),
        "missing": [resident_text(s.label) for s in SECTIONS if s.value not in registration.sections_done]})


@resident_required
def resident_summary_pdf(request: HttpRequest, registration) -> HttpResponse:
    audit_record(actor=request.user, action=AuditEntry.Action.EXPORT, object_type="competence.competenceregistration",
                 object_id=registration.pk, person=registration.person, detail="Kompass summary PDF")
    content = registration_pdf(context={**_summary_context(registration), "person": None})
    return HttpResponse(content, content_type="application/pdf",
                        headers={"Content-Disposition": 'attachment; filename="kompass.pdf"'})

