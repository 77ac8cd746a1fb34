from django.urls import include, path

app_name = "interpreters"

urlpatterns = [
    path("", include("nyinorge.interpreters.urls_apply")),  # applications, review and notices (interp-apply)
]
