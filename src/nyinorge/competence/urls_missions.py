"""Routes: see nyinorge.competence.urls. KomBo (selection missions), directorate caseworkers only."""

from django.urls import path

from nyinorge.competence.views import missions as views

urlpatterns = [
    path("", views.missions, name="missions"),
    path("<slug:mission_code>/", views.mission, name="mission"),
    path("<slug:mission_code>/offline/", views.mission_kit, name="mission_kit"),
    path("<slug:mission_code>/offline/sw.js", views.mission_kit_worker, name="mission_kit_worker"),
    path("<slug:mission_code>/offline/form.json", views.mission_kit_form, name="mission_kit_form"),
    path("<slug:mission_code>/upload/", views.mission_upload, name="mission_upload"),
    path("<slug:mission_code>/uploads/<id:batch_id>/", views.mission_batch, name="mission_batch"),
    path("<slug:mission_code>/records/<id:mission_record_id>/", views.mission_record, name="mission_record"),
]
