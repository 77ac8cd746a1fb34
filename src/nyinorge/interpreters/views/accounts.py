"""Becoming an applicant: the start page, local signup (development) or ID-porten (production), and login."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.core.views.forms import copy_errors
from nyinorge.interpreters.forms_apply import SignupForm
from nyinorge.interpreters.oidc import SIGNUP_SESSION_KEY
from nyinorge.interpreters.selectors.applications import interpreter_of
from nyinorge.interpreters.services.accounts import AccountTaken, interpreter_account_create


def account_start(request: HttpRequest) -> HttpResponse:
    """What applying involves, and the way in: ID-porten where configured, a local account in development."""
    if request.user.is_authenticated and interpreter_of(request.user) is not None:
        return redirect("interpreters:apply_overview")
    return render(request, "interpreters/account/start.html", {
        "local_signup": settings.INTERPRETER_LOCAL_SIGNUP, "oidc_enabled": settings.OIDC_ENABLED,
        "oidc_provider_name": settings.OIDC_PROVIDER_NAME})


@require_POST
def account_oidc(request: HttpRequest) -> HttpResponse:
    """Start an ID-porten login that may create an interpreter login (see `interpreters.oidc`)."""
    if not settings.OIDC_ENABLED:
        raise Http404(_("Login with ID-porten is not configured here."))
    request.session[SIGNUP_SESSION_KEY] = True
    return redirect(f"{reverse('oidc_authentication_init')}?{urlencode({'next': reverse('interpreters:apply_overview')})}")


def account_signup(request: HttpRequest) -> HttpResponse:
    """A local login with a password, where no ID-porten is connected (development and demonstration)."""
    if not settings.INTERPRETER_LOCAL_SIGNUP:
        raise Http404(_("Create your login through ID-porten."))
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            interpreter_account_create(person_number=form.cleaned_data["person_number"],
                                       email=form.cleaned_data["email"], password=form.cleaned_data["password"])
        except AccountTaken:
            pass  # answered as a created login is (see AccountTaken)
        except ValidationError as error:
            copy_errors(form, error)
        if not form.errors:
            # Not logged in at once: that would tell a new number from a registered interpreter's.
            messages.info(request, _("If this number and e-mail address were not registered before, your login is "
                                     "created: log in with your e-mail address and password. If you already have a "
                                     "login, log in with it."))
            return redirect("interpreters:account_login")
    return render(request, "interpreters/account/signup.html", {"form": form})


class AccountLoginView(auth_views.LoginView):
    template_name = "interpreters/account/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("interpreters:apply_overview")

    def get_context_data(self, **kwargs):
        return super().get_context_data(local_signup=settings.INTERPRETER_LOCAL_SIGNUP, **kwargs)


account_login = AccountLoginView.as_view()
