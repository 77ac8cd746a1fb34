"""Forms for the special grant pages: they collect input; `grants.services.special` validates and saves."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nyinorge.grants.models import SpecialGrantApplication
from nyinorge.grants.models.special import MAX_YEARS
from nyinorge.settlement.forms import DesignsystemetForm


class ApplicationForm(DesignsystemetForm):
    kind = forms.ChoiceField(label=_("Grant"), choices=SpecialGrantApplication.Kind.choices)
    budget_year = forms.IntegerField(label=_("Budget year"), min_value=2000, max_value=2100,
                                     help_text=_("Grant 1: year 1 or 2 after settlement. Grant 2: the first year "
                                                 "applied for."))
    years = forms.IntegerField(label=_("Years applied for"), min_value=1, max_value=MAX_YEARS, initial=1,
                               help_text=_("Grant 2 only (1–5); grant 1 is paid once."))
    amount_applied = forms.DecimalField(label=_("Amount applied for per year (NOK)"), min_value=1, decimal_places=0,
                                        max_digits=12)
    needs = forms.CharField(label=_("Needs"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("The person's disability or behavioural difficulties and the help given."))
    costs = forms.CharField(label=_("Extra costs"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("The municipality's extra costs and how they are documented."))


class NewApplicationForm(ApplicationForm):
    person = forms.CharField(label=_("National identity number, D number or DUF number"), max_length=20)

    field_order = ["person", "kind", "budget_year", "years", "amount_applied", "needs", "costs"]


class DocumentForm(DesignsystemetForm):
    document = forms.FileField(label=_("Documentation (PDF, JPEG or PNG)"))


class DecisionForm(DesignsystemetForm):
    amount_granted = forms.DecimalField(label=_("Amount granted per year (NOK)"), min_value=0, decimal_places=0,
                                        max_digits=12, help_text=_("0 refuses the application."))
    years_granted = forms.IntegerField(label=_("Years granted"), min_value=1, max_value=MAX_YEARS, required=False,
                                       help_text=_("Grant 2 only."))
    reasons = forms.CharField(label=_("Reasons"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("The rules applied, the facts relied on and the main considerations "
                                          "(forvaltningsloven § 25)."))


class AppealForm(DesignsystemetForm):
    text = forms.CharField(label=_("Appeal"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("What in the decision should change, and why."))


class AppealDecisionForm(DesignsystemetForm):
    outcome = forms.ChoiceField(label=_("Outcome"),
                                choices=[("uphold", _("Uphold the appeal")), ("reject", _("Reject the appeal"))])
    amount_granted = forms.DecimalField(label=_("New amount granted per year (NOK)"), min_value=0, decimal_places=0,
                                        max_digits=12, required=False, help_text=_("Only when the appeal is upheld."))
    years_granted = forms.IntegerField(label=_("Years granted"), min_value=1, max_value=MAX_YEARS, required=False)
    reasons = forms.CharField(label=_("Reasons"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))


class ReasonForm(DesignsystemetForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
