from nyinorge.register.models.base import RegisterRecord, Source
from nyinorge.register.models.outcomes import (
    REFERENCE_MONTH,
    WORK_OR_EDUCATION,
    ActivityStatus,
    OutcomeDelivery,
    PostProgrammeStatus,
)
from nyinorge.register.models.programme import (
    FORMAL_EDUCATION_KINDS,
    InterruptionReason,
    PlanElement,
    PlanElementKind,
    ProgrammeInterruption,
    ProgrammeOutcome,
    ProgrammeParticipation,
)
from nyinorge.register.models.residence import LawVersion, LegalBasis, PermitType, ResidencePeriod, ResidencePermit
from nyinorge.register.models.training import (
    RECEPTION_HOURS,
    RECEPTION_KINDS,
    Absence,
    AbsenceReason,
    Exemption,
    ExemptionReason,
    ExemptionScope,
    HoursType,
    TestKind,
    TestLevel,
    TestResult,
    TrainingEndReason,
    TrainingHours,
    TrainingKind,
    TrainingPeriod,
)
from nyinorge.register.models.versions import RecordVersion

# The record kinds municipal systems write, by the name the API and the reconciliation use.
RECORD_MODELS: dict[str, type[RegisterRecord]] = {
    model.KIND: model
    for model in [ProgrammeParticipation, TrainingPeriod, TrainingHours, Absence, Exemption, TestResult]
}

__all__ = [
    "FORMAL_EDUCATION_KINDS", "REFERENCE_MONTH", "WORK_OR_EDUCATION", "ActivityStatus", "OutcomeDelivery",
    "PostProgrammeStatus", "RECEPTION_HOURS", "RECEPTION_KINDS", "RECORD_MODELS",
    "Absence", "AbsenceReason", "Exemption", "ExemptionReason", "ExemptionScope", "HoursType", "InterruptionReason",
    "LawVersion", "LegalBasis", "PermitType", "PlanElement", "PlanElementKind", "ProgrammeInterruption",
    "ProgrammeOutcome", "ProgrammeParticipation", "RecordVersion", "RegisterRecord", "ResidencePeriod",
    "ResidencePermit", "Source", "TestKind", "TestLevel", "TestResult", "TrainingEndReason", "TrainingHours",
    "TrainingKind", "TrainingPeriod",
]
