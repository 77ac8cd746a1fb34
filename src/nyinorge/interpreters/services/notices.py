"""Notices about interpreters from public bodies: registered, assessed, and possibly a suspension from the public
list (lifted later). Each step is one transaction with its event row and audit entry; the interpreter is
emailed on suspension, lifting and guidance."""

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.access import Permission, require
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.services.audit import audit_record
from nyinorge.interpreters.access import is_own
from nyinorge.core.workflow import workflow_move, workflow_permission
from nyinorge.interpreters.access_review import NOTICE_WORKFLOW, may_report_notices
from nyinorge.interpreters.models import Interpreter, Notice, NoticeEvent
from nyinorge.interpreters.services.register import interpreter_set_status
from nyinorge.interpreters.workflows.notices import TRANSITIONS, IllegalNoticeTransition, NoticeState

logger = logging.getLogger(__name__)

EMAILED_OUTCOMES = frozenset({NoticeState.SUSPENDED, NoticeState.SUSPENSION_LIFTED, NoticeState.GUIDANCE_GIVEN})
# Once the directorate takes a notice up, the interpreter is told and may comment before the outcome.
COMMENTABLE_STATES = frozenset({NoticeState.UNDER_ASSESSMENT})
VISIBLE_TO_INTERPRETER = frozenset(NoticeState.values) - {NoticeState.REGISTERED, NoticeState.WITHDRAWN}
MAX_DESCRIPTION = 5000


def _audit(*, actor: User, action: str, notice: Notice, detail: str) -> None:
    audit_record(actor=actor, action=action, object_type="interpreters.notice", object_id=notice.pk,
                 detail=f"interpreter {notice.interpreter_id}: {detail}")


def notice_permission(user: User, notice: Notice, name: str) -> Permission:
    """Whether the user may take this action on the notice now, and why (not)."""
    return workflow_permission(workflow=NOTICE_WORKFLOW, record=notice, name=name, user=user)


def notice_register(*, actor: User, interpreter: Interpreter, topic: str, assignment_date: datetime.date,
                    description: str) -> Notice:
    """A public body tells the directorate about a problem with an interpreter in the register."""
    require(may_report_notices(actor))
    interpreter = Interpreter.objects.get(pk=interpreter.pk)  # the status now, not as the caller last saw it
    description = description.strip()
    errors: dict[str, list[str]] = {}
    if topic not in Notice.Topic.values:
        errors["topic"] = [_("Choose what the notice is about.")]
    if not description:
        errors["description"] = [_("Describe what happened.")]
    elif len(description) > MAX_DESCRIPTION:
        errors["description"] = [_("At most %(max)d characters.") % {"max": MAX_DESCRIPTION}]
    if assignment_date > timezone.localdate():
        errors["assignment_date"] = [_("The assignment date cannot be in the future.")]
    if interpreter.status == Interpreter.Status.APPLICANT:
        errors["interpreter"] = [_("The interpreter is not in the register yet.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        notice = Notice.objects.create(
            interpreter=interpreter, topic=topic, assignment_date=assignment_date, description=description,
            reported_by=actor, reporting_organisation=actor.organisation)
        NoticeEvent.objects.create(notice=notice, name="register", to_state=notice.state, actor=actor)
        _audit(actor=actor, action=AuditEntry.Action.CREATE, notice=notice, detail=f"registered ({topic})")
    return notice


def _suspend(*, actor: User, notice: Notice, reason: str) -> None:
    interpreter = notice.interpreter
    if interpreter.status == Interpreter.Status.SUSPENDED:
        return  # already off the list (another notice): this one now holds the suspension too
    if interpreter.status != Interpreter.Status.ACTIVE:
        raise ValidationError({"reason": [_("The interpreter is not on the public list (“%(status)s”), so cannot be "
                                            "suspended from it; dismiss the notice or close it with guidance.")
                                          % {"status": Interpreter.Status(interpreter.status).label}]})
    interpreter_set_status(actor=actor, interpreter=interpreter, status=Interpreter.Status.SUSPENDED,
                           reason=_("Notice %(id)s: %(reason)s") % {"id": notice.pk, "reason": reason})


def _lift(*, actor: User, notice: Notice, reason: str) -> None:
    others = Notice.objects.filter(interpreter=notice.interpreter, state=NoticeState.SUSPENDED).exclude(pk=notice.pk)
    if others.exists() or notice.interpreter.status != Interpreter.Status.SUSPENDED:
        return  # another notice still holds the suspension (or the interpreter has left the register meanwhile)
    interpreter_set_status(actor=actor, interpreter=notice.interpreter, status=Interpreter.Status.ACTIVE,
                           reason=_("Notice %(id)s: %(reason)s") % {"id": notice.pk, "reason": reason})


def notice_transition(*, actor: User, notice: Notice, name: str, reason: str = "") -> Notice:
    """Take one step of the notice workflow; suspension and lifting change the interpreter's listing too."""
    if name not in TRANSITIONS:
        raise ValidationError({"action": [_("Unknown action %(name)s.") % {"name": name}]})
    with transaction.atomic():
        # A reason given for an outcome is kept on the notice as its outcome.
        outcome = {"outcome_reason": reason.strip()} if TRANSITIONS[name].requires_reason else {}
        notice = workflow_move(workflow=NOTICE_WORKFLOW, record=notice, name=name, actor=actor, reason=reason,
                               **outcome)
        # The interpreter's row is locked by interpreter_set_status; read it fresh here.
        notice.interpreter = Interpreter.objects.select_for_update().get(pk=notice.interpreter_id)
        if name == "suspend":
            _suspend(actor=actor, notice=notice, reason=reason.strip())
        elif name == "lift":
            _lift(actor=actor, notice=notice, reason=reason.strip())
        if notice.state in EMAILED_OUTCOMES or name == "assess":
            from nyinorge.core.tasks import enqueue_on_commit
            from nyinorge.interpreters import tasks

            enqueue_on_commit(tasks.notice_outcome_email, notice_id=notice.pk, state=notice.state)
    return notice


def notice_comment(*, actor: User, notice: Notice, comment: str) -> Notice:
    """The interpreter's own statement on a notice under assessment (it can be replaced until the outcome)."""
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": [_("Write your comment.")]})
    if len(comment) > MAX_DESCRIPTION:
        raise ValidationError({"comment": [_("At most %(max)d characters.") % {"max": MAX_DESCRIPTION}]})
    with transaction.atomic():
        notice = Notice.objects.select_for_update(of=("self",)).select_related("interpreter").get(pk=notice.pk)
        if not is_own(actor, notice.interpreter):
            raise PermissionDenied(_("Only the interpreter the notice is about can comment on it."))
        if notice.state not in COMMENTABLE_STATES:
            raise IllegalNoticeTransition(_("The notice is “%(state)s”; comments are taken while it is under "
                                            "assessment.") % {"state": NoticeState(notice.state).label})
        notice.interpreter_comment = comment
        notice.commented_at = timezone.now()
        notice.save(update_fields=["interpreter_comment", "commented_at", "updated_at"])
        NoticeEvent.objects.create(notice=notice, name="comment", from_state=notice.state, to_state=notice.state,
                                   actor=actor, reason="")
        _audit(actor=actor, action=AuditEntry.Action.UPDATE, notice=notice, detail="comment from the interpreter")
    return notice


def notice_outcome_send(*, notice_id: int, state: str, attempt: int = 1) -> bool:
    """Email the interpreter the notice's state (a task, after commit); retried with backoff, the outcome stands
    either way. Idempotent: once the notice has moved on, the newer state's email is the one that goes out."""
    from nyinorge.core.tasks import email_send_with_retry
    from nyinorge.interpreters import tasks
    from nyinorge.interpreters.emails import notice_outcome_message

    notice = Notice.objects.select_related("interpreter__user").get(pk=notice_id)
    if notice.state != state:
        logger.info("Notice %s moved on from %s before it was emailed; not sent", notice_id, state)
        return False
    message = notice_outcome_message(notice=notice)
    if message is None:
        logger.warning("Notice %s: the interpreter has no email address", notice_id)
        return False
    return email_send_with_retry(message=message, job=tasks.notice_outcome_email, attempt=attempt,
                                 what=f"Emailing the outcome of notice {notice_id}", notice_id=notice_id, state=state)
