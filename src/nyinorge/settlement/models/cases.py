"""Cases (a person or a family settled together), their members and their history of transitions."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import Municipality, Organisation, Person
from nyinorge.settlement.models.years import SettlementYear
from nyinorge.settlement.workflow import State

DAYS_PER_MONTH = 365.25 / 12


class Case(models.Model):
    class Category(models.TextChoices):
        RESETTLEMENT = "resettlement", _("Resettlement refugee")
        RECEPTION = "reception", _("From reception centre")
        FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")
        OTHER = "other", _("Other")

    class SettledBy(models.TextChoices):
        DIRECTORATE = "directorate", _("The directorate")
        CHILD_WELFARE = "child_welfare", _("The child welfare service (Bufetat)")

    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    # Seed 3.1: Bufetat, not the directorate, settles unaccompanied minors under 15; their cases are
    # registered (for the statistics and the register) but never go through the directorate's queue.
    settled_by = models.CharField(_("settled by"), max_length=20, choices=SettledBy.choices,
                                  default=SettledBy.DIRECTORATE)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REGISTERED, db_index=True)
    unaccompanied_minor = models.BooleanField(_("unaccompanied minor"), default=False)
    special_needs = models.BooleanField(_("special needs"), default=False)
    shielded_identity = models.BooleanField(_("shielded identity"), default=False)
    decision_date = models.DateField(
        _("decision date"), help_text=_("The residence or entry decision that makes the case ready for settlement.")
    )
    reception_centre = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        limit_choices_to={"kind": Organisation.Kind.RECEPTION_CENTRE}, verbose_name=_("reception centre"),
    )
    private_address = models.CharField(_("private address"), max_length=300, blank=True)
    network_municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("municipality with close family"),
    )
    needs_summary = models.TextField(_("needs"), blank=True)
    competence_summary = models.TextField(_("competence"), blank=True)
    year = models.ForeignKey(
        SettlementYear, on_delete=models.PROTECT, null=True, blank=True, related_name="cases",
        verbose_name=_("settlement year of the proposal"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="settlement_cases",
        verbose_name=_("municipality"), help_text=_("Proposed to, accepted by or settled in."),
    )
    answer_deadline = models.DateField(_("answer deadline"), null=True, blank=True)
    housing_notice = models.ForeignKey(
        "settlement.HousingNotice", on_delete=models.PROTECT, null=True, blank=True, related_name="cases",
        verbose_name=_("housing notice"),
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    persons_count = models.PositiveIntegerField(_("persons"), default=0)
    settlement_date = models.DateField(_("settlement date"), null=True, blank=True)
    # The case_id of an imported extract (`nyinorge import-settlements`): re-importing finds the case and changes nothing.
    external_id = models.CharField(_("external case id"), max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decision_date", "id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["year", "municipality", "state"]),
            # The yearly KPIs select by settlement date and by decision date (31 December).
            models.Index(fields=["settlement_date"], name="case_settlement_date"),
            models.Index(fields=["decision_date"], name="case_decision_date"),
        ]

    def __str__(self) -> str:
        return f"{_('Case')} {self.pk}"

    def waiting_months(self, today: datetime.date | None = None) -> float:
        """Months from the decision to settlement, or to today while waiting (days / (365.25/12))."""
        end = self.settlement_date or today or datetime.date.today()
        return (end - self.decision_date).days / DAYS_PER_MONTH

    @property
    def is_family_with_children(self) -> bool:
        """A case, not an unaccompanied minor, with a member under 18 on the settlement date (or today)."""
        on = self.settlement_date or datetime.date.today()
        return not self.unaccompanied_minor and any(
            # members.all() so a list that prefetched members__person asks nothing more per case.
            age_on(member.person.birth_date, on) < 18 for member in self.members.all()
        )


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    """Whole years of age on a date."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


class CaseMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="settlement_memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="person_once_per_case")]


class CaseTransition(models.Model):
    """The history: every state change with who, when, why and where."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transitions")
    name = models.CharField(_("transition"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, choices=State.choices)
    to_state = models.CharField(_("to"), max_length=20, choices=State.choices)
    # Not auto_now_add: bulk loads of past years (synthetic or imported) record when each step happened.
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["at", "id"]
