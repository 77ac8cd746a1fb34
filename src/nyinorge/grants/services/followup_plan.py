"""What a grant's acceptance sets going: the instalments of the call's payment plan and the reports of its
reporting plan, dated from the acceptance and the letter. Called inside the transaction that accepts the letter."""

import datetime
from decimal import ROUND_DOWN, Decimal

from nyinorge.core.models import User
from nyinorge.grants.models import GrantApplication, GrantPayment, GrantReport


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)


def payment_plan_amounts(plan: list[dict], total: Decimal) -> list[Decimal]:
    """The instalments of a plan's shares (per cent) of the total, whole kroner; the last takes the rounding."""
    if not plan:
        return [total]
    amounts = [(total * Decimal(step["share"]) / 100).quantize(Decimal(1), rounding=ROUND_DOWN) for step in plan[:-1]]
    return [*amounts, total - sum(amounts, Decimal(0))]


def followup_plan_create(*, application: GrantApplication, accepted_on: datetime.date,
                         actor: User | None) -> tuple[list[GrantPayment], list[GrantReport]]:
    """The planned instalments (summing to the granted amount) and the due reports of an accepted grant.

    The instalments are planned, not prepared: `created_by` ("prepared by") stays empty until a grant officer
    prepares one (`grants.services.scheme_payments.grant_payment_prepare`), so that a second officer approves it.
    """
    call = application.call
    plan = call.payment_plan or [{"share": 100, "months_after_acceptance": 0}]
    payments = [
        GrantPayment.objects.create(application=application, number=number, amount=amount,
                                    due_on=_add_months(accepted_on, int(step.get("months_after_acceptance", 0))))
        for number, (step, amount) in enumerate(zip(plan, payment_plan_amounts(plan, application.amount_granted)),
                                                start=1)]
    kinds = [step["kind"] for step in call.reporting_plan]
    reports = [GrantReport.objects.create(application=application, kind=step["kind"],
                                          due_on=datetime.date.fromisoformat(step["due"]))
               for step in call.reporting_plan]
    if call.scheme.reports_participants and GrantReport.Kind.PARTICIPANTS not in kinds:
        due = max((report.due_on for report in reports), default=accepted_on + datetime.timedelta(days=365))
        reports.append(GrantReport.objects.create(application=application, kind=GrantReport.Kind.PARTICIPANTS,
                                                  due_on=due))
    return payments, reports
