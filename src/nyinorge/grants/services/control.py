"""Control samples of a call's grants (Bestemmelser om økonomistyring i staten 6.3.8: the grantor controls that the
conditions are met; Riksrevisjonen may control too, bevilgningsreglementet § 10, riksrevisjonsloven § 12 tredje
ledd) and their findings.

A sample is drawn from the call's accepted (or completed) grants, at random or weighted by risk, with a seed that
is stored and shown: the same candidates, size, method and seed give the same sample (`control_select`).

Risk weight of a grant = 1 (so every grant can be drawn) plus, for each risk factor the data shows:
- large grant: + the grant's share of the call's largest grant (0–1): more money, more at stake;
- late report: + 1 when a report was submitted after its due date, or is overdue and not submitted;
- returned report: + 1 when a report is returned for correction;
- first-time recipient: + 1 when the organisation had no earlier grant (no track record);
- unspent funds: + 1 when an accounts report shows unspent funds;
- repayment claim: + 2 when money was claimed back (a claim that was not waived): a known breach.
So a weight lies between 1 and 8; a grant with weight 4 is about four times as likely as one with weight 1 to be
drawn first.
"""

import datetime
import math
import random
import secrets
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.grants.application_states import GRANTED_STATES, PAYABLE_STATES
from nyinorge.grants.application_workflow import is_administrator_of
from nyinorge.grants.models import (
    ControlFinding, ControlSample, GrantApplication, GrantCall, GrantReport, RepaymentClaim,
)

RISK_WEIGHTS = {"large_grant": Decimal(1), "late_report": Decimal(1), "returned_report": Decimal(1),
                "first_time": Decimal(1), "unspent": Decimal(1), "repayment_claim": Decimal(2)}
RISK_LABELS = {
    "large_grant": gettext_lazy("large grant"), "late_report": gettext_lazy("late report"),
    "returned_report": gettext_lazy("report returned"), "first_time": gettext_lazy("first-time recipient"),
    "unspent": gettext_lazy("unspent funds"), "repayment_claim": gettext_lazy("repayment claimed"),
}
MAX_SEED = 10**9


def control_select(candidates: Sequence[tuple[int, float]], size: int, method: str, seed: int) -> list[int]:
    """`size` keys drawn without replacement from (key, weight) candidates, deterministic by seed.

    Random: every candidate alike. Risk-weighted: Efraimidis and Spirakis' method (2006) — each candidate gets the
    key u^(1/w) for u uniform in (0, 1), and the largest keys are drawn; the chance to be drawn next is
    proportional to the weight among those left. Candidates are taken in key order, so their order does not matter.
    """
    rng = random.Random(seed)
    ordered = sorted(candidates)
    keyed = []
    for key, weight in ordered:
        u = rng.random() or 1e-300
        w = 1.0 if method == ControlSample.Method.RANDOM else float(weight)
        if w <= 0:
            continue
        keyed.append((math.log(u) / w, key))
    keyed.sort(reverse=True)
    return [key for _score, key in keyed[:max(size, 0)]]


def control_candidates(call: GrantCall) -> list[GrantApplication]:
    return list(call.applications.filter(state__in=PAYABLE_STATES).select_related("applicant").order_by("id"))


def risk_factors(application: GrantApplication, *, largest: Decimal,
                 today: datetime.date | None = None) -> dict[str, Decimal]:
    """The risk factors the data shows for one grant, with their weights (see the module's note)."""
    today = today or timezone.localdate()
    factors: dict[str, Decimal] = {}
    if largest and application.amount_granted:
        share = (Decimal(application.amount_granted) / Decimal(largest)).quantize(Decimal("0.001"))
        if share:
            factors["large_grant"] = RISK_WEIGHTS["large_grant"] * share
    reports = list(application.reports.all())
    if any((r.submitted_at and timezone.localdate(r.submitted_at) > r.due_on)
           or (r.submitted_at is None and r.due_on < today) for r in reports):
        factors["late_report"] = RISK_WEIGHTS["late_report"]
    if any(r.state == GrantReport.State.RETURNED for r in reports):
        factors["returned_report"] = RISK_WEIGHTS["returned_report"]
    earlier = GrantApplication.objects.filter(applicant_id=application.applicant_id, state__in=GRANTED_STATES,
                                              amount_granted__gt=0, created_at__lt=application.created_at
                                              ).exclude(pk=application.pk)
    if application.applicant_id and not earlier.exists():
        factors["first_time"] = RISK_WEIGHTS["first_time"]
    if any(r.kind == GrantReport.Kind.ACCOUNTS and int(r.content.get("unspent") or 0) > 0 for r in reports):
        factors["unspent"] = RISK_WEIGHTS["unspent"]
    if application.repayment_claims.exclude(state=RepaymentClaim.State.WAIVED).exists():
        factors["repayment_claim"] = RISK_WEIGHTS["repayment_claim"]
    return factors


def _require_administrator(actor: User, call: GrantCall) -> None:
    require(user_can(actor, Capability.ADMINISTER_GRANT_SCHEMES))
    permission = is_administrator_of(actor, call)
    if not permission:
        raise ValidationError(permission.reason if permission is not None else
                              _("Only a grant officer of the administering organisation does this."))


def control_sample_draw(*, actor: User, call: GrantCall, method: str, size: int,
                        seed: int | None = None) -> ControlSample:
    """Draw a sample of the call's accepted grants, store it with its seed and each grant's risk weight."""
    _require_administrator(actor, call)
    errors: dict[str, list[str]] = {}
    if method not in ControlSample.Method.values:
        errors["method"] = [_("Choose random or weighted by risk.")]
    candidates = control_candidates(call)
    if not candidates:
        raise ValidationError(_("The call has no accepted grants to control yet."))
    if size is None or not 1 <= size <= len(candidates):
        errors["size"] = [_("Draw between 1 and %(count)d grants (the call's accepted grants).")
                          % {"count": len(candidates)}]
    if seed is not None and not 0 <= seed < MAX_SEED:
        errors["seed"] = [_("A seed is a whole number from 0 to 999999999.")]
    if errors:
        raise ValidationError(errors)
    seed = secrets.randbelow(MAX_SEED) if seed is None else seed
    largest = max((a.amount_granted or Decimal(0) for a in candidates), default=Decimal(0))
    factors = {a.pk: risk_factors(a, largest=largest) for a in candidates}
    weights = {pk: Decimal(1) + sum(f.values(), Decimal(0)) for pk, f in factors.items()}
    chosen = control_select([(pk, float(weight)) for pk, weight in weights.items()], size, method, seed)
    with transaction.atomic():
        sample = ControlSample.objects.create(call=call, method=method, size=size, seed=seed, drawn_by=actor)
        ControlFinding.objects.bulk_create([
            ControlFinding(sample=sample, application_id=pk, risk=weights[pk],
                           risk_factors=sorted(factors[pk])) for pk in chosen])
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="grants.controlsample",
                     object_id=sample.pk, detail=f"control sample of call {call.pk}: {method}, {size} of "
                                                 f"{len(candidates)}, seed {seed}: {chosen}"[:500])
    return sample


def control_finding_record(*, actor: User, finding: ControlFinding, outcome: str, text: str,
                           claim_amount: Decimal | None = None,
                           claim_due_on: datetime.date | None = None) -> ControlFinding:
    """Record what the control of one grant found; "repayment claimed" creates the claim in the same transaction."""
    from nyinorge.grants.services.scheme_payments import repayment_claim_create

    with transaction.atomic():
        finding = ControlFinding.objects.select_for_update(of=("self",)).select_related(
            "sample__call__administered_by", "sample__call__scheme", "application").get(pk=finding.pk)
        _require_administrator(actor, finding.sample.call)
        text = (text or "").strip()
        if outcome not in ControlFinding.Outcome.values or outcome == ControlFinding.Outcome.PENDING:
            raise ValidationError({"outcome": [_("Choose what the control found.")]})
        if outcome != ControlFinding.Outcome.NO_REMARKS and not text:
            raise ValidationError({"finding": [_("Describe the finding.")]})
        # The claim is made once, when the finding first becomes "repayment claimed"; correcting the text of such a
        # finding later must not claim the money back a second time.
        if outcome == ControlFinding.Outcome.REPAYMENT and finding.outcome != ControlFinding.Outcome.REPAYMENT:
            repayment_claim_create(actor=actor, application=finding.application, amount=claim_amount,
                                   reason=RepaymentClaim.Reason.MISUSED, explanation=text, due_on=claim_due_on)
        finding.outcome, finding.finding = outcome, text
        finding.concluded_by, finding.concluded_at = actor, timezone.now()
        finding.save(update_fields=["outcome", "finding", "concluded_by", "concluded_at"])
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="grants.controlfinding",
                     object_id=finding.pk, detail=f"control of grant {finding.application_id} "
                                                  f"(sample {finding.sample_id}): {outcome}")
    return finding
