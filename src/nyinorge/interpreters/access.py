"""Who may change the interpreter register: asks the one permission layer (`core.access`), adds the one rule
of its own (an interpreter's login acts on that interpreter only), and returns a reason either way."""

from django.utils.translation import gettext as _

from nyinorge.core.access import Permission, user_can
from nyinorge.core.models import User
from nyinorge.core.roles import Capability
from nyinorge.interpreters.models import Interpreter

SYSTEM = Permission(True, "system")


def may_manage_register(actor: User | None) -> Permission:
    """The directorate's register staff (or the system itself, actor None: commands, synthetic data)."""
    if actor is None:
        return SYSTEM
    return user_can(actor, Capability.MANAGE_INTERPRETER_REGISTER)


def may_act_for(actor: User | None, interpreter: Interpreter) -> Permission:
    """Register staff, the system, or the interpreter's own login."""
    if actor is not None and actor.is_authenticated and interpreter.user_id == actor.pk:
        return Permission(True, _("This is your own entry in the register."))
    granted = may_manage_register(actor)
    if granted:
        return granted
    return Permission(False, _("Only the interpreter or the directorate's register staff may change this entry."))


def is_own(actor: User | None, interpreter: Interpreter) -> bool:
    """Whether the actor is the interpreter's own login (not staff acting on their behalf)."""
    return actor is not None and actor.is_authenticated and interpreter.user_id == actor.pk
