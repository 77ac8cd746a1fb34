from django.urls import include, path

from nyinorge.interpreters.views import public

app_name = "interpreters"

urlpatterns = [
    path("", public.search, name="search"),
    path("<int:interpreter_id>/", public.profile, name="profile"),
    path("", include("nyinorge.interpreters.urls_apply")),  # applications, review and notices (interp-apply)
]
