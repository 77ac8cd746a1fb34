"""An organisation registering itself to apply for grants (development and demonstration: `GRANTS_LOCAL_SIGNUP`).

In production applicants log in through ID-porten/Altinn instead (`grants.oidc`). Municipalities and counties are
organisations of the platform already: their users are provisioned by their own user administrator, never here.
"""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from stdnum.no import orgnr

from nyinorge.core.models import AuditEntry, Organisation, User
from nyinorge.core.roles import Role
from nyinorge.core.services.audit import audit_record
from nyinorge.core.services.users import user_create

SIGNUP_KINDS = (Organisation.Kind.VOLUNTARY, Organisation.Kind.EMPLOYER, Organisation.Kind.COUNTY,
                Organisation.Kind.OTHER)
PROVISIONED_KINDS = (Organisation.Kind.MUNICIPALITY, Organisation.Kind.COUNTY, Organisation.Kind.DIRECTORATE,
                     Organisation.Kind.RECEPTION_CENTRE)


def organisation_number_clean(value: str) -> str:
    """The nine digits of a valid organisation number (Brønnøysundregistrene's check digit), or ValidationError."""
    compact = orgnr.compact(value or "")
    if not orgnr.is_valid(compact):
        raise ValidationError({"organisation_number": [_("Give a valid organisation number: nine digits, as in the "
                                                         "Central Coordinating Register for Legal Entities.")]})
    return compact


def _registration_refusal(number: str, kind: str) -> ValidationError | None:
    existing = Organisation.objects.filter(organisation_number=number).first()
    if existing is not None and existing.kind in PROVISIONED_KINDS:
        return ValidationError({"organisation_number": [_(
            "%(name)s is registered already as %(kind)s. Its users are provisioned by its own user administrator: "
            "ask them for the grant applicant role.") % {"name": existing.name,
                                                          "kind": existing.get_kind_display().lower()}]})
    if existing is not None:
        return ValidationError({"organisation_number": [_(
            "This organisation number is registered already. Log in with your user, or ask whoever registered the "
            "organisation to give you a login.")]})
    if kind == Organisation.Kind.COUNTY:
        return ValidationError({"kind": [_(
            "Every county is registered already as an organisation. Its users are provisioned by its own user "
            "administrator: ask them for the grant applicant role.")]})
    if kind not in SIGNUP_KINDS:
        return ValidationError({"kind": [_("Municipalities are registered already; their users are provisioned by "
                                           "their own user administrator.")]})
    return None


def applicant_organisation_register(*, organisation_number: str, name: str, kind: str, contact_name: str,
                                    email: str, password: str) -> User:
    """A new applicant organisation and its first user (the grant applicant role), audited; the user logs in with
    the e-mail address and password."""
    number = organisation_number_clean(organisation_number)
    name, email, contact_name = name.strip(), email.strip().lower(), contact_name.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give the organisation's name.")]
    if not contact_name:
        errors["contact_name"] = [_("Give your name.")]
    given, _space, family = contact_name.rpartition(" ")
    user = User(username=email, email=email, first_name=given or family, last_name=family if given else "")
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors["password"] = error.messages
    if User.objects.filter(username__iexact=email).exists():
        errors["email"] = [_("A user with this e-mail address exists already: log in with it.")]
    if errors:
        raise ValidationError(errors)
    refusal = _registration_refusal(number, kind)
    if refusal is not None:
        raise refusal
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(kind=kind, name=name[:200], organisation_number=number)
            audit_record(actor=None, username="signup", action=AuditEntry.Action.CREATE,
                         object_type="core.organisation", object_id=organisation.pk,
                         detail=f"applicant organisation {number} ({kind}) registered by {email}")
            user = user_create(username=email, organisation=organisation, roles=[Role.GRANT_APPLICANT],
                               password=password, email=email, first_name=user.first_name,
                               last_name=user.last_name, operator="signup")
    except IntegrityError:
        # Registered by someone else a moment ago.
        raise ValidationError({"organisation_number": [_("This organisation number is registered already.")]})
    return user
