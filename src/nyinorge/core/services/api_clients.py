"""Issuing, revoking and authenticating API clients' bearer tokens."""

import datetime
import hashlib
import logging
import secrets
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from nyinorge.core.access import require, user_can
from nyinorge.core.api_scopes import API_SCOPES, CLIENT_ROLES, KINDS_ACTING_FOR_LISTED_MUNICIPALITIES
from nyinorge.core.models import ApiClient, AuditEntry, Municipality, Organisation, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.services.users import user_create

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32
PREFIX_LENGTH = 8
# Writing last_used_at on every request would turn each API read into a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_administrator(actor: User | None) -> None:
    # None is the server console (`nyinorge api_client`), whose operator can run any command anyway.
    if actor is not None and not actor.is_superuser:
        require(user_can(actor, Capability.ADMINISTER_USERS))


def _municipality_errors(organisation: Organisation, municipalities: list[Municipality]) -> list[str]:
    if organisation.kind in KINDS_ACTING_FOR_LISTED_MUNICIPALITIES and not municipalities:
        return [_("A client of %(organisation)s (%(kind)s) must list the municipalities it acts for.") % {
            "organisation": organisation.name, "kind": organisation.get_kind_display()}]
    return []


def _validate(organisation: Organisation, name: str, scopes: list[str], expires_at: datetime.datetime | None,
              municipalities: list[Municipality]) -> None:
    errors: dict[str, list[str]] = {}
    if messages := _municipality_errors(organisation, municipalities):
        errors["municipalities"] = messages
    if not name.strip():
        errors["name"] = [_("Give the client a name.")]
    if organisation.kind not in CLIENT_ROLES:
        errors["organisation"] = [_("API clients cannot be issued to %(organisation)s (%(kind)s).") % {
            "organisation": organisation.name, "kind": organisation.get_kind_display()}]
    elif not organisation.is_active:
        errors["organisation"] = [_("%(organisation)s is deactivated.") % {"organisation": organisation.name}]
    if not scopes:
        errors["scopes"] = [_("Give the client at least one scope.")]
    for scope in scopes:
        if scope not in API_SCOPES:
            errors.setdefault("scopes", []).append(_("Unknown scope %(scope)s; known scopes: %(known)s.") % {
                "scope": scope, "known": ", ".join(API_SCOPES)})
        elif organisation.kind not in API_SCOPES[scope].organisation_kinds:
            errors.setdefault("scopes", []).append(_("The scope %(scope)s cannot be given to %(kind)s.") % {
                "scope": scope, "kind": organisation.get_kind_display()})
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = [_("The expiry time has already passed.")]
    if errors:
        raise ValidationError(errors)


def api_client_issue(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    scopes: list[str],
    expires_at: datetime.datetime | None = None,
    municipalities: Iterable[Municipality] = (),
) -> tuple[ApiClient, str]:
    """Create a client with its service user and return it with its token, which is never stored."""
    _require_administrator(actor)
    scopes = sorted(set(scopes))
    municipalities = sorted(set(municipalities), key=lambda municipality: municipality.number)
    _validate(organisation, name, scopes, expires_at, municipalities)
    for _attempt in range(20):
        token = secrets.token_urlsafe(TOKEN_BYTES)
        prefix = token[:PREFIX_LENGTH]
        # A leading dash would read as an option to `nyinorge api_client revoke <prefix>`.
        if not prefix.startswith("-") and not ApiClient.objects.filter(token_prefix=prefix).exists():
            break
    else:  # pragma: no cover - twenty unusable draws in a row
        raise RuntimeError("could not draw an unused token prefix")
    try:
        with transaction.atomic():
            user = user_create(username=f"api-{slugify(name)[:100]}-{prefix}", organisation=organisation,
                               roles=CLIENT_ROLES[organisation.kind], first_name=name.strip()[:150])
            client = ApiClient.objects.create(
                organisation=organisation, name=name.strip(), user=user, scopes=scopes, token_prefix=prefix,
                token_hash=_hash(token), created_by=actor, expires_at=expires_at,
            )
            client.municipalities.set(municipalities)
            acting = f"; acts for {', '.join(m.number for m in municipalities)}" if municipalities else ""
            audit_record(actor=actor, username="console", action=AuditEntry.Action.CREATE, object_type="core.api_client",
                         object_id=client.pk,
                         detail=f"{client.name} ({prefix}) for {organisation.name}: {', '.join(scopes)}{acting}")
    except IntegrityError:  # pragma: no cover - a parallel issue took the same prefix
        raise ValidationError(_("Could not issue the token; try again.")) from None
    return client, token


def api_client_set_municipalities(*, actor: User | None, client: ApiClient,
                                  municipalities: Iterable[Municipality]) -> ApiClient:
    """Replace the municipalities a client acts for (a vendor gaining or losing a customer)."""
    _require_administrator(actor)
    municipalities = sorted(set(municipalities), key=lambda municipality: municipality.number)
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().select_related("organisation").get(pk=client.pk)
        if messages := _municipality_errors(client.organisation, municipalities):
            raise ValidationError({"municipalities": messages})
        before = sorted(client.municipalities.values_list("number", flat=True))
        client.municipalities.set(municipalities)
        audit_record(actor=actor, username="console", action=AuditEntry.Action.UPDATE, object_type="core.api_client",
                     object_id=client.pk, detail=f"{client.name} ({client.token_prefix}) acts for "
                     f"{', '.join(m.number for m in municipalities) or 'its own municipality only'} "
                     f"(was {', '.join(before) or 'its own municipality only'})")
    return client


def api_client_revoke(*, actor: User | None, client: ApiClient) -> ApiClient:
    """Revoke a client's token for good (its service user is deactivated too)."""
    _require_administrator(actor)
    with transaction.atomic():
        client = ApiClient.objects.select_for_update().select_related("user").get(pk=client.pk)
        if client.revoked_at is not None:
            return client
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        client.user.is_active = False
        client.user.save(update_fields=["is_active"])
        audit_record(actor=actor, username="console", action=AuditEntry.Action.UPDATE, object_type="core.api_client",
                     object_id=client.pk, detail=f"revoked {client.name} ({client.token_prefix})")
    return client


def api_client_authenticate(*, token: str) -> ApiClient | None:
    """The client a token belongs to if it is usable now, else None."""
    # Looking up the hash, not the token, means the comparison leaks nothing about the token's characters.
    client = (ApiClient.objects.select_related("user", "user__organisation", "organisation")
              .filter(token_hash=_hash(token)).first())
    if client is None:
        logger.warning("API request with an unknown token")
        return None
    if not client.is_usable:
        audit_record(actor=None, username=client.user.get_username(), action=AuditEntry.Action.LOGIN_FAILED,
                     object_type="core.api_client", object_id=client.pk, detail="revoked, expired or deactivated token")
        return None
    now = timezone.now()
    stale = ApiClient.objects.filter(pk=client.pk).exclude(last_used_at__gt=now - LAST_USED_RESOLUTION)
    if stale.update(last_used_at=now):
        client.last_used_at = now
        # One login entry per minute of use, not per request: the reads themselves are audited anyway.
        audit_record(actor=client.user, action=AuditEntry.Action.LOGIN, object_type="core.api_client",
                     object_id=client.pk, detail="token used")
    return client
