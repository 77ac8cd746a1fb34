"""The residents' section forms: labels, choices and errors through `resident_i18n` (a visible fallback), rows for
repeated answers (a few blank rows; a blank row is ignored), and the rules of `validation`."""

from decimal import Decimal

from django import forms
from django.utils.translation import get_language, gettext_noop as _

from nyinorge.competence import names, occupations, validation
from nyinorge.competence.codes import (
    DrivingLicence,
    FieldOfStudy,
    IscedLevel,
    LanguageLevel,
    QualificationKind,
    Sector,
)
from nyinorge.competence.models import CompetenceRegistration
from nyinorge.competence.resident_i18n import resident_choices, resident_format, resident_plain, resident_text

Section = CompetenceRegistration.Section
REQUIRED = _("Please answer this.")
NOT_A_NUMBER = _("Write a number.")


def _blank(label=_("Choose")):
    return [("", resident_plain(label))]


class ResidentForm(forms.Form):
    """Labels are msgids; each is shown through the visible fallback, errors too."""

    labels: dict[str, str] = {}

    def __init__(self, *args, registration: CompetenceRegistration, **kwargs):
        self.registration = registration
        self.language = get_language()
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            msgid = self.labels.get(name.split("-")[-1])
            if msgid:
                field.label = resident_text(msgid)
            field.error_messages = {"required": resident_text(REQUIRED), "invalid": resident_text(NOT_A_NUMBER),
                                    "invalid_choice": resident_text(_("Choose one of the answers.")),
                                    "max_value": resident_text(_("The number is too large.")),
                                    "min_value": resident_text(_("The number is too small.")),
                                    "max_length": resident_text(_("The text is too long."))}

    def problem(self, field: str, msgid: str, values: dict) -> None:
        self.add_error(field if field in self.fields else None, resident_format(msgid, **values))

    def _country_field(self, required=False):
        return forms.ChoiceField(choices=_blank() + names.country_choices(self.language), required=required)

    @property
    def born(self):
        return self.registration.person.birth_date


class RowsForm(ResidentForm):
    """A few rows of the same fields, named `<row>-<field>`; `cleaned_data["rows"]` holds the filled ones."""

    row_count = 3
    row_fields: tuple[str, ...] = ()
    key_field = ""

    def row_field(self, name: str) -> forms.Field:
        raise NotImplementedError

    def __init__(self, *args, initial_rows: list[dict] = (), **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(self.row_count):
            for name in self.row_fields:
                field = self.row_field(name)
                field.required = False
                self.fields[f"{row}-{name}"] = field
                if row < len(initial_rows):
                    self.initial[f"{row}-{name}"] = initial_rows[row].get(name)
        for name, field in self.fields.items():
            msgid = self.labels.get(name.split("-")[-1])
            if msgid:
                field.label = resident_text(msgid)
                field.error_messages = {**field.error_messages, "required": resident_text(REQUIRED),
                                        "invalid": resident_text(NOT_A_NUMBER),
                                        "invalid_choice": resident_text(_("Choose one of the answers."))}

    def rows(self):
        """For the template: per row, its bound fields in order."""
        return [[self[f"{row}-{name}"] for name in self.row_fields] for row in range(self.row_count)]

    def prepare_row(self, row: int, values: dict) -> dict:
        return values

    def clean_row(self, row: int, values: dict) -> dict:
        return values

    def clean(self):
        cleaned = super().clean()
        rows = []
        for row in range(self.row_count):
            values = self.prepare_row(row, {name: cleaned.get(f"{row}-{name}") for name in self.row_fields})
            if not values.get(self.key_field):
                continue
            values = self.clean_row(row, values)
            if values is not None:
                rows.append(values)
        cleaned["rows"] = rows
        return cleaned


class LanguagesForm(RowsForm):
    row_count = 4
    row_fields = ("language", "level")
    key_field = "language"
    labels = {"language": _("Language"), "level": _("How well do you know it?")}

    def row_field(self, name):
        if name == "language":
            return forms.ChoiceField(choices=_blank() + names.language_choices(self.language))
        return forms.ChoiceField(choices=_blank() + resident_choices(LanguageLevel.choices))

    def clean_row(self, row, values):
        if not values["level"]:
            self.add_error(f"{row}-level", resident_text(REQUIRED))
            return None
        return values

    def clean(self):
        cleaned = super().clean()
        languages = [row["language"] for row in cleaned.get("rows", [])]
        if len(languages) != len(set(languages)):
            self.add_error(None, resident_text(_("You chose the same language twice.")))
        return cleaned


class SchoolingForm(ResidentForm):
    labels = {"schooling_country": _("Country where you went to school"),
              "schooling_years": _("How many years did you go to school?"),
              "highest_level": _("Highest school or education you finished")}
    schooling_country = forms.ChoiceField(required=False)
    schooling_years = forms.IntegerField(required=False, min_value=0, max_value=60,
                                         widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    highest_level = forms.ChoiceField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schooling_country"].choices = _blank() + names.country_choices(self.language)
        self.fields["highest_level"].choices = _blank() + resident_choices(IscedLevel.choices)

    def clean(self):
        cleaned = super().clean()
        for problem in validation.schooling_problems(cleaned.get("schooling_years"), cleaned.get("highest_level", ""),
                                                     self.born):
            self.problem(*problem)
        return cleaned


class QualificationRowsForm(RowsForm):
    row_count = 2
    key_field = "title"
    labels = {"title": _("Name of the education or certificate"), "field": _("Subject area"),
              "country": _("Country"), "year_completed": _("Year finished"), "kind": _("Type"),
              "completed": _("I finished it"), "has_document": _("I have the diploma or certificate")}
    kinds: list = []

    def row_field(self, name):
        match name:
            case "title":
                return forms.CharField(max_length=200)
            case "field":
                return forms.ChoiceField(choices=_blank() + resident_choices(FieldOfStudy.choices))
            case "country":
                return forms.ChoiceField(choices=_blank() + names.country_choices(self.language))
            case "year_completed":
                return forms.IntegerField(min_value=1900, max_value=2100,
                                          widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
            case "kind":
                return forms.ChoiceField(choices=resident_choices(self.kinds))
            case _:
                return forms.BooleanField()

    def clean_row(self, row, values):
        for field, msgid, extra in validation.year_problems("year_completed", values.get("year_completed"), self.born):
            self.add_error(f"{row}-{field}", resident_format(msgid, **extra))
            return None
        values = {key: ("" if value is None and key in ("field", "country", "kind") else value)
                  for key, value in values.items()}
        values["completed"] = bool(values.get("completed"))
        values["has_document"] = bool(values.get("has_document"))
        return values


class HigherEducationForm(QualificationRowsForm):
    row_fields = ("title", "field", "country", "year_completed", "completed", "has_document")
    kinds = [(QualificationKind.HIGHER_EDUCATION.value, QualificationKind.HIGHER_EDUCATION.label)]

    def clean_row(self, row, values):
        values = super().clean_row(row, values)
        if values is not None:
            values["kind"] = QualificationKind.HIGHER_EDUCATION
        return values

    def clean(self):
        cleaned = super().clean()
        fields = [row["field"] for row in cleaned.get("rows", []) if row.get("field")]
        cleaned["higher_education_field"] = fields[0] if fields else ""
        return cleaned


class QualificationsForm(QualificationRowsForm):
    row_fields = ("kind", "title", "country", "year_completed", "has_document")
    kinds = [(kind.value, kind.label) for kind in QualificationKind if kind != QualificationKind.HIGHER_EDUCATION]


class WorkForm(RowsForm):
    row_fields = ("occupation", "description", "years", "sector", "country")
    key_field = "occupation"
    labels = {"occupation": _("Occupation"), "description": _("What did you do at work?"),
              "years": _("How many years?"), "sector": _("Where did you work?"), "country": _("Country")}

    def row_field(self, name):
        match name:
            case "occupation":
                return forms.CharField(max_length=4, widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "autocomplete": "off", "class": "occupation-code"}))
            case "description":
                return forms.CharField(max_length=300)
            case "years":
                return forms.DecimalField(min_value=Decimal(0), max_value=Decimal(60), decimal_places=1,
                                          widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}))
            case "sector":
                return forms.ChoiceField(choices=_blank() + resident_choices(Sector.choices))
            case _:
                return forms.ChoiceField(choices=_blank() + names.country_choices(self.language))

    def prepare_row(self, row, values):
        # An occupation picked from the search results wins over the code typed in the box.
        picked = (self.data.get(f"{row}-occupation_pick") or "").strip()
        values["occupation"] = picked or (values["occupation"] or "").strip()
        return values

    def clean_row(self, row, values):
        if values.get("years") is None:
            self.add_error(f"{row}-years", resident_text(REQUIRED))
            return None
        problems = validation.work_problems(values["occupation"], values["years"], self.born)
        for field, msgid, extra in problems:
            self.add_error(f"{row}-{field}", resident_format(msgid, **extra))
        if problems:
            return None
        return {key: value or "" if key != "years" else value for key, value in values.items()}


class DrivingForm(ResidentForm):
    labels = {"driving_licence": _("Do you have a driving licence?"),
              "driving_licence_country": _("Country that gave the licence")}
    driving_licence = forms.ChoiceField(widget=forms.RadioSelect)
    driving_licence_country = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["driving_licence"].choices = resident_choices(DrivingLicence.choices)
        self.fields["driving_licence_country"].choices = _blank() + names.country_choices(self.language)


class WishesForm(ResidentForm):
    labels = {"wish_work": _("What work would you like to do?"),
              "wish_education": _("What would you like to learn or study?"),
              "wish_residence": _("Where in Norway would you like to live, and why?")}
    wish_work = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    wish_education = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    wish_residence = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ConsentForm(ResidentForm):
    labels = {"consent_share": _("Yes, the municipality where I will live may see this information.")}
    consent_share = forms.BooleanField(required=False)


FORMS = {
    Section.LANGUAGES: LanguagesForm, Section.SCHOOLING: SchoolingForm, Section.HIGHER_EDUCATION: HigherEducationForm,
    Section.QUALIFICATIONS: QualificationsForm, Section.WORK: WorkForm, Section.DRIVING: DrivingForm,
    Section.WISHES: WishesForm, Section.CONSENT: ConsentForm,
}


def initial_rows(registration: CompetenceRegistration, section: str) -> list[dict]:
    if section == Section.LANGUAGES:
        return list(registration.language_skills.values("language", "level"))
    if section == Section.HIGHER_EDUCATION:
        return list(registration.qualifications.filter(kind=QualificationKind.HIGHER_EDUCATION).values())
    if section == Section.QUALIFICATIONS:
        return list(registration.qualifications.exclude(kind=QualificationKind.HIGHER_EDUCATION).values())
    if section == Section.WORK:
        return list(registration.work_experiences.values())
    return []


def form_for(registration: CompetenceRegistration, section: str, data=None):
    form_class = FORMS[Section(section)]
    kwargs = {"registration": registration}
    if issubclass(form_class, RowsForm):
        kwargs["initial_rows"] = initial_rows(registration, section)
    else:
        kwargs["initial"] = {name: getattr(registration, name) for name in form_class.base_fields}
    return form_class(data, **kwargs)


def occupation_label(code: str):
    return occupations.label(code, get_language())
