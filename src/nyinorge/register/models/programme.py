"""The introduction programme: participation, interruptions and leaves, and the individual plan's elements."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.register.dates import add_years
from nyinorge.register.models.base import RegisterRecord


class ProgrammeOutcome(models.TextChoices):
    WORK = "work", _("Work")
    EDUCATION = "education", _("Education")
    OTHER = "other", _("Other")
    MOVED = "moved", _("Moved to another municipality")


# The Integration Act allows up to four years for those taking upper secondary education; the
# Introduction Act up to three. The individual rule is in the legal basis; this is the outer bound.
MAX_PROGRAMME_YEARS = 4


class ProgrammeParticipation(RegisterRecord):
    KIND = "participation"
    WRITABLE_FIELDS = ("start", "planned_end", "end", "outcome")

    start = models.DateField(_("start"))
    planned_end = models.DateField(_("planned end"))
    end = models.DateField(_("end"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=ProgrammeOutcome.choices, blank=True)

    class Meta:
        ordering = ["person", "start", "id"]
        verbose_name = _("programme participation")
        verbose_name_plural = _("programme participations")
        constraints = [
            RegisterRecord.client_ref_constraint("participation_client_ref_unique"),
            models.CheckConstraint(condition=Q(planned_end__gte=F("start")), name="participation_planned_end_after_start"),
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="participation_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["municipality", "updated_at"], name="participation_muni_updated"),
            models.Index(fields=["person", "municipality"], name="participation_person_muni"),
        ]

    def __str__(self) -> str:
        return f"{self.start}–{self.end or ''}"

    def clean(self) -> None:
        errors = {}
        if self.planned_end < self.start:
            errors["planned_end"] = [_("The planned end cannot be before the start.")]
        elif self.planned_end > add_years(self.start, MAX_PROGRAMME_YEARS):
            errors["planned_end"] = [_("A programme lasts at most %(years)d years.") % {"years": MAX_PROGRAMME_YEARS}]
        if self.start > timezone.localdate():
            errors["start"] = [_("The start cannot be in the future.")]
        if self.end is not None and self.end < self.start:
            errors["end"] = [_("The end cannot be before the start.")]
        if self.end is not None and not self.outcome:
            errors["outcome"] = [_("Give the outcome when the programme ends (work, education or other).")]
        if self.outcome and self.end is None:
            errors["outcome"] = [_("Give the outcome only together with the end date.")]
        if errors:
            raise ValidationError(errors)

    def validate_children(self, children: dict[str, list]) -> dict[str, list[str]]:
        """Interruptions and plan elements lie within the participation."""
        errors = {}
        last = self.end or self.planned_end
        for key in ("interruptions", "plan_elements"):
            for index, row in enumerate(children.get(key, [])):
                if row.start < self.start or row.start > last:
                    errors[f"{key}[{index}].start"] = [_("The start must lie within the programme (%(start)s–%(end)s).")
                                                       % {"start": self.start, "end": last}]
        return errors

    def scope_dates(self) -> tuple[datetime.date, datetime.date | None]:
        return self.start, self.end


class InterruptionReason(models.TextChoices):
    PARENTAL_LEAVE = "parental_leave", _("Parental leave")
    ILLNESS = "illness", _("Illness")
    WELFARE = "welfare", _("Strong welfare reasons")
    OTHER_LEAVE = "other_leave", _("Other leave")
    OTHER = "other", _("Other interruption")


class ProgrammeInterruption(models.Model):
    participation = models.ForeignKey(ProgrammeParticipation, on_delete=models.CASCADE, related_name="interruptions")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=20, choices=InterruptionReason.choices)

    class Meta:
        ordering = ["participation", "start", "id"]
        verbose_name = _("programme interruption")
        verbose_name_plural = _("programme interruptions")
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="interruption_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.start}–{self.end or ''}"

    def clean(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValidationError({"end": [_("The end cannot be before the start.")]})


class PlanElementKind(models.TextChoices):
    NORWEGIAN_TRAINING = "norwegian_training", _("Norwegian and social studies training")
    PRIMARY_EDUCATION = "primary_education", _("Primary and lower secondary education")
    SECONDARY_EDUCATION = "secondary_education", _("Upper secondary education")
    HIGHER_EDUCATION = "higher_education", _("Higher education")
    WORK_PRACTICE = "work_practice", _("Work practice")
    WAGE_SUBSIDY = "wage_subsidy", _("Work with wage subsidy")
    JOB_TRAINING = "job_training", _("Vocational training")
    PARENTING_GUIDANCE = "parenting_guidance", _("Parenting guidance")
    HEALTH = "health", _("Health-related measures")
    OTHER = "other", _("Other element")


# SP5: formal qualification as part of the programme.
FORMAL_EDUCATION_KINDS = frozenset({PlanElementKind.PRIMARY_EDUCATION, PlanElementKind.SECONDARY_EDUCATION})


class PlanElement(models.Model):
    participation = models.ForeignKey(ProgrammeParticipation, on_delete=models.CASCADE, related_name="plan_elements")
    kind = models.CharField(_("element"), max_length=30, choices=PlanElementKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["participation", "start", "id"]
        verbose_name = _("plan element")
        verbose_name_plural = _("plan elements")
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="plan_element_end_after_start"),
        ]
        indexes = [models.Index(fields=["kind", "start"], name="plan_element_kind_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end or ''}"

    def clean(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValidationError({"end": [_("The end cannot be before the start.")]})
