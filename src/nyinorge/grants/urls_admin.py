"""URLs of the application-based schemes: administration and review (included from `grants.urls`)."""

from django.urls import path

from nyinorge.grants.views import reviews, schemes_admin, schemes_admin_cases as cases

urlpatterns = [
    path("schemes/", schemes_admin.schemes, name="schemes"),
    path("schemes/<id:grant_scheme_id>/", schemes_admin.scheme, name="scheme"),
    path("schemes/delegations/", schemes_admin.delegations, name="delegations"),
    path("schemes/appeals/", schemes_admin.appeals, name="appeals"),
    path("schemes/calls/new/", schemes_admin.call_new, name="call_new"),
    path("schemes/calls/<id:grant_call_id>/", schemes_admin.call, name="call"),
    path("schemes/calls/<id:grant_call_id>/edit/", schemes_admin.call_edit, name="call_edit"),
    path("schemes/calls/<id:grant_call_id>/start-review/", schemes_admin.call_start_review, name="call_start_review"),
    path("schemes/calls/<id:grant_call_id>/assign/", schemes_admin.call_assign, name="call_assign"),
    path("schemes/calls/<id:grant_call_id>/ranking/", schemes_admin.call_ranking, name="call_ranking"),
    path("schemes/calls/<id:grant_call_id>/proposal/", schemes_admin.call_proposal, name="call_proposal"),
    path("schemes/applications/<id:grant_application_id>/", cases.application_case, name="application_case"),
    path("schemes/applications/<id:grant_application_id>/start-review/", cases.application_start_review,
         name="application_start_review"),
    path("schemes/applications/<id:grant_application_id>/assign/", cases.application_assign,
         name="application_assign"),
    path("schemes/applications/<id:grant_application_id>/decide/", cases.application_decide,
         name="application_decide"),
    path("schemes/applications/<id:grant_application_id>/prize-decision/", cases.application_prize_decide,
         name="application_prize_decide"),
    path("schemes/applications/<id:grant_application_id>/appeal-decision/", cases.application_appeal_decide,
         name="application_appeal_decide"),
    path("applications/<id:grant_application_id>/letter.pdf", cases.application_letter, name="application_letter"),
    path("reviews/", reviews.reviews, name="reviews"),
    path("reviews/<id:grant_review_id>/", reviews.review, name="review"),
    path("reviews/<id:grant_review_id>/declare/", reviews.review_declare, name="review_declare"),
]
