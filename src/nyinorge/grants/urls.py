from django.urls import include, path

from nyinorge.grants.views import pages, payout, runs, special

app_name = "grants"

urlpatterns = [
    path("", pages.grants_index, name="index"),
    path("municipalities/<str:municipality_number>/", pages.grants_municipality, name="municipality"),
    path("municipalities/<str:municipality_number>/letters/<year:year>/<id:instalment>/", pages.grants_letter, name="letter"),
    path("lines/<id:grant_line_id>/", pages.grants_line, name="line"),
    path("rates/", pages.grants_rates, name="rates"),
    path("runs/", runs.grant_runs, name="runs"),
    path("runs/<id:grant_run_id>/", runs.grant_run, name="run"),
    path("runs/<id:grant_run_id>/progress/", runs.grant_run_progress, name="run_progress"),
    path("runs/<id:grant_run_id>/approve/", runs.grant_run_approve_view, name="run_approve"),
    path("runs/<id:grant_run_id>/discard/", runs.grant_run_discard_view, name="run_discard"),
    path("special/", special.special_list, name="special_list"),
    path("special/new/", special.special_create, name="special_create"),
    path("special/<id:special_grant_id>/", special.special_detail, name="special_detail"),
    path("special/<id:special_grant_id>/edit/", special.special_edit, name="special_edit"),
    path("special/<id:special_grant_id>/documents/", special.special_document_add, name="special_document_add"),
    path("special/<id:special_grant_id>/decision/", special.special_decide, name="special_decide"),
    path("special/<id:special_grant_id>/appeal/", special.special_appeal, name="special_appeal"),
    path("special/<id:special_grant_id>/appeal/decision/", special.special_appeal_decide,
         name="special_appeal_decide"),
    path("special/<id:special_grant_id>/letter.pdf", special.special_letter, name="special_letter"),
    path("special/<id:special_grant_id>/<slug:action>/", special.special_action, name="special_action"),
    path("special/documents/<id:special_grant_document_id>/", special.special_document, name="special_document"),
    path("special/documents/<id:special_grant_document_id>/remove/", special.special_document_remove,
         name="special_document_remove"),
    path("runs/<id:grant_run_id>/export/", payout.run_export, name="run_export"),
    # The application-based schemes (issue 16): the applicant's portal, administration and review, follow-up
    # (payments, reports, control), and the public pages (calls, prize nominations).
    path("", include("nyinorge.grants.urls_portal")),
    path("", include("nyinorge.grants.urls_admin")),
    path("", include("nyinorge.grants.urls_followup")),
    path("", include("nyinorge.grants.urls_public")),
]
