"""Forms of a grant's follow-up: they collect input; the services (`scheme_payments`, `scheme_reports`, `control`)
validate and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nyinorge.core.dates import SaneDateField
from nyinorge.grants.models import ControlFinding, ControlSample, GrantReport, RepaymentClaim
from nyinorge.grants.services.control import MAX_SEED
from nyinorge.settlement.forms import DesignsystemetForm

NUMBER = {"inputmode": "numeric"}


def _number(label, help_text="", required=True):
    # A text input, so "12 000" is read as the service reads it (spaces dropped), with a clear error otherwise.
    return forms.CharField(label=label, help_text=help_text, required=required, max_length=20,
                           widget=forms.TextInput(attrs=NUMBER))


def _text(label, help_text=""):
    return forms.CharField(label=label, help_text=help_text, max_length=10000, required=False,
                           widget=forms.Textarea(attrs={"rows": 5}))


class ProgressReportForm(DesignsystemetForm):
    summary = _text(_("What was done"), _("The activities of the period, briefly."))
    results = _text(_("Results"), _("What the activities achieved, against the scheme's criteria for results."))


class AccountsReportForm(DesignsystemetForm):
    spent = _number(_("Spent of the grant (NOK)"), _("What was spent of the granted amount."))
    own_contribution = _number(_("Own contribution (NOK)"))
    other_income = _number(_("Other income (NOK)"), _("Other grants, sponsors, fees."))
    unspent = _number(_("Unspent of the grant (NOK)"), _("Optional: it is computed as granted − spent; if you give "
                                                         "it, it must add up."), required=False)


class ParticipantsReportForm(DesignsystemetForm):
    participants = _number(_("Participants"))
    completed = _number(_("Ended the programme this year (completed or left)"))
    to_work = _number(_("Went to work"))
    to_education = _number(_("Went to education"))
    to_work_or_education = _number(_("Went to work or education (each person once)"),
                                   _("A person who went to both is counted once here."))


REPORT_FORMS = {GrantReport.Kind.PROGRESS: ProgressReportForm, GrantReport.Kind.FINAL: ProgressReportForm,
                GrantReport.Kind.ACCOUNTS: AccountsReportForm, GrantReport.Kind.PARTICIPANTS: ParticipantsReportForm}


class ReportReviewForm(DesignsystemetForm):
    decision = forms.ChoiceField(label=_("Review"), choices=[
        ("approve", _("Approve the report")), ("return", _("Return it for correction"))])
    note = forms.CharField(label=_("Note to the recipient"), max_length=5000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Required when the report is returned: say what to correct."))


class RepaymentClaimForm(DesignsystemetForm):
    amount = forms.DecimalField(label=_("Amount to be repaid (NOK)"), min_value=1, decimal_places=0, max_digits=14)
    reason = forms.ChoiceField(label=_("Reason"), choices=RepaymentClaim.Reason.choices)
    explanation = forms.CharField(label=_("Explanation"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("The facts and the condition of the grant letter the claim rests on."))
    due_on = SaneDateField(label=_("To be repaid by"), widget=forms.DateInput(attrs={"type": "date"}))
    report = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ControlDrawForm(DesignsystemetForm):
    method = forms.ChoiceField(label=_("Method"), choices=ControlSample.Method.choices,
                               initial=ControlSample.Method.RISK_WEIGHTED)
    size = forms.IntegerField(label=_("Number of grants"), min_value=1, max_value=1000)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, max_value=MAX_SEED - 1, required=False,
                              help_text=_("Leave empty for a new random seed; give an earlier sample's seed to "
                                          "draw the same sample again."))


class ControlFindingForm(DesignsystemetForm):
    """One per finding on the sample's page (prefixed by the finding's id; the id itself is posted as `finding`)."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        (value, label) for value, label in ControlFinding.Outcome.choices if value != ControlFinding.Outcome.PENDING])
    finding = forms.CharField(label=_("Finding"), max_length=10000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    claim_amount = forms.DecimalField(label=_("Amount claimed back (NOK)"), min_value=1, decimal_places=0,
                                      max_digits=14, required=False,
                                      help_text=_("Only when repayment is claimed."))
    claim_due_on = SaneDateField(label=_("To be repaid by"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
