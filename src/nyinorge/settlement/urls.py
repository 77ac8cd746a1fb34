from django.urls import path

from nyinorge.settlement.views import case, directorate, municipality, outcome_model, reception, suggestions, year

app_name = "settlement"

urlpatterns = [
    path("", directorate.queue, name="queue"),
    path("cases/new/", directorate.case_new, name="case_create"),
    path("cases/<id:case_id>/", case.case_detail, name="case"),
    path("cases/<id:case_id>/<slug:action>/", case.case_action, name="case_action"),
    path("year/", directorate.overview, name="overview"),
    path("suggestions/", suggestions.suggestions, name="suggestions"),
    path("suggestions/<id:run_id>/", suggestions.suggestion_run, name="suggestion_run"),
    path("suggestions/<id:run_id>/propose/", suggestions.suggestion_propose, name="suggestion_propose"),
    path("suggestions/<id:run_id>/cancel/", suggestions.suggestion_cancel, name="suggestion_cancel"),
    path("outcome-model/", outcome_model.outcome_model, name="outcome_model"),
    path("outcome-model/train/", outcome_model.outcome_model_train, name="outcome_model_train"),
    path("outcome-model/baseline/", outcome_model.outcome_model_deactivate_view, name="outcome_model_deactivate"),
    path("outcome-model/<id:version_id>/", outcome_model.outcome_model_version, name="outcome_model_version"),
    path("outcome-model/<id:version_id>/activate/", outcome_model.outcome_model_activate_view,
         name="outcome_model_activate"),
    path("year/manage/", year.year_manage, name="year_manage"),
    path("year/new/", year.year_create, name="year_create"),
    path("year/<year:year>/indicators/", year.year_indicators, name="year_indicators"),
    path("year/<year:year>/compute/", year.year_compute, name="year_compute"),
    path("year/<year:year>/override/", year.year_override, name="year_override"),
    path("overdue/", directorate.overdue, name="overdue"),
    path("housing/open/", directorate.notices, name="notices_open"),
    path("proposals/", municipality.inbox, name="inbox"),
    path("accepted/", municipality.accepted, name="accepted"),
    path("settled/", municipality.settled, name="settled"),
    path("housing/", municipality.housing, name="housing"),
    path("housing/<id:notice_id>/withdraw/", municipality.housing_withdraw, name="housing_withdraw"),
    path("decision/", municipality.decision, name="decision"),
    path("residents/", reception.residents, name="residents"),
]
