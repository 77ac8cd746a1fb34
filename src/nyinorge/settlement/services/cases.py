"""Cases through the workflow: every transition is one transaction with its history row and audit entry.

Acceptance locks the municipality's decision row, so two caseworkers accepting the last places at
the same moment are serialised and the second one is refused: decided places are never exceeded.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import Permission, require, user_can
from nyinorge.core.models import AuditEntry, Municipality, Organisation, Person, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.workflow import workflow_guard_overridable, workflow_move, workflow_permission, workflow_require
from nyinorge.register.errors import RegisterValidationError
from nyinorge.register.services.residence import Settlement, residence_settle
from nyinorge.settlement.models.cases import age_on
from nyinorge.settlement.models import Case, CaseMember, HousingNotice, MunicipalDecision, SettlementYear
from nyinorge.settlement.selectors.cases import places_used
from nyinorge.settlement.services.housing import housing_notice_consume, housing_notice_release, housing_notice_reserve
from nyinorge.settlement.workflow import CASE_WORKFLOW, OPEN_STATES


# Seed 3.1: the directorate settles unaccompanied minors aged 15–17; Bufetat those under 15.
MINOR_SETTLED_BY_DIRECTORATE_FROM_AGE = 15
# Going back to ready ends the proposal: no municipality, year, deadline or housing notice any more.
RESET_PROPOSAL = {"municipality": None, "year": None, "answer_deadline": None, "housing_notice": None,
                  "reminder_sent_at": None}


class QuotaExceeded(ValidationError):
    """Accepting would take the municipality past its decided places."""


def transition_require(*, actor: User, case: Case, name: str) -> None:
    """PermissionDenied unless the actor may take the action on this case now (IllegalTransition for its state)."""
    workflow_require(workflow=CASE_WORKFLOW, record=case, name=name, user=actor)


def transition_permission(user: User, case: Case, name: str) -> Permission:
    """Whether the user may take this transition on this case now, and why (not)."""
    return workflow_permission(workflow=CASE_WORKFLOW, record=case, name=name, user=user)


def transition_needs_reason(user: User, case: Case, name: str) -> Permission | None:
    """The guard's refusal when a stated reason would let the user take the transition anyway (else None)."""
    return workflow_guard_overridable(workflow=CASE_WORKFLOW, record=case, name=name, user=user)


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def case_registration_check(*, members: Sequence[Person], decision_date: datetime.date, unaccompanied_minor: bool,
                            settled_by: str) -> None:
    """ValidationError unless a case of these members may be registered (not the open-case check: that needs the database)."""
    if not members:
        raise ValidationError({"members": [_("A case needs at least one person.")]})
    if unaccompanied_minor and len(members) != 1:
        raise ValidationError({"members": [_("An unaccompanied minor is a case of one person.")]})
    under_15 = unaccompanied_minor and age_on(members[0].birth_date, decision_date) < MINOR_SETTLED_BY_DIRECTORATE_FROM_AGE
    if under_15 and settled_by != Case.SettledBy.CHILD_WELFARE:
        raise ValidationError({"members": [_(
            "Unaccompanied minors under %(age)d are settled by the child welfare service (Bufetat), not the directorate."
        ) % {"age": MINOR_SETTLED_BY_DIRECTORATE_FROM_AGE}]})
    if settled_by == Case.SettledBy.CHILD_WELFARE and not under_15:
        raise ValidationError({"settled_by": [_(
            "The child welfare service settles only unaccompanied minors under %(age)d.") % {"age": MINOR_SETTLED_BY_DIRECTORATE_FROM_AGE}]})
    if unaccompanied_minor and age_on(members[0].birth_date, decision_date) >= 18:
        raise ValidationError({"unaccompanied_minor": [_("The person was 18 or older on the decision date.")]})
    if decision_date > datetime.date.today():
        raise ValidationError({"decision_date": [_("The decision date cannot be in the future.")]})


def case_create(
    *,
    actor: User,
    category: str,
    members: Sequence[Person],
    decision_date: datetime.date,
    unaccompanied_minor: bool = False,
    special_needs: bool = False,
    shielded_identity: bool = False,
    reception_centre: Organisation | None = None,
    private_address: str = "",
    network_municipality: Municipality | None = None,
    needs_summary: str = "",
    settled_by: str = Case.SettledBy.DIRECTORATE,
) -> Case:
    """Register a case for one person or a family; a person can be in only one open case."""
    require(user_can(actor, Capability.MANAGE_SETTLEMENT_CASES))
    case_registration_check(members=members, decision_date=decision_date, unaccompanied_minor=unaccompanied_minor,
                            settled_by=settled_by)
    busy = CaseMember.objects.filter(person__in=members, case__state__in=OPEN_STATES).select_related("person").first()
    if busy:
        raise ValidationError({"members": [_("%(name)s is already in open case %(case)s.") % {"name": busy.person.full_name, "case": busy.case_id}]})
    with transaction.atomic():
        case = Case(
            category=category, decision_date=decision_date, unaccompanied_minor=unaccompanied_minor,
            special_needs=special_needs, shielded_identity=shielded_identity, reception_centre=reception_centre,
            private_address=private_address, network_municipality=network_municipality, needs_summary=needs_summary,
            persons_count=len(members), settled_by=settled_by,
        )
        case.full_clean()
        case.save()
        CaseMember.objects.bulk_create([CaseMember(case=case, person=person) for person in members])
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="settlement.case", object_id=case.pk,
                     persons=list(members), detail=f"category {category}, {len(members)} persons")
    return case


def case_make_ready(*, actor: User, case: Case, reason: str = "") -> Case:
    """Registered (or declined) → ready for settlement; a reception centre's case only after its settlement
    interview is completed, or with a reason for going on without it (`workflow.interview_guard`)."""
    return workflow_move(workflow=CASE_WORKFLOW, record=case, name="make_ready", actor=actor, reason=reason,
                         **RESET_PROPOSAL)


def case_propose(
    *, actor: User, case: Case, municipality: Municipality, year: SettlementYear,
    housing_notice: HousingNotice | None = None,
) -> Case:
    """Propose a ready case to a municipality (optionally to one of its housing notices) with an answer deadline."""
    deadline = timezone.localdate() + datetime.timedelta(days=year.answer_deadline_days)
    with transaction.atomic():
        case = _locked(case)
        transition_require(actor=actor, case=case, name="propose")
        if housing_notice is not None:
            _notice_fits(case, housing_notice)
            housing_notice = housing_notice_reserve(notice=housing_notice, municipality=municipality)
        return workflow_move(workflow=CASE_WORKFLOW, record=case, name="propose", actor=actor,
                             municipality=municipality, year=year, answer_deadline=deadline,
                             housing_notice=housing_notice, reminder_sent_at=None)


def _notice_fits(case: Case, notice: HousingNotice) -> None:
    """A case whose completed interview says it needs a wheelchair-accessible dwelling, or so many bedrooms, is not
    proposed to a dwelling without them."""
    from nyinorge.competence.models import SettlementInterview  # competence's models import the settlement app

    needs = SettlementInterview.objects.filter(case_id=case.pk, status=SettlementInterview.Status.COMPLETED).values(
        "accessible_dwelling", "rooms_needed").first()
    if needs is None:
        return
    problems = []
    if needs["accessible_dwelling"] and not notice.accessible:
        problems.append(_("The case needs a wheelchair-accessible dwelling, and this one is not."))
    if needs["rooms_needed"] and notice.rooms < needs["rooms_needed"]:
        problems.append(_("The case needs %(needed)d bedrooms; the dwelling has %(rooms)d.") % {
            "needed": needs["rooms_needed"], "rooms": notice.rooms})
    if problems:
        raise ValidationError({"housing_notice": problems})


def case_accept(*, actor: User, case: Case) -> Case:
    """The municipality accepts, if its decided places (minors on their own quota) still allow it."""
    with transaction.atomic():
        case = _locked(case)
        # Checked before the quota too (and again in the move), so another municipality hears
        # "not yours", never how many places this one has left.
        transition_require(actor=actor, case=case, name="accept")
        free = locked_free_places(year=case.year, municipality=case.municipality,
                                  unaccompanied_minor=case.unaccompanied_minor)
        if case.persons_count > free:
            raise QuotaExceeded(_("Accepting %(n)d persons would exceed the decided places: %(free)d left.") % {
                "n": case.persons_count, "free": max(free, 0)})
        housing_notice_consume(notice_id=case.housing_notice_id)
        return workflow_move(workflow=CASE_WORKFLOW, record=case, name="accept", actor=actor)


def locked_free_places(*, year: SettlementYear, municipality: Municipality, unaccompanied_minor: bool) -> int:
    """Places of the kind still free, with the municipality's decision row locked until the transaction ends."""
    decision = (
        MunicipalDecision.objects.select_for_update()
        .filter(year=year, municipality=municipality)
        .order_by("-revision")
        .first()
    )
    if decision is None:
        raise QuotaExceeded(_("%(municipality)s has no settlement decision for %(year)s.") % {
            "municipality": municipality.name, "year": year.pk})
    others, minors = places_used(year=year, municipality=municipality)
    if unaccompanied_minor:
        return decision.unaccompanied_minors - minors
    return decision.persons - decision.unaccompanied_minors - others


def case_decline(*, actor: User, case: Case, reason: str) -> Case:
    """The municipality declines with a reason; the case goes back to the directorate."""
    with transaction.atomic():
        case = workflow_move(workflow=CASE_WORKFLOW, record=case, name="decline", actor=actor, reason=reason)
        housing_notice_release(notice_id=case.housing_notice_id)
        return case


def case_settle(*, actor: User, case: Case, settlement_date: datetime.date) -> Case:
    """Record the settlement date; the case now belongs to the municipality, and its people live there in the
    register from that date (the residence a move would register), so the municipality can record their training."""
    with transaction.atomic():
        case = _locked(case)
        transition_require(actor=actor, case=case, name="settle")
        if settlement_date < case.decision_date:
            raise ValidationError({"settlement_date": [_("The settlement date is before the decision date.")]})
        if settlement_date > timezone.localdate():
            raise ValidationError({"settlement_date": [_("The settlement date cannot be in the future.")]})
        case = workflow_move(workflow=CASE_WORKFLOW, record=case, name="settle", actor=actor,
                             settlement_date=settlement_date)
        members = Person.objects.filter(settlement_memberships__case=case)
        settlements_register(actor=actor, settlements=[
            Settlement(person_id=pk, municipality=case.municipality, settled_on=settlement_date)
            for pk in members.order_by("pk").values_list("pk", flat=True)])
        members.update(reception_centre=None)
        return case


def settlements_register(*, actor: User, settlements: Sequence[Settlement]) -> None:
    """The residence of the settled people, through the register (its refusals on the settlement date field)."""
    try:
        residence_settle(actor=actor, settlements=settlements)
    except RegisterValidationError as refused:
        raise ValidationError({"settlement_date": [m for messages in refused.field_errors.values() for m in messages]}) from None


def case_withdraw(*, actor: User, case: Case, reason: str) -> Case:
    """Withdraw an open case (reason required)."""
    with transaction.atomic():
        case = workflow_move(workflow=CASE_WORKFLOW, record=case, name="withdraw", actor=actor, reason=reason)
        housing_notice_release(notice_id=case.housing_notice_id)
        return case
