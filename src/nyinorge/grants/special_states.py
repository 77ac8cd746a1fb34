"""The states of an application for the special grant (persons with disabilities or behavioural difficulties).

Kept apart from the workflow (`grants.special_workflow`) so the models can name the states without importing
the guards, which read the models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SpecialGrantState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    GRANTED = "granted", _("Granted")
    PARTLY_GRANTED = "partly_granted", _("Partly granted")
    REFUSED = "refused", _("Refused")
    APPEALED = "appealed", _("Appealed")
    APPEAL_UPHELD = "appeal_upheld", _("Appeal upheld")
    APPEAL_REJECTED = "appeal_rejected", _("Appeal rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


S = SpecialGrantState
OPEN_STATES = frozenset({S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW})
DECIDED_STATES = frozenset({S.GRANTED, S.PARTLY_GRANTED, S.REFUSED})
APPEALABLE_STATES = frozenset({S.PARTLY_GRANTED, S.REFUSED})
# A decision stands while it is appealed (an appeal does not suspend it, fvl. § 42), and after a rejected appeal.
PAYABLE_STATES = frozenset({S.GRANTED, S.PARTLY_GRANTED, S.APPEALED, S.APPEAL_UPHELD, S.APPEAL_REJECTED})
