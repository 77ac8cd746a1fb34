"""Norwegian and social studies training, and the training for asylum seekers in reception centres.

Hours are reported per month and type; absences per day; exemptions with a reason code; tests with
their result. A training period ends with a reason, one of which is that the obligation is completed.
"""

import calendar
import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.register.models.base import RegisterRecord


class TrainingKind(models.TextChoices):
    NORWEGIAN = "norwegian", _("Norwegian")
    SOCIAL_STUDIES = "social_studies", _("Social studies")
    RECEPTION_NORWEGIAN = "reception_norwegian", _("Norwegian for asylum seekers in reception (175 hours)")
    RECEPTION_CULTURE_VALUES = "reception_culture_values", _("Norwegian culture and values for asylum seekers (50 hours)")


RECEPTION_KINDS = frozenset({TrainingKind.RECEPTION_NORWEGIAN, TrainingKind.RECEPTION_CULTURE_VALUES})
# Seed 3.2: 175 hours of Norwegian and 50 of culture and values for asylum seekers in reception.
RECEPTION_HOURS = {TrainingKind.RECEPTION_NORWEGIAN: 175, TrainingKind.RECEPTION_CULTURE_VALUES: 50}


class TrainingEndReason(models.TextChoices):
    OBLIGATION_COMPLETED = "obligation_completed", _("Obligation completed")
    HOURS_COMPLETED = "hours_completed", _("Hours completed")
    MOVED = "moved", _("Moved to another municipality")
    EXEMPTED = "exempted", _("Exempted")
    DISCONTINUED = "discontinued", _("Discontinued")
    OTHER = "other", _("Other")


class TrainingPeriod(RegisterRecord):
    KIND = "training_period"
    WRITABLE_FIELDS = ("kind", "start", "end", "end_reason")

    kind = models.CharField(_("training"), max_length=30, choices=TrainingKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=30, choices=TrainingEndReason.choices, blank=True)

    class Meta:
        ordering = ["person", "start", "id"]
        verbose_name = _("training period")
        verbose_name_plural = _("training periods")
        constraints = [
            RegisterRecord.client_ref_constraint("training_period_client_ref_unique"),
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="training_period_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["municipality", "updated_at"], name="training_muni_updated"),
            models.Index(fields=["person", "municipality"], name="training_person_muni"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end or ''}"

    def clean(self) -> None:
        errors = {}
        if self.end is not None and self.end < self.start:
            errors["end"] = [_("The end cannot be before the start.")]
        if self.end_reason and self.end is None:
            errors["end_reason"] = [_("Give the reason for ending only together with the end date.")]
        if self.start > timezone.localdate():
            errors["start"] = [_("The start cannot be in the future.")]
        if errors:
            raise ValidationError(errors)

    def in_reception(self) -> bool:
        return self.kind in RECEPTION_KINDS

    def scope_dates(self) -> tuple[datetime.date, datetime.date | None]:
        return self.start, self.end


class HoursType(models.TextChoices):
    NORWEGIAN = "norwegian", _("Norwegian")
    SOCIAL_STUDIES = "social_studies", _("Social studies")
    DIGITAL_NORWEGIAN = "digital_norwegian", _("Norwegian, online")
    RECEPTION_NORWEGIAN = "reception_norwegian", _("Norwegian for asylum seekers")
    RECEPTION_CULTURE_VALUES = "reception_culture_values", _("Culture and values for asylum seekers")


RECEPTION_HOURS_TYPES = frozenset({HoursType.RECEPTION_NORWEGIAN, HoursType.RECEPTION_CULTURE_VALUES})


class TrainingHours(RegisterRecord):
    KIND = "hours"
    WRITABLE_FIELDS = ("month", "hours_type", "hours")
    NATURAL_KEY = ("person", "municipality", "month", "hours_type")
    SCOPE_ANY_DAY = True

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    hours_type = models.CharField(_("type of hours"), max_length=30, choices=HoursType.choices)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("300"))])

    class Meta:
        ordering = ["person", "month", "hours_type", "id"]
        verbose_name = _("training hours")
        verbose_name_plural = _("training hours")
        constraints = [
            RegisterRecord.client_ref_constraint("hours_client_ref_unique"),
            models.UniqueConstraint(fields=["person", "municipality", "month", "hours_type"],
                                    name="hours_once_per_month_and_type"),
        ]
        indexes = [models.Index(fields=["municipality", "updated_at"], name="hours_muni_updated")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.hours_type} {self.hours}"

    def clean(self) -> None:
        if self.month.day != 1:
            raise ValidationError({"month": [_("Give the month as its first day (e.g. 2019-03-01).")]})
        if self.month > timezone.localdate():
            raise ValidationError({"month": [_("Hours cannot be registered for a future month.")]})

    def in_reception(self) -> bool:
        return self.hours_type in RECEPTION_HOURS_TYPES

    def scope_dates(self) -> tuple[datetime.date, datetime.date]:
        last = calendar.monthrange(self.month.year, self.month.month)[1]
        return self.month, self.month.replace(day=last)


class AbsenceReason(models.TextChoices):
    ILLNESS = "illness", _("Illness")
    CHILD_CARE = "child_care", _("Care of a child")
    LEAVE = "leave", _("Leave granted")
    UNAUTHORISED = "unauthorised", _("Absence without leave")
    OTHER = "other", _("Other")


class Absence(RegisterRecord):
    KIND = "absence"
    WRITABLE_FIELDS = ("date", "hours", "reason")

    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))])
    reason = models.CharField(_("reason"), max_length=20, choices=AbsenceReason.choices)

    class Meta:
        ordering = ["person", "date", "id"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [RegisterRecord.client_ref_constraint("absence_client_ref_unique")]
        indexes = [models.Index(fields=["municipality", "updated_at"], name="absence_muni_updated")]

    def __str__(self) -> str:
        return f"{self.date} {self.hours}"

    def clean(self) -> None:
        if self.date > timezone.localdate():
            raise ValidationError({"date": [_("An absence cannot be registered for a future date.")]})

    def scope_dates(self) -> tuple[datetime.date, datetime.date]:
        return self.date, self.date


class ExemptionReason(models.TextChoices):
    """Reason codes for exemption from the obligation (Introduction Act § 17, Integration Act § 29)."""

    SUFFICIENT_NORWEGIAN = "sufficient_norwegian", _("Documented sufficient skills in Norwegian")
    SUFFICIENT_SOCIAL_STUDIES = "sufficient_social_studies", _("Documented sufficient knowledge of social studies")
    HEALTH = "health", _("Health or other weighty reasons")
    EDUCATION_IN_NORWAY = "education_in_norway", _("Education completed in Norway")
    NORDIC_LANGUAGE = "nordic_language", _("Danish or Swedish skills")
    OTHER = "other", _("Other reason")


class ExemptionScope(models.TextChoices):
    NORWEGIAN = "norwegian", _("Norwegian")
    SOCIAL_STUDIES = "social_studies", _("Social studies")
    BOTH = "both", _("Norwegian and social studies")


class Exemption(RegisterRecord):
    KIND = "exemption"
    WRITABLE_FIELDS = ("reason_code", "decided_on", "applies_to")

    reason_code = models.CharField(_("reason"), max_length=30, choices=ExemptionReason.choices)
    decided_on = models.DateField(_("decided on"))
    applies_to = models.CharField(_("applies to"), max_length=20, choices=ExemptionScope.choices,
                                  default=ExemptionScope.BOTH)

    class Meta:
        ordering = ["person", "decided_on", "id"]
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        constraints = [RegisterRecord.client_ref_constraint("exemption_client_ref_unique")]
        indexes = [
            models.Index(fields=["municipality", "updated_at"], name="exemption_muni_updated"),
            models.Index(fields=["person", "municipality"], name="exemption_person_muni"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_code_display()} {self.decided_on}"

    def clean(self) -> None:
        if self.decided_on > timezone.localdate():
            raise ValidationError({"decided_on": [_("The decision date cannot be in the future.")]})

    def scope_dates(self) -> tuple[datetime.date, datetime.date]:
        return self.decided_on, self.decided_on


class TestKind(models.TextChoices):
    __test__ = False  # not a pytest test class

    NORWEGIAN_ORAL = "norwegian_oral", _("Norwegian, oral")
    NORWEGIAN_WRITTEN = "norwegian_written", _("Norwegian, written")
    NORWEGIAN_READING = "norwegian_reading", _("Norwegian, reading")
    NORWEGIAN_LISTENING = "norwegian_listening", _("Norwegian, listening")
    SOCIAL_STUDIES = "social_studies", _("Social studies")
    CITIZENSHIP = "citizenship", _("Citizenship test")


class TestLevel(models.TextChoices):
    __test__ = False

    BELOW_A1 = "below_a1", _("Below A1")
    A1 = "a1", "A1"
    A2 = "a2", "A2"
    B1 = "b1", "B1"
    B2 = "b2", "B2"
    C1 = "c1", "C1"
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Not passed")


PASS_FAIL_TESTS = frozenset({TestKind.SOCIAL_STUDIES, TestKind.CITIZENSHIP})
PASS_FAIL_RESULTS = frozenset({TestLevel.PASSED, TestLevel.FAILED})


class TestResult(RegisterRecord):
    __test__ = False
    KIND = "test_result"
    WRITABLE_FIELDS = ("test", "taken_on", "result")

    test = models.CharField(_("test"), max_length=30, choices=TestKind.choices)
    taken_on = models.DateField(_("taken on"))
    result = models.CharField(_("result"), max_length=10, choices=TestLevel.choices)

    class Meta:
        ordering = ["person", "taken_on", "id"]
        verbose_name = _("test result")
        verbose_name_plural = _("test results")
        constraints = [RegisterRecord.client_ref_constraint("test_result_client_ref_unique")]
        indexes = [models.Index(fields=["municipality", "updated_at"], name="test_result_muni_updated")]

    def __str__(self) -> str:
        return f"{self.get_test_display()} {self.taken_on}: {self.get_result_display()}"

    def clean(self) -> None:
        errors = {}
        if self.taken_on > timezone.localdate():
            errors["taken_on"] = [_("A test cannot be taken in the future.")]
        pass_fail = self.test in PASS_FAIL_TESTS
        if pass_fail != (self.result in PASS_FAIL_RESULTS):
            errors["result"] = [_("This test is passed or not passed.") if pass_fail
                                else _("Give the level reached (below A1 to C1).")]
        if errors:
            raise ValidationError(errors)

    def scope_dates(self) -> tuple[datetime.date, datetime.date]:
        return self.taken_on, self.taken_on
