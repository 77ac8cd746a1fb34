"""Who may act on applications, documents and notices: the workflow tables say which actor kind takes a step,
this module says whether a user is that actor (asking `core.access` for capabilities) and binds both into the
engine's workflows (`core.workflow`). Checks return a reason."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyinorge.core.access import Permission, user_can
from nyinorge.core.models import User
from nyinorge.core.roles import Capability
from nyinorge.core.workflow import Actor, Workflow
from nyinorge.interpreters.access import is_own
from nyinorge.interpreters.models import Application, ApplicationDocument, Notice
from nyinorge.interpreters.workflows import APPLICANT, COMPLAINANT, REVIEWER, applications, notices


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


def _applicant(user: User | None, application: Application) -> Permission | None:
    return Permission(True, _("This is your own application.")) if is_own(user, application.interpreter) else None


def _application_reviewer(user: User | None, application: Application) -> Permission | None:
    granted = may_review(user)
    if not granted:
        return None
    if is_own(user, application.interpreter):
        return Permission(False, _("You cannot review your own application."))
    return granted


APPLICATION_WORKFLOW = Workflow(
    states=applications.ApplicationState,
    transitions=applications.TRANSITIONS,
    actors=[
        Actor(APPLICANT, _applicant, gettext_lazy("Only the interpreter who applies can take the action “%(action)s”.")),
        Actor(REVIEWER, _application_reviewer, gettext_lazy(
            "Only the directorate's reviewers of the interpreter register can take the action “%(action)s”.")),
    ],
    wrong_state=gettext_lazy("An application that is “%(state)s” cannot be given the action “%(action)s”."),
    history="events",
    illegal=applications.IllegalApplicationTransition,
    lock_related=("interpreter",),
    audit_prefix=lambda application: f"interpreter {application.interpreter_id}: ",
)


def may_read_document(user: User | None, document: ApplicationDocument) -> Permission:
    """The applicant's own documents, and every document for reviewers."""
    if is_own(user, document.application.interpreter):
        return Permission(True, _("This is your own document."))
    granted = may_review(user)
    if granted:
        return granted
    return Permission(False, _("Documents are shown only to the applicant and the directorate's reviewers."))


def _notice_reviewer(user: User | None, notice: Notice) -> Permission | None:
    granted = may_assess_notices(user)
    return granted if granted else None


def _complainant(user: User | None, notice: Notice) -> Permission | None:
    if may_report_notices(user) and user.organisation_id == notice.reporting_organisation_id:
        return Permission(True, _("Your organisation registered this notice."))
    return None


NOTICE_WORKFLOW = Workflow(
    states=notices.NoticeState,
    transitions=notices.TRANSITIONS,
    actors=[
        Actor(REVIEWER, _notice_reviewer, gettext_lazy(
            "Only the directorate's reviewers of the interpreter register can take the action “%(action)s”.")),
        Actor(COMPLAINANT, _complainant, gettext_lazy(
            "Only the public body that registered the notice can take the action “%(action)s”.")),
    ],
    wrong_state=gettext_lazy("A notice that is “%(state)s” cannot be given the action “%(action)s”."),
    history="events",
    illegal=notices.IllegalNoticeTransition,
    audit_prefix=lambda notice: f"interpreter {notice.interpreter_id}: ",
)


def may_read_notice(user: User | None, notice: Notice) -> Permission:
    """Reviewers read every notice; a public body reads the notices it registered."""
    granted = may_assess_notices(user)
    if granted:
        return granted
    if may_report_notices(user) and user.organisation_id == notice.reporting_organisation_id:
        return Permission(True, _("Your organisation registered this notice."))
    return Permission(False, _("Notices are shown only to the directorate's reviewers and the public body that "
                               "registered them."))
