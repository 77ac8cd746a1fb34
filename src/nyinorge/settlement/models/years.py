"""The yearly cycle: settlement years, municipal indicators, the request (versioned) and decisions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Municipality

share = [MinValueValidator(0), MaxValueValidator(1)]


class SettlementYear(models.Model):
    year = models.PositiveIntegerField(_("year"), primary_key=True, validators=[MinValueValidator(2000)])
    national_target = models.PositiveIntegerField(
        _("national target"), help_text=_("The number of refugees to settle, set by the national committee.")
    )
    answer_deadline_days = models.PositiveIntegerField(_("answer deadline (days)"), default=7)
    immigrant_share_threshold = models.DecimalField(
        _("immigrant-share threshold"), max_digits=4, decimal_places=3, default=0.25, validators=share,
        help_text=_("Municipalities above this immigrant share get no request by default."),
    )
    weight_employment = models.FloatField(_("weight: employment share"), default=0.4)
    weight_introduction_results = models.FloatField(_("weight: introduction-programme results"), default=0.4)
    weight_readiness = models.FloatField(_("weight: readiness"), default=0.1)
    weight_settlement_record = models.FloatField(_("weight: earlier settlement"), default=0.1)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("settlement year")
        verbose_name_plural = _("settlement years")

    def __str__(self) -> str:
        return str(self.year)


class MunicipalIndicators(models.Model):
    """One municipality's request criteria for one year (imported from CSV)."""

    year = models.ForeignKey(SettlementYear, on_delete=models.CASCADE, related_name="indicators")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    population = models.PositiveIntegerField(_("population"))
    employment_share = models.FloatField(_("employment share"), validators=share)
    introduction_results_share = models.FloatField(
        _("former participants in work or education"), validators=share
    )
    immigrant_share = models.FloatField(_("immigrant share"), validators=share)
    ready = models.BooleanField(_("readiness/capacity"), default=True)
    settled_last_years = models.PositiveIntegerField(_("settled in the last five years"), default=0)

    class Meta:
        verbose_name = _("municipal indicators")
        verbose_name_plural = _("municipal indicators")
        constraints = [models.UniqueConstraint(fields=["year", "municipality"], name="one_indicator_row_per_year")]


class RequestVersion(models.Model):
    """One computation of the request; an override makes a new version, none is ever changed."""

    year = models.ForeignKey(SettlementYear, on_delete=models.CASCADE, related_name="request_versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["year", "-number"]
        verbose_name = _("request version")
        verbose_name_plural = _("request versions")
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="unique_request_version")]

    def __str__(self) -> str:
        return f"{self.year_id} v{self.number}"


class RequestLine(models.Model):
    version = models.ForeignKey(RequestVersion, on_delete=models.CASCADE, related_name="lines")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    weight = models.FloatField(_("weight"))
    computed = models.PositiveIntegerField(_("computed"))
    requested = models.PositiveIntegerField(_("requested"))
    excluded_reason = models.CharField(_("excluded because"), max_length=200, blank=True)
    override_reason = models.CharField(_("override reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["municipality_id"]
        constraints = [models.UniqueConstraint(fields=["version", "municipality"], name="one_line_per_municipality")]


class MunicipalDecision(models.Model):
    """A municipal council's decision for a year; a revision is a new row, the latest one counts."""

    year = models.ForeignKey(SettlementYear, on_delete=models.PROTECT, related_name="decisions")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveIntegerField(_("revision"))
    persons = models.PositiveIntegerField(_("persons"))
    unaccompanied_minors = models.PositiveIntegerField(_("of which unaccompanied minors"), default=0)
    decided_on = models.DateField(_("decision date"))
    registered_at = models.DateTimeField(auto_now_add=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["year", "municipality_id", "-revision"]
        verbose_name = _("municipal decision")
        verbose_name_plural = _("municipal decisions")
        constraints = [
            models.UniqueConstraint(fields=["year", "municipality", "revision"], name="unique_decision_revision"),
            models.CheckConstraint(
                condition=models.Q(unaccompanied_minors__lte=models.F("persons")), name="minors_within_persons"
            ),
        ]
