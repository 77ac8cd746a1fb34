"""Application-based grant schemes (søknadsbaserte tilskudd) and their calls.

A scheme holds the five elements the state's financial regulations require of every grant scheme
(Bestemmelser om økonomistyring i staten 6.2–6.3, DFØ's guide): objective, target group, criteria for
results, award criteria and calculation rules, follow-up and control (with evaluation), and the budget
chapter/post it is paid from. A call (utlysning, a round) opens the scheme for applications for a period,
with a frame, the applicant kinds that may apply and the application and review forms as data
(`grants.formdefs`). A call is administered by the directorate or, for a delegated scheme, by one
municipality for its own area.

Texts that users of both languages read (scheme elements, call titles, form labels) are stored as data with a
bokmål and an English version: {"nb": "...", "en": "..."} (`grants.translated`).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Organisation
from nyinorge.grants.translated import translated


class SchemeKind(models.TextChoices):
    GRANT = "grant", _("Grant scheme")
    PRIZE = "prize", _("Prize (public nominations)")


class ApplicantKind(models.TextChoices):
    """The organisation kinds a call may be open to (a subset of `Organisation.Kind`)."""

    MUNICIPALITY = Organisation.Kind.MUNICIPALITY.value, _("Municipality")
    COUNTY = Organisation.Kind.COUNTY.value, _("County")
    VOLUNTARY = Organisation.Kind.VOLUNTARY.value, _("Voluntary organisation")
    EMPLOYER = Organisation.Kind.EMPLOYER.value, _("Employer")
    OTHER = Organisation.Kind.OTHER.value, _("Other organisation")


class GrantScheme(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=SchemeKind.choices, default=SchemeKind.GRANT)
    name = models.JSONField(_("name"), help_text=_('{"nb": "…", "en": "…"}'))
    objective = models.JSONField(_("objective"))
    target_group = models.JSONField(_("target group"))
    result_criteria = models.JSONField(_("criteria for results"))
    award_rules = models.JSONField(_("award criteria and calculation rules"))
    follow_up = models.JSONField(_("follow-up, control and evaluation"))
    budget_chapter = models.PositiveSmallIntegerField(_("budget chapter"))
    budget_post = models.PositiveSmallIntegerField(_("budget post"))
    # Jobbsjansen's participant report (participants, completion, transition to work or education).
    reports_participants = models.BooleanField(_("participant report"), default=False)
    # What the scheme's statistics group the grants by (Tabell 3-2-1's priority areas, Tabell 3-3-2's sub-goals):
    # the key of a choice field of the application form.
    statistics_field = models.CharField(_("field the statistics group by"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("grant scheme")
        verbose_name_plural = _("grant schemes")

    def __str__(self) -> str:
        return translated(self.name)

    @property
    def is_prize(self) -> bool:
        return self.kind == SchemeKind.PRIZE


class SchemeCriterion(models.Model):
    """One award criterion with its weight; reviewers score each from 1 to `max_score` (7 unless the scheme says)."""

    scheme = models.ForeignKey(GrantScheme, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("key"), max_length=40)
    label = models.JSONField(_("criterion"))
    description = models.JSONField(_("what is assessed"), default=dict, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=7)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["scheme", "order", "id"]
        verbose_name = _("award criterion")
        verbose_name_plural = _("award criteria")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "key"], name="schemecriterion_unique_key"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="schemecriterion_weight_positive"),
            models.CheckConstraint(condition=Q(max_score__gte=2), name="schemecriterion_max_score_2"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code}/{self.key}"


class SchemeDelegation(models.Model):
    """A municipality given a scheme to administer for its own area (the volunteer scheme's 20), with its frame."""

    scheme = models.ForeignKey(GrantScheme, on_delete=models.PROTECT, related_name="delegations")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grant_delegations",
                                     verbose_name=_("municipality"),
                                     limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY})
    budget_year = models.PositiveSmallIntegerField(_("budget year"))
    frame = models.DecimalField(_("frame (NOK)"), max_digits=14, decimal_places=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["scheme", "budget_year", "organisation__name"]
        verbose_name = _("delegated administration")
        verbose_name_plural = _("delegated administrations")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "organisation", "budget_year"], name="delegation_unique"),
            models.CheckConstraint(condition=Q(frame__gte=0), name="delegation_frame_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code} {self.budget_year} {self.organisation}"


class GrantCall(models.Model):
    """A round of a scheme: dates, frame, who may apply, the forms, the payment and reporting plan of its grants."""

    scheme = models.ForeignKey(GrantScheme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("scheme"))
    budget_year = models.PositiveSmallIntegerField(_("budget year"))
    title = models.JSONField(_("title"))
    description = models.JSONField(_("description"), default=dict, blank=True)
    # The directorate, or the municipality a delegated scheme's call belongs to.
    administered_by = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grant_calls",
                                        verbose_name=_("administered by"))
    opens_at = models.DateTimeField(_("opens"))
    deadline = models.DateTimeField(_("deadline"))
    frame = models.DecimalField(_("frame (NOK)"), max_digits=14, decimal_places=0)
    max_amount = models.DecimalField(_("most that one application can be granted (NOK)"), max_digits=14,
                                     decimal_places=0, null=True, blank=True)
    applicant_kinds = models.JSONField(_("who may apply"), default=list)
    application_form = models.JSONField(_("application form"), default=dict)
    review_form = models.JSONField(_("review form"), default=dict)
    # [{"share": 50, "months_after_acceptance": 0}, ...]: shares in per cent summing to 100.
    payment_plan = models.JSONField(_("payment plan"), default=list)
    # [{"kind": "progress", "due": "2019-09-01"}, ...] (kinds: `GrantReport.Kind`).
    reporting_plan = models.JSONField(_("reporting plan"), default=list)
    project_start = models.DateField(_("projects start"), null=True, blank=True)
    project_end = models.DateField(_("projects end"), null=True, blank=True)
    appeal_body = models.JSONField(_("appeal body"), default=dict, blank=True)
    published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-budget_year", "deadline", "id"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gt=models.F("opens_at")), name="call_deadline_after_opening"),
            models.CheckConstraint(condition=Q(frame__gte=0), name="call_frame_not_negative"),
        ]
        indexes = [models.Index(fields=["administered_by", "budget_year"], name="call_admin_year")]

    def __str__(self) -> str:
        return translated(self.title)

    def is_open_at(self, moment: datetime.datetime) -> bool:
        return self.published and self.opens_at <= moment <= self.deadline

    @property
    def is_open(self) -> bool:
        return self.is_open_at(timezone.now())

    @property
    def is_delegated(self) -> bool:
        return self.administered_by.kind == Organisation.Kind.MUNICIPALITY

    def accepts(self, organisation_kind: str) -> bool:
        return organisation_kind in self.applicant_kinds
