"""Forms of the applicant's portal: they collect input; `grants.services.applicants` and
`grants.services.applications` validate and save. (The call's own application form is `grants.forms_answers`.)"""

from django import forms
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Organisation
from nyinorge.settlement.forms import DesignsystemetForm

SIGNUP_KIND_CHOICES = [(kind.value, kind.label) for kind in (Organisation.Kind.VOLUNTARY, Organisation.Kind.EMPLOYER,
                                                             Organisation.Kind.COUNTY, Organisation.Kind.OTHER)]


class ApplicantSignupForm(DesignsystemetForm):
    organisation_number = forms.CharField(
        label=_("Organisation number"), max_length=11, help_text=_("Nine digits, as in the Central Coordinating "
                                                                   "Register for Legal Entities."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    name = forms.CharField(label=_("Name of the organisation"), max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "organization"}))
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=SIGNUP_KIND_CHOICES,
                             help_text=_("Municipalities and counties are registered already: their users get the "
                                         "applicant role from their own user administrator."))
    contact_name = forms.CharField(label=_("Your name"), max_length=150,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Email"), help_text=_("You log in with it."),
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(label=_("Password"), strip=False, help_text=_("At least 12 characters."),
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password_again = forms.CharField(label=_("Password again"), strip=False,
                                     widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The two passwords differ."))
        return data


class DocumentForm(DesignsystemetForm):
    document = forms.FileField(label=_("Document (PDF, JPEG or PNG)"))


class AppealForm(DesignsystemetForm):
    text = forms.CharField(label=_("Your appeal"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("What in the decision should change, and why (forvaltningsloven § 32)."))


class WithdrawForm(DesignsystemetForm):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
