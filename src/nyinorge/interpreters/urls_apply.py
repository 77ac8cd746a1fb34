"""Pages for applicants, reviewers and notices (interp-apply)."""

urlpatterns: list = []
