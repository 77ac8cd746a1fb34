"""What every uploaded document shares, whichever record it belongs to: checked by `interpreters.uploads`,
stored privately by `interpreters.storage` under a random name, never served from a URL."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoredDocument(models.Model):
    stored_name = models.CharField(max_length=60, unique=True, editable=False)
    display_name = models.CharField(_("file name"), max_length=150)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("uploaded by"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.display_name
