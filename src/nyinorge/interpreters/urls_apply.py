"""Pages for applicants, reviewers and notices."""

from django.urls import path

from nyinorge.interpreters.views import accounts, apply, notices, review

urlpatterns: list = [
    path("account/", accounts.account_start, name="account_start"),
    path("account/signup/", accounts.account_signup, name="account_signup"),
    path("account/login/", accounts.account_login, name="account_login"),
    path("account/id-porten/", accounts.account_oidc, name="account_oidc"),
    path("application/", apply.apply_overview, name="apply_overview"),
    path("application/start/", apply.apply_start, name="apply_start"),
    path("application/details/", apply.apply_details, name="apply_details"),
    path("application/claims/new/", apply.apply_claim_new, name="apply_claim_new"),
    path("application/claims/<id:claim_id>/edit/", apply.apply_claim_edit, name="apply_claim_edit"),
    path("application/claims/<id:claim_id>/delete/", apply.apply_claim_delete, name="apply_claim_delete"),
    path("application/documents/new/", apply.apply_document_new, name="apply_document_new"),
    path("application/documents/<id:document_id>/delete/", apply.apply_document_delete,
         name="apply_document_delete"),
    path("application/sources/", apply.apply_sources, name="apply_sources"),
    path("application/submit/", apply.apply_submit, name="apply_submit"),
    path("application/amend/", apply.apply_amend, name="apply_amend"),
    path("application/withdraw/", apply.apply_withdraw, name="apply_withdraw"),
    path("application/leave/", apply.apply_leave, name="apply_leave"),
    path("application/notices/<id:notice_id>/", apply.apply_notice, name="apply_notice"),
    path("documents/<id:document_id>/", review.document_download, name="document_download"),
    path("review/", review.review_queue_page, name="review_queue"),
    path("review/<id:application_id>/", review.review_detail, name="review_detail"),
    path("review/<id:application_id>/claims/<id:claim_id>/decide/", review.review_claim_decide,
         name="review_claim_decide"),
    path("review/<id:application_id>/conclude/", review.review_conclude, name="review_conclude"),
    path("notices/", notices.notice_list_page, name="notice_list"),
    path("notices/new/", notices.notice_create, name="notice_create"),
    path("notices/new/<id:interpreter_id>/", notices.notice_create_for, name="notice_create_for"),
    path("notices/<id:notice_id>/", notices.notice_detail, name="notice_detail"),
    path("notices/<id:notice_id>/<slug:name>/", notices.notice_transition, name="notice_transition"),
]
