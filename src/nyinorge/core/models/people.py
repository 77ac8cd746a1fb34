"""The person registry shared by every module, and family relations."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nyinorge.core.codes import country_name, language_name, validate_language_codes
from nyinorge.core.identifiers import validate_duf_number, validate_national_identity_number
from nyinorge.core.models.organisations import Municipality, Organisation


class Person(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        UNKNOWN = "unknown", _("Unknown")

    national_id = models.CharField(
        _("national identity number"),
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_national_identity_number],
        help_text=_("Fødselsnummer or D number, 11 digits."),
    )
    duf_number = models.CharField(
        _("DUF number"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_duf_number],
        help_text=_("The immigration authority's 12-digit number, for someone without a national identity number."),
    )
    given_name = models.CharField(_("given name"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    birth_date = models.DateField(_("date of birth"))
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    citizenship = models.CharField(_("citizenship"), max_length=2, blank=True, help_text=_("ISO 3166 country code."))
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_language_codes], help_text=_("ISO 639 codes.")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    residence_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("municipality of residence"),
    )
    reception_centre = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        limit_choices_to={"kind": Organisation.Kind.RECEPTION_CENTRE},
        verbose_name=_("reception centre"),
    )
    class LeftReason(models.TextChoices):
        DIED = "died", _("Died")
        EMIGRATED = "emigrated", _("Emigrated")

    # From the population register: the per-capita grants stop for the budget years after it.
    left_on = models.DateField(_("died or emigrated on"), null=True, blank=True)
    left_reason = models.CharField(_("reason"), max_length=10, choices=LeftReason.choices, blank=True)
    # The tombstone of a duplicate merged into another person (`core.services.merges`): it keeps its identifiers,
    # so old links and lookups by them resolve to the survivor; nothing else points at it any more.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_persons",
        verbose_name=_("merged into"))
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=(Q(national_id__isnull=False) & Q(duf_number__isnull=True))
                | (Q(national_id__isnull=True) & Q(duf_number__isnull=False)),
                name="person_has_exactly_one_identifier",
                violation_error_message=_(
                    "Give exactly one identifier: a national identity number or, for someone who has none yet, "
                    "a DUF number."
                ),
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("id")), name="person_not_merged_into_self"),
            models.CheckConstraint(condition=(Q(merged_into__isnull=True) & Q(merged_at__isnull=True))
                                   | (Q(merged_into__isnull=False) & Q(merged_at__isnull=False)),
                                   name="person_merged_into_with_time"),
        ]
        indexes = [models.Index(fields=["family_name", "given_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def is_tombstone(self) -> bool:
        return self.merged_into_id is not None

    @property
    def identifier(self) -> str:
        return self.national_id or self.duf_number or ""

    @property
    def identifier_label(self) -> str:
        return str(_("National identity number") if self.national_id else _("DUF number"))

    @property
    def citizenship_name(self) -> str:
        return country_name(self.citizenship)

    @property
    def language_names(self) -> list[str]:
        return [language_name(code) for code in self.languages]


class FamilyRelation(models.Model):
    """A directed relation: `person` is the <kind> of `relative` (spouse and sibling are stored once)."""

    class Kind(models.TextChoices):
        SPOUSE = "spouse", _("Spouse or partner")
        PARENT = "parent", _("Parent")
        SIBLING = "sibling", _("Sibling")
        GUARDIAN = "guardian", _("Guardian")

    SYMMETRIC = frozenset({Kind.SPOUSE, Kind.SIBLING})

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_from")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relations_to")
    kind = models.CharField(_("relation"), max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("family relation")
        verbose_name_plural = _("family relations")
        constraints = [
            models.UniqueConstraint(fields=["person", "relative", "kind"], name="unique_family_relation"),
            models.CheckConstraint(condition=~Q(person=models.F("relative")), name="relation_not_to_self"),
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.get_kind_display()} → {self.relative}"
