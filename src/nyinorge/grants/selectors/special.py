"""Reading special grant applications: eligibility, the rate ceiling, who sees which application, and what the
decisions that stand owe in a budget year (as entitlements for the grant runs)."""

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nyinorge.core.access import Permission, people_visible_to, person_resolve_identifier, require, user_can
from nyinorge.core.models import AuditEntry, Municipality, Organisation, Person, User
from nyinorge.core.services.audit import audit_record
from nyinorge.core.roles import Capability
from nyinorge.grants.models import GrantRate, SpecialGrantApplication, SpecialGrantDocument
from nyinorge.grants.models.special import MAX_YEARS
from nyinorge.grants.rules import INTEGRATION_YEARS, Entitlement
from nyinorge.grants.selectors.facts import settlement_of_person, settlements_of
from nyinorge.grants.special_states import PAYABLE_STATES, S

ONE_OFF_YEARS = (1, 2)  # grant 1: in the year of settlement or the year after


def special_grant_eligibility(application: SpecialGrantApplication, years: list[int] | None = None) -> Permission:
    """Whether the person gives the applying municipality a right to apply for the years (default: those
    applied for): settled by the platform, settled in or living in the municipality, and each budget year
    year 1 or 2 after settlement (grant 1) or within the first five (grant 2)."""
    settled = settlement_of_person(application.person_id)
    if settled is None:
        return Permission(False, _("The person has no settlement registered: the grant is only for persons "
                                   "settled by agreement with the directorate."))
    settled_on, settled_in = settled
    person = application.person
    if application.municipality_id not in {settled_in, person.residence_municipality_id}:
        return Permission(False, _("The person is neither settled in nor living in %(municipality)s.")
                          % {"municipality": application.municipality.name})
    allowed = ONE_OFF_YEARS if application.is_one_off else range(1, INTEGRATION_YEARS + 1)
    for year in years or application.years_applied:
        after = year - settled_on.year + 1
        if after not in allowed:
            message = (_("Grant 1 is for year 1 or 2 after settlement; %(year)d is year %(after)d after the "
                         "settlement on %(date)s.") if application.is_one_off
                       else _("Grant 2 is for the first five years after settlement; %(year)d is year %(after)d "
                              "after the settlement on %(date)s."))
            return Permission(False, message % {"year": year, "after": after, "date": settled_on.strftime("%d.%m.%Y")})
        if person.left_on is not None and person.left_on < datetime.date(year, 1, 1):
            return Permission(False, _("The person died or emigrated on %(date)s, before %(year)d.")
                              % {"date": person.left_on.strftime("%d.%m.%Y"), "year": year})
    name = Municipality.objects.filter(pk=settled_in).values_list("name", flat=True).first() or settled_in
    return Permission(True, _("The person was settled on %(date)s in %(municipality)s.")
                      % {"date": settled_on.strftime("%d.%m.%Y"), "municipality": name})


def special_grant_overlapping(application: SpecialGrantApplication) -> SpecialGrantApplication | None:
    """Another live application (not a draft, withdrawn or refused) for the same person and grant whose years
    meet this one's: each year is decided once."""
    first, last = application.budget_year, application.budget_year + application.years - 1
    others = (SpecialGrantApplication.objects.filter(person_id=application.person_id, kind=application.kind)
              .exclude(pk=application.pk).exclude(state__in=[S.DRAFT, S.WITHDRAWN, S.REFUSED]))
    for other in others:
        if other.state == S.APPEAL_REJECTED and not other.amount_granted:
            continue
        if application.is_one_off or other.budget_year <= last and first <= other.budget_year + other.years - 1:
            return other  # grant 1 is once per person, whichever year or municipality applies
    return None


def special_grant_rate(*, kind: str, year: int) -> GrantRate | None:
    """The ceiling for a year: its own rate, or for a later year not loaded yet the latest loaded one (the
    ceiling is checked again when that year's decision is paid from its own rate's budget)."""
    return (GrantRate.objects.filter(scheme=kind, budget_year__lte=year)
            .order_by("-budget_year", "year_after_settlement").first())


def _visible(actor: User) -> QuerySet[SpecialGrantApplication]:
    applications = SpecialGrantApplication.objects.select_related("person", "municipality")
    organisation = actor.organisation
    if organisation is not None and organisation.kind == Organisation.Kind.DIRECTORATE \
            and user_can(actor, Capability.DECIDE_SPECIAL_GRANTS):
        return applications.exclude(state=S.DRAFT)  # a draft is the municipality's own until it is submitted
    if organisation is not None and organisation.kind == Organisation.Kind.MUNICIPALITY \
            and user_can(actor, Capability.APPLY_SPECIAL_GRANTS):
        return applications.filter(municipality_id=organisation.municipality_id)
    return applications.none()


def may_use_special_grants(actor: User) -> Permission:
    granted = user_can(actor, Capability.APPLY_SPECIAL_GRANTS)
    return granted if granted else user_can(actor, Capability.DECIDE_SPECIAL_GRANTS)


QUEUES = {
    "open": (S.SUBMITTED, S.UNDER_REVIEW, S.APPEALED),
    "decided": (S.GRANTED, S.PARTLY_GRANTED, S.REFUSED, S.APPEAL_UPHELD, S.APPEAL_REJECTED),
    "all": None,
}


def special_grant_list(*, actor: User, queue: str = "all") -> QuerySet[SpecialGrantApplication]:
    """The municipality's own applications, or the directorate's queue (oldest submitted first)."""
    require(may_use_special_grants(actor))
    applications = _visible(actor)
    states = QUEUES.get(queue)
    if states:
        applications = applications.filter(state__in=states)
    return applications.order_by("submitted_at", "created_at", "id") if queue == "open" else applications


def special_grant_for(*, actor: User, application_id: int) -> SpecialGrantApplication:
    """One application the actor may see (404 for any other, whether it exists or not)."""
    require(may_use_special_grants(actor))
    try:
        return _visible(actor).get(pk=application_id)
    except SpecialGrantApplication.DoesNotExist:
        raise Http404(_("No such application, or not one you have access to.")) from None


def special_grant_read(*, actor: User, application_id: int) -> SpecialGrantApplication:
    """One application, for its page (the read is audited)."""
    application = special_grant_for(actor=actor, application_id=application_id)
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="grants.specialgrantapplication",
                 object_id=application.pk, person=application.person, detail="special grant application shown")
    return application


def special_grants_shown(*, actor: User, applications: list[SpecialGrantApplication], detail: str) -> None:
    """Audit a page of a list: it names each person shown."""
    if applications:
        audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="grants.specialgrantapplication",
                     persons={a.person for a in applications}, detail=detail)


def with_person_labels(*, actor: User, applications: list[SpecialGrantApplication]) -> list[SpecialGrantApplication]:
    """Give each application `person_label` (the name) and `person_visible`: a name only for a person the actor
    may see; a shielded person, or one who has moved away from the municipality since, is not named."""
    visible = set(people_visible_to(actor).filter(pk__in={a.person_id for a in applications})
                  .values_list("pk", flat=True))
    for application in applications:
        application.person_visible = application.person_id in visible
        application.person_label = (application.person.full_name if application.person_visible
                                    else _("Name not shown to you"))
    return applications


def special_grant_person(*, actor: User, identifier: str) -> Person | None:
    """The person with this national identity, D or DUF number, if the actor may see them."""
    return person_resolve_identifier(actor, identifier)


def special_grant_document_for(*, actor: User, document_id: int) -> SpecialGrantDocument:
    require(may_use_special_grants(actor))
    try:
        return SpecialGrantDocument.objects.select_related("application__person").get(
            pk=document_id, application__in=_visible(actor))
    except SpecialGrantDocument.DoesNotExist:
        raise Http404(_("No such document, or not one you have access to.")) from None


def special_entitlements(*, budget_year: int) -> Iterator[tuple[int, Entitlement]]:
    """(person id, entitlement) for every decision that stands and pays for the budget year, at the granted
    amount: grant 1 once, grant 2 per year (the run pays it in instalments)."""
    applications = (SpecialGrantApplication.objects.filter(state__in=PAYABLE_STATES, amount_granted__gt=0,
                                                           budget_year__lte=budget_year,
                                                           budget_year__gt=budget_year - MAX_YEARS)
                    .order_by("pk"))
    # No grant for a year that starts after the person died or emigrated (the rule of the per-capita grants).
    gone = set(Person.objects.filter(pk__in=[a.person_id for a in applications],
                                     left_on__lt=datetime.date(budget_year, 1, 1)).values_list("pk", flat=True))
    paying = [application for application in applications
              if budget_year in application.years_paid and application.person_id not in gone]
    settlements = settlements_of(application.person_id for application in paying)
    for application in paying:
        settled = settlements.get(application.person_id)
        after = budget_year - settled[0].year + 1 if settled else 0
        decided = application.appeal_decided_at or application.decided_at
        yield application.person_id, Entitlement(
            application.kind, "all", after, budget_year, application.municipality_id,
            (f"special grant application {application.pk}, {application.state} "
             f"{decided:%Y-%m-%d}: {application.amount_granted} NOK"
             + (" once" if application.is_one_off else f" per year {application.years_paid[0]}–"
                f"{application.years_paid[-1]}")),
            one_off=application.is_one_off, amount=Decimal(application.amount_granted))
