"""Screen entry forms: they collect input; the register services validate, check scope and save."""

import datetime

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from nyinorge.core.dates import SaneDateField
from nyinorge.core.forms import DateInput
from nyinorge.core.models import Municipality
from nyinorge.register.models import RECORD_MODELS, PermitType, RegisterRecord


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", **kwargs)


class MonthField(SaneDateField):
    """A month typed as YYYY-MM (the browser's month picker), stored as its first day."""

    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if isinstance(day, datetime.date) else day


def record_form_class(kind: str) -> type[forms.Form]:
    """A form with the record kind's writable fields (labels, choices and help from the model)."""
    model: type[RegisterRecord] = RECORD_MODELS[kind]
    fields = fields_for_model(model, fields=list(model.WRITABLE_FIELDS))
    for name, field in fields.items():
        if isinstance(field, forms.DateField):
            fields[name] = MonthField(label=field.label, required=field.required, help_text=field.help_text) \
                if name == "month" else SaneDateField(label=field.label, required=field.required,
                                                        help_text=field.help_text, widget=DateInput())
    return type(f"{model.__name__}Form", (forms.Form,), fields)


def record_initial(record: RegisterRecord) -> dict:
    return {name: getattr(record, name) for name in record.WRITABLE_FIELDS}


class PermitForm(forms.Form):
    permit_type = forms.ChoiceField(label=_("Permit type"), choices=PermitType.choices)
    permit_date = SaneDateField(label=_("Permit date"), widget=DateInput(),
                                  help_text=_("The date of the decision granting the permit."))
    permanent_basis = forms.BooleanField(label=_("Can form the basis for permanent residence"), required=False,
                                         initial=True)


class MoveForm(forms.Form):
    to_municipality = forms.ModelChoiceField(label=_("Moves to"), queryset=Municipality.objects.all())
    moved_on = SaneDateField(label=_("Moving date"), widget=DateInput(),
                               help_text=_("The new municipality is responsible from this date."))


class OutcomeImportForm(forms.Form):
    file = forms.FileField(label=_("Delivery file (CSV)"), help_text=_(
        "Columns person_id (national identity number, D number or DUF number), reference_month (YYYY-MM) and status "
        "(employed, education, both or neither). Nothing is imported unless every line is right."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "ds-input", "accept": ".csv"})
