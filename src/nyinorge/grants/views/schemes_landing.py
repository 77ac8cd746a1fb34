"""The three landing pages of the application-based schemes (the start page links them by capability): the
applicant's portal, the grant officers' schemes and the reviewer's assignments."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nyinorge.core.access import require, user_can
from nyinorge.core.roles import Capability
from nyinorge.grants.models import GrantApplication, GrantScheme, ReviewAssignment
from nyinorge.grants.selectors.schemes import (
    grant_applications_shown, grant_calls_administered, grant_calls_open_for,
)


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    require(user_can(request.user, Capability.APPLY_FOR_GRANTS))
    applications = list(GrantApplication.objects.filter(applicant_id=request.user.organisation_id)
                        .select_related("call", "call__scheme"))
    grant_applications_shown(actor=request.user, applications=applications, detail="own applications")
    return render(request, "grants/schemes/portal.html", {
        "calls": grant_calls_open_for(organisation=request.user.organisation), "applications": applications})


@login_required
def schemes(request: HttpRequest) -> HttpResponse:
    require(user_can(request.user, Capability.ADMINISTER_GRANT_SCHEMES))
    return render(request, "grants/schemes/schemes.html", {
        "schemes": GrantScheme.objects.all(), "calls": grant_calls_administered(actor=request.user)})


@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    require(user_can(request.user, Capability.REVIEW_GRANT_APPLICATIONS))
    assignments = list(ReviewAssignment.objects.filter(reviewer=request.user)
                       .exclude(state=ReviewAssignment.State.CONFLICT).select_related("application__call__scheme"))
    grant_applications_shown(actor=request.user, applications=[a.application for a in assignments],
                             detail="review assignments")
    return render(request, "grants/schemes/reviews.html", {"assignments": assignments})
