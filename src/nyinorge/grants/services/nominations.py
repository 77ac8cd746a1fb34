"""Public nominations for a prize (Mangfoldsprisen): anyone may nominate a business, without a login.

A nomination becomes an application without an applicant organisation, submitted at once (a history row
"nominated"), with the prize call's form answers and the nominator's name and e-mail; the jury then reviews it in the
normal flow and the officer awards it (`award`). Spam is held off without third-party services: a honeypot field
that people never fill, a signed timestamp token (a form sent back sooner than a person can fill it, or after the
token has expired, is refused), and a limit per client address in the cache (the address is kept only as a keyed
hash, for an hour, never stored in the database).
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyinorge.core.models import AuditEntry, Municipality
from nyinorge.core.services.audit import audit_record
from nyinorge.grants.application_states import A
from nyinorge.grants.formdefs import form_answers_clean
from nyinorge.grants.models import GrantApplication, GrantCall

TOKEN_SALT = "nyinorge.grants.nomination"
MIN_SECONDS = 4  # nobody reads and fills the nomination form faster
TOKEN_MAX_AGE = 3 * 60 * 60
RATE_LIMIT = 5  # nominations per client address per hour
RATE_WINDOW = 60 * 60
MUNICIPALITY_FIELD = "nominee_municipality"
NAME_FIELD = "nominee_name"
MAX_NOMINATOR_NAME = 200


class NominationRefused(Exception):
    """The nomination is refused as a whole (closed call, spam check, rate limit); the message says why."""


def nomination_token(*, call: GrantCall, issued_at: float | None = None) -> str:
    """The signed token the nomination form carries: which call, and when the form was given out."""
    return signing.dumps({"call": call.pk, "at": issued_at if issued_at is not None else time.time()},
                         salt=TOKEN_SALT)


def _token_refusal(token: str, call: GrantCall) -> str | None:
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        return _("The form was open for more than three hours. It has been renewed: send it again.")
    except signing.BadSignature:
        return _("The form could not be checked. Open the nomination page again and send it from there.")
    if payload.get("call") != call.pk:
        return _("The form belongs to another call. Open the nomination page again.")
    if time.time() - float(payload.get("at", 0)) < MIN_SECONDS:
        return _("The form was sent back faster than a person can fill it in. Wait a moment and send it again.")
    return None


def _rate_key(client_address: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), client_address.encode(), hashlib.sha256).hexdigest()
    return f"grants:nomination:{digest[:40]}"


def _municipality(value: str) -> tuple[str | None, str | None]:
    """(the municipality as stored, or None; the problem, or None) for a name or a four-digit number."""
    text = (value or "").strip()
    found = list(Municipality.objects.filter(number=text)) if text.isdigit() else list(
        Municipality.objects.filter(name__iexact=text))
    if len(found) == 1:
        twins = Municipality.objects.filter(name=found[0].name).count()
        return (found[0].name if twins == 1 else f"{found[0].name} ({found[0].number})"), None
    if len(found) > 1:
        return None, _("More than one municipality is called %(name)s: give the municipality number (four digits).") \
            % {"name": text}
    return None, _("Give a Norwegian municipality by its name or its four-digit number.")


def _check_open(call: GrantCall) -> None:
    if not call.scheme.is_prize or not call.published:
        raise NominationRefused(_("This call does not take public nominations."))
    if not call.is_open:
        raise NominationRefused(_("Nominations for %(call)s are closed.") % {"call": call})


def prize_nomination_submit(*, call: GrantCall, answers: dict, nominator_name: str, nominator_email: str,
                            consent: bool, honeypot: str, token: str, client_address: str) -> GrantApplication:
    """Check and store one public nomination as a submitted application of the prize call."""
    _check_open(call)
    if honeypot:
        raise NominationRefused(_("The nomination could not be accepted."))
    refusal = _token_refusal(token, call)
    if refusal:
        raise NominationRefused(refusal)
    key = _rate_key(client_address or "unknown")
    if (cache.get(key) or 0) >= RATE_LIMIT:
        raise NominationRefused(_("Too many nominations have been sent from your network in the last hour. Try again "
                                  "later."))
    cleaned = form_answers_clean(call.application_form, answers, complete=True)
    errors = {key_: list(messages) for key_, messages in cleaned.errors.items()}
    if MUNICIPALITY_FIELD in cleaned.answers:
        municipality, problem = _municipality(cleaned.answers[MUNICIPALITY_FIELD])
        if problem:
            errors[MUNICIPALITY_FIELD] = [problem]
        else:
            cleaned.answers[MUNICIPALITY_FIELD] = municipality
    name = (nominator_name or "").strip()
    if not name:
        errors["nominator_name"] = [_("Give your name.")]
    elif len(name) > MAX_NOMINATOR_NAME:
        errors["nominator_name"] = [_("At most %(max)d characters.") % {"max": MAX_NOMINATOR_NAME}]
    try:
        validate_email(nominator_email or "")
    except ValidationError:
        errors["nominator_email"] = [_("Give a valid e-mail address.")]
    if not consent:
        errors["consent"] = [_("Confirm that the directorate may store the nomination and contact you about it.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        now = timezone.now()
        application = GrantApplication.objects.create(
            call=call, applicant=None, project_title=str(cleaned.answers.get(NAME_FIELD, ""))[:200],
            answers=cleaned.answers, state=A.SUBMITTED, submitted_at=now, nominator_name=name,
            nominator_email=nominator_email.strip())
        application.events.create(name="nominated", from_state="", to_state=A.SUBMITTED, actor=None, at=now)
        audit_record(actor=None, action=AuditEntry.Action.CREATE, object_type="grants.grantapplication",
                     object_id=application.pk, username="public:nomination",
                     detail=f"prize nomination {call.scheme.code} {call.budget_year}")
    if cache.add(key, 1, RATE_WINDOW) is False:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, RATE_WINDOW)
    return application
