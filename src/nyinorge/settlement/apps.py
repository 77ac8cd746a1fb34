from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SettlementConfig(AppConfig):
    name = "nyinorge.settlement"
    label = "settlement"
    verbose_name = _("Settlement")

    def ready(self) -> None:
        from nyinorge.settlement import access  # noqa: F401  (registers the person-scope extension)
        from nyinorge.settlement import merges  # noqa: F401  (registers its rules for merging persons)
