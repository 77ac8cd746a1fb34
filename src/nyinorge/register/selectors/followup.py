"""The municipal follow-up lists ("NIR-rapporten", seed 3.2): whom the municipality must act for now.

- training: persons with a right to Norwegian training that the municipality must offer now (including
  those who moved in), with the days since the right began; past three months is highlighted;
- programme: persons with a right to the introduction programme past the three-month start deadline
  who have not started here;
- deadlines: obligations to complete training whose three-year deadline is near (or passed within a year);
- missing: persons with a right but no registered activity at all in the municipality.

Every list is limited to people the user may see, living in the municipality on the date.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyinorge.core.access import people_visible_to, require, user_can
from nyinorge.core.models import Municipality, Organisation, User
from nyinorge.core.roles import Capability
from nyinorge.register.dates import add_months
from nyinorge.register.models import (
    Exemption,
    ExemptionScope,
    LegalBasis,
    ProgrammeOutcome,
    ProgrammeParticipation,
    ResidencePeriod,
    TrainingEndReason,
    TrainingHours,
    TrainingKind,
    TrainingPeriod,
)

START_WITHIN_MONTHS = 3
DEADLINE_WARNING_DAYS = 180
DEADLINE_PASSED_DAYS = 365  # deadlines passed longer ago than this are history, not follow-up
DONE_REASONS = (TrainingEndReason.OBLIGATION_COMPLETED, TrainingEndReason.HOURS_COMPLETED, TrainingEndReason.EXEMPTED)


class FollowUpList(StrEnum):
    TRAINING = "training"
    PROGRAMME = "programme"
    DEADLINES = "deadlines"
    MISSING = "missing"


FOLLOW_UP_TITLES = {
    FollowUpList.TRAINING: gettext_lazy("Norwegian training to offer"),
    FollowUpList.PROGRAMME: gettext_lazy("Programme starts past three months"),
    FollowUpList.DEADLINES: gettext_lazy("Obligations near the three-year deadline"),
    FollowUpList.MISSING: gettext_lazy("Missing registrations"),
}


@dataclass(frozen=True)
class FollowUpRow:
    basis: LegalBasis
    resident_since: datetime.date
    moved_in: bool
    since: datetime.date  # when the clock of this list started (right began, deadline, residence)
    days: int
    highlighted: bool
    deadline: datetime.date | None = None

    @property
    def person(self):
        return self.basis.person


def followup_municipality(*, actor: User, number: str | None) -> Municipality | None:
    """The municipality whose lists the actor asks for: a municipality its own; the directorate any it names."""
    require(user_can(actor, Capability.VIEW_INTRODUCTION_REGISTER))
    organisation = actor.organisation
    if organisation.kind == Organisation.Kind.MUNICIPALITY:
        if number and number != organisation.municipality_id:
            raise PermissionDenied(_("You can only see the follow-up lists of your own municipality."))
        return organisation.municipality
    if organisation.kind != Organisation.Kind.DIRECTORATE:
        raise PermissionDenied(_("The follow-up lists are for municipalities and the directorate."))
    return Municipality.objects.filter(number=number).first() if number else None


def _current_bases(*, actor: User, municipality: Municipality, on: datetime.date) -> QuerySet[LegalBasis]:
    # Two steps: the residents first (one indexed query), then only the ones the user may see. One
    # query combining both made the planners re-run the person-scope subqueries per row.
    residents = set(
        ResidencePeriod.objects.filter(municipality=municipality, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on)).values_list("person_id", flat=True))
    visible = list(people_visible_to(actor).filter(pk__in=residents).values_list("pk", flat=True)) if residents else []
    return LegalBasis.objects.filter(superseded_at__isnull=True, person_id__in=visible).select_related("person")


def _residence_starts(person_ids: list[int], municipality: Municipality, on: datetime.date) -> dict[int, tuple[datetime.date, bool]]:
    """Per person: the start of the current residence here, and whether they moved in from another municipality."""
    starts: dict[int, tuple[datetime.date, bool]] = {}
    earlier: set[int] = set()
    for period in ResidencePeriod.objects.filter(person_id__in=person_ids, valid_from__lte=on).order_by("valid_from"):
        if period.municipality_id == municipality.pk and (period.valid_to is None or period.valid_to >= on):
            starts[period.person_id] = (period.valid_from, period.person_id in earlier)
        else:
            earlier.add(period.person_id)
    return starts


def _rows(bases, municipality, on, since_of, highlight_of, deadline_of=lambda b: None) -> list[FollowUpRow]:
    bases = list(bases)
    starts = _residence_starts([b.person_id for b in bases], municipality, on)
    rows = []
    for basis in bases:
        resident_since, moved_in = starts.get(basis.person_id, (basis.valid_from, False))
        since = since_of(basis, resident_since)
        rows.append(FollowUpRow(basis=basis, resident_since=resident_since, moved_in=moved_in, since=since,
                                days=(on - since).days, highlighted=highlight_of(basis, since),
                                deadline=deadline_of(basis)))
    return sorted(rows, key=lambda row: (-row.days, row.person.family_name, row.person.pk))


def training_to_offer(*, actor: User, municipality: Municipality, on: datetime.date) -> list[FollowUpRow]:
    """Persons the municipality must offer Norwegian training now; highlighted when the right began over 3 months ago."""
    in_training_here = TrainingPeriod.objects.filter(
        person=OuterRef("person"), municipality=municipality, kind=TrainingKind.NORWEGIAN, start__lte=on).filter(
        Q(end__isnull=True) | Q(end__gte=on))
    done = TrainingPeriod.objects.filter(person=OuterRef("person"), end_reason__in=DONE_REASONS, end__lte=on)
    exempt = Exemption.objects.filter(person=OuterRef("person"), decided_on__lte=on,
                                      applies_to__in=[ExemptionScope.NORWEGIAN, ExemptionScope.BOTH])
    bases = (_current_bases(actor=actor, municipality=municipality, on=on)
             .filter(training_right=True).filter(Q(right_ends__isnull=True) | Q(right_ends__gte=on))
             .exclude(Exists(in_training_here)).exclude(Exists(done)).exclude(Exists(exempt)))
    return _rows(bases, municipality, on, since_of=lambda basis, _resident: basis.valid_from,
                 highlight_of=lambda _basis, since: on > add_months(since, START_WITHIN_MONTHS))


def programme_starts_overdue(*, actor: User, municipality: Municipality, on: datetime.date) -> list[FollowUpRow]:
    """Persons with a right to the programme, past the start deadline, with no programme here (or finished elsewhere)."""
    here = ProgrammeParticipation.objects.filter(person=OuterRef("person"), municipality=municipality)
    finished = ProgrammeParticipation.objects.filter(
        person=OuterRef("person"), end__isnull=False,
        outcome__in=[ProgrammeOutcome.WORK, ProgrammeOutcome.EDUCATION, ProgrammeOutcome.OTHER])
    bases = (_current_bases(actor=actor, municipality=municipality, on=on)
             .filter(programme_right=True, programme_start_deadline__lt=on)
             .exclude(Exists(here)).exclude(Exists(finished)))
    return _rows(bases, municipality, on,
                 since_of=lambda basis, resident: max(basis.programme_start_deadline, add_months(resident, START_WITHIN_MONTHS)),
                 highlight_of=lambda _basis, _since: True, deadline_of=lambda basis: basis.programme_start_deadline)


def obligations_near_deadline(*, actor: User, municipality: Municipality, on: datetime.date) -> list[FollowUpRow]:
    """Obligations not yet completed whose three-year deadline falls within 180 days (or passed within a year: highlighted)."""
    completed = TrainingPeriod.objects.filter(person=OuterRef("person"), end_reason__in=DONE_REASONS, end__lte=on)
    exempt = Exemption.objects.filter(person=OuterRef("person"), decided_on__lte=on, applies_to=ExemptionScope.BOTH)
    bases = (_current_bases(actor=actor, municipality=municipality, on=on)
             .filter(training_obligation=True, obligation_deadline__lte=on + datetime.timedelta(days=DEADLINE_WARNING_DAYS),
                     obligation_deadline__gte=on - datetime.timedelta(days=DEADLINE_PASSED_DAYS))
             .exclude(Exists(completed)).exclude(Exists(exempt)))
    rows = _rows(bases, municipality, on, since_of=lambda basis, _resident: basis.obligation_deadline,
                 highlight_of=lambda _basis, deadline: deadline < on, deadline_of=lambda basis: basis.obligation_deadline)
    return sorted(rows, key=lambda row: (row.deadline, row.person.pk))


def missing_registrations(*, actor: User, municipality: Municipality, on: datetime.date) -> list[FollowUpRow]:
    """Persons with a right to the programme or training and nothing at all registered for them here."""
    activity = [
        model.objects.filter(person=OuterRef("person"), municipality=municipality)
        for model in (ProgrammeParticipation, TrainingPeriod, TrainingHours, Exemption)
    ]
    bases = _current_bases(actor=actor, municipality=municipality, on=on).filter(
        Q(programme_right=True) | Q(training_right=True))
    for query in activity:
        bases = bases.exclude(Exists(query))
    return _rows(bases, municipality, on, since_of=lambda _basis, resident: resident,
                 highlight_of=lambda _basis, since: on > add_months(since, START_WITHIN_MONTHS))


FOLLOW_UP_SELECTORS = {
    FollowUpList.TRAINING: training_to_offer,
    FollowUpList.PROGRAMME: programme_starts_overdue,
    FollowUpList.DEADLINES: obligations_near_deadline,
    FollowUpList.MISSING: missing_registrations,
}
