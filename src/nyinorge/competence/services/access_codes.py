"""One-time codes that let a resident log in to their own registration (no national ID needed).

Only an HMAC of the code is stored. A code is eight letters and digits without look-alikes (no 0/O, 1/I/L, 2/Z,
5/S, 8/B), printed as ABCD-EFGH: 24⁸ ≈ 10¹¹ codes, valid 14 days, used once. Wrong codes are counted per client
address and per session and refused for a while after too many (`code_attempt_allowed`).
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.competence.models import CompetenceRegistration, ResidentAccessCode, ResidentLogin
from nyinorge.core.models import AuditEntry, Person, User
from nyinorge.core.services.audit import audit_record

ALPHABET = "ACDEFGHJKMNPQRTUVWXY3479"
CODE_LENGTH = 8
VALID_FOR = datetime.timedelta(days=14)
MINIMUM_AGE = 16
# Many residents of a centre share one address: its limit is wider than a single browser's.
ATTEMPTS_PER_ADDRESS = 30
ATTEMPTS_PER_SESSION = 5
ATTEMPT_WINDOW = datetime.timedelta(minutes=15)


def normalise_code(code: str) -> str:
    return "".join(character for character in (code or "").upper() if character.isalnum())


def code_hash(code: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), normalise_code(code).encode(), hashlib.sha256).hexdigest()


def code_display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def age_on(person: Person, day: datetime.date) -> int:
    born = person.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def access_code_issue(*, actor: User, person: Person) -> tuple[ResidentAccessCode, str]:
    """A new code for the person (earlier unused codes stop working); returns the record and the code itself."""
    if age_on(person, timezone.localdate()) < MINIMUM_AGE:
        raise ValidationError(_("Residents register from the age of %(age)d.") % {"age": MINIMUM_AGE})
    code = "".join(secrets.choice(ALPHABET) for _index in range(CODE_LENGTH))
    now = timezone.now()
    with transaction.atomic():
        ResidentAccessCode.objects.filter(person=person, used_at__isnull=True).delete()
        record = ResidentAccessCode.objects.create(
            person=person, code_hash=code_hash(code), issued_by=actor, expires_at=now + VALID_FOR,
            reception_centre_id=person.reception_centre_id)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, object_type="competence.residentaccesscode",
                     object_id=record.pk, person=person, detail="one-time code for Kompass issued")
    return record, code


def _attempt_keys(address: str, session_key: str) -> list[tuple[str, int]]:
    return [(f"competence-code-address:{address}", ATTEMPTS_PER_ADDRESS),
            (f"competence-code-session:{session_key}", ATTEMPTS_PER_SESSION)]


def code_attempt_allowed(*, address: str, session_key: str) -> bool:
    return all((cache.get(key) or 0) < limit for key, limit in _attempt_keys(address, session_key))


def _count_failure(address: str, session_key: str) -> None:
    for key, _limit in _attempt_keys(address, session_key):
        cache.add(key, 0, timeout=int(ATTEMPT_WINDOW.total_seconds()))
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=int(ATTEMPT_WINDOW.total_seconds()))


def resident_login_get_or_create(*, person: Person) -> ResidentLogin:
    """The person's own login: no organisation, no roles, no password (a code or ID-porten opens it).

    The ID-porten hook: a production OIDC backend that has verified a resident's national identity number (`pid`)
    finds the Person by it and logs in `resident_login_get_or_create(person=...).user`; see the README."""
    login = ResidentLogin.objects.select_related("user").filter(person=person).first()
    if login is None:
        user = User(username=f"kompass-{person.pk}", first_name="", last_name="", organisation=None)
        user.set_unusable_password()
        user.save()
        login = ResidentLogin.objects.create(user=user, person=person)
    return login


def access_code_redeem(*, code: str, language: str, address: str, session_key: str) -> ResidentLogin | None:
    """The resident's login for a valid, unused, unexpired code (marking it used), or None (counted as a failure)."""
    now = timezone.now()
    with transaction.atomic():
        record = (ResidentAccessCode.objects.select_for_update().select_related("person")
                  .filter(code_hash=code_hash(code), used_at__isnull=True, expires_at__gt=now).first())
        if record is None or len(normalise_code(code)) != CODE_LENGTH:
            _count_failure(address, session_key)
            audit_record(actor=None, action=AuditEntry.Action.LOGIN_FAILED, object_type="competence.residentaccesscode",
                         detail="wrong, used or expired one-time code", username="kompass-code")
            return None
        record.used_at = now
        record.save(update_fields=["used_at"])
        person = record.person
        login = resident_login_get_or_create(person=person)
        registration, created = CompetenceRegistration.objects.get_or_create(
            person=person, defaults={"language": language, "source": CompetenceRegistration.Source.SELF})
        audit_record(actor=login.user, action=AuditEntry.Action.LOGIN, object_type="competence.residentlogin",
                     object_id=login.pk, person=person, detail="logged in with a one-time code")
        if created:
            audit_record(actor=login.user, action=AuditEntry.Action.CREATE,
                         object_type="competence.competenceregistration", object_id=registration.pk, person=person)
    return login
