"""Kompass: a resident's own registration of their competence, and how a resident without an ID logs in."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nyinorge.competence.codes import (
    MAX_SCHOOLING_YEARS,
    DrivingLicence,
    FieldOfStudy,
    IscedLevel,
    LanguageLevel,
    QualificationKind,
    Sector,
)
from nyinorge.core.models import Organisation, Person


class CompetenceRegistration(models.Model):
    """One per person: filled by the resident (or staff with them), section by section, saved as they go."""

    class Source(models.TextChoices):
        SELF = "self", _("The resident, on their own")
        STAFF = "staff", _("Reception staff with the resident")
        MISSION = "mission", _("Selection mission (offline)")

    class Section(models.TextChoices):
        LANGUAGES = "languages", _("Languages")
        SCHOOLING = "schooling", _("Schooling")
        HIGHER_EDUCATION = "higher_education", _("Higher education")
        QUALIFICATIONS = "qualifications", _("Vocational training and certificates")
        WORK = "work", _("Work experience")
        DRIVING = "driving", _("Driving licence")
        WISHES = "wishes", _("Interests and wishes")
        CONSENT = "consent", _("Consent")

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="competence",
                                  verbose_name=_("person"))
    source = models.CharField(_("registered by"), max_length=10, choices=Source.choices, default=Source.SELF)
    # The language the resident filled it in: the summary is printed in it beside bokmål.
    language = models.CharField(_("language of the registration"), max_length=10, default="nb")
    sections_done = models.JSONField(_("sections done"), default=list, blank=True)

    schooling_country = models.CharField(_("country of schooling"), max_length=2, blank=True)
    schooling_years = models.PositiveSmallIntegerField(
        _("years of schooling"), null=True, blank=True, validators=[MaxValueValidator(MAX_SCHOOLING_YEARS)])
    highest_level = models.CharField(_("highest completed education"), max_length=4, choices=IscedLevel.choices,
                                     blank=True)
    higher_education_field = models.CharField(_("field of higher education"), max_length=2,
                                              choices=FieldOfStudy.choices, blank=True)
    driving_licence = models.CharField(_("driving licence"), max_length=4, choices=DrivingLicence.choices, blank=True)
    driving_licence_country = models.CharField(_("licence issued in"), max_length=2, blank=True)
    wish_work = models.TextField(_("work I would like"), blank=True)
    wish_education = models.TextField(_("education I would like"), blank=True)
    wish_residence = models.TextField(_("where I would like to live"), blank=True)
    # Consent to share the registration with the settlement municipality and to use it for matching.
    consent_share = models.BooleanField(_("may be shared with the settlement municipality"), default=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Bumped on every change: an offline mission record edited since it was exported is a conflict.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("competence registration")
        verbose_name_plural = _("competence registrations")
        indexes = [models.Index(fields=["completed_at"], name="competence_completed_at")]

    def __str__(self) -> str:
        return _("Competence of %(person)s") % {"person": self.person_id}

    @property
    def completeness(self) -> int:
        """Share of the sections done, 0–100."""
        done = {section for section in self.sections_done if section in self.Section.values}
        return round(100 * len(done) / len(self.Section.values))


class LanguageSkill(models.Model):
    registration = models.ForeignKey(CompetenceRegistration, on_delete=models.CASCADE, related_name="language_skills")
    language = models.CharField(_("language"), max_length=3, help_text=_("ISO 639 code."))
    level = models.CharField(_("level"), max_length=6, choices=LanguageLevel.choices)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["registration", "language"], name="competence_language_once")]


class Qualification(models.Model):
    """Higher education, vocational training, certificates and courses, each with its field and country."""

    registration = models.ForeignKey(CompetenceRegistration, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(_("kind"), max_length=12, choices=QualificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    field = models.CharField(_("field"), max_length=2, choices=FieldOfStudy.choices, blank=True)
    level = models.CharField(_("level"), max_length=4, choices=IscedLevel.choices, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    year_completed = models.PositiveSmallIntegerField(_("year completed"), null=True, blank=True,
                                                      validators=[MinValueValidator(1940)])
    completed = models.BooleanField(_("completed"), default=True)
    has_document = models.BooleanField(_("I have the diploma or certificate"), default=False)

    class Meta:
        ordering = ["id"]


class WorkExperience(models.Model):
    registration = models.ForeignKey(CompetenceRegistration, on_delete=models.CASCADE, related_name="work_experiences")
    occupation = models.CharField(_("occupation (STYRK-08)"), max_length=4)
    description = models.CharField(_("what I did"), max_length=300, blank=True)
    years = models.DecimalField(_("years"), max_digits=4, decimal_places=1,
                                validators=[MinValueValidator(0), MaxValueValidator(60)])
    sector = models.CharField(_("sector"), max_length=14, choices=Sector.choices, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)

    class Meta:
        ordering = ["id"]


class ResidentLogin(models.Model):
    """A resident's own login: a user without organisation or roles who reaches only their own registration."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resident_login")
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="resident_login")
    created_at = models.DateTimeField(auto_now_add=True)


class ResidentAccessCode(models.Model):
    """A one-time code reception staff hand a resident (no national ID needed): stored only as a hash."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="competence_access_codes")
    code_hash = models.CharField(max_length=128, unique=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    reception_centre = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(expires_at__gt=models.F("issued_at")),
                                              name="access_code_expires_after_issue")]
