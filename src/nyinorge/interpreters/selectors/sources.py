"""Asking the external sources about an interpreter, audited, and comparing their answers with the claims."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from nyinorge.core.models import AuditEntry, User
from nyinorge.core.services.audit import audit_record
from nyinorge.interpreters.categories import EvidenceKind
from nyinorge.interpreters.models import EvidenceClaim, Interpreter
from nyinorge.interpreters.sources import (
    ContactRecord,
    EducationRecord,
    PopulationRecord,
    QualificationResult,
    SourceUnavailable,
    external_sources,
)

FOUND, NOT_FOUND, UNAVAILABLE, NOT_ASKED = "found", "not_found", "unavailable", "not_asked"


@dataclass
class SourceReport:
    """What each source answered (status per source: found, not_found, unavailable, not_asked)."""

    status: dict[str, str] = field(default_factory=dict)
    person: PopulationRecord | None = None
    contact: ContactRecord | None = None
    education: list[EducationRecord] = field(default_factory=list)
    results: list[QualificationResult] = field(default_factory=list)

    def confirmation(self, claim: EvidenceClaim) -> str:
        """What the sources say about one claim, in a sentence for the reviewer ("" when they say nothing)."""
        if claim.kind == EvidenceKind.EDUCATION:
            matches = [e for e in self.education if e.language == claim.language and e.variant in ("", claim.variant)]
            if not matches:
                return ""
            best = max(matches, key=lambda e: e.credits)
            agrees = (claim.credits or 0) <= best.credits
            return (_("Diploma portal: %(programme)s, %(institution)s, %(credits)d credits, %(date)s")
                    % {"programme": best.programme, "institution": best.institution, "credits": best.credits,
                       "date": best.completed_on.isoformat()}
                    + ("" if agrees else " " + _("(fewer credits than claimed)")))
        kind = str(claim.kind)
        matches = [r for r in self.results if str(r.kind) == kind
                   and (kind == EvidenceKind.ETHICS_COURSE or (r.language == claim.language
                                                              and r.variant in ("", claim.variant)))]
        if not matches:
            return ""
        passed = [r for r in matches if r.passed]
        if not passed:
            return _("University: not passed (%(dates)s)") % {
                "dates": ", ".join(r.result_date.isoformat() for r in matches)}
        result = min(passed, key=lambda r: abs((r.result_date - claim.obtained_on).days))
        text = _("University: passed %(date)s") % {"date": result.result_date.isoformat()}
        if result.result_date != claim.obtained_on:
            text += " " + _("(the claimed date is %(date)s)") % {"date": claim.obtained_on.isoformat()}
        return text


def _ask(report: SourceReport, name: str, ask, default):
    try:
        answer = ask()
    except SourceUnavailable:
        report.status[name] = UNAVAILABLE
        return default
    report.status[name] = FOUND if answer else NOT_FOUND
    return answer if answer is not None else default


def sources_report(*, actor: User | None, interpreter: Interpreter, purpose: str) -> SourceReport:
    """Ask the population register, contact register, diploma portal and university about the interpreter
    (one audit entry naming the sources asked and the purpose); sources that fail are reported, not raised."""
    report = SourceReport()
    number = interpreter.person_number
    if not number:
        report.status = {name: NOT_ASKED for name in ("population", "contact", "diplomas", "university")}
        return report
    sources = external_sources()
    report.person = _ask(report, "population", lambda: sources.population.person(number), None)
    report.contact = _ask(report, "contact", lambda: sources.contact.contact(number), None)
    report.education = _ask(report, "diplomas", lambda: sources.diplomas.education(number), [])
    report.results = _ask(report, "university", lambda: sources.university.results(number), [])
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="interpreters.source_lookup",
                 object_id=interpreter.pk, username="system" if actor is None else "",
                 detail=f"{purpose}: " + ", ".join(f"{name} {status}" for name, status in report.status.items()))
    return report


def unclaimed_source_results(*, report: SourceReport, claims: list[EvidenceClaim],
                             today: datetime.date) -> list[tuple[str, EducationRecord | QualificationResult]]:
    """Passed results and educations the sources know of that the application does not claim yet, with a key
    ("e<i>" or "r<i>") the applicant can send back to add one (the server asks the source again)."""
    claimed = {(c.kind, c.language, c.variant) for c in claims}
    found: list[tuple[str, EducationRecord | QualificationResult]] = []
    for index, education in enumerate(report.education):
        if (EvidenceKind.EDUCATION, education.language, education.variant) not in claimed \
                and education.completed_on <= today:
            found.append((f"e{index}", education))
    for index, result in enumerate(report.results):
        if result.passed and (str(result.kind), result.language, result.variant) not in claimed \
                and result.result_date <= today:
            found.append((f"r{index}", result))
    return found
