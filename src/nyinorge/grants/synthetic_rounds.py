"""Writing a synthetic round of a scheme: a call and its applications with everything the services would have left
behind — the workflow's history rows, decisions with reasons and appeal deadlines, the accepted grant letter, the
instalments of the payment plan (prepared by one officer, approved by another, paid) and the reports of the
reporting plan (submitted and approved), and the closed grant. Rows are written in bulk (a generator, not a user),
so a whole year takes seconds; `grants.synthetic_schemes` says what each scheme's round holds.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from nyinorge.core.models import AuditEntry, Organisation, User
from nyinorge.core.services.audit import audit_record
from nyinorge.grants.application_states import A
from nyinorge.grants.models import (
    GrantApplication, GrantApplicationEvent, GrantCall, GrantPayment, GrantReport, GrantScheme,
)
from nyinorge.grants.services.catalogue import catalogue_call_defaults
from nyinorge.grants.services.followup_plan import _add_months, payment_plan_amounts

APPEAL_DAYS = 21  # forvaltningsloven § 29: three weeks


@dataclass
class Planned:
    """One application of a synthetic round: granted when `granted` is set, else rejected (or, for a prize,
    awarded when `awarded`)."""

    applicant: Organisation | None
    title: str
    applied: int
    granted: int | None = None
    answers: dict = field(default_factory=dict)
    participants: dict | None = None  # the participant report's content (Jobbsjansen)
    awarded: bool = False
    reasons: str = ""
    nominator: tuple[str, str] | None = None


@dataclass(frozen=True)
class Officers:
    first: User
    second: User  # approves what the first prepared (four eyes)


@dataclass(frozen=True)
class Timeline:
    opens: datetime.date
    deadline: datetime.date
    review_starts: datetime.date
    decided: datetime.date


def _moment(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _budget(applied: int, rng: random.Random) -> dict:
    own = int(round(applied * rng.uniform(0.05, 0.3), -3))
    staff = int(round((applied + own) * rng.uniform(0.5, 0.7), -3))
    return {"costs": [{"item": "Lønn og sosiale kostnader", "amount": staff},
                      {"item": "Aktiviteter, lokaler og materiell", "amount": applied + own - staff}],
            "income": [{"source": "Egeninnsats", "amount": own}]}


def synthetic_call(*, scheme: GrantScheme, year: int, administered_by: Organisation, frame: int, timeline: Timeline,
                   created_by: User, title: dict | None = None, delegated: bool = False) -> GrantCall:
    """A published call of the year with the catalogue's forms and plans."""
    defaults = catalogue_call_defaults(code=scheme.code, budget_year=year, delegated=delegated)
    return GrantCall.objects.create(
        scheme=scheme, budget_year=year, administered_by=administered_by, frame=frame, published=True,
        title=title or {"nb": f"{scheme.name['nb']} {year}", "en": f"{scheme.name['en']} {year}"},
        opens_at=_moment(timeline.opens, 8), deadline=_moment(timeline.deadline, 23), created_by=created_by,
        **defaults)


def _report_content(kind: str, planned: Planned, budget: dict) -> dict:
    if kind == GrantReport.Kind.PARTICIPANTS:
        return dict(planned.participants or {"participants": 0, "completed": 0, "to_work": 0, "to_education": 0})
    if kind == GrantReport.Kind.ACCOUNTS:
        own = sum(row["amount"] for row in budget["income"])
        return {"spent": planned.granted, "own_contribution": own, "unspent": 0}
    return {"summary": "Prosjektet er gjennomført som planlagt (syntetisk).",
            "results": "Resultatene er rapportert i tråd med tilskuddsbrevet (syntetisk)."}


def synthetic_round(*, call: GrantCall, planned: list[Planned], officers: Officers, timeline: Timeline,
                    rng: random.Random) -> list[GrantApplication]:
    """Write the call's applications and everything that followed them; returns the applications."""
    prize = call.scheme.is_prize
    applications = []
    span = max((timeline.deadline - timeline.opens).days, 1)
    for item in planned:
        submitted = _moment(timeline.opens + datetime.timedelta(days=rng.randrange(span)), rng.randrange(8, 22))
        decided = _moment(timeline.decided + datetime.timedelta(days=rng.randrange(0, 10)))
        application = GrantApplication(
            call=call, applicant=item.applicant, project_title=item.title[:200], amount_applied=item.applied,
            answers=item.answers, budget={} if prize else _budget(item.applied, rng), created_at=submitted,
            submitted_at=submitted, decided_at=decided, decided_by=officers.first,
            nominator_name=item.nominator[0] if item.nominator else "",
            nominator_email=item.nominator[1] if item.nominator else "",
            eligibility=[] if prize else [{"rule": "applicant_kind", "ok": True, "message": ""},
                                          {"rule": "frame", "ok": True, "message": ""}])
        if prize:
            application.state = A.AWARDED if item.awarded else A.NOT_AWARDED
            application.decision_reasons = item.reasons
        elif item.granted:
            application.state = A.COMPLETED
            application.amount_granted = item.granted
            application.decision_reasons = item.reasons or "Søknaden er rangert innenfor rammen etter kriteriene."
            application.appeal_deadline = decided.date() + datetime.timedelta(days=APPEAL_DAYS)
            application.period_start, application.period_end = call.project_start, call.project_end
            application.accepted_at = decided + datetime.timedelta(days=rng.randrange(5, 20))
        else:
            application.state = A.REJECTED
            application.amount_granted = 0
            application.decision_reasons = item.reasons or "Søknaden nådde ikke opp i rangeringen innenfor rammen."
            application.appeal_deadline = decided.date() + datetime.timedelta(days=APPEAL_DAYS)
        applications.append(application)
    applications = GrantApplication.objects.bulk_create(applications)
    _history(applications, planned, officers, timeline)
    _followup(call, applications, planned, officers, rng)
    audit_record(actor=officers.first, action=AuditEntry.Action.CREATE, object_type="grants.grantcall",
                 object_id=call.pk, detail=f"synthetic round {call.budget_year} {call.scheme.code}: "
                                           f"{len(applications)} applications")
    return applications


def _history(applications: list[GrantApplication], planned: list[Planned], officers: Officers,
             timeline: Timeline) -> None:
    events = []
    review = _moment(timeline.review_starts, 9)
    for application, item in zip(applications, planned):
        def event(name, before, after, at, actor=officers.first, **extra):
            events.append(GrantApplicationEvent(application=application, name=name, from_state=before,
                                                to_state=after, at=at, actor=actor, **extra))
        if application.call.scheme.is_prize:
            event("nominated", "", A.SUBMITTED, application.submitted_at, actor=None)
        else:
            event("submit", A.DRAFT, A.SUBMITTED, application.submitted_at, actor=None)
        event("start_review", A.SUBMITTED, A.IN_REVIEW, review)
        if application.state in (A.AWARDED, A.NOT_AWARDED):
            event("award" if item.awarded else "not_award", A.IN_REVIEW, application.state, application.decided_at,
                  reason=item.reasons)
        elif application.state == A.REJECTED:
            event("reject", A.IN_REVIEW, A.REJECTED, application.decided_at, reason=application.decision_reasons,
                  amount_granted=0)
        else:
            event("approve", A.IN_REVIEW, A.APPROVED, application.decided_at, reason=application.decision_reasons,
                  amount_granted=application.amount_granted)
            event("accept", A.APPROVED, A.ACCEPTED, application.accepted_at, actor=None,
                  amount_granted=application.amount_granted)
    GrantApplicationEvent.objects.bulk_create(events)


def _followup(call: GrantCall, applications: list[GrantApplication], planned: list[Planned], officers: Officers,
              rng: random.Random) -> None:
    payments, reports, completions = [], [], []
    plan = call.payment_plan or [{"share": 100, "months_after_acceptance": 0}]
    report_plan = list(call.reporting_plan)
    if call.scheme.reports_participants and not any(step["kind"] == "participants" for step in report_plan):
        report_plan.append({"kind": "participants", "due": f"{call.budget_year + 1}-02-15"})
    for application, item in zip(applications, planned):
        if application.state != A.COMPLETED:
            continue
        accepted = application.accepted_at
        for number, (step, amount) in enumerate(zip(plan, payment_plan_amounts(plan, application.amount_granted)),
                                                start=1):
            due = _add_months(accepted.date(), int(step.get("months_after_acceptance", 0)))
            approved = _moment(due, 10)
            payments.append(GrantPayment(
                application=application, number=number, due_on=due, amount=amount, state=GrantPayment.State.EXPORTED,
                created_by=officers.first, created_at=accepted, approved_by=officers.second, approved_at=approved,
                exported_at=approved + datetime.timedelta(hours=4),
                note="Utbetalt før plattformens utbetalingsfiler (syntetisk)."))
        last = accepted
        for step in report_plan:
            due = datetime.date.fromisoformat(step["due"])
            submitted = _moment(due - datetime.timedelta(days=rng.randrange(0, 10)), 14)
            reviewed = submitted + datetime.timedelta(days=rng.randrange(7, 30))
            last = max(last, reviewed)
            reports.append(GrantReport(
                application=application, kind=step["kind"], due_on=due, state=GrantReport.State.APPROVED,
                content=_report_content(step["kind"], item, application.budget), submitted_at=submitted,
                reviewed_by=officers.second, reviewed_at=reviewed, review_note="Godkjent."))
        completions.append(GrantApplicationEvent(application=application, name="complete", from_state=A.ACCEPTED,
                                                 to_state=A.COMPLETED, actor=officers.first, at=last,
                                                 amount_granted=application.amount_granted))
    GrantPayment.objects.bulk_create(payments)
    GrantReport.objects.bulk_create(reports)
    GrantApplicationEvent.objects.bulk_create(completions)
