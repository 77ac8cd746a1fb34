"""URLs of the application-based schemes: the applicant's portal (included from `grants.urls`)."""

from django.urls import path

from nyinorge.grants.views import schemes_landing

urlpatterns = [
    path("portal/", schemes_landing.portal, name="portal"),
]
