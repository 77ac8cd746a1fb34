"""The start page per role, the organisations list, errors and health."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from nyinorge.core.access import user_can
from nyinorge.core.models import Organisation
from nyinorge.core.roles import CAPABILITIES, ROLE_DEFINITIONS, Capability
from nyinorge.core.selectors.organisations import organisation_search
from nyinorge.core.views.decorators import capability_required


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.organisation_id is None and hasattr(user, "interpreter"):
        # An interpreter's own login (no organisation, no roles): their start page is their application.
        return redirect("interpreters:apply_overview")
    if user.organisation_id is None and hasattr(user, "resident_login"):
        # A resident's own login (Kompass): their start page is their registration.
        return redirect("competence:resident_overview")
    tasks = [
        {"label": info.label, "description": info.description, "url": reverse(info.url_name) if info.url_name else None}
        for capability, info in CAPABILITIES.items()
        if user_can(user, capability)
    ]
    roles = [
        {"label": role.label, "fits_organisation": user.organisation and user.organisation.kind in ROLE_DEFINITIONS[role].organisation_kinds}
        for role in sorted(user.roles)
    ]
    return render(request, "core/home.html", {"tasks": tasks, "roles": roles})


@capability_required(Capability.VIEW_ORGANISATIONS)
def organisations(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    result = organisation_search(query=query, kind=kind)
    template = "core/_organisation_rows.html" if request.headers.get("HX-Request") else "core/organisations.html"
    context = {"organisations": result, "query": query, "kind": kind, "kinds": Organisation.Kind.choices}
    return render(request, template, context)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", {}, status=500)
