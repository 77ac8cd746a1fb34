"""Who sees which calls and applications of the application-based schemes (the one rule every page, export and
task asks): an applicant its own organisation's applications; a grant officer the calls its organisation
administers (the directorate's officers every call, delegated ones included, to follow the combined figures);
a reviewer the applications assigned to them once they have declared themselves impartial (never after a
declared conflict of interest)."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import Permission, user_can
from nyinorge.core.models import AuditEntry, Organisation, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.grants.application_states import A
from nyinorge.grants.models import GrantApplication, GrantCall, ReviewAssignment


def is_directorate_officer(user: User) -> bool:
    return (user.is_authenticated and user.organisation is not None
            and user.organisation.kind == Organisation.Kind.DIRECTORATE
            and bool(user_can(user, Capability.ADMINISTER_GRANT_SCHEMES)))


def grant_calls_administered(*, actor: User) -> QuerySet[GrantCall]:
    """The calls the actor's organisation administers (for the directorate's officers: every call)."""
    calls = GrantCall.objects.select_related("scheme", "administered_by")
    if not user_can(actor, Capability.ADMINISTER_GRANT_SCHEMES):
        return calls.none()
    if is_directorate_officer(actor):
        return calls
    return calls.filter(administered_by_id=actor.organisation_id)


def grant_call_administered(*, actor: User, call_id: int) -> GrantCall:
    """One call the actor may administer or follow (404 for any other)."""
    try:
        return grant_calls_administered(actor=actor).get(pk=call_id)
    except GrantCall.DoesNotExist:
        raise Http404(_("No such call, or not one you administer.")) from None


def grant_calls_open_for(*, organisation: Organisation | None) -> QuerySet[GrantCall]:
    """Published calls open now that the organisation's kind may apply to (all open calls without one)."""
    now = timezone.now()
    calls = GrantCall.objects.filter(published=True, opens_at__lte=now, deadline__gte=now,
                                     scheme__kind="grant").select_related("scheme", "administered_by")
    if organisation is None:
        return calls
    # The kinds are a JSON list, which SQLite (`make run`) cannot search inside; the open calls are few, so the
    # test is the model's own (`GrantCall.accepts`), the same on every database.
    return calls.filter(pk__in=[call.pk for call in calls if call.accepts(organisation.kind)])


def grant_applications_visible_to(actor: User) -> QuerySet[GrantApplication]:
    """Every application the actor may see: own organisation's, administered calls' (not drafts), assigned ones."""
    applications = GrantApplication.objects.select_related("call", "call__scheme", "call__administered_by",
                                                           "applicant")
    if not actor.is_authenticated or actor.organisation_id is None:
        return applications.none()
    condition = Q(pk__in=[])
    if user_can(actor, Capability.APPLY_FOR_GRANTS):
        condition |= Q(applicant_id=actor.organisation_id)
    if user_can(actor, Capability.ADMINISTER_GRANT_SCHEMES):
        # A draft is the applicant's own until it is submitted.
        administered = Q() if is_directorate_officer(actor) else Q(call__administered_by_id=actor.organisation_id)
        condition |= administered & ~Q(state=A.DRAFT)
    if user_can(actor, Capability.REVIEW_GRANT_APPLICATIONS):
        # Only once impartial: before the declaration the reviewer sees the applicant and the title on the review
        # page (what they need to judge their impartiality), not the answers or the documents.
        assigned = ReviewAssignment.objects.filter(reviewer=actor, state__in=[ReviewAssignment.State.IMPARTIAL,
                                                                              ReviewAssignment.State.SUBMITTED])
        condition |= Q(pk__in=assigned.values("application_id")) & ~Q(state=A.DRAFT)
    return applications.filter(condition)


def may_use_grant_schemes(actor: User) -> Permission:
    """Any of the three capabilities of the schemes' pages."""
    for capability in (Capability.APPLY_FOR_GRANTS, Capability.ADMINISTER_GRANT_SCHEMES,
                       Capability.REVIEW_GRANT_APPLICATIONS):
        granted = user_can(actor, capability)
        if granted:
            return granted
    return user_can(actor, Capability.APPLY_FOR_GRANTS)


def grant_application_for(*, actor: User, application_id: int) -> GrantApplication:
    """One application the actor may see (404 for any other, whether it exists or not)."""
    try:
        return grant_applications_visible_to(actor).get(pk=application_id)
    except GrantApplication.DoesNotExist:
        raise Http404(_("No such application, or not one you have access to.")) from None


def grant_application_read(*, actor: User, application_id: int, detail: str = "application shown") -> GrantApplication:
    """One application for its page; every read of an application is audited."""
    application = grant_application_for(actor=actor, application_id=application_id)
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="grants.grantapplication",
                 object_id=application.pk, detail=f"grant application {application.call.scheme.code}: {detail}")
    return application


def grant_applications_shown(*, actor: User, applications: list[GrantApplication], detail: str) -> None:
    """Audit a list page: one entry naming the applications shown."""
    if applications:
        ids = ",".join(str(application.pk) for application in applications[:60])
        audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="grants.grantapplication",
                     object_id="list", detail=f"{detail}: {ids}"[:500])
