from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.i18n import JavaScriptCatalog

from nyinorge.api import api, ws4_api
from nyinorge.core.problems import problem_not_found
from nyinorge.core.views import audit, duplicates, home, merges, people

people_patterns = (
    [
        path("", people.people_list, name="list"),
        path("new/", people.person_new, name="create"),
        path("new/duplicates/", people.person_duplicates_check, name="duplicates_check"),
        path("duplicates/", duplicates.duplicate_queue, name="duplicates"),
        path("duplicates/model/", duplicates.duplicate_model, name="duplicate_model"),
        path("duplicates/model/train/", duplicates.duplicate_model_train, name="duplicate_model_train"),
        path("duplicates/<id:pair_id>/", duplicates.duplicate_pair, name="duplicate_pair"),
        path("<id:person_id>/", people.person_detail, name="detail"),
        path("<id:person_id>/edit/", people.person_edit, name="edit"),
        path("<id:person_id>/relations/new/", people.relation_new, name="relation_create"),
        path("<id:person_id>/relations/<id:relation_id>/delete/", people.relation_delete, name="relation_delete"),
        path("merge/", merges.merge, name="merge"),
        path("merges/", merges.merges, name="merges"),
        path("merges/<id:merge_id>/", merges.merge_detail, name="merge_detail"),
    ],
    "people",
)
audit_patterns = (
    [
        path("", audit.audit_list, name="list"),
        path("export.csv", audit.audit_export, name="export"),
    ],
    "audit",
)

admin.site.site_header = "nyinorge"
admin.site.site_title = "nyinorge"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html", redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("people/", include(people_patterns)),
    path("organisations/", home.organisations, name="organisations"),
    path("audit/", include(audit_patterns)),
    path("settlement/", include("nyinorge.settlement.urls")),
    path("register/", include("nyinorge.register.urls")),
    path("statistics/", include("nyinorge.statistics.urls")),
    path("interpreters/", include("nyinorge.interpreters.urls")),
    path("grants/", include("nyinorge.grants.urls")),
    path("competence/", include("nyinorge.competence.urls")),
    path("healthz", home.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/ws4/v1/", ws4_api.urls),
    path("api/", api.urls),
    re_path(r"^api/", problem_not_found),
]

if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler403 = "nyinorge.core.views.home.permission_denied"
handler404 = "nyinorge.core.views.home.page_not_found"
handler500 = "nyinorge.core.views.home.server_error"
