"""Applications to a call, their documents and history, and the reviews of them.

The answers follow the call's application form (`grants.formdefs`): `answers` holds them by field key, `budget`
the budget table. Writes go through `grants.services.applications` and `grants.services.reviews`, which move the
application through `grants.application_workflow` (history and audit in one transaction).
A prize nomination is an application without an applicant organisation: the nominator's name and e-mail are kept.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Organisation, StoredDocument
from nyinorge.grants.application_states import (
    ACCEPTABLE_STATES, APPEALABLE_STATES, GRANTED_STATES, OPEN_STATES, ApplicationState,
)
from nyinorge.grants.models.schemes import GrantCall


class GrantApplication(models.Model):
    State = ApplicationState

    call = models.ForeignKey(GrantCall, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    applicant = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="grant_applications", verbose_name=_("applicant"))
    project_title = models.CharField(_("project title"), max_length=200)
    amount_applied = models.DecimalField(_("amount applied for (NOK)"), max_digits=14, decimal_places=0, default=0)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    budget = models.JSONField(_("budget"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=ApplicationState.choices,
                             default=ApplicationState.DRAFT, db_index=True)
    # The automatic eligibility check at submission (and again at start of review): [{"rule", "ok", "message"}].
    eligibility = models.JSONField(_("eligibility check"), default=list, blank=True)
    proposed_amount = models.DecimalField(_("proposed amount (NOK)"), max_digits=14, decimal_places=0, null=True,
                                          blank=True)
    amount_granted = models.DecimalField(_("amount granted (NOK)"), max_digits=14, decimal_places=0, null=True,
                                         blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    # The criteria the reasons refer to (keys of the scheme's criteria), so the letter can name them.
    decision_criteria = models.JSONField(_("criteria the decision rests on"), default=list, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    appeal_deadline = models.DateField(_("appeal deadline"), null=True, blank=True)
    period_start = models.DateField(_("grant period from"), null=True, blank=True)
    period_end = models.DateField(_("grant period to"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("grant letter accepted by"))
    accepted_at = models.DateTimeField(_("grant letter accepted"), null=True, blank=True)
    appeal_text = models.TextField(_("appeal"), blank=True)
    appealed_at = models.DateTimeField(_("appealed"), null=True, blank=True)
    reconsideration_reasons = models.TextField(_("reconsideration"), blank=True)
    sent_to_appeal_body_at = models.DateTimeField(_("sent to the appeal body"), null=True, blank=True)
    appeal_reasons = models.TextField(_("reasons for the appeal decision"), blank=True)
    appeal_decided_at = models.DateTimeField(_("appeal decided"), null=True, blank=True)
    # Prize nominations: who nominated (no login).
    nominator_name = models.CharField(_("nominated by"), max_length=200, blank=True)
    nominator_email = models.EmailField(_("nominator's e-mail"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("grant application")
        verbose_name_plural = _("grant applications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["call", "state"], name="grantapp_call_state"),
                   models.Index(fields=["applicant", "state"], name="grantapp_applicant_state")]
        constraints = [
            models.CheckConstraint(condition=Q(amount_applied__gte=0), name="grantapp_amount_applied_not_negative"),
            models.CheckConstraint(condition=Q(amount_granted__isnull=True) | Q(amount_granted__gte=0),
                                   name="grantapp_amount_granted_not_negative"),
        ]

    def __str__(self) -> str:
        return self.project_title

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_appealable(self) -> bool:
        return self.state in APPEALABLE_STATES

    @property
    def is_granted(self) -> bool:
        return self.state in GRANTED_STATES and bool(self.amount_granted)

    @property
    def is_acceptable(self) -> bool:
        return self.state in ACCEPTABLE_STATES and bool(self.amount_granted)

    def appeal_open_on(self, day: datetime.date) -> bool:
        return self.appeal_deadline is not None and day <= self.appeal_deadline


class GrantApplicationDocument(StoredDocument):
    """An attachment, checked and stored as every uploaded document is (`interpreters.uploads`)."""

    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="documents")

    class Meta(StoredDocument.Meta):
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")


class GrantApplicationEvent(models.Model):
    """One step of an application through its workflow: who, when, why, and the amount that stood after it."""

    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="events")
    name = models.CharField(_("action"), max_length=30)
    from_state = models.CharField(_("from"), max_length=20, choices=ApplicationState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=ApplicationState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    reason = models.TextField(_("reason"), blank=True)
    amount_granted = models.DecimalField(_("amount granted (NOK)"), max_digits=14, decimal_places=0, null=True,
                                         blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self) -> str:
        return f"{self.application_id} {self.name}"


class ReviewAssignment(models.Model):
    """A reviewer assigned to an application. The reviewer declares impartiality first (forvaltningsloven §§ 6–10):
    a declared conflict of interest removes them from the application; only then can they score it."""

    class State(models.TextChoices):
        ASSIGNED = "assigned", _("Awaiting declaration of impartiality")
        IMPARTIAL = "impartial", _("Impartial; scoring")
        CONFLICT = "conflict", _("Removed: conflict of interest")
        SUBMITTED = "submitted", _("Review submitted")

    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_reviews",
                                 verbose_name=_("reviewer"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.ASSIGNED)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now, editable=False)
    declared_at = models.DateTimeField(_("impartiality declared"), null=True, blank=True)
    conflict_note = models.TextField(_("conflict of interest"), blank=True)
    # {criterion key: {"score": int, "comment": str}}; the review form's own answers in `answers`.
    scores = models.JSONField(_("scores"), default=dict, blank=True)
    answers = models.JSONField(_("review answers"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["application", "assigned_at", "id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="review_one_per_reviewer")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.reviewer_id}"

