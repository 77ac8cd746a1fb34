"""The payout file download: POST only, since making it exports and locks the run."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.grants.models import GrantRun
from nyinorge.grants.services.payout import grant_run_export


@require_POST
@capability_required(Capability.MANAGE_GRANTS)
def run_export(request: HttpRequest, grant_run_id: int) -> HttpResponse:
    run = get_object_or_404(GrantRun, pk=grant_run_id)
    try:
        return grant_run_export(actor=request.user, run=run, file_format=request.POST.get("format", "csv"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("grants:run", grant_run_id=run.pk)
