"""Who may act on applications, documents and notices: the workflow tables say which actor kind takes a step,
this module says whether a user is that actor (asking `core.access` for capabilities). Checks return a reason."""

from django.utils.translation import gettext as _

from nyinorge.core.access import Permission, user_can
from nyinorge.core.models import User
from nyinorge.core.roles import Capability
from nyinorge.interpreters.access import is_own
from nyinorge.interpreters.models import Application, ApplicationDocument, Notice
from nyinorge.interpreters.workflows import APPLICANT, COMPLAINANT, REVIEWER, Transition


def may_review(user: User | None) -> Permission:
    """Directorate reviewers of the interpreter register."""
    if user is None:
        return Permission(False, _("You are not logged in."))
    return user_can(user, Capability.REVIEW_INTERPRETER_APPLICATIONS)


def may_assess_notices(user: User | None) -> Permission:
    """Directorate reviewers who assess notices about interpreters."""
    if user is None:
        return Permission(False, _("You are not logged in."))
    return user_can(user, Capability.ASSESS_INTERPRETER_NOTICES)


def may_report_notices(user: User | None) -> Permission:
    """Users of public bodies who may tell the directorate about an interpreter."""
    if user is None:
        return Permission(False, _("You are not logged in."))
    return user_can(user, Capability.REPORT_INTERPRETER_NOTICES)


def application_actor_permission(user: User | None, application: Application, transition: Transition) -> Permission:
    """Whether the user is one of the actors the transition names for this application (not whether the state allows it)."""
    if APPLICANT in transition.taken_by and is_own(user, application.interpreter):
        return Permission(True, _("This is your own application."))
    if REVIEWER in transition.taken_by:
        granted = may_review(user)
        if granted and is_own(user, application.interpreter):
            return Permission(False, _("You cannot review your own application."))
        if granted:
            return granted
    if APPLICANT in transition.taken_by:
        return Permission(False, _("Only the interpreter who applies can take the action “%(action)s”.") % {
            "action": transition.label})
    return Permission(False, _("Only the directorate's reviewers of the interpreter register can take the action "
                               "“%(action)s”.") % {"action": transition.label})


def may_read_document(user: User | None, document: ApplicationDocument) -> Permission:
    """The applicant's own documents, and every document for reviewers."""
    if is_own(user, document.application.interpreter):
        return Permission(True, _("This is your own document."))
    granted = may_review(user)
    if granted:
        return granted
    return Permission(False, _("Documents are shown only to the applicant and the directorate's reviewers."))


def notice_actor_permission(user: User | None, notice: Notice, transition: Transition) -> Permission:
    """Whether the user is one of the actors the transition names for this notice."""
    if REVIEWER in transition.taken_by:
        granted = may_assess_notices(user)
        if granted:
            return granted
    if COMPLAINANT in transition.taken_by:
        granted = may_report_notices(user)
        if granted and user.organisation_id == notice.reporting_organisation_id:
            return Permission(True, _("Your organisation registered this notice."))
        return Permission(False, _("Only the public body that registered the notice can take the action “%(action)s”.")
                          % {"action": transition.label})
    return Permission(False, _("Only the directorate's reviewers of the interpreter register can take the action "
                               "“%(action)s”.") % {"action": transition.label})


def may_read_notice(user: User | None, notice: Notice) -> Permission:
    """Reviewers read every notice; a public body reads the notices it registered."""
    granted = may_assess_notices(user)
    if granted:
        return granted
    if may_report_notices(user) and user.organisation_id == notice.reporting_organisation_id:
        return Permission(True, _("Your organisation registered this notice."))
    return Permission(False, _("Notices are shown only to the directorate's reviewers and the public body that "
                               "registered them."))
