"""URLs of the application-based schemes: administration and review (included from `grants.urls`)."""

from django.urls import path

from nyinorge.grants.views import schemes_landing

urlpatterns = [
    path("schemes/", schemes_landing.schemes, name="schemes"),
    path("reviews/", schemes_landing.reviews, name="reviews"),
]
