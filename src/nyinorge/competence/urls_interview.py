"""Routes of the settlement interview (IMDinett mottak), under /competence/interviews/ (see nyinorge.competence.urls)."""

from django.urls import path

from nyinorge.competence.views import interviews

urlpatterns = [
    path("cases/<id:case_id>/", interviews.interview, name="interview"),
    path("interpreters/", interviews.interview_interpreters, name="interview_interpreters"),
]
