from nyinorge.settlement.models.cases import Case, CaseMember, CaseTransition
from nyinorge.settlement.models.housing import HousingNotice
from nyinorge.settlement.models.outcome_models import OutcomeModelVersion
from nyinorge.settlement.models.suggestions import SuggestionRun
from nyinorge.settlement.models.years import (
    MunicipalDecision,
    MunicipalIndicators,
    RequestLine,
    RequestVersion,
    SettlementYear,
)

__all__ = [
    "Case",
    "CaseMember",
    "CaseTransition",
    "HousingNotice",
    "MunicipalDecision",
    "MunicipalIndicators",
    "OutcomeModelVersion",
    "RequestLine",
    "RequestVersion",
    "SettlementYear",
    "SuggestionRun",
]
