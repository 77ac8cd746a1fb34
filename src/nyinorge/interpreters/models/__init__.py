from nyinorge.interpreters.models.register import (
    CategoryHistory,
    Evidence,
    Interpreter,
    InterpreterLanguage,
    Listing,
    StatusChange,
)

__all__ = ["CategoryHistory", "Evidence", "Interpreter", "InterpreterLanguage", "Listing", "StatusChange"]
