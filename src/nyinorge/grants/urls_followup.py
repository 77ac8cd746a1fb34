"""URLs of the application-based schemes: the follow-up pages (included from `grants.urls`): payments with four
eyes, a grant's follow-up and repayment claims, reports and their review, control samples, the call's exports."""

from django.urls import path

from nyinorge.grants.views import followup

urlpatterns = [
    path("schemes/payments/", followup.payments, name="payments"),
    path("schemes/payments/<id:grant_payment_id>/prepare/", followup.payment_prepare, name="payment_prepare"),
    path("schemes/payments/<id:grant_payment_id>/approve/", followup.payment_approve, name="payment_approve"),
    path("schemes/grants/<id:grant_application_id>/followup/", followup.followup, name="followup"),
    path("schemes/grants/<id:grant_application_id>/repayment/", followup.repayment_new, name="repayment_new"),
    path("schemes/grants/<id:grant_application_id>/repayment/settle/", followup.repayment_settle,
         name="repayment_settle"),
    path("schemes/reports/", followup.reports, name="reports"),
    path("schemes/reports/<id:grant_report_id>/", followup.report, name="report"),
    path("schemes/reports/<id:grant_report_id>/review/", followup.report_review, name="report_review"),
    path("schemes/calls/<id:grant_call_id>/control/", followup.control, name="control"),
    path("schemes/calls/<id:grant_call_id>/control/<id:control_sample_id>/", followup.control_sample,
         name="control_sample"),
    path("schemes/calls/<id:grant_call_id>/control/<id:control_sample_id>/finding/", followup.control_finding,
         name="control_finding"),
    path("schemes/calls/<id:grant_call_id>/export/<slug:what>.<slug:file_format>", followup.export,
         name="scheme_export"),
]
