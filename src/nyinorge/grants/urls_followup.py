"""URLs of the application-based schemes: the followup pages (included from `grants.urls`)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
