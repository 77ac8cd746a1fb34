"""Forms of the grant officers' and reviewers' pages: they collect input; the services in
`grants.services.processing`, `.reviews` and `.decisions` check it against the rules and store it."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from nyinorge.core.dates import validate_sane_date
from nyinorge.core.models import Organisation
from nyinorge.grants.models import GrantScheme
from nyinorge.grants.models.schemes import ApplicantKind
from nyinorge.grants.translated import translated
from nyinorge.settlement.forms import DesignsystemetForm

JSON_ROWS = {"rows": 8, "class": "ds-input app-code", "spellcheck": "false"}


class JSONField(forms.CharField):
    """A JSON text: the value is the parsed data (the service checks its shape)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs=JSON_ROWS))
        kwargs.setdefault("max_length", 200_000)
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, (dict, list)):
            return json.dumps(value, ensure_ascii=False, indent=2)
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(_("Not valid JSON (line %(line)d, column %(column)d): %(problem)s")
                                        % {"line": error.lineno, "column": error.colno, "problem": error.msg})


def _datetime_widget():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CallForm(DesignsystemetForm):
    title_nb = forms.CharField(label=_("Title (bokmål)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    description_nb = forms.CharField(label=_("Description (bokmål)"), required=False, max_length=5000,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    description_en = forms.CharField(label=_("Description (English)"), required=False, max_length=5000,
                                     widget=forms.Textarea(attrs={"rows": 3}))
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=GrantScheme.objects.none())
    budget_year = forms.IntegerField(label=_("Budget year"), min_value=2000, max_value=2100)
    opens_at = forms.DateTimeField(label=_("Opens"), widget=_datetime_widget(), validators=[validate_sane_date])
    deadline = forms.DateTimeField(label=_("Deadline"), widget=_datetime_widget(), validators=[validate_sane_date])
    frame = forms.DecimalField(label=_("Frame (NOK)"), min_value=0, decimal_places=0, max_digits=14)
    max_amount = forms.DecimalField(label=_("Most one application can be granted (NOK)"), required=False,
                                    min_value=1, decimal_places=0, max_digits=14)
    applicant_kinds = forms.MultipleChoiceField(label=_("Who may apply"), required=False,
                                                choices=ApplicantKind.choices,
                                                widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-checkbox"}))
    application_form = JSONField(label=_("Application form (JSON)"),
                                 help_text=_('{"sections": [{"key", "title": {"nb", "en"}, "fields": [{"key", "type", '
                                             '"label", "required"}]}]}; field types: text, textarea, integer, '
                                             'amount, date, boolean, choice, multichoice, email, orgnr, budget.'))
    review_form = JSONField(label=_("Review form (JSON)"), required=False,
                            help_text=_("The same shape; the questions reviewers answer besides the scores."))
    payment_plan = JSONField(label=_("Payment plan (JSON)"), required=False,
                             help_text=_('[{"share": 70, "months_after_acceptance": 0}, {"share": 30, '
                                         '"months_after_acceptance": 6}]: the shares add up to 100.'))
    reporting_plan = JSONField(label=_("Reporting plan (JSON)"), required=False,
                               help_text=_('[{"kind": "progress", "due": "2025-09-01"}, {"kind": "accounts", '
                                           '"due": "2026-03-01"}]; kinds: progress, accounts, participants, final.'))
    project_start = forms.DateField(label=_("Projects start"), required=False, widget=_date_widget(),
                                    validators=[validate_sane_date])
    project_end = forms.DateField(label=_("Projects end"), required=False, widget=_date_widget(),
                                  validators=[validate_sane_date])
    appeal_body_nb = forms.CharField(label=_("Appeal body (bokmål)"), required=False, max_length=200)
    appeal_body_en = forms.CharField(label=_("Appeal body (English)"), required=False, max_length=200)
    published = forms.BooleanField(label=_("Published (applicants can see and apply while it is open)"),
                                   required=False)

    def __init__(self, *args, schemes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes if schemes is not None else GrantScheme.objects.all()
        self.fields["scheme"].label_from_instance = lambda scheme: translated(scheme.name)

    @staticmethod
    def initial_of(call) -> dict:
        initial = {key: getattr(call, key) for key in (
            "scheme", "budget_year", "opens_at", "deadline", "frame", "max_amount", "applicant_kinds",
            "application_form", "review_form", "payment_plan", "reporting_plan", "project_start", "project_end",
            "published")}
        for key in ("title", "description", "appeal_body"):
            for language in ("nb", "en"):
                initial[f"{key}_{language}"] = (getattr(call, key) or {}).get(language, "")
        return initial

    def values(self) -> dict:
        """The service's keyword arguments."""
        data = dict(self.cleaned_data)
        for key in ("title", "description", "appeal_body"):
            data[key] = {language: data.pop(f"{key}_{language}") for language in ("nb", "en")}
        data["review_form"] = data["review_form"] or {}
        data["payment_plan"] = data["payment_plan"] if data["payment_plan"] is not None else []
        data["reporting_plan"] = data["reporting_plan"] if data["reporting_plan"] is not None else []
        return data


class DelegationForm(DesignsystemetForm):
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=GrantScheme.objects.filter(kind="grant"))
    organisation = forms.ModelChoiceField(label=_("Municipality"), queryset=Organisation.objects.filter(
        kind=Organisation.Kind.MUNICIPALITY).order_by("name"))
    budget_year = forms.IntegerField(label=_("Budget year"), min_value=2000, max_value=2100)
    frame = forms.DecimalField(label=_("Delegated frame (NOK)"), min_value=0, decimal_places=0, max_digits=14)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].label_from_instance = lambda scheme: translated(scheme.name)


class AssignForm(DesignsystemetForm):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=None)

    def __init__(self, *args, reviewers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = (
            lambda user: f"{user.get_full_name() or user.username} ({user.organisation.name})")


DECISION_CHOICES = [("approve", _("Approve (all applied for)")), ("approve_partly", _("Approve in part")),
                    ("reject", _("Reject")), ("dismiss", _("Dismiss (not eligible)"))]


class DecisionForm(DesignsystemetForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISION_CHOICES,
                                 widget=forms.RadioSelect(attrs={"class": "ds-radio"}))
    amount = forms.DecimalField(label=_("Amount granted (NOK)"), required=False, min_value=0, decimal_places=0,
                                max_digits=14, help_text=_("When approving: all applied for, or less in part."))
    conditions = forms.CharField(label=_("Conditions"), required=False, max_length=10000,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("Conditions of the grant beyond those of the call; they go into the "
                                             "grant letter."))
    criteria = forms.MultipleChoiceField(label=_("Criteria the reasons rest on"), required=False,
                                         widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-checkbox"}))
    reasons = forms.CharField(label=_("Reasons"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("The rules applied, the facts relied on and the main considerations "
                                          "(forvaltningsloven §§ 24–25)."))

    def __init__(self, *args, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].choices = [(criterion.key, translated(criterion.label))
                                           for criterion in scheme.criteria.all()] if scheme else []


class AppealDecisionForm(DesignsystemetForm):
    action = forms.ChoiceField(label=_("What happens with the appeal"), choices=(),
                               widget=forms.RadioSelect(attrs={"class": "ds-radio"}))
    amount = forms.DecimalField(label=_("New amount granted (NOK)"), required=False, min_value=0, decimal_places=0,
                                max_digits=14, help_text=_("Only when the appeal is upheld; empty keeps the amount."))
    conditions = forms.CharField(label=_("New conditions"), required=False, max_length=5000,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("Only when the appeal is upheld and changes the conditions; empty keeps "
                                             "them."))
    reasons = forms.CharField(label=_("Reasons"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = list(actions)


class DeclarationForm(DesignsystemetForm):
    declaration = forms.ChoiceField(label=_("Declaration"), choices=[
        ("impartial", _("I am impartial: none of the grounds applies to me")),
        ("conflict", _("I have a conflict of interest"))], widget=forms.RadioSelect(attrs={"class": "ds-radio"}))
    note = forms.CharField(label=_("What the conflict of interest is"), required=False, max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Only when you have a conflict of interest."))


def _answer_field(item: dict) -> forms.Field:
    label, required = translated(item["label"]), False  # the service requires answers on submission only
    help_text = translated(item.get("help")) if item.get("help") else ""
    kind = item["type"]
    choices = [(choice["value"], translated(choice["label"])) for choice in item.get("choices", [])]
    if kind == "textarea":
        return forms.CharField(label=label, required=required, help_text=help_text,
                               widget=forms.Textarea(attrs={"rows": 4}))
    if kind in ("integer", "amount"):
        return forms.CharField(label=label, required=required, help_text=help_text,
                               widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    if kind == "date":
        return forms.CharField(label=label, required=required, help_text=help_text, widget=_date_widget())
    if kind == "boolean":
        return forms.ChoiceField(label=label, required=required, help_text=help_text,
                                 choices=[("", "–"), ("true", _("Yes")), ("false", _("No"))])
    if kind == "choice":
        return forms.ChoiceField(label=label, required=required, help_text=help_text, choices=choices,
                                 widget=forms.RadioSelect(attrs={"class": "ds-radio"}))
    if kind == "multichoice":
        return forms.MultipleChoiceField(label=label, required=required, help_text=help_text, choices=choices,
                                         widget=forms.CheckboxSelectMultiple(attrs={"class": "ds-checkbox"}))
    return forms.CharField(label=label, required=required, help_text=help_text)


class ReviewForm(DesignsystemetForm):
    """Scores 1..max with a comment per criterion, and the call's review form (budget tables are not asked)."""

    def __init__(self, *args, criteria=(), review_form=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            name = translated(criterion.label)
            self.fields[f"score_{criterion.key}"] = forms.TypedChoiceField(
                label=_("%(criterion)s: score (1–%(max)d)") % {"criterion": name, "max": criterion.max_score},
                required=False, coerce=int, empty_value=None,
                choices=[("", "–")] + [(score, score) for score in range(1, criterion.max_score + 1)],
                help_text=translated(criterion.description) if criterion.description else "")
            self.fields[f"comment_{criterion.key}"] = forms.CharField(
                label=_("%(criterion)s: comment") % {"criterion": name}, required=False, max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}))
        self.answer_keys = []
        for section in (review_form or {}).get("sections", []):
            for item in section.get("fields", []):
                if item.get("type") == "budget":
                    continue
                self.fields[f"answer_{item['key']}"] = _answer_field(item)
                self.answer_keys.append(item["key"])
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def scores(self) -> dict:
        return {criterion.key: {"score": self.cleaned_data.get(f"score_{criterion.key}"),
                                "comment": self.cleaned_data.get(f"comment_{criterion.key}", "")}
                for criterion in self.criteria}

    def answers(self) -> dict:
        return {key: self.cleaned_data.get(f"answer_{key}") for key in self.answer_keys
                if self.cleaned_data.get(f"answer_{key}") not in (None, "", [])}

    @staticmethod
    def initial_of(review) -> dict:
        initial = {}
        for key, given in (review.scores or {}).items():
            initial[f"score_{key}"] = given.get("score")
            initial[f"comment_{key}"] = given.get("comment", "")
        for key, value in (review.answers or {}).items():
            initial[f"answer_{key}"] = ("true" if value else "false") if isinstance(value, bool) else value
        return initial


PRIZE_DECISION_CHOICES = [("award", _("Award the prize")), ("not_award", _("Do not award"))]


class PrizeDecisionForm(DesignsystemetForm):
    """The officer's decision on a prize nomination after the jury's scoring; the placings are the call's."""

    decision = forms.ChoiceField(label=_("The jury's decision"), choices=PRIZE_DECISION_CHOICES,
                                 widget=forms.RadioSelect(attrs={"class": "ds-radio"}))
    placing = forms.ChoiceField(label=_("Placing"), required=False, choices=(),
                                help_text=_("Each placing is awarded once per category in the call."))
    reasons = forms.CharField(label=_("The jury's reasons"), required=False, max_length=10000,
                              widget=forms.Textarea(attrs={"rows": 5}),
                              help_text=_("Required for an award."))

    def __init__(self, *args, placings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["placing"].choices = [("", "–")] + [(value, translated(label)) for value, label in placings]
