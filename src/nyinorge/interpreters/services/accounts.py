"""Interpreter logins: a person applying to the register gets a login of their own (no organisation, no roles),
and an interpreter entry prefilled from the population register (name, municipality) and contact register
(phone). Locally with a password in development; through ID-porten (OIDC) in production, see `oidc.py`."""

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyinorge.core.identifiers import parse_national_identity_number
from nyinorge.core.models import AuditEntry, Municipality, User
from nyinorge.core.services.audit import audit_record
from nyinorge.interpreters.models import Interpreter
from nyinorge.interpreters.services.register import interpreter_create
from nyinorge.interpreters.sources import ContactRecord, PopulationRecord, SourceUnavailable, external_sources


@dataclass(frozen=True)
class Prefill:
    person: PopulationRecord
    contact: ContactRecord | None


def population_prefill(*, person_number: str) -> Prefill:
    """The person from the population register (required) and contact register (optional); ValidationError naming
    the problem when the number is unknown, the person is deceased, or the register does not answer."""
    sources = external_sources()
    try:
        person = sources.population.person(person_number)
    except SourceUnavailable:
        raise ValidationError({"person_number": [_(
            "The population register does not answer just now, so we cannot fetch your name and address. Try again "
            "later.")]}) from None
    if person is None:
        raise ValidationError({"person_number": [_("The number is not in the population register.")]})
    if person.deceased:
        raise ValidationError({"person_number": [_("The population register lists this person as deceased.")]})
    try:
        contact = sources.contact.contact(person_number)
    except SourceUnavailable:
        contact = None
    return Prefill(person=person, contact=contact)


def _municipality(person: PopulationRecord) -> Municipality | None:
    if person.address_protected or not person.municipality_number:
        return None
    return Municipality.objects.filter(pk=person.municipality_number).first()


class AccountTaken(ValidationError):
    """The number is a registered interpreter's, or the login exists already. A page answers it as it answers a
    login created, so that nobody can find out by signing up who is in the register (or has a login)."""


def interpreter_account_create(*, person_number: str, email: str, password: str | None = None,
                               username: str | None = None, identity_verified: bool = False) -> User:
    """A login for a person applying to the register, with their interpreter entry (status applicant).

    `password` for local accounts (development); None for OIDC logins, which have no usable password. An
    interpreter already in the register without a login (e.g. from the old register) gets this login linked to
    their entry, but only when the identity is verified (ID-porten), never from a typed-in number. Every check
    that does not depend on who is registered comes first; `AccountTaken` is raised last."""
    try:
        number = parse_national_identity_number(person_number).value
    except ValidationError as error:
        raise ValidationError({"person_number": error.messages}) from None
    email = email.strip().lower()
    username = (username or email).strip()
    prefill = population_prefill(person_number=number)
    user = User(username=username, email=email, first_name=prefill.person.given_name,
                last_name=prefill.person.family_name)
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    errors: dict[str, list[str]] = {}
    existing = Interpreter.objects.filter(person_number=number).first()
    if existing is not None and (existing.user_id is not None or not identity_verified):
        errors["person_number"] = [_("An interpreter with this number is already registered; log in instead.")]
    if User.objects.filter(username__iexact=username).exists():
        errors["email" if username == email else "username"] = [_("This login already exists; log in instead.")]
    if errors:
        raise AccountTaken(errors)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
        if existing is not None:
            return _link(user=user, interpreter=existing)
        interpreter = interpreter_create(
            actor=user, user=user, given_name=prefill.person.given_name, family_name=prefill.person.family_name,
            email=email, phone=prefill.contact.phone if prefill.contact else "",
            municipality=_municipality(prefill.person), person_number=number)
        audit_record(actor=user, action=AuditEntry.Action.VIEW, object_type="interpreters.source_lookup",
                     object_id=interpreter.pk, detail="account: population register found, contact register "
                     + ("found" if prefill.contact else "not found or unavailable"))
    return user


def _link(*, user: User, interpreter: Interpreter) -> User:
    """Give an interpreter entry without a login the verified person's new login (inside the caller's transaction)."""
    linked = Interpreter.objects.filter(pk=interpreter.pk, user__isnull=True).update(user=user)
    if not linked:  # someone linked it in the meantime
        raise ValidationError({"person_number": [_("An interpreter with this number is already registered; log in "
                                                   "instead.")]})
    audit_record(actor=user, action=AuditEntry.Action.UPDATE, object_type="interpreters.interpreter",
                 object_id=interpreter.pk, detail="login linked to the existing entry (identity verified by OIDC)")
    return user
