"""Grant runs: start one (a task the worker runs), watch its progress, read its totals, approve it (a second
person) or discard it."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.core.access import user_can
from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.grants.forms import RunDiscardForm, RunStartForm
from nyinorge.grants.models import GrantRate, GrantRun
from nyinorge.grants.selectors.lines import grant_run_totals
from nyinorge.grants.services.runs import grant_run_approve, grant_run_discard, grant_run_start, instalment_dates

UNFINISHED = (GrantRun.Status.QUEUED, GrantRun.Status.RUNNING)


def _start_initial() -> dict:
    """The next instalment to run: after the latest live run of the latest year with rates."""
    year = GrantRate.objects.aggregate(year=Max("budget_year"))["year"]
    if year is None:
        return {}
    last = (GrantRun.objects.filter(budget_year=year).exclude(status__in=[GrantRun.Status.FAILED,
                                                                          GrantRun.Status.DISCARDED])
            .aggregate(last=Max("instalment"))["last"] or 0)
    return {"budget_year": year, "instalment": min(last + 1, len(instalment_dates(year)))}


@capability_required(Capability.MANAGE_GRANTS)
def grant_runs(request: HttpRequest) -> HttpResponse:
    form = RunStartForm(request.POST or None, initial=_start_initial())
    if request.method == "POST" and form.is_valid():
        try:
            run = grant_run_start(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The run for %(year)d, instalment %(instalment)d is queued.")
                             % {"year": run.budget_year, "instalment": run.instalment})
            return redirect("grants:run", grant_run_id=run.pk)
    runs = GrantRun.objects.select_related("created_by", "approved_by").order_by("-budget_year", "-instalment",
                                                                                  "-created_at")
    years = [(year, list(rows)) for year, rows in groupby(runs, key=lambda run: run.budget_year)]
    return render(request, "grants/runs.html", {"form": form, "years": years},
                  status=400 if form.errors else 200)


def _run_page(request: HttpRequest, run: GrantRun, discard_form: RunDiscardForm, status: int = 200) -> HttpResponse:
    totals = grant_run_totals(run) if run.status not in UNFINISHED else None
    return render(request, "grants/run_detail.html", {
        "run": run, "totals": totals, "discard_form": discard_form,
        "may_approve": bool(user_can(request.user, Capability.APPROVE_GRANTS)),
        "payment_date": dict(enumerate(instalment_dates(run.budget_year), start=1)).get(run.instalment),
    }, status=status)


@capability_required(Capability.MANAGE_GRANTS)
def grant_run(request: HttpRequest, grant_run_id: int) -> HttpResponse:
    run = get_object_or_404(GrantRun.objects.select_related("created_by", "approved_by"), pk=grant_run_id)
    return _run_page(request, run, RunDiscardForm())


@capability_required(Capability.MANAGE_GRANTS)
def grant_run_progress(request: HttpRequest, grant_run_id: int) -> HttpResponse:
    """The progress fragment the pages poll while a run is queued or running; once it is done, a full reload."""
    run = get_object_or_404(GrantRun, pk=grant_run_id)
    if run.status in UNFINISHED:
        return render(request, "grants/_run_progress.html", {"run": run})
    response = HttpResponse()
    response["HX-Refresh"] = "true"
    return response


@require_POST
@capability_required(Capability.APPROVE_GRANTS)
def grant_run_approve_view(request: HttpRequest, grant_run_id: int) -> HttpResponse:
    run = get_object_or_404(GrantRun, pk=grant_run_id)
    try:
        grant_run_approve(actor=request.user, run=run)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The run is approved for payment."))
    return redirect("grants:run", grant_run_id=run.pk)


@require_POST
@capability_required(Capability.MANAGE_GRANTS)
def grant_run_discard_view(request: HttpRequest, grant_run_id: int) -> HttpResponse:
    run = get_object_or_404(GrantRun.objects.select_related("created_by", "approved_by"), pk=grant_run_id)
    form = RunDiscardForm(request.POST)
    if form.is_valid():
        try:
            grant_run_discard(actor=request.user, run=run, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                form.add_error(None, error)
            else:
                messages.error(request, " ".join(error.messages))
                return redirect("grants:run", grant_run_id=run.pk)
        else:
            messages.success(request, _("The run is discarded; the instalment can be run again."))
            return redirect("grants:run", grant_run_id=run.pk)
    return _run_page(request, run, form, status=400)
