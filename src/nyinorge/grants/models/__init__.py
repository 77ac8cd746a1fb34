from nyinorge.grants.models.applications import (
    GrantApplication, GrantApplicationDocument, GrantApplicationEvent, ReviewAssignment,
)
from nyinorge.grants.models.followup import (
    ControlFinding, ControlSample, GrantPayment, GrantReport, GrantReportReminder, RepaymentClaim,
)
from nyinorge.grants.models.rates import SCHEME_POSTS, GrantRate, Scheme
from nyinorge.grants.models.runs import GrantLine, GrantRun
from nyinorge.grants.models.schemes import ApplicantKind, GrantCall, GrantScheme, SchemeCriterion, SchemeDelegation, SchemeKind
from nyinorge.grants.models.special import SpecialGrantApplication, SpecialGrantDocument, SpecialGrantEvent

__all__ = ["SCHEME_POSTS", "ApplicantKind", "ControlFinding", "ControlSample", "GrantApplication",
           "GrantApplicationDocument", "GrantApplicationEvent", "GrantCall", "GrantLine", "GrantPayment", "GrantRate",
           "GrantReport", "GrantReportReminder", "GrantRun", "GrantScheme", "RepaymentClaim", "ReviewAssignment",
           "Scheme", "SchemeCriterion", "SchemeDelegation", "SchemeKind", "SpecialGrantApplication",
           "SpecialGrantDocument", "SpecialGrantEvent"]
