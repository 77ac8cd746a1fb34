"""The states of an application to an application-based scheme (and of a prize nomination).

Kept apart from the workflow (`grants.application_workflow`) so the models can name the states without importing
the guards, which read the models.

draft → submitted → in_review → approved / partly_approved / rejected / dismissed (each an individual decision,
enkeltvedtak, with reasons and an appeal right). A grant is then accepted by the recipient (the grant letter) and
completed when its final report is approved. A decision can be appealed within three weeks: the body that decided
reconsiders it (fvl. § 33) and either changes it (appeal_upheld) or sends it to the appeal body
(with_appeal_body), which upholds or rejects the appeal. A prize nomination is submitted without a login, reviewed
by the jury and awarded or not.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    PARTLY_APPROVED = "partly_approved", _("Partly approved")
    REJECTED = "rejected", _("Rejected")
    DISMISSED = "dismissed", _("Dismissed")
    ACCEPTED = "accepted", _("Grant accepted")
    COMPLETED = "completed", _("Completed")
    APPEALED = "appealed", _("Appealed")
    APPEAL_UPHELD = "appeal_upheld", _("Appeal upheld")
    WITH_APPEAL_BODY = "with_appeal_body", _("With the appeal body")
    APPEAL_REJECTED = "appeal_rejected", _("Appeal rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not awarded")


A = ApplicationState
OPEN_STATES = frozenset({A.DRAFT, A.SUBMITTED, A.IN_REVIEW})
DECIDED_STATES = frozenset({A.APPROVED, A.PARTLY_APPROVED, A.REJECTED, A.DISMISSED})
# Every individual decision can be appealed (fvl. § 28): a rejection, a dismissal, a partial approval, a full
# approval (its conditions), and a decision the body that decided changed on an earlier appeal (a new decision, with
# a new deadline). The appeal body's own decision is final (§ 28 third paragraph): the workflow's guard says so.
APPEALABLE_STATES = frozenset({A.APPROVED, A.PARTLY_APPROVED, A.REJECTED, A.DISMISSED, A.APPEAL_UPHELD})
# States in which the grant stands and can be accepted, paid and reported on. A rejected appeal leaves the decision
# as it was: a partial grant appealed in vain is still granted and can be accepted.
GRANTED_STATES = frozenset({A.APPROVED, A.PARTLY_APPROVED, A.APPEAL_UPHELD, A.APPEAL_REJECTED, A.ACCEPTED,
                            A.COMPLETED})
ACCEPTABLE_STATES = frozenset({A.APPROVED, A.PARTLY_APPROVED, A.APPEAL_UPHELD, A.APPEAL_REJECTED})
PAYABLE_STATES = frozenset({A.ACCEPTED, A.COMPLETED})
APPEAL_STATES = frozenset({A.APPEALED, A.WITH_APPEAL_BODY})
# What takes from a call's frame: the grants that stand, and a decision under appeal (it stands until the appeal is
# decided, fvl. § 42, and an upheld appeal may give more).
FRAME_STATES = GRANTED_STATES | APPEAL_STATES
