from nyinorge.competence.models.interviews import NetworkTie, SettlementInterview
from nyinorge.competence.models.missions import MissionBatch, MissionRecord, SelectionMission
from nyinorge.competence.models.registrations import (
    CompetenceRegistration,
    LanguageSkill,
    Qualification,
    ResidentAccessCode,
    ResidentLogin,
    WorkExperience,
)

__all__ = [
    "CompetenceRegistration", "LanguageSkill", "MissionBatch", "MissionRecord", "NetworkTie", "Qualification",
    "ResidentAccessCode", "ResidentLogin", "SelectionMission", "SettlementInterview", "WorkExperience",
]
