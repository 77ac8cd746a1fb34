"""Forms of the mission pages: a new mission and an upload; the services validate and save."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from nyinorge.core.codes import country_choices
from nyinorge.core.dates import SaneDateField
from nyinorge.core.forms import DateInput


class MissionForm(forms.Form):
    name = forms.CharField(label=_("Name of the mission"), max_length=200)
    code = forms.CharField(
        label=_("Mission code"), max_length=32,
        help_text=_("Capital letters, digits and hyphens, e.g. LB-2025-1. It is printed in every bundle."),
        validators=[RegexValidator(r"^[A-Za-z0-9-]{3,32}$", _("Use 3–32 letters, digits or hyphens."))])
    country = forms.ChoiceField(label=_("Host country"), choices=[])
    starts_on = SaneDateField(label=_("Starts"), widget=DateInput())
    ends_on = SaneDateField(label=_("Ends"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "")] + country_choices()


class UploadForm(forms.Form):
    bundle = forms.FileField(label=_("Bundle file"), help_text=_("The .json file the offline kit exported."))
    passphrase = forms.CharField(label=_("Passphrase"), strip=False, max_length=500,
                                 widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
                                 help_text=_("The passphrase set on the device. It is used once and not stored."))
