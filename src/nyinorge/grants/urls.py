from django.urls import path

from nyinorge.grants.views import payout

app_name = "grants"

urlpatterns = [
    path("runs/<int:run_id>/export", payout.run_export, name="run_export"),
]
