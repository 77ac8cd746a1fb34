"""URLs of the application-based schemes: the public pages (included from `grants.urls`)."""

from django.urls import path

from nyinorge.grants.views import public

urlpatterns = [
    path("calls/", public.public_calls, name="public_calls"),
    path("calls/<id:grant_call_id>/nominate/", public.nominate, name="nominate"),
]
