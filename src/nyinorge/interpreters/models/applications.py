"""Applications to the interpreter register: what the interpreter claims, the documents behind it, and the review.

An application is the interpreter's own; its evidence claims become `Evidence` rows (pending) when it is
submitted, and reviewers decide each one through `evidence_set_status`. Writes go through
`interpreters.services.applications`, never `.save()` from a view.
"""

from django.conf import settings
from django.db import models

from nyinorge.core.models import StoredDocument
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.interpreters import storage  # noqa: F401  (registers the system check that the files stay private)
from nyinorge.interpreters.categories import EvidenceKind
from nyinorge.interpreters.languages import language_name, variant_name
from nyinorge.interpreters.models.register import LANGUAGE_CODE_MAX, VARIANT_MAX, Evidence, Interpreter
from nyinorge.interpreters.workflows.applications import OPEN_STATES, ApplicationState, ClaimStatus


def language_display(language: str, variant: str) -> str:
    if not language:
        return ""
    variant_label = variant_name(language, variant)
    return f"{language_name(language)} ({variant_label})" if variant_label else language_name(language)


class Application(models.Model):
    State = ApplicationState

    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="applications",
                                    verbose_name=_("interpreter"))
    state = models.CharField(_("state"), max_length=20, choices=ApplicationState.choices,
                             default=ApplicationState.DRAFT, db_index=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1, help_text=_("1, and one more for each amendment."))
    message = models.TextField(_("message to the reviewer"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("decided by"))
    decision_note = models.TextField(_("note from the reviewer"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["interpreter"], condition=Q(state__in=sorted(OPEN_STATES)),
                                    name="one_open_application_per_interpreter"),
        ]

    def __str__(self) -> str:
        return f"{self.interpreter} – {self.get_state_display()}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ApplicationLanguage(models.Model):
    """A language (and variant) the interpreter applies to work in."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=LANGUAGE_CODE_MAX)
    variant = models.CharField(_("variant"), max_length=VARIANT_MAX, blank=True)

    class Meta:
        ordering = ["language", "variant"]
        verbose_name = _("language applied for")
        verbose_name_plural = _("languages applied for")
        constraints = [models.UniqueConstraint(fields=["application", "language", "variant"],
                                               name="application_language_once")]

    def __str__(self) -> str:
        return self.display

    @property
    def display(self) -> str:
        return language_display(self.language, self.variant)


class EvidenceClaim(models.Model):
    """One qualification the interpreter claims; on submission it becomes a pending `Evidence` row."""

    Kind = EvidenceKind

    class Origin(models.TextChoices):
        APPLICANT = "applicant", _("Entered by the applicant")
        SOURCE = "source", _("Fetched from an external source")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="claims")
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    language = models.CharField(_("language"), max_length=LANGUAGE_CODE_MAX, blank=True)
    variant = models.CharField(_("variant"), max_length=VARIANT_MAX, blank=True)
    obtained_on = models.DateField(_("obtained on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    credits = models.PositiveSmallIntegerField(_("credits"), null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.APPLICANT)
    # The evidence this claim became at its latest submission, and the one rejected before it (for the reviewer).
    evidence = models.OneToOneField(Evidence, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="claim", verbose_name=_("evidence"))
    previous_evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, null=True, blank=True,
                                          related_name="+", verbose_name=_("previously rejected evidence"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("evidence claim")
        verbose_name_plural = _("evidence claims")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.language_display}".strip()

    @property
    def language_display(self) -> str:
        return language_display(self.language, self.variant)

    @property
    def status(self) -> str:
        """The review status of the claim's current evidence (pending before it is submitted)."""
        return self.evidence.status if self.evidence_id else ClaimStatus.PENDING

    @property
    def status_display(self) -> str:
        return ClaimStatus(self.status).label

    @property
    def locked(self) -> bool:
        """Approved claims stay as they are; only pending (unsubmitted) and rejected ones can be changed."""
        return self.status == ClaimStatus.APPROVED


class ApplicationDocument(StoredDocument):
    """A document the applicant uploaded, stored privately (see `interpreters.storage`) under a random name."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    claim = models.ForeignKey(EvidenceClaim, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="documents", verbose_name=_("supports"))

    class Meta(StoredDocument.Meta):
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")


class ApplicationEvent(models.Model):
    """One step of an application through its workflow, with who took it and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    name = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, choices=ApplicationState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=ApplicationState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
