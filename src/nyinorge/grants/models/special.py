"""Applications for the special grant at settlement of persons with disabilities and/or behavioural difficulties.

Grant 1 is paid once, for year 1 or 2 after settlement; grant 2 yearly for up to five years, for the
municipality's documented extra costs. The directorate's decision is an individual decision (enkeltvedtak):
written reasons and an appeal deadline of three weeks (forvaltningsloven §§ 24–25 and 29). Writes go through
`grants.services.special`, which moves the application through `grants.special_workflow`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Municipality, Person, StoredDocument
from nyinorge.grants.models.rates import Scheme
from nyinorge.grants.special_states import APPEALABLE_STATES, OPEN_STATES, PAYABLE_STATES, SpecialGrantState

MAX_YEARS = 5


class SpecialGrantApplication(models.Model):
    State = SpecialGrantState

    class Kind(models.TextChoices):
        ONE_OFF = Scheme.DISABILITY_ONE_OFF.value, _("Grant 1 (once, year 1 or 2 after settlement)")
        YEARLY = Scheme.DISABILITY_YEARLY.value, _("Grant 2 (yearly, documented extra costs, up to five years)")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    kind = models.CharField(_("grant"), max_length=20, choices=Kind.choices)
    budget_year = models.PositiveSmallIntegerField(_("budget year"), help_text=_("The (first) year applied for."))
    years = models.PositiveSmallIntegerField(_("years applied for"), default=1,
                                             help_text=_("Grant 2 only: how many years from the budget year."))
    amount_applied = models.DecimalField(_("amount applied for per year (NOK)"), max_digits=12, decimal_places=0)
    needs = models.TextField(_("needs"), help_text=_("The person's needs and the help the municipality gives."))
    costs = models.TextField(_("extra costs"), help_text=_("The municipality's documented extra costs."))
    state = models.CharField(_("state"), max_length=20, choices=SpecialGrantState.choices,
                             default=SpecialGrantState.DRAFT, db_index=True)
    amount_granted = models.DecimalField(_("amount granted per year (NOK)"), max_digits=12, decimal_places=0,
                                         null=True, blank=True)
    years_granted = models.PositiveSmallIntegerField(_("years granted"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    appeal_deadline = models.DateField(_("appeal deadline"), null=True, blank=True)
    appeal_text = models.TextField(_("appeal"), blank=True)
    appealed_at = models.DateTimeField(_("appealed"), null=True, blank=True)
    appeal_reasons = models.TextField(_("reasons for the appeal decision"), blank=True)
    appeal_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("appeal decided by"))
    appeal_decided_at = models.DateTimeField(_("appeal decided"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("special grant application")
        verbose_name_plural = _("special grant applications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "state"], name="specialgrant_muni_state")]
        constraints = [
            models.CheckConstraint(condition=Q(years__gte=1) & Q(years__lte=MAX_YEARS), name="specialgrant_years_1_5"),
            models.CheckConstraint(condition=Q(kind="disability_2") | Q(years=1), name="specialgrant_one_off_one_year"),
            models.CheckConstraint(condition=Q(amount_applied__gt=0), name="specialgrant_amount_applied_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.budget_year} ({self.municipality_id})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_appealable(self) -> bool:
        return self.state in APPEALABLE_STATES

    @property
    def is_one_off(self) -> bool:
        return self.kind == self.Kind.ONE_OFF

    @property
    def years_applied(self) -> list[int]:
        return list(range(self.budget_year, self.budget_year + self.years))

    @property
    def years_paid(self) -> list[int]:
        """The budget years the decision pays for (none unless it stands and grants something)."""
        if self.state not in PAYABLE_STATES or not self.amount_granted:
            return []
        return list(range(self.budget_year, self.budget_year + (self.years_granted or 1)))

    @property
    def total_granted(self):
        return (self.amount_granted or 0) * len(self.years_paid)

    def appeal_open_on(self, day: datetime.date) -> bool:
        return self.appeal_deadline is not None and day <= self.appeal_deadline


class SpecialGrantDocument(StoredDocument):
    """Documentation the municipality uploaded, checked and stored as the interpreters' documents are
    (`interpreters.uploads`, `interpreters.storage`): private, under a random name, never a URL."""

    application = models.ForeignKey(SpecialGrantApplication, on_delete=models.CASCADE, related_name="documents")

    class Meta(StoredDocument.Meta):
        verbose_name = _("special grant document")
        verbose_name_plural = _("special grant documents")


class SpecialGrantEvent(models.Model):
    """One step of an application through its workflow: who, when, why, and the amount that stood after it."""

    application = models.ForeignKey(SpecialGrantApplication, on_delete=models.CASCADE, related_name="events")
    name = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, choices=SpecialGrantState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=SpecialGrantState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    reason = models.TextField(_("reason"), blank=True)
    amount_granted = models.DecimalField(_("amount granted per year (NOK)"), max_digits=12, decimal_places=0,
                                         null=True, blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("special grant event")
        verbose_name_plural = _("special grant events")

    def __str__(self) -> str:
        return f"{self.application_id} {self.name}"
