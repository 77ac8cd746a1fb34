"""URLs of the application-based schemes: the applicant's portal (included from `grants.urls`)."""

from django.urls import path

from nyinorge.grants.views import portal, portal_application

urlpatterns = [
    path("portal/", portal.portal, name="portal"),
    path("portal/signup/", portal.applicant_signup, name="applicant_signup"),
    path("portal/calls/<id:grant_call_id>/", portal.portal_call, name="portal_call"),
    path("portal/calls/<id:grant_call_id>/apply/", portal.application_new, name="application_new"),
    path("applications/<id:grant_application_id>/", portal_application.application_page, name="application"),
    path("applications/<id:grant_application_id>/edit/", portal_application.application_edit,
         name="application_edit"),
    path("applications/<id:grant_application_id>/documents/", portal_application.application_document_add,
         name="application_document_add"),
    path("applications/<id:grant_application_id>/appeal/", portal_application.application_appeal,
         name="application_appeal"),
    path("applications/<id:grant_application_id>/do/<slug:action>/", portal_application.application_action,
         name="application_action"),
    path("applications/documents/<id:grant_document_id>/", portal_application.application_document,
         name="application_document"),
    path("applications/documents/<id:grant_document_id>/remove/", portal_application.application_document_remove,
         name="application_document_remove"),
]
