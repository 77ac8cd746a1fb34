from django.urls import include, path

from nyinorge.interpreters.views import public, register, statistics

app_name = "interpreters"

urlpatterns = [
    path("", public.search, name="search"),
    path("<id:interpreter_id>/", public.profile, name="profile"),
    path("register/", register.register_list, name="register"),
    path("register/<id:interpreter_id>/", register.register_entry, name="entry"),
    path("register/<id:interpreter_id>/evidence/<id:evidence_id>/revoke/", register.evidence_revoke_view,
         name="evidence_revoke"),
    path("statistics/", statistics.statistics_page, name="statistics"),
    path("statistics/tables/<slug:table>.<slug:file_format>", statistics.statistics_export, name="statistics_table"),
    path("statistics/charts/<slug:figure>.svg", statistics.statistics_chart, name="statistics_chart"),
    path("", include("nyinorge.interpreters.urls_apply")),  # applications, review and notices
]
