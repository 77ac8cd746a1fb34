"""The payout file download: POST only, since making it exports and locks the run."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.grants.models import GrantRun
from nyinorge.grants.services.payout import grant_run_export


def _back(request: HttpRequest) -> str:
    """The page the form was on (sent as `next`), else the list of runs."""
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    try:
        return reverse("grants:runs")
    except NoReverseMatch:
        return "/"


@require_POST
@capability_required(Capability.MANAGE_GRANTS)
def run_export(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(GrantRun, pk=run_id)
    try:
        return grant_run_export(actor=request.user, run=run, file_format=request.POST.get("format", "csv"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back(request))
