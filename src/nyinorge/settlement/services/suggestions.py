"""Suggest allocations: the matching engine over the ready queue, against remaining decided places and
open accessible dwellings. Suggestions only — a caseworker turns chosen ones into proposals.

Resources per municipality: `persons` (all remaining places), `other_places` (places not reserved for
unaccompanied minors), `unaccompanied_minors` and `accessible_dwellings` (open accessible housing
notices). A case of unaccompanied minor uses persons + unaccompanied_minors; any other case persons +
other_places; a case with special needs also one accessible dwelling (health, disability and
accessibility needs are read conservatively as needing one).
"""

import datetime
import logging
import threading

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, Municipality, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.matching import Instance, greedy, solve
from nyinorge.matching.explain import assignment_explanations
from nyinorge.settlement.models import Case, HousingNotice, SettlementYear, SuggestionRun
from nyinorge.settlement.outcome_values import IndicatorValues
from nyinorge.settlement.selectors.cases import capacity_by_municipality
from nyinorge.settlement.services.cases import case_propose
from nyinorge.settlement.workflow import State

logger = logging.getLogger(__name__)
TIME_LIMIT_SECONDS = 60.0


def suggestion_run_start(*, actor: User, year: SettlementYear) -> SuggestionRun:
    """Queue a run over the current ready queue; it runs after the commit (inline when configured)."""
    require(user_can(actor, Capability.MANAGE_SETTLEMENT_CASES))
    with transaction.atomic():
        run = SuggestionRun.objects.create(year=year, created_by=actor, step=_("Waiting to start"))
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="settlement.suggestion_run",
                     object_id=run.pk, detail=f"year {year.year}")
        if not getattr(settings, "SETTLEMENT_SUGGESTIONS_INLINE", False):
            transaction.on_commit(lambda: _launch(run.pk))
    if getattr(settings, "SETTLEMENT_SUGGESTIONS_INLINE", False):
        return suggestion_run_execute(run_id=run.pk)
    return run


def _launch(run_id: int) -> None:
    """Run in a thread, so the page answers at once and polls the progress."""

    def work() -> None:
        try:
            suggestion_run_execute(run_id=run_id)
        finally:
            close_old_connections()

    threading.Thread(target=work, name=f"suggestions-{run_id}", daemon=True).start()


def _progress(run: SuggestionRun, percent: int, step: str) -> None:
    SuggestionRun.objects.filter(pk=run.pk).update(progress=percent, step=step)


def instance_build(*, year: SettlementYear, today: datetime.date) -> tuple[Instance | None, dict[str, Case], IndicatorValues]:
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
    values = IndicatorValues.for_year(year)
    queue = Case.objects.filter(state=State.READY, settled_by=Case.SettledBy.DIRECTORATE).prefetch_related("members__person")
    cases = {str(case.pk): case for case in queue}
    open_ids = [m["id"] for m in municipalities]
    data = {
        "municipalities": municipalities,
        "cases": [
            {"id": case_id, "demand": _demand(case), "category": case.category,
             "values": {number: values.value(case, number, today) for number in open_ids}}
            for case_id, case in cases.items()
        ],
    }
    if not data["municipalities"] or not data["cases"]:
        return None, cases, values
    return Instance.from_json(data), cases, values


def _demand(case: Case) -> dict[str, int]:
    demand = {"persons": case.persons_count}
    demand["unaccompanied_minors" if case.unaccompanied_minor else "other_places"] = case.persons_count
    if case.special_needs:
        demand["accessible_dwellings"] = 1
    return demand


def suggestion_run_execute(*, run_id: int) -> SuggestionRun:
    """Build the instance, solve it exactly, compare with the greedy baseline, explain each suggestion."""
    run = SuggestionRun.objects.select_related("year").get(pk=run_id)
    SuggestionRun.objects.filter(pk=run.pk).update(status=SuggestionRun.Status.RUNNING, progress=5,
                                                   step=_("Reading the ready queue and remaining places"))
    today = timezone.localdate()
    try:
        instance, cases, values = instance_build(year=run.year, today=today)
        if instance is None:
            result = {"items": [], "unassigned": [], "status": "empty", "cases": len(cases)}
        else:
            _progress(run, 30, _("Finding the best allocation"))
            solved = solve(instance, time_limit=TIME_LIMIT_SECONDS)
            _progress(run, 80, _("Comparing with longest-waiting-first and explaining"))
            order = [str(c.pk) for c in sorted(cases.values(), key=lambda c: (c.decision_date, c.pk))]
            baseline = greedy(instance, order=order)

            def contributions(case_id: str, municipality: str) -> list[tuple[str, float]]:
                parts = values.contributions(cases[case_id], municipality, today)
                return sorted(((k, v) for k, v in parts.items() if k != "baseline"), key=lambda kv: -abs(kv[1]))

            explanations = assignment_explanations(instance, solved, contributions=contributions)
            result = _result_json(solved, baseline, explanations, cases)
        SuggestionRun.objects.filter(pk=run.pk).update(
            status=SuggestionRun.Status.DONE, progress=100, step=_("Done"), result=result, finished_at=timezone.now())
    except Exception:  # the page must say the run failed, not spin forever
        logger.exception("suggestion run %s failed", run_id)
        SuggestionRun.objects.filter(pk=run.pk).update(
            status=SuggestionRun.Status.FAILED, step=_("The run failed; the error is logged."), finished_at=timezone.now())
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
            notice = _accessible_notice(municipality) if case is not None and case.special_needs else None
            proposed.append(case_propose(actor=actor, case=case, municipality=municipality, year=run.year,
                                         housing_notice=notice))
        except (ValidationError, PermissionDenied) as error:
            messages = error.messages if isinstance(error, ValidationError) else [str(error)]
            problems.append(_("Case %(case)s: %(problem)s") % {"case": case_id, "problem": " ".join(messages)})
    return proposed, problems


def _accessible_notice(municipality: Municipality) -> HousingNotice | None:
    return (HousingNotice.objects.filter(municipality=municipality, state=HousingNotice.State.OPEN, accessible=True,
                                         available_until__gte=timezone.localdate())
            .order_by("ready_date", "id").first())
