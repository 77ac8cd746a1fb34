"""Where a person lives over time, and the residence-permit facts that the legal basis is derived from."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Municipality, Person
from nyinorge.register.models.base import Source


class ResidencePeriod(models.Model):
    """Municipality of residence from `valid_from` to `valid_to` (both days included; open while null).

    A move closes the old period the day before the move date and opens a new one on it, so the
    periods of one person never overlap; the municipality responsible on a date is the one of its period.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="residence_periods",
                               verbose_name=_("person"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to and including"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SCREEN)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["person", "valid_from"]
        verbose_name = _("residence period")
        verbose_name_plural = _("residence periods")
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                                   name="residence_to_not_before_from"),
            models.UniqueConstraint(fields=["person"], condition=Q(valid_to__isnull=True),
                                    name="one_open_residence_per_person"),
        ]
        indexes = [models.Index(fields=["municipality", "valid_from"], name="residence_municipality_from")]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.valid_from}–{self.valid_to or ''}"

    def covers(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class PermitType(models.TextChoices):
    """Residence-permit grounds that decide the category (Immigration Act sections in brackets)."""

    ASYLUM = "asylum", _("Refugee status after asylum application (§ 28)")
    RESETTLEMENT = "resettlement", _("Resettlement refugee (§ 35)")
    HUMANITARIAN = "humanitarian", _("Strong humanitarian grounds after asylum application (§ 38)")
    COLLECTIVE_PROTECTION = "collective_protection", _("Collective protection in a mass flight situation (§ 34)")
    FAMILY_OF_REFUGEE = "family_of_refugee", _("Family reunification with a refugee")
    FAMILY_OF_NORWEGIAN = "family_of_norwegian", _("Family reunification with a Norwegian or Nordic citizen")
    FAMILY_OF_OTHER = "family_of_other", _("Family reunification with another immigrant")
    LABOUR = "labour", _("Work (from outside the EEA)")
    FAMILY_OF_LABOUR = "family_of_labour", _("Family of a labour immigrant (from outside the EEA)")
    EEA = "eea", _("EEA/EFTA registration")
    STUDY = "study", _("Studies")
    ASYLUM_SEEKER = "asylum_seeker", _("Asylum seeker awaiting a decision (no permit)")


class ResidencePermit(models.Model):
    """A permit decision as facts (type and date); the legal basis is derived from these, never typed."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="residence_permits",
                               verbose_name=_("person"))
    permit_type = models.CharField(_("permit type"), max_length=30, choices=PermitType.choices)
    permit_date = models.DateField(_("permit date"), help_text=_("The date of the decision granting the permit."))
    permanent_basis = models.BooleanField(
        _("basis for permanent residence"), default=True,
        help_text=_("Whether the permit can form the basis for a permanent residence permit."))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SCREEN)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("registered by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["person", "permit_date", "id"]
        verbose_name = _("residence permit")
        verbose_name_plural = _("residence permits")

    def __str__(self) -> str:
        return f"{self.get_permit_type_display()} {self.permit_date}"


class LawVersion(models.TextChoices):
    INTRODUCTION_ACT_2003 = "introduction_act_2003", _("Introduction Act (2003)")
    INTEGRATION_ACT_2021 = "integration_act_2021", _("Integration Act (2021)")


class LegalBasis(models.Model):
    """The right and/or obligation derived from the facts by the rule table of a law version.

    Derived, never typed: a change of facts closes the current row (`valid_to`, `superseded_at`) and
    adds a new one, so the history of categories stays.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="legal_bases", verbose_name=_("person"))
    permit = models.ForeignKey(ResidencePermit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("residence permit"))
    law_version = models.CharField(_("law"), max_length=30, choices=LawVersion.choices)
    category = models.CharField(_("category"), max_length=40)
    programme_right = models.BooleanField(_("right to the introduction programme"), default=False)
    programme_obligation = models.BooleanField(_("obligation to take the introduction programme"), default=False)
    training_right = models.BooleanField(_("right to Norwegian and social studies training"), default=False)
    training_obligation = models.BooleanField(_("obligation to take Norwegian and social studies training"),
                                              default=False)
    reception_training = models.BooleanField(_("right to training in reception"), default=False)
    reception_obligation = models.BooleanField(_("obligation to take training in reception"), default=False)
    norwegian_hours = models.PositiveIntegerField(_("Norwegian hours"), default=0,
                                                  help_text=_("0 where the law sets a level instead of hours."))
    norwegian_target_level = models.CharField(_("Norwegian level to reach"), max_length=4, blank=True)
    social_studies_hours = models.PositiveIntegerField(_("social studies hours"), default=0)
    programme_start_deadline = models.DateField(_("programme to start by"), null=True, blank=True)
    training_start_deadline = models.DateField(_("training to be offered by"), null=True, blank=True)
    obligation_deadline = models.DateField(_("obligation to be completed by"), null=True, blank=True)
    right_ends = models.DateField(_("right ends"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to and including"), null=True, blank=True)
    derived_from = models.JSONField(_("facts derived from"), default=dict)
    derived_at = models.DateTimeField(_("derived"), auto_now_add=True)
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)

    class Meta:
        ordering = ["person", "-valid_from", "-id"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(superseded_at__isnull=True),
                                    name="one_current_legal_basis_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_law_version_display()}: {self.category}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None
