"""IMDinett mottak: the structured settlement interview reception staff hold with a person or a family."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Municipality


class SettlementInterview(models.Model):
    """One per case: what the settlement needs to know, which flows into the case and the matching."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Started")
        COMPLETED = "completed", _("Completed")

    class Source(models.TextChoices):
        RECEPTION = "reception", _("Reception centre")
        MISSION = "mission", _("Selection mission")

    case = models.OneToOneField("settlement.Case", on_delete=models.CASCADE, related_name="interview",
                                verbose_name=_("case"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("held at"), max_length=10, choices=Source.choices, default=Source.RECEPTION)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("held by"))
    interpreter = models.ForeignKey("interpreters.Interpreter", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("interpreter"))
    interpreter_language = models.CharField(_("interpreted language"), max_length=3, blank=True)
    family_situation = models.TextField(_("family situation"), blank=True)
    must_live_together = models.BooleanField(_("the whole case must live together"), default=True)
    health_needs = models.TextField(_("health needs that matter for housing"), blank=True)
    accessible_dwelling = models.BooleanField(_("needs a wheelchair-accessible dwelling"), default=False)
    rooms_needed = models.PositiveSmallIntegerField(_("bedrooms needed"), null=True, blank=True,
                                                    validators=[MinValueValidator(1), MaxValueValidator(20)])
    wishes = models.TextField(_("wishes for the settlement"), blank=True)
    competence_reviewed = models.BooleanField(_("competence registration reviewed with the resident"), default=False)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("settlement interview")
        verbose_name_plural = _("settlement interviews")

    def __str__(self) -> str:
        return _("Settlement interview, case %(case)s") % {"case": self.case_id}


class NetworkTie(models.Model):
    """Close family or network in a municipality: the matching may place the case there (or only there)."""

    class Relation(models.TextChoices):
        SPOUSE = "spouse", _("Spouse or partner")
        PARENT = "parent", _("Parent")
        CHILD = "child", _("Adult child")
        SIBLING = "sibling", _("Sibling")
        OTHER_FAMILY = "other_family", _("Other family")
        FRIEND = "friend", _("Friend or other network")

    interview = models.ForeignKey(SettlementInterview, on_delete=models.CASCADE, related_name="network_ties")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    relation = models.CharField(_("relation"), max_length=14, choices=Relation.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]

    @property
    def is_close_family(self) -> bool:
        return self.relation in {self.Relation.SPOUSE, self.Relation.PARENT, self.Relation.CHILD,
                                 self.Relation.SIBLING}
