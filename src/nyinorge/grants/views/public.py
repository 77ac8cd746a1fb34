"""The public pages of the application-based schemes (no login): the schemes and the open calls, the winners of
the prize (Mangfoldsprisen), and its nomination form. Nothing here shows an application: the schemes and calls are
published data, and of a prize's winners only what the prize announces (the business's name and municipality, the
placing), never the nominator or the jury's reasons; so reading them is not audited (writing a nomination is)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from nyinorge.core.models import Municipality
from nyinorge.grants.models import ApplicantKind
from nyinorge.grants.forms_nomination import HONEYPOT, NominationForm
from nyinorge.grants.selectors.public import (
    public_calls_open, public_prize_call, public_prize_results, public_schemes,
)
from nyinorge.grants.services.nominations import NominationRefused, nomination_token, prize_nomination_submit


@require_GET
def public_calls(request: HttpRequest) -> HttpResponse:
    kinds = dict(ApplicantKind.choices)
    calls = [(call, ", ".join(str(kinds.get(kind, kind)) for kind in call.applicant_kinds))
             for call in public_calls_open()]
    return render(request, "grants/public/calls.html", {"calls": calls, "schemes": list(public_schemes()),
                                                         "prize_results": public_prize_results()})


def _form_page(request: HttpRequest, call, form: NominationForm, status: int = 200) -> HttpResponse:
    data = form.data.copy() if form.is_bound else None
    if data is not None:
        data["token"] = nomination_token(call=call)  # a fresh token for the next try
        form.data = data
    context = {"call": call, "form": form, "honeypot": form[HONEYPOT],
               "municipalities": Municipality.objects.order_by("name").values_list("name", flat=True)}
    return render(request, "grants/public/nominate.html", context, status=status)


@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, grant_call_id: int) -> HttpResponse:
    call = public_prize_call(call_id=grant_call_id)
    if call is None:
        raise Http404(_("No prize takes nominations here."))
    if not call.is_open:
        return render(request, "grants/public/nomination_closed.html",
                      {"call": call, "not_yet": call.opens_at > timezone.now()})
    if request.method == "GET":
        form = NominationForm(definition=call.application_form, initial={"token": nomination_token(call=call)})
        return _form_page(request, call, form)
    form = NominationForm(request.POST, definition=call.application_form)
    form.is_valid()  # the field-level checks; the service checks everything again
    try:
        prize_nomination_submit(
            call=call, answers=form.raw_answers(), nominator_name=request.POST.get("nominator_name", ""),
            nominator_email=request.POST.get("nominator_email", ""),
            consent=request.POST.get("consent") in ("on", "true", "1"), honeypot=request.POST.get(HONEYPOT, ""),
            token=request.POST.get("token", ""), client_address=request.META.get("REMOTE_ADDR", ""))
    except NominationRefused as refusal:
        form.add_error(None, str(refusal))
        return _form_page(request, call, form, status=400)
    except ValidationError as error:
        for key, problems in error.message_dict.items():
            for problem in problems:
                if key in form.fields and problem not in form.errors.get(key, []):
                    form.add_error(key, problem)
                elif key not in form.fields:
                    form.add_error(None, problem)
        return _form_page(request, call, form, status=400)
    messages.success(request, _("Thank you: the nomination of %(name)s has been received. The jury assesses every "
                                "nomination after the deadline.") % {"name": form.raw_answers().get("nominee_name", "")})
    return redirect("grants:public_calls")
