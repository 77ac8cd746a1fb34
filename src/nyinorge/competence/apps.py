from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "nyinorge.competence"
    label = "competence"
    verbose_name = _("Competence mapping and settlement interviews")
