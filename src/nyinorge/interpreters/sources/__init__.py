"""External sources for interpreter applications behind one interface (seed ch. 4: the new register fetches
personal data from the population register, contact data from the contact register, education from the diploma
portal and test, course and authorisation results from the university, OsloMet).

`external_sources()` returns the configured implementation (setting `INTERPRETER_SOURCES`): the fakes in
`fakes.py` for development and tests, "none" where no source is connected (every lookup then reports the
source as unavailable and the applicant types the data in), or the dotted path of a factory returning
`ExternalSources` for a deployment that has real clients.
"""

from nyinorge.interpreters.sources.base import (
    ContactRecord,
    ContactRegister,
    DiplomaPortal,
    EducationRecord,
    ExternalSources,
    PopulationRecord,
    PopulationRegister,
    QualificationKind,
    QualificationResult,
    SourceUnavailable,
    UniversityResults,
    external_sources,
)

__all__ = [
    "ContactRecord", "ContactRegister", "DiplomaPortal", "EducationRecord", "ExternalSources", "PopulationRecord",
    "PopulationRegister", "QualificationKind", "QualificationResult", "SourceUnavailable", "UniversityResults",
    "external_sources",
]
