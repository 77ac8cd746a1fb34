"""Competence mapping (Kompass), settlement interviews (IMDinett mottak) and selection missions (KomBo)."""

from django.urls import include, path

app_name = "competence"

urlpatterns = [
    path("", include("nyinorge.competence.urls_resident")),
    path("interviews/", include("nyinorge.competence.urls_interview")),
    path("missions/", include("nyinorge.competence.urls_missions")),
]
