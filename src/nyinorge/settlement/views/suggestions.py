"""Suggest allocations: start a run (a task the worker runs), watch its progress, cancel it, read the explained
suggestions, propose chosen ones."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.core.models import Municipality, Person
from nyinorge.core.access import user_can
from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.settlement.models import Case, SuggestionRun
from nyinorge.settlement.outcome_values import feature_label
from nyinorge.settlement.selectors.cases import cases_shown
from nyinorge.settlement.selectors.outcome_models import outcome_model_active, outcome_model_label
from nyinorge.settlement.selectors.outcome_training import COUNTRY_GROUP_NAMES
from nyinorge.settlement.selectors.years import settlement_year_current
from nyinorge.settlement.services.suggestions import (
    suggestion_run_cancel, suggestion_run_start, suggestion_runs_sweep, suggestions_propose,
)


@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def suggestions(request: HttpRequest) -> HttpResponse:
    year = settlement_year_current()
    if request.method == "POST":
        if year is None:
            messages.error(request, _("No settlement year exists yet; create one first."))
            return redirect("settlement:suggestions")
        try:
            run = suggestion_run_start(actor=request.user, year=year)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("settlement:suggestions")
        return redirect("settlement:suggestion_run", run_id=run.pk)
    runs = SuggestionRun.objects.filter(year=year).select_related("created_by")[:10] if year else []
    return render(request, "settlement/suggestions.html", {
        "year": year, "runs": runs, "model": outcome_model_label(outcome_model_active()),
        "may_see_model": user_can(request.user, Capability.MANAGE_OUTCOME_MODEL).allowed})


@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def suggestion_run(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(SuggestionRun.objects.select_related("year", "outcome_model"), pk=run_id)
    if run.status == SuggestionRun.Status.RUNNING:
        # The page being watched is where a lost worker shows first, cron or not.
        if suggestion_runs_sweep():
            run.refresh_from_db()
    finished = run.is_finished
    if request.headers.get("HX-Request") and not finished:
        return render(request, "settlement/_suggestion_progress.html", {"run": run})
    if request.headers.get("HX-Request"):
        # Finished while the page was polling: reload the whole page with the results.
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    items = _items(run, request.user) if run.status == SuggestionRun.Status.DONE else []
    return render(request, "settlement/suggestion_run.html", {
        "run": run, "items": items, "model": outcome_model_label(run.outcome_model),
        "fairness": _fairness_rows(run.result.get("fairness")) if run.status == SuggestionRun.Status.DONE else [],
        "may_see_model": user_can(request.user, Capability.MANAGE_OUTCOME_MODEL).allowed})


def _fairness_rows(fairness: dict | None) -> list[dict]:
    """Per attribute, its groups with the suggested placement's figures beside longest-waiting-first's."""
    if not fairness:
        return []
    names = {"sex": dict(Person.Sex.choices), "country_group": COUNTRY_GROUP_NAMES}
    titles = {"sex": _("By sex"), "country_group": _("By country group (citizenship)")}
    tables = []
    for attribute in ("sex", "country_group"):
        by_group: dict[str, dict] = {}
        for row in fairness.get("groups", {}).get(attribute, []):
            group = by_group.setdefault(row["group"], {"name": names[attribute].get(row["group"], row["group"]),
                                                       "adults": row["adults"]})
            group[row["placement"]] = row
        rows = sorted(by_group.values(), key=lambda group: -group["adults"])
        for group in rows:
            suggested, manual = group.get("suggested", {}), group.get("longest_waiting_first", {})
            group["difference"] = (suggested["gain"] - manual["gain"]
                                   if suggested.get("gain") is not None and manual.get("gain") is not None else None)
        tables.append({"key": attribute, "title": titles[attribute], "rows": rows,
                       "gap": fairness.get("gaps", {}).get(f"{attribute}:suggested"),
                       "gap_manual": fairness.get("gaps", {}).get(f"{attribute}:longest_waiting_first")})
    return tables


def _items(run: SuggestionRun, user) -> list[dict]:
    """The suggestions with their cases (still ready ones only) and translated feature names, audited."""
    raw = run.result.get("items", [])
    cases = Case.objects.prefetch_related("members__person").select_related("reception_centre").in_bulk(
        [item["case"] for item in raw])

    names = dict(Municipality.objects.values_list("number", "name"))
    items = []
    for item in raw:
        case = cases.get(item["case"])
        if case is None:
            continue
        items.append({
            **item, "case_obj": case, "still_ready": case.state == "ready",
            "municipality_name": names.get(item["municipality"], item["municipality"]),
            "alternative_name": names.get(item["alternative"], "") if item["alternative"] else "",
            "reasons": [(feature_label(name), value) for name, value in item["contributions"] if abs(value) >= 0.005],
        })
    cases_shown(actor=user, cases=[item["case_obj"] for item in items], what="suggestions")
    return items


@require_POST
@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def suggestion_propose(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(SuggestionRun, pk=run_id)
    chosen = [int(value) for value in request.POST.getlist("case") if value.isdigit()]
    if not chosen:
        messages.error(request, _("Choose at least one suggestion to propose."))
        return redirect("settlement:suggestion_run", run_id=run.pk)
    try:
        proposed, problems = suggestions_propose(actor=request.user, run=run, case_ids=chosen)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("settlement:suggestion_run", run_id=run.pk)
    if proposed:
        messages.success(request, _("%(count)d cases are proposed to the municipalities.") % {"count": len(proposed)})
    for problem in problems:
        messages.error(request, problem)
    return redirect("settlement:suggestion_run", run_id=run.pk)


@require_POST
@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def suggestion_cancel(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(SuggestionRun, pk=run_id)
    try:
        run = suggestion_run_cancel(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if run.status == SuggestionRun.Status.CANCELLED:
            messages.success(request, _("The run is cancelled."))
        else:
            messages.info(request, _("The run stops at its next step."))
    return redirect("settlement:suggestion_run", run_id=run.pk)
