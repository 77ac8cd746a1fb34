"""The interpreter register's workflows as data: applications (with per-evidence review) and notices."""

from dataclasses import dataclass

from django.utils.functional import Promise

# Who takes a transition: the interpreter who owns the application, a directorate reviewer of the
# interpreter register, or the public body that registered a notice.
APPLICANT = "applicant"
REVIEWER = "reviewer"
COMPLAINANT = "complainant"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    taken_by: frozenset[str]
    requires_reason: bool
    label: Promise
