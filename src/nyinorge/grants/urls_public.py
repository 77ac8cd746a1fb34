"""URLs of the application-based schemes: the public pages (included from `grants.urls`)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
