from nyinorge.interpreters.models.register import (
    CategoryHistory,
    Evidence,
    Interpreter,
    InterpreterLanguage,
    Listing,
    StatusChange,
)

__all__ = ["CategoryHistory", "Evidence", "Interpreter", "InterpreterLanguage", "Listing", "StatusChange"]
from nyinorge.interpreters.models.applications import (  # noqa: E402,I001
    Application, ApplicationDocument, ApplicationEvent, ApplicationLanguage, EvidenceClaim,
)
from nyinorge.interpreters.models.notices import Notice, NoticeEvent  # noqa: E402

__all__ += ["Application", "ApplicationDocument", "ApplicationEvent", "ApplicationLanguage", "EvidenceClaim", "Notice", "NoticeEvent"]
