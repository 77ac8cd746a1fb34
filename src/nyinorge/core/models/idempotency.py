"""Stored responses of API writes, keyed by the client's Idempotency-Key, so a retried request is answered
from the store instead of being carried out twice (see `nyinorge.core.idempotency`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models.api_clients import ApiClient


class IdempotencyKey(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="idempotency_keys",
                               verbose_name=_("API client"))
    key = models.CharField(_("idempotency key"), max_length=255)
    # SHA-256 of method, path and the canonical JSON body: the same key with another request is refused.
    request_hash = models.CharField(_("request fingerprint"), max_length=64)
    # Empty only inside the transaction that carries the first request out (never seen by others).
    status_code = models.PositiveSmallIntegerField(_("response status"), null=True)
    response_body = models.JSONField(_("response body"), null=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="idempotency_key_unique_per_client")]

    def __str__(self) -> str:
        return f"{self.client_id}:{self.key}"
