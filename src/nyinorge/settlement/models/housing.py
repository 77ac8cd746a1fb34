"""Housing notices: free dwellings a municipality reports, which the directorate can propose a case to."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Municipality


class HousingNotice(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        RESERVED = "reserved", _("Reserved for a proposed case")
        CONSUMED = "consumed", _("Used by an accepted case")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="housing_notices",
                                     verbose_name=_("municipality"))
    rooms = models.PositiveSmallIntegerField(_("bedrooms"), validators=[MinValueValidator(1), MaxValueValidator(20)])
    accessible = models.BooleanField(_("accessible for wheelchair users"), default=False)
    ready_date = models.DateField(_("ready from"))
    available_until = models.DateField(_("available until"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN, db_index=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ready_date", "id"]
        verbose_name = _("housing notice")
        verbose_name_plural = _("housing notices")
        constraints = [
            models.CheckConstraint(condition=Q(available_until__gte=F("ready_date")), name="notice_until_after_ready"),
        ]

    def __str__(self) -> str:
        return _("%(rooms)d bedrooms in %(municipality)s from %(date)s") % {
            "rooms": self.rooms, "municipality": self.municipality.name, "date": self.ready_date.isoformat()}
