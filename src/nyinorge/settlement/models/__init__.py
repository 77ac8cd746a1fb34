from nyinorge.settlement.models.cases import Case, CaseMember, CaseTransition
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
    "MunicipalDecision",
    "MunicipalIndicators",
    "RequestLine",
    "RequestVersion",
    "SettlementYear",
]
