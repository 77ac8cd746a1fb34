"""The grant pages' forms: the year and search of the lists, starting a run, discarding one."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nyinorge.settlement.forms import DesignsystemetForm


class GrantFilterForm(DesignsystemetForm):
    year = forms.TypedChoiceField(label=_("Budget year"), coerce=int, required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, years: list[int], search_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]
        if search_label:
            self.fields["q"].label = search_label


class RunStartForm(DesignsystemetForm):
    budget_year = forms.IntegerField(label=_("Budget year"), min_value=2000, max_value=2100)
    instalment = forms.IntegerField(label=_("Instalment"), min_value=1, max_value=12)


class RunDiscardForm(DesignsystemetForm):
    reason = forms.CharField(label=_("Why is the run discarded?"), max_length=300)
