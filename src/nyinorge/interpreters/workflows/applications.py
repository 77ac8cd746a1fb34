"""The application workflow: states, transitions, who takes them and whether a reason is needed.

draft → submitted (applicant); submitted → approved / partly approved / rejected (reviewer, once every
piece of evidence has a decision: which of the three follows from those decisions); partly approved or
rejected → draft again to amend and resubmit (applicant); draft or submitted → withdrawn (applicant).
Each piece of evidence is approved or rejected on its own (`EVIDENCE_DECISIONS`; a rejection needs a reason).
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nyinorge.core.workflow import IllegalTransition, Transition, transitions_table
from nyinorge.interpreters.workflows import APPLICANT, REVIEWER


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved")
    PARTLY_APPROVED = "partly_approved", _("Partly approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = ApplicationState
OPEN_STATES = frozenset({S.DRAFT, S.SUBMITTED})
DECIDED_STATES = frozenset({S.APPROVED, S.PARTLY_APPROVED, S.REJECTED})
AMENDABLE_STATES = frozenset({S.PARTLY_APPROVED, S.REJECTED})

TRANSITIONS: dict[str, Transition] = transitions_table(
    Transition("submit", frozenset({S.DRAFT}), S.SUBMITTED, frozenset({APPLICANT}), False,
               _("Submit the application")),
    Transition("approve", frozenset({S.SUBMITTED}), S.APPROVED, frozenset({REVIEWER}), False,
               _("Approve the application")),
    Transition("approve_partly", frozenset({S.SUBMITTED}), S.PARTLY_APPROVED, frozenset({REVIEWER}), False,
               _("Approve the application in part")),
    Transition("reject", frozenset({S.SUBMITTED}), S.REJECTED, frozenset({REVIEWER}), False,
               _("Reject the application")),
    Transition("amend", AMENDABLE_STATES, S.DRAFT, frozenset({APPLICANT}), False,
               _("Amend and resubmit")),
    Transition("withdraw", OPEN_STATES, S.WITHDRAWN, frozenset({APPLICANT}), False,
               _("Withdraw the application")),
)


class IllegalApplicationTransition(IllegalTransition):
    """The application's state does not allow the action now."""


def conclusion_for(*, approved: int, rejected: int, pending: int) -> str | None:
    """Which reviewer transition ends the review, given the evidence decisions (None while any is pending)."""
    if pending or not (approved or rejected):
        return None
    if not rejected:
        return "approve"
    return "approve_partly" if approved else "reject"


class ClaimStatus(models.TextChoices):
    """Mirrors the evidence status of `Evidence` (pending, approved, rejected)."""

    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


@dataclass(frozen=True)
class EvidenceDecision:
    name: str
    status: str
    requires_reason: bool
    label: Promise


EVIDENCE_DECISIONS: dict[str, EvidenceDecision] = {
    d.name: d
    for d in [
        EvidenceDecision("approve", ClaimStatus.APPROVED, False, _("Approve")),
        EvidenceDecision("reject", ClaimStatus.REJECTED, True, _("Reject")),
        EvidenceDecision("reopen", ClaimStatus.PENDING, False, _("Undo the decision")),
    ]
}
