"""Machine clients (municipal systems) that call the API with a bearer token on behalf of an organisation.

Only a SHA-256 hash of the token is stored; the token itself is shown once, when it is issued. Each
client acts through its own service user, so roles, permission checks and the audit log apply unchanged.

A client may also act for further municipalities: a case-system vendor (an organisation of kind "other")
that runs the register for several municipalities gets one client listing them, and a municipality's own
client acts for its municipality (plus any it runs the service for in an inter-municipal cooperation).
"""

from functools import cached_property


from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models.organisations import Municipality, Organisation


class ApiClient(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="api_clients",
                                     verbose_name=_("organisation"))
    name = models.CharField(_("name"), max_length=100)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client",
                                verbose_name=_("service user"))
    scopes = models.JSONField(_("scopes"), default=list)
    token_prefix = models.CharField(_("token prefix"), max_length=8, unique=True,
                                    help_text=_("The first characters of the token, to recognise it in lists and logs."))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("issued by"))
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    municipalities = models.ManyToManyField(
        Municipality, blank=True, related_name="api_clients", verbose_name=_("acts for municipalities"),
        help_text=_("Municipalities the client writes and reads for besides its own organisation's municipality "
                    "(a case-system vendor acting for several municipalities)."),
    )

    class Meta:
        ordering = ["organisation__name", "name", "id"]
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    @cached_property
    def municipality_numbers(self) -> frozenset[str]:
        """The municipalities the client acts for: its own organisation's (a municipality) and those listed."""
        numbers = {municipality.number for municipality in self.municipalities.all()}
        if self.organisation.kind == Organisation.Kind.MUNICIPALITY and self.organisation.municipality_id:
            numbers.add(self.organisation.municipality_id)
        return frozenset(numbers)

    def may_act_for(self, municipality: Municipality | str) -> bool:
        """Whether the client may write and read the register for this municipality."""
        number = municipality if isinstance(municipality, str) else municipality.number
        return number in self.municipality_numbers

    @property
    def is_usable(self) -> bool:
        """Not revoked, not expired, and both service user and organisation still active."""
        return (
            self.revoked_at is None
            and (self.expires_at is None or self.expires_at > timezone.now())
            and self.user.is_active
            and self.organisation.is_active
        )
