"""Forms for interpreter accounts, applications, reviews and notices."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.core.dates import SaneDateField
from nyinorge.interpreters.categories import EvidenceKind
from nyinorge.interpreters.languages import language_choices, variant_choices
from nyinorge.interpreters.models import Notice
from nyinorge.interpreters.uploads import ACCEPTED_EXTENSIONS, document_check, max_document_bytes


class DesignsystemetForm(forms.Form):
    """Gives every widget Designsystemet's classes (checkboxes theirs, the rest ds-input), as settlement's forms do."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            widget.attrs.setdefault("class", "ds-checkbox" if isinstance(widget, forms.CheckboxInput) else "ds-input")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def language_variant_choices() -> list[tuple[str, str]]:
    """Every language, and every known variant after its language, as "code" or "code:variant"."""
    variants: dict[str, list[tuple[str, str]]] = {}
    for language, variant, name in variant_choices():
        variants.setdefault(language, []).append((f"{language}:{variant}", f"{name}"))
    choices = []
    for code, name in language_choices():
        choices.append((code, name))
        choices.extend((value, f"{name} – {label}") for value, label in variants.get(code, []))
    return choices


def split_language(value: str) -> tuple[str, str]:
    language, _sep, variant = value.partition(":")
    return language, variant


def join_language(language: str, variant: str) -> str:
    return f"{language}:{variant}" if variant else language


def _accept_attribute() -> str:
    return ",".join(f".{extension}" for extension in ACCEPTED_EXTENSIONS) + ",application/pdf,image/jpeg,image/png"


class DocumentField(forms.FileField):
    """A file checked as the register checks documents (content, size), so the error shows on the field."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("PDF, JPEG or PNG, at most %(size)d MB.") % {
            "size": max_document_bytes() // (1024 * 1024)})
        super().__init__(widget=forms.ClearableFileInput(attrs={"accept": _accept_attribute()}), **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            document_check(upload)
        return upload


class SignupForm(DesignsystemetForm):
    person_number = forms.CharField(label=_("National identity number (11 digits)"), max_length=14,
                                    widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    email = forms.EmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(label=_("Password"), strip=False, help_text=_("At least 12 characters."),
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password_again = forms.CharField(label=_("Password again"), strip=False,
                                     widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    consent = forms.BooleanField(label=_("I agree that the directorate fetches my name and address from the "
                                         "population register, and my results from the diploma portal and the "
                                         "university, for this application."))

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The two passwords differ."))
        return data


class DetailsForm(DesignsystemetForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages you interpret"), choices=language_variant_choices,
        help_text=_("Choose a variant (dialect) only if you interpret in it specifically. Hold Ctrl (or ⌘) to choose "
                    "several."), widget=forms.SelectMultiple(attrs={"size": 10}))
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    remote_screen = forms.BooleanField(label=_("I interpret by screen (video)"), required=False)
    remote_phone = forms.BooleanField(label=_("I interpret by phone"), required=False)
    publish_email = forms.BooleanField(label=_("Publish my email address in the public register"), required=False)
    publish_phone = forms.BooleanField(label=_("Publish my phone number in the public register"), required=False)
    publish_municipality = forms.BooleanField(label=_("Publish the municipality I live in"), required=False)
    message = forms.CharField(label=_("Message to the reviewer"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    INTERPRETER_FIELDS = ("email", "phone", "remote_screen", "remote_phone", "publish_email", "publish_phone",
                          "publish_municipality")

    def __init__(self, *args, with_application: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_application:  # a listed interpreter changes contact and consent at any time, languages by applying
            del self.fields["languages"]
            del self.fields["message"]

    def interpreter_changes(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.INTERPRETER_FIELDS}

    def language_pairs(self) -> list[tuple[str, str]]:
        return [split_language(value) for value in self.cleaned_data["languages"]]


class ClaimForm(DesignsystemetForm):
    kind = forms.ChoiceField(label=_("Kind of qualification"), choices=EvidenceKind.choices)
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=lambda: [("", _("– not tied to a language (the TAO course) –")),
                                                  *language_variant_choices()])
    obtained_on = SaneDateField(label=_("Date obtained"), widget=DateInput())
    valid_until = SaneDateField(label=_("Valid until"), required=False, widget=DateInput(),
                                  help_text=_("Only if the document has an expiry date."))
    institution = forms.CharField(label=_("Institution"), max_length=200, required=False,
                                  help_text=_("For an education: the university or college."))
    credits = forms.IntegerField(label=_("Credits (studiepoeng)"), required=False, min_value=1, max_value=600,
                                 help_text=_("For an education only."))
    document = DocumentField(label=_("Document (diploma, certificate)"), required=False)

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        language, variant = split_language(data["language"])
        return {"kind": data["kind"], "language": language, "variant": variant, "obtained_on": data["obtained_on"],
                "valid_until": data["valid_until"], "institution": data["institution"], "credits": data["credits"]}

    @staticmethod
    def initial_from(claim) -> dict:
        return {"kind": claim.kind, "language": join_language(claim.language, claim.variant),
                "obtained_on": claim.obtained_on, "valid_until": claim.valid_until, "institution": claim.institution,
                "credits": claim.credits}


class DocumentForm(DesignsystemetForm):
    document = DocumentField(label=_("Document"))
    claim = forms.TypedChoiceField(label=_("Supports"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, claims=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"].choices = [("", _("– the application as a whole –")),
                                        *((claim.pk, str(claim)) for claim in claims)]


class ReasonForm(DesignsystemetForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RequiredReasonForm(DesignsystemetForm):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ConcludeForm(DesignsystemetForm):
    note = forms.CharField(label=_("Note to the interpreter (shown on their page)"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class NoticeForm(DesignsystemetForm):
    topic = forms.ChoiceField(label=_("What is it about?"), choices=Notice.Topic.choices)
    assignment_date = SaneDateField(label=_("Date of the assignment"), widget=DateInput())
    description = forms.CharField(label=_("What happened"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_("Describe the assignment and what went wrong. Do not name the person "
                                              "you interpreted for."))

    def clean_assignment_date(self) -> datetime.date:
        value = self.cleaned_data["assignment_date"]
        if value > timezone.localdate():
            raise ValidationError(_("The assignment date cannot be in the future."))
        return value


class CommentForm(DesignsystemetForm):
    comment = forms.CharField(label=_("Your comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("Tell the directorate your side of what happened."))
