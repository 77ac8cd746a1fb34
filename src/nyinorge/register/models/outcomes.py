"""Former programme participants' status in work and education, delivered once a year (SP8).

Statistics Norway links the introduction register to the employment and education registers and measures every
former participant's status in one reference month: November of the year after the programme ended (seed, SP8
note 3: "deltakere som avsluttet introduksjonsprogram i 2017, målt per november 2018"). The directorate imports
that delivery as a file (`OutcomeDelivery`, `register.services.outcomes`); each line becomes one
`PostProgrammeStatus` per person and reference month. A later delivery for the same person and month supersedes
the status as a new numbered version (`RecordVersion`), like every register record, instead of adding a row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Person
from nyinorge.register.models.base import Source
from nyinorge.register.models.programme import ProgrammeParticipation


class ActivityStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    EDUCATION = "education", _("In education")
    BOTH = "both", _("Employed and in education")
    NEITHER = "neither", _("Neither employed nor in education")


# SP8 counts a person "in work or education" with any of these.
WORK_OR_EDUCATION = frozenset({ActivityStatus.EMPLOYED, ActivityStatus.EDUCATION, ActivityStatus.BOTH})

# Statistics Norway measures the status in November of the year after the programme ended.
REFERENCE_MONTH = 11


class OutcomeDelivery(models.Model):
    """One imported file of statuses: who imported it, when, and which file (its checksum finds a re-delivery)."""

    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("imported by"))
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)
    file_name = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64)
    line_count = models.PositiveIntegerField(_("lines"))
    created_count = models.PositiveIntegerField(_("new statuses"), default=0)
    updated_count = models.PositiveIntegerField(_("changed statuses"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged statuses"), default=0)

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("outcome delivery")
        verbose_name_plural = _("outcome deliveries")
        indexes = [models.Index(fields=["checksum"], name="outcome_delivery_checksum")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d})"


class PostProgrammeStatus(models.Model):
    """A former participant's status in work and education in one reference month (the first day of the month)."""

    KIND = "post_programme_status"
    # The fields a version snapshot holds; the rest (delivery, timestamps) say where the values came from.
    WRITABLE_FIELDS = ("participation", "reference_month", "status")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    # The participation that ended before the reference month (None when the register has none for the person).
    participation = models.ForeignKey(ProgrammeParticipation, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="post_programme_statuses", verbose_name=_("programme participation"))
    reference_month = models.DateField(_("reference month"))
    status = models.CharField(_("status"), max_length=10, choices=ActivityStatus.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.IMPORT)
    delivery = models.ForeignKey(OutcomeDelivery, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="statuses", verbose_name=_("delivery"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["person", "reference_month", "id"]
        verbose_name = _("status after the programme")
        verbose_name_plural = _("statuses after the programme")
        constraints = [
            models.UniqueConstraint(fields=["person", "reference_month"], name="one_status_per_person_and_month"),
            models.CheckConstraint(condition=Q(reference_month__day=1), name="status_reference_month_first_day"),
        ]
        indexes = [models.Index(fields=["reference_month", "status"], name="status_month_status")]

    def __str__(self) -> str:
        return f"{self.reference_month:%Y-%m} {self.get_status_display()}"

    @property
    def in_work_or_education(self) -> bool:
        return self.status in WORK_OR_EDUCATION
