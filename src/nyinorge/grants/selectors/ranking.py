"""The scheme's weighted ranking of a call's applications and the proposal that fits the frame.

The weighted score of an application is Σ weight × (mean score / highest score) over the scheme's criteria,
divided by Σ weight and given as 0–100; the means are over the submitted reviews (a criterion nobody has scored
counts as 0, and the row says the scoring is incomplete). Ties go to the earlier submission.

The proposal allocates by rank (`proposal_allocate`): each application gets the least of what it applied for,
the call's ceiling per application and what is left of the frame. When what is left is less than the next
application needs, the call's officers choose the rule (DFØ's guide leaves it to the scheme's award rules):
"partial" gives that application the remainder (and the frame is then spent), "skip" passes over it to the next
application that fits in full.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from nyinorge.grants.application_states import FRAME_STATES, A
from nyinorge.grants.models import GrantApplication, GrantCall, ReviewAssignment

RULE_PARTIAL = "partial"
RULE_SKIP = "skip"
RULES = (RULE_PARTIAL, RULE_SKIP)
RANKED_STATES = frozenset({A.IN_REVIEW})


@dataclass(frozen=True)
class ProposalRow:
    """One application in rank order: its key and the amount it applied for."""

    key: int
    amount_applied: Decimal


@dataclass(frozen=True)
class Allocation:
    key: int
    amount: Decimal
    # "full", "capped" (the call's ceiling), "partial" (the remainder), "skipped" (did not fit), "none" (frame spent)
    outcome: str


def proposal_allocate(rows: Sequence[ProposalRow], frame: Decimal, rule: str, *,
                      max_amount: Decimal | None = None) -> list[Allocation]:
    """Allocate the frame by rank: min(applied, ceiling, remaining); the rule says what happens when the remaining
    frame is less than the next application needs ("partial": give it the remainder; "skip": pass it over)."""
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")
    remaining = Decimal(frame)
    allocations = []
    for row in rows:
        wanted = Decimal(row.amount_applied)
        capped = max_amount is not None and wanted > max_amount
        if capped:
            wanted = Decimal(max_amount)
        if remaining <= 0 or wanted <= 0:
            allocations.append(Allocation(row.key, Decimal(0), "none"))
        elif wanted <= remaining:
            allocations.append(Allocation(row.key, wanted, "capped" if capped else "full"))
            remaining -= wanted
        elif rule == RULE_PARTIAL:
            allocations.append(Allocation(row.key, remaining, "partial"))
            remaining = Decimal(0)
        else:
            allocations.append(Allocation(row.key, Decimal(0), "skipped"))
    return allocations


@dataclass
class CriterionMean:
    key: str
    label: dict
    weight: Decimal
    max_score: int
    mean: Decimal | None


@dataclass
class RankedApplication:
    application: GrantApplication
    means: list[CriterionMean]
    reviews: int
    score: Decimal | None
    complete: bool
    rank: int = 0
    allocation: Allocation | None = None
    extra: dict = field(default_factory=dict)


def _two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def application_scores(application: GrantApplication, criteria: list | None = None,
                       reviews: list[ReviewAssignment] | None = None) -> RankedApplication:
    """Per-criterion means over the submitted reviews and the weighted score (0–100; None before any review)."""
    criteria = list(application.call.scheme.criteria.all()) if criteria is None else criteria
    if reviews is None:
        reviews = list(application.reviews.filter(state=ReviewAssignment.State.SUBMITTED))
    means, weighted, weights, complete = [], Decimal(0), Decimal(0), bool(reviews)
    for criterion in criteria:
        scores = [int(review.scores[criterion.key]["score"]) for review in reviews
                  if isinstance(review.scores.get(criterion.key), dict) and review.scores[criterion.key].get("score")]
        mean = _two(Decimal(sum(scores)) / len(scores)) if scores else None
        complete = complete and bool(scores)
        means.append(CriterionMean(criterion.key, criterion.label, criterion.weight, criterion.max_score, mean))
        weights += criterion.weight
        if scores:
            weighted += criterion.weight * Decimal(sum(scores)) / len(scores) / criterion.max_score
    score = _two(weighted / weights * 100) if reviews and weights else None
    return RankedApplication(application, means, len(reviews), score, complete)


def call_ranking(call: GrantCall) -> list[RankedApplication]:
    """The call's applications in review, best weighted score first (no score last; ties: earlier submission)."""
    criteria = list(call.scheme.criteria.all())
    applications = list(call.applications.filter(state__in=RANKED_STATES).select_related("applicant", "call")
                        .prefetch_related("reviews"))
    ranked = []
    for application in applications:
        submitted = [review for review in application.reviews.all()
                     if review.state == ReviewAssignment.State.SUBMITTED]
        ranked.append(application_scores(application, criteria, submitted))
    ranked.sort(key=lambda row: (row.score is None, -(row.score or 0),
                                 row.application.submitted_at or row.application.created_at, row.application.pk))
    for number, row in enumerate(ranked, start=1):
        row.rank = number
    return ranked


def call_granted_total(call: GrantCall, *, excluding: int | None = None) -> Decimal:
    """What the call's standing decisions grant (an application being decided again left out)."""
    granted = call.applications.filter(state__in=FRAME_STATES, amount_granted__isnull=False)
    if excluding is not None:
        granted = granted.exclude(pk=excluding)
    return sum((application.amount_granted for application in granted), Decimal(0))


@dataclass
class ProposalTotals:
    frame: Decimal
    granted: Decimal
    proposed: Decimal

    @property
    def total(self) -> Decimal:
        return self.granted + self.proposed

    @property
    def remaining(self) -> Decimal:
        return self.frame - self.total

    @property
    def over_frame(self) -> bool:
        return self.total > self.frame


def proposal_totals(call: GrantCall, amounts: dict[int, Decimal | None] | None = None) -> ProposalTotals:
    """The frame, what is granted, and what the proposal (stored, or `amounts` by application id instead) adds."""
    undecided = {application.pk: application.proposed_amount
                 for application in call.applications.filter(state__in=RANKED_STATES)}
    if amounts:
        undecided.update({key: value for key, value in amounts.items() if key in undecided})
    proposed = sum((value for value in undecided.values() if value), Decimal(0))
    return ProposalTotals(call.frame, call_granted_total(call), proposed)
