"""Routes: see nyinorge.competence.urls."""

urlpatterns: list = []
