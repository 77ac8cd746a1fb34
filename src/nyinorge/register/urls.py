from django.urls import path

from nyinorge.register.views import followup, index, outcomes, people

app_name = "register"

urlpatterns = [
    path("", index.index, name="index"),
    path("people/", people.people, name="people"),
    path("people/<id:person_id>/", people.person, name="person"),
    path("people/<id:person_id>/permit/new/", people.permit_form, name="permit_create"),
    path("people/<id:person_id>/permit/<id:permit_id>/", people.permit_form, name="permit_edit"),
    path("people/<id:person_id>/move/", people.move_form, name="move"),
    path("people/<id:person_id>/<slug:kind>/new/", people.record_form, name="record_create"),
    path("people/<id:person_id>/<slug:kind>/<id:record_id>/", people.record_form, name="record_edit"),
    path("follow-up/<slug:which>/", followup.followup, name="followup"),
    path("outcomes/", outcomes.outcomes, name="outcomes"),
]
