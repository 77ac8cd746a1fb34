from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "nyinorge.register"
    label = "register"
    verbose_name = _("Introduction register (NIR)")

    def ready(self) -> None:
        from nyinorge.register import access  # noqa: F401  (registers the person-scope extension)
        from nyinorge.register import merges  # noqa: F401  (registers its rules for merging persons)
