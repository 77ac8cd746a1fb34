from django.urls import path  # noqa: F401  (each part of the app adds its routes below)

app_name = "grants"

urlpatterns = [
]
