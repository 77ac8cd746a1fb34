"""The national interpreter register: interpreters, their languages with computed categories, the evidence the
categories come from, and the history of both. Writes go through `interpreters.services`, never `.save()`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import County, Municipality
from nyinorge.interpreters.categories import EvidenceKind, category_label
from nyinorge.interpreters.languages import language_name, variant_name

LANGUAGE_CODE_MAX = 8
VARIANT_MAX = 40


class Interpreter(models.Model):
    class Status(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        ACTIVE = "active", _("Listed")
        SUSPENDED = "suspended", _("Suspended from the public list")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="interpreter",
        verbose_name=_("login"),
    )
    # The fødselsnummer from the population register: for matching external sources, never published.
    person_number = models.CharField(_("national identity number"), max_length=11, blank=True)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("municipality"),
    )
    remote_screen = models.BooleanField(_("interprets by screen"), default=False)
    remote_phone = models.BooleanField(_("interprets by phone"), default=False)
    # Consent to publish: the name is always public when listed; these three only when the interpreter agrees.
    publish_email = models.BooleanField(_("publish email"), default=False)
    publish_phone = models.BooleanField(_("publish phone"), default=False)
    publish_municipality = models.BooleanField(_("publish municipality"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLICANT,
                              db_index=True)
    suspended_reason = models.TextField(_("reason for suspension"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        constraints = [
            models.UniqueConstraint(fields=["person_number"], condition=~Q(person_number=""),
                                    name="interpreter_person_number_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class InterpreterLanguage(models.Model):
    """A language (and variant) the interpreter works in, with the category computed from the evidence."""

    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=LANGUAGE_CODE_MAX)
    variant = models.CharField(_("variant"), max_length=VARIANT_MAX, blank=True)
    category = models.CharField(_("category"), max_length=8, blank=True)  # "" = not qualified in this language
    category_rank = models.PositiveSmallIntegerField(_("category rank"), default=0)  # higher is better; 0 = none
    rule_version = models.CharField(_("rule version"), max_length=20, blank=True)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)

    class Meta:
        ordering = ["-category_rank", "language", "variant"]
        verbose_name = _("interpreter language")
        verbose_name_plural = _("interpreter languages")
        constraints = [
            models.UniqueConstraint(fields=["interpreter", "language", "variant"], name="interpreter_language_once"),
        ]
        indexes = [models.Index(fields=["language", "category_rank"], name="interp_language_rank")]

    def __str__(self) -> str:
        return f"{self.interpreter}: {self.language_display} {self.category or '–'}"

    @property
    def language_display(self) -> str:
        variant = variant_name(self.language, self.variant)
        return f"{language_name(self.language)} ({variant})" if variant else language_name(self.language)

    @property
    def category_display(self) -> str:
        return category_label(self.category, self.rule_version or None)


class Evidence(models.Model):
    """One qualification document: authorisation, education, bilingual test or the ethics course (TAO)."""

    Kind = EvidenceKind

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        APPLICATION = "application", _("The interpreter's application")
        ADAPTER = "adapter", _("External source")
        SYNTHETIC = "synthetic", _("Synthetic data")
        SCREEN = "screen", _("Registered by the directorate")

    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    language = models.CharField(_("language"), max_length=LANGUAGE_CODE_MAX, blank=True)  # "" for the ethics course
    variant = models.CharField(_("variant"), max_length=VARIANT_MAX, blank=True)  # "" counts for every variant
    obtained_on = models.DateField(_("obtained on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    credits = models.PositiveSmallIntegerField(_("credits"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["interpreter", "kind", "language", "obtained_on", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        indexes = [models.Index(fields=["status", "valid_until"], name="interp_evidence_expiry")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=EvidenceKind.ETHICS_COURSE, language="", variant="")
                | (~Q(kind=EvidenceKind.ETHICS_COURSE) & ~Q(language="")),
                name="evidence_language_matches_kind",
            ),
            models.CheckConstraint(condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("obtained_on")),
                                   name="evidence_valid_after_obtained"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.language} ({self.get_status_display()})"

    def counts_on(self, day) -> bool:
        """Approved, obtained by `day`, not expired and not revoked on `day`."""
        return (
            self.status == self.Status.APPROVED
            and self.obtained_on <= day
            and (self.valid_until is None or self.valid_until >= day)
            and (self.revoked_on is None or self.revoked_on > day)
        )


class CategoryHistory(models.Model):
    """Each category a language had, from when to when, under which rule table and why it changed."""

    interpreter_language = models.ForeignKey(InterpreterLanguage, on_delete=models.CASCADE, related_name="history")
    category = models.CharField(_("category"), max_length=8, blank=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)
    rule_version = models.CharField(_("rule version"), max_length=20)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["interpreter_language", "valid_from", "id"]
        verbose_name = _("category history")
        verbose_name_plural = _("category history")
        constraints = [
            models.UniqueConstraint(fields=["interpreter_language"], condition=Q(valid_to__isnull=True),
                                    name="one_open_category_period"),
        ]

    @property
    def category_display(self) -> str:
        return category_label(self.category, self.rule_version)


class StatusChange(models.Model):
    """The history of an interpreter's status (listed, suspended, withdrawn) with who and why."""

    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=20, choices=Interpreter.Status.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=Interpreter.Status.choices)
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+", verbose_name=_("by"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")


class Listing(models.Model):
    """The public search index: one row per (listed interpreter, qualified language), holding only what the
    interpreter consented to publish. Rebuilt for an interpreter by every service that changes them, so the
    public search reads one table (fast) and cannot show an unpublished field (there is none to show)."""

    interpreter_language = models.OneToOneField(InterpreterLanguage, on_delete=models.CASCADE, primary_key=True,
                                                related_name="listing")
    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="listings")
    language = models.CharField(max_length=LANGUAGE_CODE_MAX)
    variant = models.CharField(max_length=VARIANT_MAX, blank=True)
    category = models.CharField(max_length=8)
    category_rank = models.PositiveSmallIntegerField()
    rule_version = models.CharField(max_length=20)
    name = models.CharField(max_length=201)
    search_name = models.CharField(max_length=201)  # lower case, accents kept: what name search matches
    email = models.EmailField(blank=True)  # "" unless consented
    phone = models.CharField(max_length=30, blank=True)  # "" unless consented
    municipality = models.ForeignKey(Municipality, on_delete=models.DO_NOTHING, null=True, db_constraint=False,
                                     db_index=False, related_name="+")  # null unless consented
    county = models.ForeignKey(County, on_delete=models.DO_NOTHING, null=True, db_constraint=False,
                               db_index=False, related_name="+")  # null unless consented
    remote_screen = models.BooleanField(default=False)
    remote_phone = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("public listing")
        verbose_name_plural = _("public listings")
        # Every search is ordered by category (highest first), then name: these indexes give that order directly.
        # The trigram index for name search is created in the migration (PostgreSQL only).
        indexes = [
            models.Index(fields=["language", "-category_rank", "search_name", "interpreter_language"],
                         name="listing_language_order"),
            models.Index(fields=["language", "variant", "-category_rank", "search_name", "interpreter_language"],
                         name="listing_variant_order"),
            models.Index(fields=["-category_rank", "search_name", "interpreter_language"], name="listing_order"),
            models.Index(fields=["county", "language", "-category_rank"], name="listing_county"),
            models.Index(fields=["municipality", "language", "-category_rank"], name="listing_municipality"),
        ]
