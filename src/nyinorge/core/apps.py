from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "nyinorge.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.urls import register_converter

        from nyinorge.core import signals  # noqa: F401  (connects the login audit receivers)
        from nyinorge.core.ids import DatabaseIdConverter, YearConverter

        # Before any URLconf is loaded: the patterns are compiled with them.
        register_converter(DatabaseIdConverter, "id")
        register_converter(YearConverter, "year")
