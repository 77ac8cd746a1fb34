"""Many cases through the workflow at once, for loading past years (synthetic years, imported extracts).

The same rules as the single-case services in `cases.py`: the registration checks, the workflow
(`CASE_WORKFLOW`, checked by the engine in `core.workflow`) and who may take each step, reasons where
required, no future dates, settlement not before the decision, residence registered in the register on
settlement, and the quota checked under the municipality's decision-row lock. Set-based: a batch is all
or nothing, the case rows are locked together, the history rows are bulk-inserted with the event's own date
(so a past year reads as it happened), and ONE audit entry per batch names every person concerned through
AuditSubject rather than one entry per case.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, Municipality, Organisation, Person, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.settlement.models import Case, CaseMember, CaseTransition, HousingNotice, SettlementYear
from nyinorge.core.workflow import workflow_require
from nyinorge.register.services.residence import Settlement
from nyinorge.settlement.services.cases import (
    RESET_PROPOSAL, QuotaExceeded, case_registration_check, locked_free_places, settlements_register,
)
from nyinorge.settlement.workflow import CASE_WORKFLOW, OPEN_STATES, State


@dataclass(frozen=True)
class CaseDraft:
    """One case to register in `cases_create_bulk`; the fields of `case_create`."""

    category: str
    members: Sequence[Person]
    decision_date: datetime.date
    unaccompanied_minor: bool = False
    special_needs: bool = False
    shielded_identity: bool = False
    reception_centre: Organisation | None = None
    private_address: str = ""
    network_municipality: Municipality | None = None
    needs_summary: str = ""
    settled_by: str = Case.SettledBy.DIRECTORATE


@dataclass(frozen=True)
class Step:
    """One case's move in `cases_transition_bulk`: when it happened, and where to (proposals) or why (declines, withdrawals).

    For `settle`, `on` is the settlement date.
    """

    case: Case
    on: datetime.date
    municipality: Municipality | None = None
    reason: str = ""


def _numbered(index: int, error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {f"{index}.{field}": messages for field, messages in error.message_dict.items()}
    return {str(index): error.messages}


def cases_create_bulk(*, actor: User, drafts: Sequence[CaseDraft]) -> list[Case]:
    """Register many cases, checked as case_create; errors are keyed "n.field" (n = 1-based draft); one audit entry."""
    require(user_can(actor, Capability.MANAGE_SETTLEMENT_CASES))
    errors: dict[str, list[str]] = {}
    cases = []
    for index, draft in enumerate(drafts, start=1):
        try:
            case_registration_check(members=draft.members, decision_date=draft.decision_date,
                                    unaccompanied_minor=draft.unaccompanied_minor, settled_by=draft.settled_by)
            centre = draft.reception_centre
            if centre is not None and centre.kind != Organisation.Kind.RECEPTION_CENTRE:
                raise ValidationError({"reception_centre": [_("%(name)s is not a reception centre.") % {"name": centre.name}]})
            case = Case(
                category=draft.category, decision_date=draft.decision_date, unaccompanied_minor=draft.unaccompanied_minor,
                special_needs=draft.special_needs, shielded_identity=draft.shielded_identity, reception_centre=centre,
                private_address=draft.private_address, network_municipality=draft.network_municipality,
                needs_summary=draft.needs_summary, persons_count=len(draft.members), settled_by=draft.settled_by,
            )
            # Foreign keys are given as saved objects (checked above); a query per case to re-check them would
            # be the whole cost of a bulk load.
            case.full_clean(exclude=["reception_centre", "network_municipality", "year", "municipality", "housing_notice"],
                            validate_unique=False, validate_constraints=False)
            cases.append(case)
        except ValidationError as error:
            errors.update(_numbered(index, error))
    person_ids = [person.pk for draft in drafts for person in draft.members]
    twice = {pk for pk, n in Counter(person_ids).items() if n > 1}
    busy = dict(CaseMember.objects.filter(person_id__in=person_ids, case__state__in=OPEN_STATES)
                .values_list("person_id", "case_id"))
    for index, draft in enumerate(drafts, start=1):
        for person in draft.members:
            if person.pk in busy:
                errors.setdefault(f"{index}.members", []).append(_("%(name)s is already in open case %(case)s.") % {
                    "name": person.full_name, "case": busy[person.pk]})
            elif person.pk in twice:
                errors.setdefault(f"{index}.members", []).append(_("%(name)s is in more than one of the new cases.") % {
                    "name": person.full_name})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = Case.objects.bulk_create(cases)
        CaseMember.objects.bulk_create([CaseMember(case=case, person=person)
                                        for case, draft in zip(created, drafts) for person in draft.members])
        if created:
            audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="settlement.case",
                         persons=[person for draft in drafts for person in draft.members],
                         detail=f"bulk registration of {len(created)} cases, {len(person_ids)} persons")
    return created


def _moment(on: datetime.date, now: datetime.datetime) -> datetime.datetime:
    """The history time of an event known only by its date: midday, or now for today's events before noon."""
    midday = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12)))
    return min(midday, now)


def cases_transition_bulk(*, actor: User, name: str, steps: Sequence[Step], year: SettlementYear | None = None) -> list[Case]:
    """Take one workflow transition on many cases (year: the settlement year of proposals); all or nothing."""
    transition = CASE_WORKFLOW.transition(name)
    if not steps:
        return []
    ids = [step.case.pk for step in steps]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("A case can take only one step in a batch."))
    if name == "propose" and year is None:
        raise ValidationError({"year": [_("A proposal needs a settlement year.")]})
    today, now = timezone.localdate(), timezone.now()
    with transaction.atomic():
        # Locked in id order, so two batches over the same cases cannot deadlock.
        locked = {case.pk: case for case in Case.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
        if len(locked) != len(ids):
            raise ValidationError(_("Some of the cases no longer exist."))
        last = dict(CaseTransition.objects.filter(case_id__in=ids).values("case_id").annotate(last=Max("at"))
                    .values_list("case_id", "last"))
        errors: dict[str, list[str]] = {}
        history = []
        for step in steps:
            case = locked[step.case.pk]
            workflow_require(workflow=CASE_WORKFLOW, record=case, name=name, user=actor, reason=step.reason)
            problems = _step_problems(step=step, case=case, today=today, last=last.get(case.pk),
                                      requires_reason=transition.requires_reason, name=name)
            if problems:
                errors[str(case.pk)] = problems
                continue
            history.append(CaseTransition(case=case, name=name, from_state=case.state, to_state=transition.target,
                                          actor=actor, reason=step.reason.strip(), at=_moment(step.on, now)))
        if errors:
            raise ValidationError(errors)
        cases = [locked[pk] for pk in ids]
        if name == "accept":
            _quota_check(cases)
        _apply(actor=actor, name=name, steps=steps, cases=cases, year=year, target=transition.target)
        for row, case in zip(history, cases):
            row.municipality_id = case.municipality_id
        CaseTransition.objects.bulk_create(history)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="settlement.case",
                     person_ids=CaseMember.objects.filter(case_id__in=ids).values_list("person_id", flat=True),
                     detail=f"bulk {name} of {len(cases)} cases → {transition.target}")
    return cases


def _step_problems(*, step: Step, case: Case, today: datetime.date, last: datetime.datetime | None,
                   requires_reason: bool, name: str) -> list[str]:
    problems = []
    if requires_reason and not step.reason.strip():
        problems.append(_("Give a reason."))
    if step.on > today:
        problems.append(_("The settlement date cannot be in the future.") if name == "settle"
                        else _("The date cannot be in the future."))
    if step.on < case.decision_date:
        problems.append(_("The settlement date is before the decision date.") if name == "settle"
                        else _("The date is before the decision date."))
    if last is not None and step.on < timezone.localtime(last).date():
        problems.append(_("The date is before the case's last step (%(date)s).") % {"date": timezone.localtime(last).date()})
    if name == "propose" and step.municipality is None:
        problems.append(_("A proposal needs a municipality."))
    return problems


def _quota_check(cases: list[Case]) -> None:
    """Decided places per year and kind (minors have their own), for the whole batch under the decision-row lock."""
    wanted: dict[tuple[int, bool], int] = defaultdict(int)
    for case in cases:
        wanted[case.year_id, case.unaccompanied_minor] += case.persons_count
    municipality = cases[0].municipality
    years = {year.pk: year for year in SettlementYear.objects.filter(pk__in={year for year, _minor in wanted})}
    for (year_id, minors), persons in sorted(wanted.items()):
        free = locked_free_places(year=years[year_id], municipality=municipality, unaccompanied_minor=minors)
        if persons > free:
            raise QuotaExceeded(_("Accepting %(n)d persons would exceed the decided places: %(free)d left.") % {
                "n": persons, "free": max(free, 0)})


def _apply(*, actor: User, name: str, steps: Sequence[Step], cases: list[Case], year: SettlementYear | None,
           target: State) -> None:
    """Write the new state and the step's fields, set-based; the same changes as the single-case services."""
    ids = [case.pk for case in cases]
    notices = [case.housing_notice_id for case in cases if case.housing_notice_id]
    uniform: dict[str, object] = {"state": target}
    per_case: list[str] = []
    if name == "make_ready":
        uniform |= RESET_PROPOSAL
    elif name == "propose":
        uniform |= {"year": year, "housing_notice": None, "reminder_sent_at": None}
        per_case = ["municipality", "answer_deadline"]
        for step, case in zip(steps, cases):
            case.municipality = step.municipality
            case.answer_deadline = step.on + datetime.timedelta(days=year.answer_deadline_days)
    elif name == "settle":
        per_case = ["settlement_date"]
        for step, case in zip(steps, cases):
            case.settlement_date = step.on
    for case in cases:
        for field, value in uniform.items():
            setattr(case, field, value)
    Case.objects.filter(pk__in=ids).update(**uniform)
    if per_case:
        Case.objects.bulk_update(cases, per_case, batch_size=500)
    if name == "accept" and notices:
        HousingNotice.objects.filter(pk__in=notices, state=HousingNotice.State.RESERVED).update(
            state=HousingNotice.State.CONSUMED)
    if name in ("decline", "withdraw") and notices:
        HousingNotice.objects.filter(
            pk__in=notices, state__in=[HousingNotice.State.RESERVED, HousingNotice.State.CONSUMED]
        ).update(state=HousingNotice.State.OPEN)
    if name == "settle":
        _residence_register(actor=actor, steps=steps, cases=cases)


def _residence_register(*, actor: User, steps: Sequence[Step], cases: list[Case]) -> None:
    """Settled people live in their municipality from the settlement date, registered as case_settle does."""
    members: dict[int, list[int]] = defaultdict(list)
    for case_id, person_id in CaseMember.objects.filter(case__in=cases).order_by("person_id").values_list(
            "case_id", "person_id"):
        members[case_id].append(person_id)
    settlements_register(actor=actor, settlements=[
        Settlement(person_id=person_id, municipality=case.municipality, settled_on=step.on)
        for step, case in zip(steps, cases) for person_id in members[case.pk]])
    Person.objects.filter(pk__in=[pk for ids in members.values() for pk in ids]).update(reception_centre=None)
