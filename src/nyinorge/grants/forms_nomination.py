"""The public nomination form: the prize call's application form (data, `grants.formdefs`) as Django fields, so the
page renders labels, help and errors like every other form, plus the nominator, consent and the spam checks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nyinorge.grants.formdefs import form_fields
from nyinorge.grants.translated import translated

HONEYPOT = "website"


def _field(item: dict) -> forms.Field:
    label, required = translated(item["label"]), bool(item.get("required"))
    help_text = translated(item.get("help")) if item.get("help") else ""
    options = {"label": label, "required": required, "help_text": help_text}
    kind = item["type"]
    if kind in ("choice", "multichoice"):
        choices = [(choice["value"], translated(choice["label"])) for choice in item["choices"]]
        if kind == "multichoice":
            return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **options)
        return forms.ChoiceField(choices=[("", "—"), *choices], **options)
    if kind == "boolean":
        return forms.BooleanField(**options)
    if kind == "email":
        return forms.EmailField(max_length=254, **options)
    max_length = min(int(item.get("max_length", 3000)), 10_000)
    if kind == "textarea":
        return forms.CharField(max_length=max_length, widget=forms.Textarea(attrs={"rows": 5}), **options)
    if kind == "orgnr":
        return forms.CharField(max_length=20, widget=forms.TextInput(attrs={"inputmode": "numeric"}), **options)
    return forms.CharField(max_length=max_length if kind == "text" else 200, **options)


class NominationForm(forms.Form):
    def __init__(self, *args, definition: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition_keys = []
        for key, item in form_fields(definition).items():
            if item["type"] == "budget":
                continue  # a nomination has no budget
            self.fields[key] = _field(item)
            self.definition_keys.append(key)
        if "nominee_municipality" in self.fields:
            self.fields["nominee_municipality"].widget.attrs["list"] = "municipalities"
        self.fields["nominator_name"] = forms.CharField(label=_("Your name"), max_length=200)
        self.fields["nominator_email"] = forms.EmailField(label=_("Your e-mail address"), max_length=254)
        self.fields["consent"] = forms.BooleanField(label=_(
            "I agree that the directorate stores this nomination, shows it to the jury and may contact me about it."))
        # People never see or fill the honeypot (hidden by CSS and from assistive technology); robots often do.
        self.fields[HONEYPOT] = forms.CharField(required=False, label=_("Leave this field empty"),
                                                widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
        self.fields["token"] = forms.CharField(required=False, widget=forms.HiddenInput)

    def visible_definition_fields(self):
        return [self[key] for key in self.definition_keys]

    def nominator_fields(self):
        return [self["nominator_name"], self["nominator_email"], self["consent"]]

    def raw_answers(self) -> dict:
        """The definition's answers as sent (the service checks them against the definition)."""
        raw = {}
        for key in self.definition_keys:
            if isinstance(self.fields[key], forms.MultipleChoiceField):
                raw[key] = self.data.getlist(key)
            elif isinstance(self.fields[key], forms.BooleanField):
                raw[key] = self.data.get(key) in ("on", "true", "1")
            else:
                raw[key] = self.data.get(key, "")
        return raw
