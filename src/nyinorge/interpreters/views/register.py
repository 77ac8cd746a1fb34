"""The register for its staff: list of every interpreter (any status) and one entry with evidence and history,
where an authorisation or other evidence can be revoked. Thin: the selectors audit, the services decide."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nyinorge.core.dates import SaneDateField
from nyinorge.core.forms import DateInput
from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.interpreters.languages import language_choices
from nyinorge.interpreters.models import Evidence, Interpreter
from nyinorge.interpreters.selectors.register import interpreter_entry, interpreters_for_staff, interpreters_shown
from nyinorge.interpreters.services.evidence import evidence_revoke

PAGE_SIZE = 50  # the audit entry names every interpreter on the page by id


class RegisterFilterForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=100)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + list(Interpreter.Status.choices)
        self.fields["language"].choices = [("", _("All languages"))] + language_choices()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")


class RevokeForm(forms.Form):
    revoked_on = SaneDateField(label=gettext_lazy("Revoked from"), widget=DateInput())
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "ds-input")


@capability_required(Capability.MANAGE_INTERPRETER_REGISTER)
def register_list(request: HttpRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    interpreters = interpreters_for_staff(actor=request.user, status=data.get("status", ""), name=data.get("name", ""),
                                          language=data.get("language", ""))
    page = Paginator(interpreters, PAGE_SIZE).get_page(request.GET.get("page"))
    interpreters_shown(actor=request.user, interpreters=list(page.object_list), what="register list")
    query = "&".join(f"{key}={value}" for key, value in data.items() if value)
    return render(request, "interpreters/register.html", {"form": form, "page": page, "query": query})


@capability_required(Capability.MANAGE_INTERPRETER_REGISTER)
def register_entry(request: HttpRequest, interpreter_id: int) -> HttpResponse:
    interpreter = interpreter_entry(actor=request.user, interpreter_id=interpreter_id)
    for item in interpreter.evidence.all():  # prefetched: the template iterates these same objects
        item.revoke_form = RevokeForm(prefix=f"evidence-{item.pk}", initial={"revoked_on": timezone.localdate()})
    return render(request, "interpreters/entry.html", {"interpreter": interpreter})


@require_POST
@capability_required(Capability.MANAGE_INTERPRETER_REGISTER)
def evidence_revoke_view(request: HttpRequest, interpreter_id: int, evidence_id: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence, pk=evidence_id, interpreter_id=interpreter_id)
    form = RevokeForm(request.POST, prefix=f"evidence-{evidence.pk}")
    if form.is_valid():
        try:
            evidence_revoke(actor=request.user, evidence=evidence, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The evidence is revoked and the categories are recomputed."))
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("interpreters:entry", interpreter_id=interpreter_id)
