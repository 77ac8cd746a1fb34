"""The register as its staff see it: every interpreter in any status, with evidence and history. Reads are audited."""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from nyinorge.core.access import require
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.services.audit import audit_record
from nyinorge.interpreters.access import may_manage_register
from nyinorge.interpreters.models import CategoryHistory, Interpreter, InterpreterLanguage
from nyinorge.interpreters.services.listings import search_name_of


def interpreters_for_staff(*, actor: User, status: str = "", name: str = "", language: str = "") -> QuerySet[Interpreter]:
    """Interpreters in any status for register staff, filtered; PermissionDenied for everyone else."""
    require(may_manage_register(actor))
    interpreters = Interpreter.objects.select_related("municipality").prefetch_related("languages")
    if status:
        interpreters = interpreters.filter(status=status)
    if language:
        interpreters = interpreters.filter(languages__language=language).distinct()
    for word in search_name_of(name).split():
        interpreters = interpreters.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    return interpreters.order_by("family_name", "given_name", "pk")


def interpreters_shown(*, actor: User, interpreters: list[Interpreter], what: str) -> None:
    """One audit entry for a page of interpreters shown to staff, naming them by id."""
    ids = ",".join(str(interpreter.pk) for interpreter in interpreters)
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="interpreters.interpreter",
                 detail=f"{what}: {len(interpreters)} shown: {ids}")


def interpreter_entry(*, actor: User, interpreter_id: int) -> Interpreter:
    """One interpreter's full entry (evidence, languages with category history, status changes); the read is audited."""
    require(may_manage_register(actor))
    history = Prefetch("history", queryset=CategoryHistory.objects.order_by("valid_from", "pk"))
    try:
        interpreter = (Interpreter.objects.select_related("municipality__county", "user")
                       .prefetch_related(Prefetch("languages", queryset=InterpreterLanguage.objects.prefetch_related(history)),
                                         "evidence", "status_changes__actor")
                       .get(pk=interpreter_id))
    except Interpreter.DoesNotExist:
        raise Http404(_("No such interpreter.")) from None
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="interpreters.interpreter",
                 object_id=interpreter.pk, detail="register entry")
    return interpreter
