"""The public search form: the one place search input is read and checked, for the page and the API alike."""

from django import forms
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import County, Municipality
from nyinorge.interpreters.categories import category_label, rule_table_current
from nyinorge.interpreters.languages import LANGUAGES, VARIANTS, language_choices, variant_name
from nyinorge.interpreters.selectors.search import MAX_PAGE_SIZE, SearchQuery

YES_NO_ANY = [("", _("Does not matter")), ("yes", _("Yes")), ("no", _("No"))]
NAME_MAX = 100


def _category_choices() -> list[tuple[str, str]]:
    table = rule_table_current()
    return [("", _("All categories"))] + [
        (category.code, f"{category_label(category.code)} – {category.description}") for category in table.categories
    ]


def _variant_choices() -> list[tuple[str, str]]:
    return [("", _("Any variant"))] + [
        (variant, variant_name(language, variant)) for language, variants in VARIANTS.items() for variant in variants
    ]


class InterpreterSearchForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), required=False)
    variant = forms.ChoiceField(label=_("Variant or dialect"), required=False)
    category = forms.ChoiceField(label=_("Category at least"), required=False)
    county = forms.ModelChoiceField(label=_("County"), required=False, empty_label=_("All counties"),
                                    queryset=County.objects.order_by("name"), to_field_name="number")
    municipality = forms.CharField(label=_("Municipality number"), required=False, max_length=4,
                                   help_text=_("Four digits, e.g. 0301 for Oslo."))
    remote_screen = forms.ChoiceField(label=_("Interprets by screen"), required=False, choices=YES_NO_ANY)
    remote_phone = forms.ChoiceField(label=_("Interprets by phone"), required=False, choices=YES_NO_ANY)
    name = forms.CharField(label=_("Name"), required=False, max_length=NAME_MAX)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("All languages"))] + language_choices()
        self.fields["variant"].choices = _variant_choices()
        self.fields["category"].choices = _category_choices()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")

    def clean_municipality(self) -> Municipality | None:
        number = self.cleaned_data["municipality"].strip()
        if not number:
            return None
        municipality = Municipality.objects.filter(number=number).first()
        if municipality is None:
            raise forms.ValidationError(_("There is no municipality with the number “%(number)s”.") % {"number": number})
        return municipality

    def clean(self) -> dict:
        data = super().clean()
        language, variant = data.get("language"), data.get("variant")
        if variant and language and variant not in VARIANTS.get(language, {}):
            self.add_error("variant", _("“%(variant)s” is not a variant of %(language)s.") % {
                "variant": variant, "language": LANGUAGES[language]})
        elif variant and not language:
            self.add_error("variant", _("Choose the language first."))
        return data

    def search_query(self, *, page_size: int = 20, offset: int | None = None) -> SearchQuery:
        """The checked input as a query for the selector (call after is_valid())."""
        data = self.cleaned_data
        table = rule_table_current()
        category = table.by_code(data["category"]) if data.get("category") else None
        page = data.get("page") or 1
        return SearchQuery(
            language=data.get("language") or "",
            variant=data.get("variant") or "",
            min_rank=category.rank if category else 0,
            county=data["county"].number if data.get("county") else "",
            municipality=data["municipality"].number if data.get("municipality") else "",
            remote_screen={"yes": True, "no": False}.get(data.get("remote_screen") or ""),
            remote_phone={"yes": True, "no": False}.get(data.get("remote_phone") or ""),
            name=(data.get("name") or "").strip(),
            offset=offset if offset is not None else (page - 1) * page_size,
            limit=min(page_size, MAX_PAGE_SIZE),
        )
