"""Putting a service's ValidationError on the form that collected the input."""

from django import forms
from django.core.exceptions import ValidationError


def copy_errors(form: forms.Form, error: ValidationError) -> None:
    """Field errors on their fields, the rest on the form."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)
