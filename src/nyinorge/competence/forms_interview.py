"""Forms of the settlement interview: the interview itself and its network ties (a formset, rows added without JS)."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nyinorge.competence.models import NetworkTie, SettlementInterview
from nyinorge.core.dates import SaneDateField
from nyinorge.core.forms import DateInput
from nyinorge.core.models import Municipality
from nyinorge.interpreters.languages import language_choices
from nyinorge.settlement.forms import DesignsystemetForm


class InterviewForm(DesignsystemetForm):
    held_on = SaneDateField(label=_("Date of the interview"), required=False, widget=DateInput())
    family_situation = forms.CharField(
        label=_("Family situation"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who belongs to the case, and family members elsewhere."))
    must_live_together = forms.BooleanField(label=_("The whole case must live together"), required=False)
    health_needs = forms.CharField(
        label=_("Health needs that matter for housing"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shared with the municipality before it answers: describe the need, never a name or a diagnosis "
                    "that is not needed for the housing."))
    accessible_dwelling = forms.BooleanField(label=_("Needs a wheelchair-accessible dwelling"), required=False)
    rooms_needed = forms.IntegerField(label=_("Bedrooms needed"), required=False, min_value=1, max_value=20)
    wishes = forms.CharField(label=_("Wishes for the settlement"), required=False, max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    competence_reviewed = forms.BooleanField(label=_("The competence registration was reviewed with the resident"),
                                             required=False)
    interpreter_language = forms.ChoiceField(label=_("Interpreted language"), required=False)
    interpreter_name = forms.CharField(label=_("Interpreter's name (search)"), required=False, max_length=100)
    interpreter = forms.IntegerField(required=False, widget=forms.HiddenInput())
    version = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreter_language"].choices = [("", _("No interpreter")), *language_choices()]
        # With htmx the register's interpreters follow the language and name as they are typed; without, the
        # "Find interpreters" button does the same with a full page.
        search = {"hx-get": reverse("competence:interview_interpreters"), "hx-target": "#interview-interpreters",
                  "hx-swap": "outerHTML", "hx-include": "[name=interpreter_language],[name=interpreter_name],"
                                                        "[name=interpreter]:checked"}
        self.fields["interpreter_language"].widget.attrs.update(search, **{"hx-trigger": "change"})
        self.fields["interpreter_name"].widget.attrs.update(search, **{"hx-trigger": "keyup changed delay:400ms"})

    @classmethod
    def initial_from(cls, interview: SettlementInterview | None) -> dict:
        if interview is None:
            return {"must_live_together": True}
        return {
            "held_on": interview.held_on, "family_situation": interview.family_situation,
            "must_live_together": interview.must_live_together, "health_needs": interview.health_needs,
            "accessible_dwelling": interview.accessible_dwelling, "rooms_needed": interview.rooms_needed,
            "wishes": interview.wishes, "competence_reviewed": interview.competence_reviewed,
            "interpreter_language": interview.interpreter_language, "interpreter": interview.interpreter_id,
            "version": interview.version,
        }


class TieForm(DesignsystemetForm):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.order_by("name"),
                                          required=False)
    relation = forms.ChoiceField(label=_("Relation"), choices=[("", "–"), *NetworkTie.Relation.choices],
                                 required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        if bool(data.get("municipality")) != bool(data.get("relation")):
            raise forms.ValidationError(_("Give both the municipality and the relation, or leave the row empty."))
        return data


TieFormSet = forms.formset_factory(TieForm, extra=0, max_num=20, absolute_max=20, validate_max=True)
