"""The reviewer's pages: their assignments, and one review — first the impartiality declaration
(forvaltningsloven §§ 6–10), then the scores per criterion with comments and the call's review form, saved as
they go and submitted once. A reviewer who declared a conflict of interest loses access to the application."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.core.access import require, user_can
from nyinorge.core.roles import Capability
from nyinorge.core.views.forms import copy_errors
from nyinorge.core.models import AuditEntry
from nyinorge.core.services.audit import audit_record
from nyinorge.grants.forms_schemes_admin import DeclarationForm, ReviewForm
from nyinorge.grants.models import ReviewAssignment
from nyinorge.grants.selectors.schemes import grant_application_read, grant_applications_shown
from nyinorge.grants.services import reviews as service

R = ReviewAssignment.State


@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    require(user_can(request.user, Capability.REVIEW_GRANT_APPLICATIONS))
    assignments = list(ReviewAssignment.objects.filter(reviewer=request.user).exclude(state=R.CONFLICT)
                       .select_related("application__call__scheme", "application__applicant")
                       .order_by("state", "application__call__deadline", "id"))
    grant_applications_shown(actor=request.user, applications=[a.application for a in assignments],
                             detail="review assignments")
    return render(request, "grants/schemes/admin/reviews.html", {"assignments": assignments})


def _page(request: HttpRequest, review, *, declaration=None, form=None, status: int = 200) -> HttpResponse:
    if review.state == R.ASSIGNED:
        # Before the declaration: the applicant and the title only (the review's own lookup), read audited.
        application = review.application
        audit_record(actor=request.user, action=AuditEntry.Action.VIEW, object_type="grants.grantapplication",
                     object_id=application.pk, detail=f"review {review.pk}: the declaration of impartiality")
    else:
        application = grant_application_read(actor=request.user, application_id=review.application_id,
                                             detail=f"review {review.pk}")
    criteria = list(application.call.scheme.criteria.all())
    scoring = review.state in (R.IMPARTIAL, R.SUBMITTED)
    if form is None and scoring:
        form = ReviewForm(criteria=criteria, review_form=application.call.review_form,
                          initial=ReviewForm.initial_of(review))
    if review.state == R.SUBMITTED and form is not None:
        for field in form.fields.values():
            field.disabled = True
    return render(request, "grants/schemes/admin/review.html", {
        "review": review, "application": application, "call": application.call, "criteria": criteria,
        "declaration_form": declaration or (DeclarationForm() if review.state == R.ASSIGNED else None),
        "form": form, "documents": application.documents.all() if scoring else []}, status=status)


@login_required
def review(request: HttpRequest, grant_review_id: int) -> HttpResponse:
    """GET: the application and the review; POST: save the scores, or submit them (`submit` in the POST)."""
    item = service.review_for(actor=request.user, review_id=grant_review_id)
    if request.method != "POST":
        return _page(request, item)
    if item.state == R.ASSIGNED:
        messages.error(request, _("Declare your impartiality first (forvaltningsloven §§ 6–10); then you can score."))
        return redirect("grants:review", grant_review_id=item.pk)
    call = item.application.call
    form = ReviewForm(request.POST, criteria=list(call.scheme.criteria.all()), review_form=call.review_form)
    if form.is_valid():
        submit = "submit" in request.POST
        try:
            service.review_score(actor=request.user, review=item, scores=form.scores(), answers=form.answers(),
                                 submit=submit)
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("The review is submitted.") if submit else _("The scores are saved."))
            return redirect("grants:reviews" if submit else "grants:review", *([] if submit else [item.pk]))
    return _page(request, item, form=form, status=400)


@require_POST
@login_required
def review_declare(request: HttpRequest, grant_review_id: int) -> HttpResponse:
    item = service.review_for(actor=request.user, review_id=grant_review_id)
    form = DeclarationForm(request.POST)
    if form.is_valid():
        impartial = form.cleaned_data["declaration"] == "impartial"
        try:
            service.review_declare(actor=request.user, review=item, impartial=impartial,
                                   note=form.cleaned_data["note"])
        except ValidationError as error:
            copy_errors(form, error)
        else:
            if impartial:
                messages.success(request, _("You declared yourself impartial; you can score the application."))
                return redirect("grants:review", grant_review_id=item.pk)
            messages.info(request, _("You declared a conflict of interest and are removed from the application; "
                                     "the grant officers will assign another reviewer."))
            return redirect("grants:reviews")
    return _page(request, item, declaration=form, status=400)
