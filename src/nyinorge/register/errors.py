"""The two ways a register write is refused: bad content, or a person outside the writer's scope."""

from django.core.exceptions import PermissionDenied


class RegisterValidationError(Exception):
    """The record's content is invalid; `field_errors` maps each field to its messages."""

    def __init__(self, field_errors: dict[str, list[str]]):
        self.field_errors = {field: [str(m) for m in messages] for field, messages in field_errors.items()}
        super().__init__("; ".join(f"{field}: {' '.join(messages)}" for field, messages in self.field_errors.items()))


class RegisterScopeError(PermissionDenied):
    """The writer may not write this record (e.g. the person did not live in the municipality on the date)."""

    def __init__(self, reason: str):
        self.reason = str(reason)
        super().__init__(self.reason)
