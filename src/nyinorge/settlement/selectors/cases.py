"""Reading cases: who may see which case, the lists each user group works from, and need-to-know views.

Lists return querysets (no personal data is shown yet, so nothing is audited); reading one case, or
showing/exporting a list's members, is audited by the caller through `cases_shown`.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, Municipality, Organisation, Person, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.settlement.models import Case, CaseMember, CaseTransition, HousingNotice, SettlementYear
from nyinorge.settlement.models.cases import age_on
from nyinorge.settlement.selectors.years import accepted_numbers, current_decisions
from nyinorge.settlement.workflow import OPEN_STATES, State

# What a municipality may see of a case: proposed to it, accepted by it, settled in it.
MUNICIPALITY_STATES = (State.PROPOSED, State.ACCEPTED, State.SETTLED)


def places_used(*, year: SettlementYear, municipality: Municipality) -> tuple[int, int]:
    """(persons other than unaccompanied minors, unaccompanied minors) accepted or settled this year."""
    return accepted_numbers(year, municipality).get(municipality.number, (0, 0))


@dataclass(frozen=True)
class Capacity:
    decided: int
    decided_minors: int
    used: int
    used_minors: int

    @property
    def decided_others(self) -> int:
        return self.decided - self.decided_minors

    @property
    def remaining(self) -> int:
        return max(self.decided_others - self.used, 0)

    @property
    def remaining_minors(self) -> int:
        return max(self.decided_minors - self.used_minors, 0)


def capacity(*, year: SettlementYear, municipality: Municipality) -> Capacity:
    """Decided, used and remaining places (unaccompanied minors on their own quota)."""
    decision = current_decisions(year).get(municipality.number)
    used, used_minors = places_used(year=year, municipality=municipality)
    return Capacity(decided=decision.persons if decision else 0,
                    decided_minors=decision.unaccompanied_minors if decision else 0,
                    used=used, used_minors=used_minors)


def capacity_by_municipality(*, year: SettlementYear) -> dict[str, Capacity]:
    """Capacity of every municipality with a decision, in three queries (for the proposal form)."""
    decisions = current_decisions(year)
    used = accepted_numbers(year)
    return {
        number: Capacity(decided=decision.persons, decided_minors=decision.unaccompanied_minors,
                         used=used.get(number, (0, 0))[0], used_minors=used.get(number, (0, 0))[1])
        for number, decision in decisions.items()
    }


def capacity_for(*, actor: User, year: int) -> Capacity:
    """The actor's own municipality's places in a settlement year (404 for a year that does not exist)."""
    require(user_can(actor, Capability.ANSWER_PROPOSALS))
    try:
        settlement_year = SettlementYear.objects.get(year=year)
    except SettlementYear.DoesNotExist:
        raise Http404(_("There is no settlement year %(year)s.") % {"year": year}) from None
    return capacity(year=settlement_year, municipality=actor.organisation.municipality)


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Every case the user may see: all for the directorate, the municipality's own, the centre's residents."""
    organisation = user.organisation
    if organisation is None:
        return Case.objects.none()
    if user_can(user, Capability.MANAGE_SETTLEMENT_CASES) and organisation.kind == Organisation.Kind.DIRECTORATE:
        return Case.objects.all()
    if user_can(user, Capability.ANSWER_PROPOSALS) and organisation.municipality_id:
        return Case.objects.filter(municipality_id=organisation.municipality_id, state__in=MUNICIPALITY_STATES)
    if organisation.kind == Organisation.Kind.RECEPTION_CENTRE and user_can(user, Capability.VIEW_PEOPLE):
        return Case.objects.filter(reception_centre=organisation)
    return Case.objects.none()


def _with_members(cases: QuerySet[Case]) -> QuerySet[Case]:
    members = CaseMember.objects.select_related("person").order_by("person__birth_date")
    return cases.select_related("municipality", "reception_centre", "network_municipality", "housing_notice").prefetch_related(
        Prefetch("members", queryset=members))


@dataclass(frozen=True)
class QueueFilters:
    category: str = ""
    flag: str = ""  # unaccompanied_minor | special_needs | shielded_identity | family_with_children
    reception_centre: int | None = None
    county: str = ""
    state: str = ""  # ready | declined | registered; empty = ready and declined


def ready_queue(*, actor: User, filters: QueueFilters = QueueFilters()) -> QuerySet[Case]:
    """The directorate's queue: cases waiting for a municipality, longest-waiting first."""
    require(user_can(actor, Capability.MANAGE_SETTLEMENT_CASES))
    states = [filters.state] if filters.state in (State.REGISTERED, State.READY, State.DECLINED) else [State.READY, State.DECLINED]
    cases = cases_visible_to(actor).filter(state__in=states, settled_by=Case.SettledBy.DIRECTORATE)
    if filters.category:
        cases = cases.filter(category=filters.category)
    if filters.flag in ("unaccompanied_minor", "special_needs", "shielded_identity"):
        cases = cases.filter(**{filters.flag: True})
    elif filters.flag == "family_with_children":
        eighteen_years_ago = _years_before(timezone.localdate(), 18)
        cases = cases.filter(unaccompanied_minor=False, members__person__birth_date__gt=eighteen_years_ago).distinct()
    if filters.reception_centre:
        cases = cases.filter(reception_centre_id=filters.reception_centre)
    if filters.county:
        cases = cases.filter(reception_centre__municipality__county_id=filters.county)
    return _with_members(cases).order_by("decision_date", "id")


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def proposals_for(*, actor: User) -> QuerySet[Case]:
    """Cases proposed to the actor's municipality and awaiting its answer, earliest deadline first."""
    require(user_can(actor, Capability.ANSWER_PROPOSALS))
    return _with_members(cases_visible_to(actor).filter(state=State.PROPOSED)).order_by("answer_deadline", "id")


def accepted_for(*, actor: User) -> QuerySet[Case]:
    """Cases the actor's municipality has accepted and that are not yet settled."""
    require(user_can(actor, Capability.ANSWER_PROPOSALS))
    return _with_members(cases_visible_to(actor).filter(state=State.ACCEPTED)).order_by("answer_deadline", "id")


def settled_in(*, actor: User, year: int | None = None) -> QuerySet[Case]:
    """Cases settled in the actor's municipality, newest first (optionally one settlement year)."""
    require(user_can(actor, Capability.ANSWER_PROPOSALS))
    cases = cases_visible_to(actor).filter(state=State.SETTLED)
    if year:
        cases = cases.filter(settlement_date__year=year)
    return _with_members(cases).order_by("-settlement_date", "-id")


def overdue_proposals(*, actor: User, today: datetime.date | None = None) -> QuerySet[Case]:
    """Proposals whose answer deadline has passed, most overdue first."""
    require(user_can(actor, Capability.MANAGE_SETTLEMENT_CASES))
    today = today or timezone.localdate()
    return _with_members(cases_visible_to(actor).filter(state=State.PROPOSED, answer_deadline__lt=today)).order_by(
        "answer_deadline", "id")


def reception_residents(*, actor: User) -> QuerySet[Case]:
    """A reception centre's residents in open or settled cases, longest-waiting first."""
    organisation = actor.organisation
    if organisation is None or organisation.kind != Organisation.Kind.RECEPTION_CENTRE:
        require(user_can(actor, Capability.MANAGE_SETTLEMENT_CASES))  # only the directorate sees all centres
    require(user_can(actor, Capability.VIEW_PEOPLE))
    cases = cases_visible_to(actor).filter(state__in=list(OPEN_STATES) + [State.SETTLED])
    return _with_members(cases).order_by("decision_date", "id")


def housing_notices_open(*, actor: User, municipality: Municipality | None = None) -> QuerySet[HousingNotice]:
    """Open notices still available today (the directorate sees all, a municipality its own)."""
    organisation = actor.organisation
    notices = HousingNotice.objects.select_related("municipality").filter(
        state=HousingNotice.State.OPEN, available_until__gte=timezone.localdate())
    if user_can(actor, Capability.MANAGE_SETTLEMENT_CASES):
        return notices.filter(municipality=municipality) if municipality else notices
    require(user_can(actor, Capability.REGISTER_HOUSING_NOTICES))
    return notices.filter(municipality_id=organisation.municipality_id)


def housing_notices_of_municipality(*, actor: User) -> QuerySet[HousingNotice]:
    """All the actor's municipality's notices, any state, newest first."""
    require(user_can(actor, Capability.REGISTER_HOUSING_NOTICES))
    return HousingNotice.objects.select_related("municipality").filter(
        municipality_id=actor.organisation.municipality_id).order_by("-registered_at", "-id")


def housing_notice_for(*, actor: User, notice_id: int) -> HousingNotice:
    """One of the actor's municipality's notices; 404 for others' and absent ones alike."""
    try:
        return housing_notices_of_municipality(actor=actor).get(pk=notice_id)
    except HousingNotice.DoesNotExist:
        raise Http404(_("No such housing notice, or not one of your municipality's.")) from None


def case_for(actor: User, case_id: int) -> Case:
    """One case if the actor may see it; 404 otherwise (no difference between absent and not yours)."""
    try:
        return _with_members(cases_visible_to(actor)).get(pk=case_id)
    except Case.DoesNotExist:
        raise Http404(_("No such case, or not one you have access to.")) from None


def may_see_names(actor: User, case: Case) -> bool:
    """Shielded identities are shown only to the directorate's designated staff."""
    return not case.shielded_identity or bool(user_can(actor, Capability.VIEW_SHIELDED_IDENTITIES))


def cases_shown(*, actor: User, cases: list[Case], what: str, action: str = AuditEntry.Action.VIEW) -> None:
    """Audit that these cases' people were shown (or exported) to the actor, in one entry."""
    persons = [member.person for case in cases for member in case.members.all()]
    if persons:
        audit_record(actor=actor, action=action, object_type=f"settlement.case.{what}", persons=persons,
                     detail=f"{len(cases)} cases, {len(persons)} persons")


def case_read(*, actor: User, case_id: int) -> Case:
    """One case with members and history, audited."""
    case = case_for(actor, case_id)
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="settlement.case", object_id=case.pk,
                 persons=[member.person for member in case.members.all()])
    return case


def case_history(*, actor: User, case: Case) -> QuerySet[CaseTransition]:
    """The case's history as the actor may see it: all of it, or for a municipality only the steps that concern it."""
    transitions = case.transitions.select_related("actor__organisation", "municipality")
    organisation = actor.organisation
    if organisation is not None and organisation.kind == Organisation.Kind.MUNICIPALITY:
        if not organisation.municipality_id:
            return transitions.none()
        # Each step records the case's municipality at the time: proposed to it, its own answer, settled in it.
        # Another municipality's decline and its reason are that municipality's business, not this one's.
        return transitions.filter(municipality_id=organisation.municipality_id)
    return transitions


@dataclass(frozen=True)
class MemberSummary:
    """What a municipality needs to know about one person to answer: no name, no identity number."""

    age: int
    sex: str
    role: str  # adult | child


@dataclass(frozen=True)
class NeedToKnow:
    case_id: int
    category: str
    persons: int
    members: list[MemberSummary]
    unaccompanied_minor: bool
    special_needs: bool
    family_with_children: bool
    needs_summary: str
    competence_summary: str
    network_in_municipality: bool
    answer_deadline: datetime.date | None
    housing_notice_id: int | None
    # The members' competence as coded facts, without names (`competence.selectors.interviews.case_competence`).
    competence: object = None


def need_to_know(case: Case, today: datetime.date | None = None, competence=None,
                 with_competence: bool = True) -> NeedToKnow:
    """The proposal as a municipality sees it before answering: composition, ages, needs, competence.

    The competence comes from the members' own registrations where they consented to sharing (coded facts only,
    nothing that names or identifies them); the case's free-text summary only when no registration is shared.
    Lists pass each case's `competence` from one batch (`need_to_know_many`); exports that do not show it skip it."""
    from nyinorge.competence.selectors.interviews import case_competence, competence_text  # it imports this module

    today = today or timezone.localdate()
    if competence is None and with_competence:
        competence = case_competence(case=case, full=False, names=False, today=today)
    members = [
        MemberSummary(age=(age := age_on(m.person.birth_date, today)), sex=m.person.sex, role="child" if age < 18 else "adult")
        for m in case.members.all()
    ]
    return NeedToKnow(
        case_id=case.pk, category=case.category, persons=case.persons_count, members=members,
        unaccompanied_minor=case.unaccompanied_minor, special_needs=case.special_needs,
        family_with_children=not case.unaccompanied_minor and any(m.role == "child" for m in members),
        needs_summary=case.needs_summary,
        competence_summary=(competence_text(competence) if competence else "") or case.competence_summary,
        competence=competence,
        network_in_municipality=case.network_municipality_id is not None and case.network_municipality_id == case.municipality_id,
        answer_deadline=case.answer_deadline, housing_notice_id=case.housing_notice_id,
    )


def need_to_know_many(cases: Sequence[Case], today: datetime.date | None = None) -> dict[int, NeedToKnow]:
    """`need_to_know` for a list of proposals, the competence of all of them read at once."""
    from nyinorge.competence.selectors.interviews import competence_by_case  # it imports this module

    today = today or timezone.localdate()
    competence = competence_by_case(cases, full=False, names=False, today=today)
    return {case.pk: need_to_know(case, today, competence=competence[case.pk]) for case in cases}


def person_label(actor: User, case: Case, person: Person) -> str:
    """The name, or a neutral label when the identity is shielded from this actor."""
    return person.full_name if may_see_names(actor, case) else _("Shielded identity")
