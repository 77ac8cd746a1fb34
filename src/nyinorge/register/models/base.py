"""What every register record shares: the person and municipality, where it came from, and its upsert key.

A record written by a municipal system carries the client and the client's own id for it
(`client_ref`); that pair is unique per model and is the key an upsert finds the record by.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nyinorge.core.models import ApiClient, Municipality, Person


class Source(models.TextChoices):
    SCREEN = "screen", _("Screen")
    API = "api", _("Municipal system (API)")
    SYSTEM = "system", _("System")
    IMPORT = "import", _("File delivery")


class RegisterRecord(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("municipality"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.SCREEN)
    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("API client"))
    client_ref = models.CharField(_("the system's own id"), max_length=100, null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    # Data keys an upsert accepts (model field names); the rest are set by the service.
    WRITABLE_FIELDS: tuple[str, ...] = ()
    KIND: str = ""
    # Whether the municipality needs the person only on some day of the record's dates (monthly hours).
    SCOPE_ANY_DAY: bool = False

    class Meta:
        abstract = True

    @classmethod
    def client_ref_constraint(cls, name: str) -> models.UniqueConstraint:
        return models.UniqueConstraint(fields=["client", "client_ref"], condition=Q(client__isnull=False), name=name)

    def in_reception(self) -> bool:
        """Training for asylum seekers is given by the reception centre's host municipality, not by residence."""
        return False

    def scope_dates(self):
        """The first and last day the record concerns; the municipality must be the residence on both."""
        raise NotImplementedError
