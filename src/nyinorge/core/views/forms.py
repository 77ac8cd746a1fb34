"""Putting a service's refusal on the form that collected the input."""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def copy_errors(form: forms.Form, error: ValidationError | Mapping[str, list[str]]) -> None:
    """Field errors on their fields, the rest on the form (a ValidationError, or field errors by name)."""
    if isinstance(error, Mapping):
        field_errors = error
    elif hasattr(error, "error_dict"):
        field_errors = error.message_dict
    else:
        form.add_error(None, error.messages)
        return
    for field, messages in field_errors.items():
        form.add_error(field if field in form.fields else None, messages)
