"""Forms for the settlement pages: they collect input; the services validate and save."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.core.dates import SaneDateField
from nyinorge.core.forms import DateInput
from nyinorge.core.models import County, Municipality, Organisation
from nyinorge.settlement.models import Case, HousingNotice
from nyinorge.settlement.selectors.cases import Capacity


class DesignsystemetForm(forms.Form):
    """Gives every widget Designsystemet's classes (checkboxes theirs, the rest ds-input)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            widget.attrs.setdefault("class", "ds-input" if not isinstance(widget, forms.CheckboxInput) else "ds-checkbox")


FLAG_CHOICES = [
    ("", _("All")),
    ("family_with_children", _("Families with children")),
    ("unaccompanied_minor", _("Unaccompanied minors")),
    ("special_needs", _("Special needs")),
    ("shielded_identity", _("Shielded identity")),
]


class QueueFilterForm(DesignsystemetForm):
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("All")), *Case.Category.choices])
    flag = forms.ChoiceField(label=_("Group"), required=False, choices=FLAG_CHOICES)
    reception_centre = forms.ModelChoiceField(
        label=_("Reception centre"), required=False, empty_label=_("All"),
        queryset=Organisation.objects.filter(kind=Organisation.Kind.RECEPTION_CENTRE).order_by("name"),
    )
    county = forms.ModelChoiceField(label=_("County of the reception centre"), required=False, empty_label=_("All"),
                                    queryset=County.objects.order_by("name"))
    state = forms.ChoiceField(label=_("State"), required=False, choices=[
        ("", _("Ready or declined")), ("ready", _("Ready for settlement")), ("declined", _("Declined by the municipality")),
        ("registered", _("Registered")),
    ])


class CaseForm(DesignsystemetForm):
    category = forms.ChoiceField(label=_("Category"), choices=Case.Category.choices)
    members = forms.CharField(
        label=_("Persons in the case"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("National identity numbers or DUF numbers of everyone settled together, separated by commas or lines. "
                    "Register the people first."),
    )
    decision_date = SaneDateField(label=_("Date of the residence or entry decision"), widget=DateInput())
    unaccompanied_minor = forms.BooleanField(label=_("Unaccompanied minor (15–17 years)"), required=False)
    special_needs = forms.BooleanField(label=_("Special needs (health, disability, accessibility)"), required=False)
    shielded_identity = forms.BooleanField(label=_("Shielded identity"), required=False)
    reception_centre = forms.ModelChoiceField(
        label=_("Reception centre"), required=False,
        queryset=Organisation.objects.filter(kind=Organisation.Kind.RECEPTION_CENTRE).order_by("name"),
    )
    private_address = forms.CharField(label=_("Private address"), required=False, max_length=300,
                                      help_text=_("If the person does not live in a reception centre."))
    network_municipality = forms.ModelChoiceField(
        label=_("Municipality where close family lives"), required=False, queryset=Municipality.objects.order_by("name"),
    )
    needs_summary = forms.CharField(label=_("Needs"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text=_("Only what the municipality needs to know to prepare housing and services."))

    def clean_members(self) -> list[str]:
        identifiers = [part.strip().replace(" ", "") for part in self.cleaned_data["members"].replace("\n", ",").split(",")]
        return [identifier for identifier in identifiers if identifier]


class ProposeForm(DesignsystemetForm):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.order_by("name"))
    housing_notice = forms.ModelChoiceField(
        label=_("Housing notice"), required=False, queryset=HousingNotice.objects.none(),
        help_text=_("Optional: a free dwelling the municipality has reported. It must belong to the municipality chosen."),
    )

    def __init__(self, *args, capacities: dict[str, Capacity], **kwargs):
        super().__init__(*args, **kwargs)
        municipality_field = self.fields["municipality"]
        # Remaining places in each option's label, so the caseworker sees capacity while choosing.
        municipality_field.label_from_instance = lambda m: _label_with_capacity(m, capacities.get(m.number))
        self.fields["housing_notice"].queryset = HousingNotice.objects.select_related("municipality").filter(
            state=HousingNotice.State.OPEN, available_until__gte=timezone.localdate()).order_by("municipality__name", "ready_date")


def _label_with_capacity(municipality: Municipality, capacity: Capacity | None) -> str:
    if capacity is None:
        return _("%(name)s (%(number)s) – no decision") % {"name": municipality.name, "number": municipality.number}
    return _("%(name)s (%(number)s) – %(left)d places left, %(minors)d for unaccompanied minors") % {
        "name": municipality.name, "number": municipality.number, "left": capacity.remaining, "minors": capacity.remaining_minors}


class ReasonForm(DesignsystemetForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class SettleForm(DesignsystemetForm):
    settlement_date = SaneDateField(label=_("Settlement date"), widget=DateInput())


class HousingNoticeForm(DesignsystemetForm):
    rooms = forms.IntegerField(label=_("Bedrooms"), min_value=1, max_value=20)
    accessible = forms.BooleanField(label=_("Accessible for wheelchair users"), required=False)
    ready_date = SaneDateField(label=_("Ready from"), widget=DateInput())
    available_until = SaneDateField(label=_("Available until"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=500,
                           help_text=_("E.g. floor, lift, distance to school. No personal data."))


class DecisionForm(DesignsystemetForm):
    persons = forms.IntegerField(label=_("Persons to settle this year"), min_value=0, max_value=100_000)
    unaccompanied_minors = forms.IntegerField(label=_("Of which unaccompanied minors"), min_value=0, max_value=100_000,
                                              initial=0)
    decided_on = SaneDateField(label=_("Date of the municipal council's decision"), widget=DateInput())


class SettlementYearForm(DesignsystemetForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    national_target = forms.IntegerField(label=_("National target (persons)"), min_value=0, max_value=1_000_000,
                                         help_text=_("Set by the national committee for settlement."))
    answer_deadline_days = forms.IntegerField(label=_("Answer deadline (days)"), min_value=1, max_value=60, initial=7)


class IndicatorImportForm(DesignsystemetForm):
    file = forms.FileField(label=_("Indicators (CSV)"), help_text=_(
        "One row per municipality: municipality_number, population, employment_share, introduction_results_share, "
        "immigrant_share, ready, settled_last_years."))


class OverrideForm(DesignsystemetForm):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.order_by("name"))
    requested = forms.IntegerField(label=_("Requested persons"), min_value=0, max_value=100_000)
    reason = forms.CharField(label=_("Reason"), max_length=500)


class OutcomeModelTrainForm(DesignsystemetForm):
    """The data window of a new outcome model (`selectors.outcome_training`)."""

    from_year = forms.IntegerField(label=_("Settled from (year)"), min_value=2000, max_value=2100)
    to_year = forms.IntegerField(label=_("Settled to (year)"), min_value=2000, max_value=2100)
    reference_until = SaneDateField(label=_("Outcomes up to (reference month)"), required=False, widget=DateInput(),
                                    help_text=_("Leave empty to use every recorded outcome."))

    def clean(self):
        data = super().clean()
        if data.get("from_year") and data.get("to_year") and data["from_year"] > data["to_year"]:
            raise forms.ValidationError(_("The first year must not be after the last."))
        return data
