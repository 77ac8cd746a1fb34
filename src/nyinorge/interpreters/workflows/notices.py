"""The notice workflow (complaints from public bodies about an interpreter).

registered → under assessment (reviewer); registered or under assessment → dismissed (reviewer, reason);
under assessment → guidance given or suspended from the public list (reviewer, reason); suspended →
suspension lifted (reviewer, reason); registered → withdrawn (the public body that registered it).
Suspension takes the interpreter off the public search; lifting puts them back unless another notice
still holds them suspended.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nyinorge.core.workflow import IllegalTransition, Transition, transitions_table
from nyinorge.interpreters.workflows import COMPLAINANT, REVIEWER


class NoticeState(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    UNDER_ASSESSMENT = "under_assessment", _("Under assessment")
    DISMISSED = "dismissed", _("Dismissed")
    GUIDANCE_GIVEN = "guidance_given", _("Closed with guidance to the interpreter")
    SUSPENDED = "suspended", _("Interpreter suspended from the public list")
    SUSPENSION_LIFTED = "suspension_lifted", _("Suspension lifted")
    WITHDRAWN = "withdrawn", _("Withdrawn by the public body")


N = NoticeState
OPEN_STATES = frozenset({N.REGISTERED, N.UNDER_ASSESSMENT})

TRANSITIONS: dict[str, Transition] = transitions_table(
    Transition("assess", frozenset({N.REGISTERED}), N.UNDER_ASSESSMENT, frozenset({REVIEWER}), False,
               _("Start the assessment")),
    Transition("dismiss", OPEN_STATES, N.DISMISSED, frozenset({REVIEWER}), True, _("Dismiss")),
    Transition("give_guidance", frozenset({N.UNDER_ASSESSMENT}), N.GUIDANCE_GIVEN, frozenset({REVIEWER}), True,
               _("Close with guidance")),
    Transition("suspend", frozenset({N.UNDER_ASSESSMENT}), N.SUSPENDED, frozenset({REVIEWER}), True,
               _("Suspend from the public list")),
    Transition("lift", frozenset({N.SUSPENDED}), N.SUSPENSION_LIFTED, frozenset({REVIEWER}), True,
               _("Lift the suspension")),
    Transition("withdraw", frozenset({N.REGISTERED}), N.WITHDRAWN, frozenset({COMPLAINANT}), True,
               _("Withdraw the notice")),
)


class IllegalNoticeTransition(IllegalTransition):
    """The notice's state does not allow the action now."""
