"""Suggest allocations: the matching engine over the ready queue, against remaining decided places and
open accessible dwellings. Suggestions only — a caseworker turns chosen ones into proposals.

Resources per municipality: `persons` (all remaining places), `other_places` (places not reserved for
unaccompanied minors), `unaccompanied_minors` and `accessible_dwellings` (open accessible housing
notices). A case of unaccompanied minor uses persons + unaccompanied_minors; any other case persons +
other_places; a case that needs a wheelchair-accessible dwelling also one accessible dwelling: as its completed
settlement interview says, or, without one, when the case has special needs (read conservatively as needing one).

Allowed municipalities (the instance's documented way: a municipality missing from a case's values is not
allowed for it): a case whose completed interview names close family in Norway (spouse or partner, adult child,
parent, sibling) may go only to those municipalities, when at least one of them still has places in this run;
when none has, the case may go anywhere (the family tie must not leave it waiting for a year). Other family and
friends do not restrict; the case's network municipality still adds its bonus to the value.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from nyinorge.competence.selectors.interviews import (
    HousingNeeds, close_family_municipalities_by_case, housing_needs_by_case,
)
from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, Municipality, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.matching import Instance, greedy, solve
from nyinorge.matching.explain import assignment_explanations
from nyinorge.settlement.models import Case, HousingNotice, SettlementYear, SuggestionRun
from nyinorge.settlement.outcome_predictions import TrainedValues, outcome_values_for
from nyinorge.settlement.outcome_values import IndicatorValues
from nyinorge.settlement.selectors.cases import capacity_by_municipality
from nyinorge.settlement.selectors.suggestion_fairness import suggestion_fairness
from nyinorge.settlement.services.cases import case_propose
from nyinorge.settlement.workflow import State

logger = logging.getLogger(__name__)
OutcomeValues = IndicatorValues | TrainedValues
TIME_LIMIT_SECONDS = 60.0

# The steps a run shows, stored as msgids and translated on the page (the worker has no reader's language).
STEP_QUEUED = gettext_noop("Waiting for a worker to start the run")
STEP_READING = gettext_noop("Reading the ready queue and remaining places")
STEP_SOLVING = gettext_noop("Finding the best allocation")
STEP_EXPLAINING = gettext_noop("Comparing with longest-waiting-first and explaining")
STEP_DONE = gettext_noop("Done")
STEP_FAILED = gettext_noop("The run failed; the error is logged.")
STEP_CANCELLED = gettext_noop("Cancelled")
STEP_CANCELLING = gettext_noop("Cancelling: the run stops at its next step")
STEP_WORKER_LOST = gettext_noop("The worker running this stopped (restart or crash); start a new run.")


class RunCancelled(Exception):
    """Raised at a step boundary when a caseworker has asked the run to stop."""


def suggestion_run_start(*, actor: User, year: SettlementYear) -> SuggestionRun:
    """Queue a run over the current ready queue (refused beyond the limit of parallel runs); it runs after commit."""
    from nyinorge.core.tasks import enqueue_on_commit
    from nyinorge.settlement import tasks

    require(user_can(actor, Capability.MANAGE_SETTLEMENT_CASES))
    limit = settings.SETTLEMENT_SUGGESTION_MAX_CONCURRENT_RUNS
    suggestion_runs_sweep()  # a run its worker lost must not hold a place
    with transaction.atomic():
        # Starts are serialised (the year rows on PostgreSQL; SQLite has one writer at a time anyway, and the
        # insert comes before the count), so two at the same moment cannot both pass the limit.
        list(SettlementYear.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
        run = SuggestionRun.objects.create(year=year, created_by=actor, step=STEP_QUEUED)
        if SuggestionRun.objects.filter(status__in=SuggestionRun.ACTIVE).count() > limit:
            raise ValidationError(_(
                "At most %(limit)d suggestion runs may be queued or running at once, and that many are. Wait for "
                "the run in progress to finish, or cancel it, then start again.") % {"limit": limit})
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="settlement.suggestion_run",
                     object_id=run.pk, detail=f"year {year.year}")
        enqueue_on_commit(tasks.suggestion_run, run_id=run.pk)
    return run


def suggestion_run_cancel(*, actor: User, run: SuggestionRun) -> SuggestionRun:
    """Cancel a queued run at once; ask a running one to stop at its next step (the worker marks it cancelled)."""
    require(user_can(actor, Capability.MANAGE_SETTLEMENT_CASES))
    now = timezone.now()
    with transaction.atomic():
        run = SuggestionRun.objects.select_for_update().get(pk=run.pk)
        if run.status == SuggestionRun.Status.QUEUED:
            # The worker only starts a run that is still queued, so this one never starts.
            run.status, run.step, run.finished_at = SuggestionRun.Status.CANCELLED, STEP_CANCELLED, now
        elif run.status == SuggestionRun.Status.RUNNING:
            run.step = STEP_CANCELLING
        else:
            raise ValidationError(_("The run has finished; there is nothing to cancel."))
        run.cancel_requested_at, run.cancelled_by = now, actor
        run.save(update_fields=["status", "step", "finished_at", "cancel_requested_at", "cancelled_by"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="settlement.suggestion_run",
                     object_id=run.pk, detail=f"cancel ({run.status})")
    return run


def suggestion_runs_sweep(*, now: datetime.datetime | None = None) -> int:
    """Mark failed (or cancelled, if asked) each running run whose worker has stopped sending heartbeats."""
    now = now or timezone.now()
    stale = SuggestionRun.objects.filter(
        status=SuggestionRun.Status.RUNNING,
        heartbeat_at__lt=now - datetime.timedelta(seconds=settings.SETTLEMENT_SUGGESTION_STALE_SECONDS))
    cancelled = stale.filter(cancel_requested_at__isnull=False).update(
        status=SuggestionRun.Status.CANCELLED, step=STEP_CANCELLED, finished_at=now)
    failed = stale.update(status=SuggestionRun.Status.FAILED, step=STEP_WORKER_LOST, finished_at=now)
    if cancelled or failed:
        logger.warning("Suggestion runs left running by a stopped worker: %d marked failed, %d cancelled",
                       failed, cancelled)
    return cancelled + failed


def _progress(run: SuggestionRun, percent: int, step: str) -> None:
    """Record the step and a heartbeat; stop here if a cancel was asked for or the sweeper gave the run up."""
    updated = SuggestionRun.objects.filter(pk=run.pk, status=SuggestionRun.Status.RUNNING,
                                           cancel_requested_at__isnull=True).update(
        progress=percent, step=step, heartbeat_at=timezone.now())
    if not updated:
        raise RunCancelled


def instance_build(*, year: SettlementYear, today: datetime.date) -> tuple[Instance | None, dict[str, Case], OutcomeValues]:
    """The engine's instance for the ready queue (pure data; nothing is changed)."""
    capacities = capacity_by_municipality(year=year)
    accessible = dict(
        HousingNotice.objects.filter(state=HousingNotice.State.OPEN, accessible=True, available_until__gte=today)
        .values_list("municipality_id").annotate(n=Count("id")))
    municipalities = [
        {"id": number, "capacity": {
            "persons": capacity.remaining + capacity.remaining_minors,
            "other_places": capacity.remaining,
            "unaccompanied_minors": capacity.remaining_minors,
            "accessible_dwellings": accessible.get(number, 0),
        }}
        for number, capacity in sorted(capacities.items())
        if capacity.remaining + capacity.remaining_minors > 0
    ]
    queue = Case.objects.filter(state=State.READY, settled_by=Case.SettledBy.DIRECTORATE).prefetch_related("members__person")
    cases = {str(case.pk): case for case in queue}
    # The members' shared competence registrations are read here, once for the whole queue; the active trained
    # outcome model, if any, predicts every adult in every open municipality in one batch.
    values = outcome_values_for(year=year, cases=list(cases.values()))
    open_ids = [m["id"] for m in municipalities]
    if isinstance(values, TrainedValues):
        values.prepare(cases.values(), open_ids, today)
    needs = housing_needs_by_case(cases.values())
    family = close_family_municipalities_by_case([case.pk for case in cases.values()])
    data = {
        "municipalities": municipalities,
        "cases": [
            {"id": case_id, "demand": _demand(case, needs[case.pk]), "category": case.category,
             "values": {number: values.value(case, number, today)
                        for number in allowed_municipalities(open_ids, family.get(case.pk, []))}}
            for case_id, case in cases.items()
        ],
    }
    if not data["municipalities"] or not data["cases"]:
        return None, cases, values
    return Instance.from_json(data), cases, values


def allowed_municipalities(open_ids: list[str], close_family: list[str]) -> list[str]:
    """Where a case may be placed: its close family's municipalities among the open ones, or, when none of them is
    open (or it has no close family), every open one."""
    near = [number for number in open_ids if number in set(close_family)]
    return near or open_ids


def _demand(case: Case, needs: HousingNeeds) -> dict[str, int]:
    demand = {"persons": case.persons_count}
    demand["unaccompanied_minors" if case.unaccompanied_minor else "other_places"] = case.persons_count
    if needs.accessible:
        demand["accessible_dwellings"] = 1
    return demand


def suggestion_run_execute(*, run_id: int) -> SuggestionRun:
    """Build the instance, solve it exactly, compare with the greedy baseline, explain each suggestion."""
    now = timezone.now()
    # Only a run still queued starts: a cancelled one is left alone, and a second delivery of the task is a no-op.
    started = SuggestionRun.objects.filter(pk=run_id, status=SuggestionRun.Status.QUEUED).update(
        status=SuggestionRun.Status.RUNNING, started_at=now, heartbeat_at=now, progress=5, step=STEP_READING)
    run = SuggestionRun.objects.select_related("year").get(pk=run_id)
    if not started:
        return run
    today = timezone.localdate()
    try:
        instance, cases, values = instance_build(year=run.year, today=today)
        # Which model gave the values is recorded before solving: the run's page says it whatever happens next.
        run.outcome_model = getattr(values, "version", None)
        SuggestionRun.objects.filter(pk=run.pk).update(outcome_model=run.outcome_model)
        if instance is None:
            result = {"items": [], "unassigned": [], "status": "empty", "cases": len(cases)}
        else:
            _progress(run, 30, STEP_SOLVING)
            solved = solve(instance, time_limit=TIME_LIMIT_SECONDS)
            _progress(run, 80, STEP_EXPLAINING)
            order = [str(c.pk) for c in sorted(cases.values(), key=lambda c: (c.decision_date, c.pk))]
            baseline = greedy(instance, order=order)

            def contributions(case_id: str, municipality: str) -> list[tuple[str, float]]:
                parts = values.contributions(cases[case_id], municipality, today)
                return sorted(((k, v) for k, v in parts.items() if k != "baseline"), key=lambda kv: -abs(kv[1]))

            explanations = assignment_explanations(instance, solved, contributions=contributions)
            result = _result_json(solved, baseline, explanations, cases)
            result["fairness"] = suggestion_fairness(
                instance=instance, cases=cases, values=values, today=today,
                placements={"suggested": solved.assignment, "longest_waiting_first": baseline.assignment})
        # A run cancelled or given up by the sweeper meanwhile keeps that state: its result is not shown.
        if not SuggestionRun.objects.filter(pk=run.pk, status=SuggestionRun.Status.RUNNING,
                                            cancel_requested_at__isnull=True).update(
                status=SuggestionRun.Status.DONE, progress=100, step=STEP_DONE, result=result,
                heartbeat_at=timezone.now(), finished_at=timezone.now()):
            raise RunCancelled
    except RunCancelled:
        SuggestionRun.objects.filter(pk=run.pk, status=SuggestionRun.Status.RUNNING).update(
            status=SuggestionRun.Status.CANCELLED, step=STEP_CANCELLED, finished_at=timezone.now())
    except Exception:  # the page must say the run failed, not spin forever
        logger.exception("suggestion run %s failed", run_id)
        SuggestionRun.objects.filter(pk=run.pk, status=SuggestionRun.Status.RUNNING).update(
            status=SuggestionRun.Status.FAILED, step=STEP_FAILED, finished_at=timezone.now())
    run.refresh_from_db()
    return run


def _result_json(solved, baseline, explanations, cases: dict[str, Case]) -> dict:
    items = []
    for case_id, municipality in solved.assignment.items():
        if municipality is None:
            continue
        explanation = explanations[case_id]
        items.append({
            "case": int(case_id), "municipality": municipality, "persons": cases[case_id].persons_count,
            "value": explanation.value_chosen, "alternative": explanation.best_alternative,
            "value_alternative": explanation.value_alternative, "difference": explanation.difference,
            "contributions": [[name, round(value, 4)] for name, value in explanation.contributions[:3]],
        })
    items.sort(key=lambda item: (cases[str(item["case"])].decision_date, item["case"]))
    return {
        "items": items,
        "unassigned": sorted(int(c) for c, m in solved.assignment.items() if m is None),
        "status": solved.status, "persons_assigned": solved.persons_assigned, "objective": solved.objective,
        "bound": solved.bound, "gap": solved.gap, "solve_seconds": solved.solve_seconds,
        "greedy_objective": baseline.objective, "greedy_persons_assigned": baseline.persons_assigned,
        "cases": len(cases),
    }


def suggestions_propose(*, actor: User, run: SuggestionRun, case_ids: list[int]) -> tuple[list[Case], list[str]]:
    """Propose the chosen suggestions, each in its own transaction; report the ones that could not be."""
    require(user_can(actor, Capability.MANAGE_SETTLEMENT_CASES))
    if run.status != SuggestionRun.Status.DONE:
        raise ValidationError(_("The run is not finished."))
    suggested = {item["case"]: item["municipality"] for item in run.result.get("items", [])}
    proposed, problems = [], []
    for case_id in case_ids:
        if case_id not in suggested:
            problems.append(_("Case %(case)s is not among the suggestions.") % {"case": case_id})
            continue
        case = Case.objects.filter(pk=case_id).first()
        municipality = Municipality.objects.get(number=suggested[case_id])
        try:
            notice = notice_for_case(case, municipality) if case is not None else None
            proposed.append(case_propose(actor=actor, case=case, municipality=municipality, year=run.year,
                                         housing_notice=notice))
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            problems.append(_("Case %(case)s: %(problem)s") % {"case": case_id, "problem": " ".join(messages)})
    return proposed, problems


def notice_for_case(case: Case, municipality: Municipality) -> HousingNotice | None:
    """The housing notice a suggestion reserves: for a case that needs an accessible dwelling, the municipality's
    open accessible notice with enough bedrooms (the smallest that fits, then the earliest ready); other cases
    get none (the municipality finds their dwelling)."""
    needs = housing_needs_by_case([case])[case.pk]
    if not needs.accessible:
        return None
    return (HousingNotice.objects.filter(municipality=municipality, state=HousingNotice.State.OPEN, accessible=True,
                                         available_until__gte=timezone.localdate(), rooms__gte=needs.rooms or 1)
            .order_by("rooms", "ready_date", "id").first())
