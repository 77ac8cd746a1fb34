"""The applicant's portal: the home page (open calls, own applications, what needs doing), a call's page with its
scheme's five elements, starting a draft, and the local signup of a new applicant organisation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.core.access import require, user_can
from nyinorge.core.roles import Capability
from nyinorge.core.views.forms import copy_errors
from nyinorge.grants.forms_schemes import ApplicantSignupForm
from nyinorge.grants.models import GrantCall
from nyinorge.grants.models.schemes import ApplicantKind
from nyinorge.grants.selectors.portal import days_left, grant_call_open_to, portal_overview
from nyinorge.grants.selectors.schemes import grant_applications_shown
from nyinorge.grants.services.applicants import applicant_organisation_register
from nyinorge.grants.services.applications import call_refusal, grant_application_create


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    require(user_can(request.user, Capability.APPLY_FOR_GRANTS))
    overview = portal_overview(actor=request.user)
    grant_applications_shown(actor=request.user, applications=overview.applications, detail="applicant's portal")
    calls = [(call, days_left(call.deadline)) for call in overview.calls]
    return render(request, "grants/schemes/portal/home.html", {"overview": overview, "calls": calls})


def kind_labels(kinds) -> list[str]:
    return [str(label) for value, label in ApplicantKind.choices if value in kinds]


@login_required
def portal_call(request: HttpRequest, grant_call_id: int) -> HttpResponse:
    require(user_can(request.user, Capability.APPLY_FOR_GRANTS))
    call = grant_call_open_to(actor=request.user, call_id=grant_call_id)
    return render(request, "grants/schemes/portal/call.html", {
        "call": call, "scheme": call.scheme, "criteria": call.scheme.criteria.all(),
        "kinds": kind_labels(call.applicant_kinds), "days_left": days_left(call.deadline),
        "refusal": call_refusal(call, request.user.organisation)})


@require_POST
@login_required
def application_new(request: HttpRequest, grant_call_id: int) -> HttpResponse:
    """Start a draft; a call that closed or that the organisation's kind may not apply to is refused with why."""
    require(user_can(request.user, Capability.APPLY_FOR_GRANTS))
    call = GrantCall.objects.filter(published=True, pk=grant_call_id).select_related("scheme").first()
    if call is None:
        raise Http404(_("No such call."))
    try:
        application = grant_application_create(actor=request.user, call=call)
    except ValidationError as error:
        return render(request, "grants/schemes/portal/refused.html", {"call": call, "reasons": error.messages},
                      status=403)
    messages.success(request, _("The draft is created. Fill in the application; you can save it as often as you "
                                "like before you submit it."))
    return redirect("grants:application_edit", grant_application_id=application.pk)


def applicant_signup(request: HttpRequest) -> HttpResponse:
    """A new applicant organisation with a local login (development; ID-porten/Altinn in production)."""
    if not (settings.DEBUG or settings.GRANTS_LOCAL_SIGNUP):
        raise Http404(_("Applicant organisations log in through ID-porten."))
    if request.user.is_authenticated:
        return redirect("grants:portal" if user_can(request.user, Capability.APPLY_FOR_GRANTS) else "home")
    form = ApplicantSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = applicant_organisation_register(
                organisation_number=data["organisation_number"], name=data["name"], kind=data["kind"],
                contact_name=data["contact_name"], email=data["email"], password=data["password"])
        except ValidationError as error:
            copy_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("%(name)s is registered, and you are logged in. Next time, log in with your "
                                        "e-mail address and password.") % {"name": user.organisation.name})
            return redirect("grants:portal")
    return render(request, "grants/schemes/portal/signup.html", {"form": form}, status=400 if form.errors else 200)
