"""The register page of a person, search, and the screen entry forms (source: screen)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nyinorge.core.access import person_for, require, user_can
from nyinorge.core.roles import Capability
from nyinorge.core.selectors.people import person_form_read, person_list
from nyinorge.core.views.decorators import capability_required
from nyinorge.core.views.forms import copy_errors
from nyinorge.register.access import may_record_facts, may_write_for
from nyinorge.register.errors import RegisterScopeError, RegisterValidationError
from nyinorge.register.forms import MoveForm, PermitForm, record_form_class, record_initial
from nyinorge.register.models import RECORD_MODELS, ResidencePermit
from nyinorge.register.selectors.person import register_person_read
from nyinorge.register.services.legal_basis import residence_permit_register
from nyinorge.register.services.programme import participation_upsert
from nyinorge.register.services.residence import residence_move
from nyinorge.register.services.training import (
    absence_upsert,
    exemption_upsert,
    hours_upsert,
    test_result_upsert,
    training_period_upsert,
)

UPSERTS = {
    "participation": participation_upsert,
    "training_period": training_period_upsert,
    "hours": hours_upsert,
    "absence": absence_upsert,
    "exemption": exemption_upsert,
    "test_result": test_result_upsert,
}


@capability_required(Capability.VIEW_INTRODUCTION_REGISTER)
def people(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = person_list(actor=request.user, query=query, page_number=request.GET.get("page", 1)) if query else None
    return render(request, "register/people.html", {"page": page, "query": query, "query_string": urlencode({"q": query})})


@capability_required(Capability.VIEW_INTRODUCTION_REGISTER)
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    view = register_person_read(actor=request.user, person_id=person_id)
    return render(request, "register/person.html", {
        "view": view, "person": view.person, "kinds": RECORD_MODELS,
        "may_record_facts": bool(may_record_facts(actor=request.user)),
    })


@capability_required(Capability.RECORD_INTRODUCTION_REGISTER)
def record_form(request: HttpRequest, person_id: int, kind: str, record_id: int | None = None) -> HttpResponse:
    if kind not in RECORD_MODELS:
        raise Http404(_("Unknown kind of record."))
    model = RECORD_MODELS[kind]
    person = person_for(request.user, person_id)
    municipality = request.user.organisation.municipality
    require(may_write_for(actor=request.user, client=None, municipality=municipality))
    record = None
    if record_id is not None:
        record = model.objects.filter(pk=record_id, person=person, municipality=municipality).first()
        if record is None:
            raise Http404(_("No such record, or not one of your municipality's."))
    form_class = record_form_class(kind)
    form = form_class(request.POST or None, initial=record_initial(record) if record else None)
    if request.method == "POST" and form.is_valid():
        try:
            UPSERTS[kind](actor=request.user, client=None, client_ref=None, person=person, municipality=municipality,
                          data=form.cleaned_data, instance=record)
        except RegisterValidationError as error:
            copy_errors(form, error.field_errors)
        except RegisterScopeError as error:
            form.add_error(None, error.reason)
        else:
            messages.success(request, _("The record is saved."))
            return redirect("register:person", person_id=person.pk)
    person_form_read(actor=request.user, person=person, form=f"register.{kind}.form", record=record)
    return render(request, "register/record_form.html", {
        "form": form, "person": person, "record": record, "title": model._meta.verbose_name,
    })


@capability_required(Capability.RECORD_REGISTER_FACTS)
def permit_form(request: HttpRequest, person_id: int, permit_id: int | None = None) -> HttpResponse:
    person = person_for(request.user, person_id)
    permit = None
    if permit_id is not None:
        permit = ResidencePermit.objects.filter(pk=permit_id, person=person).first()
        if permit is None:
            raise Http404(_("No such permit."))
    initial = {"permit_type": permit.permit_type, "permit_date": permit.permit_date,
               "permanent_basis": permit.permanent_basis} if permit else None
    form = PermitForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            residence_permit_register(actor=request.user, person=person, permit=permit, **form.cleaned_data)
        except RegisterValidationError as error:
            copy_errors(form, error.field_errors)
        else:
            messages.success(request, _("The permit is saved and the legal basis derived again."))
            return redirect("register:person", person_id=person.pk)
    person_form_read(actor=request.user, person=person, form="register.permit.form", record=permit)
    return render(request, "register/record_form.html", {
        "form": form, "person": person, "record": permit, "title": _("residence permit")})


@capability_required(Capability.RECORD_REGISTER_FACTS)
def move_form(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for(request.user, person_id)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            residence_move(actor=request.user, person=person, **form.cleaned_data)
        except RegisterValidationError as error:
            copy_errors(form, error.field_errors)
        except RegisterScopeError as error:
            form.add_error(None, error.reason)
        else:
            messages.success(request, _("The move is registered."))
            return redirect("register:person", person_id=person.pk)
    person_form_read(actor=request.user, person=person, form="register.move.form")
    return render(request, "register/record_form.html", {
        "form": form, "person": person, "record": None, "title": _("Move to another municipality")})
