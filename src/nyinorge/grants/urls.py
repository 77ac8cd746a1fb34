from django.urls import path

from nyinorge.grants.views import pages, payout, runs

app_name = "grants"

urlpatterns = [
    path("", pages.grants_index, name="index"),
    path("municipalities/<str:municipality_number>/", pages.grants_municipality, name="municipality"),
    path("municipalities/<str:municipality_number>/letters/<int:year>/<int:instalment>/", pages.grants_letter, name="letter"),
    path("lines/<int:grant_line_id>/", pages.grants_line, name="line"),
    path("rates/", pages.grants_rates, name="rates"),
    path("runs/", runs.grant_runs, name="runs"),
    path("runs/<int:grant_run_id>/", runs.grant_run, name="run"),
    path("runs/<int:grant_run_id>/progress/", runs.grant_run_progress, name="run_progress"),
    path("runs/<int:grant_run_id>/approve/", runs.grant_run_approve_view, name="run_approve"),
    path("runs/<int:grant_run_id>/discard/", runs.grant_run_discard_view, name="run_discard"),
    path("runs/<int:grant_run_id>/export/", payout.run_export, name="run_export"),
]
