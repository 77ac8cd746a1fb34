"""Forms for the people pages: they collect input; the services validate and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nyinorge.core.dates import SaneDateField
from nyinorge.core.codes import country_choices
from nyinorge.core.models import FamilyRelation, Municipality, Organisation, Person


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonForm(forms.Form):
    national_id = forms.CharField(
        label=_("National identity number"),
        required=False,
        max_length=13,
        help_text=_("Fødselsnummer or D number, 11 digits. Leave empty if the person only has a DUF number."),
    )
    duf_number = forms.CharField(
        label=_("DUF number"),
        required=False,
        max_length=14,
        help_text=_("12 digits, for someone without a national identity number."),
    )
    given_name = forms.CharField(label=_("Given name"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    birth_date = SaneDateField(label=_("Date of birth"), widget=DateInput())
    sex = forms.ChoiceField(label=_("Sex"), choices=Person.Sex.choices, initial=Person.Sex.UNKNOWN)
    citizenship = forms.ChoiceField(label=_("Citizenship"), required=False)
    languages = forms.CharField(
        label=_("Languages"),
        required=False,
        help_text=_("ISO 639 codes separated by commas, e.g. ar, ti, prs."),
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=30)
    email = forms.EmailField(label=_("Email"), required=False)
    residence_municipality = forms.ModelChoiceField(
        label=_("Municipality of residence"), queryset=Municipality.objects.all(), required=False
    )
    reception_centre = forms.ModelChoiceField(
        label=_("Reception centre"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.RECEPTION_CENTRE),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["citizenship"].choices = [("", "—"), *country_choices()]

    def clean_languages(self) -> list[str]:
        return [code.strip() for code in self.cleaned_data["languages"].replace(";", ",").split(",") if code.strip()]

    @classmethod
    def initial_from(cls, person: Person) -> dict:
        return {
            "national_id": person.national_id or "",
            "duf_number": person.duf_number or "",
            "given_name": person.given_name,
            "family_name": person.family_name,
            "birth_date": person.birth_date,
            "sex": person.sex,
            "citizenship": person.citizenship,
            "languages": ", ".join(person.languages),
            "phone": person.phone,
            "email": person.email,
            "residence_municipality": person.residence_municipality,
            "reception_centre": person.reception_centre,
        }

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["national_id"] = data["national_id"] or None
        data["duf_number"] = data["duf_number"] or None
        return data


class FamilyRelationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("The person shown is the … of the relative"), choices=FamilyRelation.Kind.choices
    )
    relative_identifier = forms.CharField(
        label=_("Relative's national identity number or DUF number"), max_length=14
    )


class AuditSearchForm(forms.Form):
    person = forms.CharField(label=_("Person (identifier or name)"), required=False)
    user = forms.CharField(label=_("User name"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = SaneDateField(label=_("From date"), required=False, widget=DateInput())
    date_to = SaneDateField(label=_("To date"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        from nyinorge.core.models import AuditEntry

        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *AuditEntry.Action.choices]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned


class MergeChoiceForm(forms.Form):
    """Which two records to compare before a merge, by their identifiers."""

    survivor_identifier = forms.CharField(
        label=_("Record to keep (the survivor)"), max_length=14,
        help_text=_("National identity number or DUF number."))
    merged_identifier = forms.CharField(
        label=_("Record to merge into it"), max_length=14, help_text=_("National identity number or DUF number."))


class MergeReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Why the two records are the same person; kept with the merge."))
