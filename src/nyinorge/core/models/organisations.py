"""Counties, municipalities (2020 boundaries) and the organisations users belong to."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from nyinorge.core.identifiers import validate_organisation_number

county_number_validator = RegexValidator(r"^\d{2}$", _("A county number has two digits."))
municipality_number_validator = RegexValidator(r"^\d{4}$", _("A municipality number has four digits."))


class County(models.Model):
    number = models.CharField(_("county number"), max_length=2, primary_key=True, validators=[county_number_validator])
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["number"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Municipality(models.Model):
    number = models.CharField(
        _("municipality number"), max_length=4, primary_key=True, validators=[municipality_number_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county"))
    centroid_lat = models.FloatField(_("centroid latitude"), null=True, blank=True)
    centroid_lon = models.FloatField(_("centroid longitude"), null=True, blank=True)
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__startswith=F("county_id")), name="municipality_number_starts_with_county"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        DIRECTORATE = "directorate", _("Directorate")
        MUNICIPALITY = "municipality", _("Municipality")
        COUNTY = "county", _("County")
        RECEPTION_CENTRE = "reception_centre", _("Reception centre")
        VOLUNTARY = "voluntary", _("Voluntary organisation")
        EMPLOYER = "employer", _("Employer")
        OTHER = "other", _("Other organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=9,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_organisation_number],
        help_text=_("Nine digits from the Central Coordinating Register for Legal Entities."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
        help_text=_("The municipality itself, or the host municipality of a reception centre."),
    )
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, null=True, blank=True, related_name="organisations", verbose_name=_("county")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"], condition=Q(kind="municipality"), name="one_organisation_per_municipality"
            ),
            models.UniqueConstraint(fields=["county"], condition=Q(kind="county"), name="one_organisation_per_county"),
            models.CheckConstraint(
                condition=~Q(kind__in=["municipality", "reception_centre"]) | Q(municipality__isnull=False),
                name="municipality_required_for_municipal_kinds",
            ),
            models.CheckConstraint(
                condition=~Q(kind="county") | Q(county__isnull=False), name="county_required_for_county"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ReceptionCentre(models.Model):
    """Details of an organisation of kind reception centre; the host is `organisation.municipality`."""

    class CentreType(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary reception centre")
        INTEGRATION = "integration", _("Integration reception centre")
        CARE = "care", _("Care centre")

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="reception_centre"
    )
    operator = models.CharField(_("operator"), max_length=200)
    centre_type = models.CharField(_("type"), max_length=20, choices=CentreType.choices, default=CentreType.ORDINARY)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)

    class Meta:
        verbose_name = _("reception centre")
        verbose_name_plural = _("reception centres")

    def __str__(self) -> str:
        return self.organisation.name

    @property
    def host_municipality(self) -> Municipality | None:
        return self.organisation.municipality
