"""Interpreters in the register: create, change, list/suspend/withdraw, and the languages they work in."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from nyinorge.core.access import require
from nyinorge.core.identifiers import parse_national_identity_number
from nyinorge.core.models import AuditEntry, Municipality, User
from nyinorge.core.services.audit import audit_record
from nyinorge.interpreters.access import is_own, may_act_for, may_manage_register
from nyinorge.interpreters.languages import is_known, language_name
from nyinorge.interpreters.models import Interpreter, InterpreterLanguage, StatusChange
from nyinorge.interpreters.services.listings import listings_refresh

Status = Interpreter.Status

# Which status changes are allowed, as data; "own" marks the ones an interpreter may make on their own entry.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.APPLICANT: frozenset({Status.ACTIVE, Status.WITHDRAWN}),
    Status.ACTIVE: frozenset({Status.SUSPENDED, Status.WITHDRAWN}),
    Status.SUSPENDED: frozenset({Status.ACTIVE, Status.WITHDRAWN}),
    Status.WITHDRAWN: frozenset({Status.APPLICANT, Status.ACTIVE}),
}
OWN_STATUS_CHANGES = frozenset({Status.WITHDRAWN})
REASON_REQUIRED = frozenset({Status.SUSPENDED})

EDITABLE_FIELDS = (
    "given_name", "family_name", "email", "phone", "municipality", "person_number", "remote_screen", "remote_phone",
    "publish_email", "publish_phone", "publish_municipality",
)
AUDIT_DIFF_HIDDEN = frozenset({"person_number"})  # changed, but the value never goes into the log


def _clean(interpreter: Interpreter) -> None:
    """Trim, normalise the identity number, and validate the whole row with field-named errors."""
    interpreter.given_name = " ".join(interpreter.given_name.split())
    interpreter.family_name = " ".join(interpreter.family_name.split())
    interpreter.email = interpreter.email.strip()
    interpreter.phone = " ".join(interpreter.phone.split())
    errors: dict[str, list[str]] = {}
    if interpreter.person_number.strip():
        try:
            interpreter.person_number = parse_national_identity_number(interpreter.person_number.strip()).value
        except ValidationError as error:
            errors["person_number"] = error.messages
    else:
        interpreter.person_number = ""
    if interpreter.publish_municipality and interpreter.municipality_id is None:
        errors["publish_municipality"] = [_("Give a municipality before choosing to publish it.")]
    if interpreter.publish_email and not interpreter.email:
        errors["publish_email"] = [_("Give an email address before choosing to publish it.")]
    if interpreter.publish_phone and not interpreter.phone:
        errors["publish_phone"] = [_("Give a phone number before choosing to publish it.")]
    try:
        interpreter.full_clean(exclude=["user", "person_number", *errors])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save(interpreter: Interpreter) -> None:
    try:
        with transaction.atomic():
            interpreter.save()
    except IntegrityError:
        raise ValidationError({"person_number": [
            _("An interpreter with the national identity number %(number)s is already registered.")
            % {"number": interpreter.person_number}]}) from None


def interpreter_create(
    *,
    actor: User | None,
    user: User | None = None,
    given_name: str,
    family_name: str,
    email: str = "",
    phone: str = "",
    municipality: Municipality | None = None,
    person_number: str = "",
    remote_screen: bool = False,
    remote_phone: bool = False,
    publish_email: bool = False,
    publish_phone: bool = False,
    publish_municipality: bool = False,
) -> Interpreter:
    """Register an interpreter as an applicant (by register staff, the system, or the interpreter's own login)."""
    self_registration = actor is not None and user is not None and actor.pk == user.pk
    if not self_registration:
        require(may_manage_register(actor))
    if user is not None and Interpreter.objects.filter(user=user).exists():
        raise ValidationError(_("This login already belongs to an interpreter in the register."))
    interpreter = Interpreter(
        user=user, given_name=given_name, family_name=family_name, email=email, phone=phone, municipality=municipality,
        person_number=person_number, remote_screen=remote_screen, remote_phone=remote_phone,
        publish_email=publish_email, publish_phone=publish_phone, publish_municipality=publish_municipality,
    )
    _clean(interpreter)
    with transaction.atomic():
        _save(interpreter)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="interpreters.interpreter",
                     object_id=interpreter.pk, username="system" if actor is None else "", detail="registered")
    return interpreter


def interpreter_update(*, actor: User | None, interpreter: Interpreter, **changes: object) -> Interpreter:
    """Change contact details, place, remote options or publishing consent; the public listing follows at once."""
    require(may_act_for(actor, interpreter))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        interpreter = Interpreter.objects.select_for_update().get(pk=interpreter.pk)
        changed = []
        for field, value in changes.items():
            if getattr(interpreter, field) != value:
                setattr(interpreter, field, value)
                changed.append(field)
        if not changed:
            return interpreter
        _clean(interpreter)
        _save(interpreter)
        listings_refresh(interpreter=interpreter)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="interpreters.interpreter",
                     object_id=interpreter.pk, username="system" if actor is None else "",
                     detail="changed: " + ", ".join(changed))
    return interpreter


def interpreter_set_status(*, actor: User | None, interpreter: Interpreter, status: str, reason: str = "") -> Interpreter:
    """List, suspend, withdraw or reinstate an interpreter, by the status table; history, audit and listing."""
    require(may_act_for(actor, interpreter))
    if status not in Status.values:
        raise ValidationError({"status": [_("Unknown status “%(status)s”.") % {"status": status}]})
    if is_own(actor, interpreter) and not may_manage_register(actor) and status not in OWN_STATUS_CHANGES:
        raise PermissionDenied(_("You can withdraw from the register yourself; other changes are made by the directorate."))
    reason = reason.strip()
    if status in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": [_("Give a reason.")]})
    with transaction.atomic():
        interpreter = Interpreter.objects.select_for_update(of=("self",)).select_related("municipality").get(pk=interpreter.pk)
        current = interpreter.status
        if status not in STATUS_TRANSITIONS[current]:
            raise ValidationError({"status": [_("An interpreter who is “%(current)s” cannot become “%(target)s”.") % {
                "current": Status(current).label, "target": Status(status).label}]})
        if status == Status.ACTIVE and not InterpreterLanguage.objects.filter(
            interpreter=interpreter, category_rank__gt=0
        ).exists():
            raise ValidationError({"status": [_("The interpreter has no category in any language yet, so cannot be listed.")]})
        interpreter.status = status
        interpreter.suspended_reason = reason if status == Status.SUSPENDED else ""
        interpreter.save(update_fields=["status", "suspended_reason", "updated_at"])
        StatusChange.objects.create(interpreter=interpreter, from_status=current, to_status=status,
                                    actor=actor, reason=reason)
        listings_refresh(interpreter=interpreter)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="interpreters.interpreter",
                     object_id=interpreter.pk, username="system" if actor is None else "",
                     detail=f"status {current} → {status}" + (f": {reason}" if reason else ""))
    return interpreter


def interpreter_language_add(*, actor: User | None, interpreter: Interpreter, language: str, variant: str = "") -> InterpreterLanguage:
    """Add a language the interpreter works in (no category until evidence for it is approved)."""
    require(may_act_for(actor, interpreter))
    language, variant = language.strip(), variant.strip()
    if not is_known(language, variant):
        raise ValidationError({"language": [_("“%(language)s” is not a language (or variant) of the register.")
                                            % {"language": f"{language}/{variant}" if variant else language}]})
    with transaction.atomic():
        row, created = InterpreterLanguage.objects.get_or_create(interpreter=interpreter, language=language,
                                                                 variant=variant)
        if created:
            audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="interpreters.interpreter",
                         object_id=interpreter.pk, username="system" if actor is None else "",
                         detail=f"language added: {language_name(language)} {variant}".strip())
    return row
