"""People pages: list/search, detail with family, register, edit, relations."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyinorge.core.access import people_visible_to, person_for, person_resolve_identifier, user_can
from nyinorge.core.dedup.records import PersonRecord
from nyinorge.core.duplicate_reasons import reasons_in_words
from nyinorge.core.forms import FamilyRelationForm, PersonForm
from nyinorge.core.models import FamilyRelation, Person
from nyinorge.core.roles import Capability
from nyinorge.core.selectors.duplicates import Candidate, active_model, duplicates_for_new, likely_duplicates, open_pairs_of, record_of
from nyinorge.core.selectors.merges import person_merged_from, person_tombstone_read
from nyinorge.core.selectors.people import person_form_read, person_list, person_read
from nyinorge.core.services.duplicates import person_register_confirmed
from nyinorge.core.services.people import family_relation_add, family_relation_remove, person_update
from nyinorge.core.views.decorators import capability_required
from nyinorge.core.views.forms import copy_errors


@capability_required(Capability.VIEW_PEOPLE)
def people_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = person_list(actor=request.user, query=query, page_number=request.GET.get("page", 1))
    template = "core/_people_results.html" if request.headers.get("HX-Request") else "core/people_list.html"
    can_edit = bool(user_can(request.user, Capability.EDIT_PEOPLE))
    query_string = urlencode({"q": query})
    return render(request, template, {"page": page, "query": query, "query_string": query_string, "can_edit": can_edit})


@capability_required(Capability.VIEW_PEOPLE)
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    try:
        person, relatives = person_read(actor=request.user, person_id=person_id)
    except Http404:
        # An old link to a merged record: on to the person it became, saying so.
        resolved = person_tombstone_read(actor=request.user, person_id=person_id)
        if resolved is None:
            raise
        tombstone, survivor = resolved
        messages.info(request, _("The record %(identifier)s (%(name)s) was merged into this one on %(date)s.")
                      % {"identifier": tombstone.identifier, "name": tombstone.full_name,
                         "date": formats.date_format(timezone.localtime(tombstone.merged_at), "SHORT_DATE_FORMAT")})
        return redirect("people:detail", person_id=survivor.pk)
    can_edit = bool(user_can(request.user, Capability.EDIT_PEOPLE))
    manages_duplicates = bool(user_can(request.user, Capability.MANAGE_DUPLICATES))
    open_pairs = open_pairs_of(actor=request.user, person=person) if manages_duplicates else []
    return render(request, "core/person_detail.html", {
        "person": person, "relatives": relatives, "can_edit": can_edit, "manages_duplicates": manages_duplicates,
        "merged_from": person_merged_from(person=person), "open_pairs": open_pairs})


LIVE_CHECK_FIELDS = ("given_name", "family_name", "birth_date", "sex", "citizenship", "national_id", "duf_number")


def _live_check(form: PersonForm) -> None:
    """Ask for likely duplicates as the user types (htmx); the submit asks again, so nothing depends on it."""
    include = ",".join(f"[name={name}]" for name in LIVE_CHECK_FIELDS)
    for name in ("given_name", "family_name", "birth_date"):
        form.fields[name].widget.attrs.update({
            "hx-get": reverse("people:duplicates_check"), "hx-trigger": "change, keyup changed delay:600ms",
            "hx-target": "#duplicate-check", "hx-include": include, "hx-sync": "closest form:replace"})


@capability_required(Capability.EDIT_PEOPLE)
def person_duplicates_check(request: HttpRequest) -> HttpResponse:
    """The live check's answer: likely duplicates of the details typed so far (names and a birth date needed)."""
    given, family = request.GET.get("given_name", "").strip()[:150], request.GET.get("family_name", "").strip()[:150]
    try:
        born = datetime.date.fromisoformat(request.GET.get("birth_date", "").strip())
    except ValueError:
        born = None
    candidates = []
    if given and family and born is not None and born <= timezone.localdate():
        record = PersonRecord(id="", given_name=given, family_name=family, birth_date=born,
                              sex=request.GET.get("sex", "") or "unknown", citizenship=request.GET.get("citizenship", "")[:2],
                              duf_number=request.GET.get("duf_number", "")[:14],
                              national_id=request.GET.get("national_id", "")[:14])
        candidates = duplicates_for_new(actor=request.user, record=record)
    return render(request, "core/_duplicate_check.html", {"candidates": candidates})


@capability_required(Capability.EDIT_PEOPLE)
def person_new(request: HttpRequest) -> HttpResponse:
    """Register a person; likely duplicates are shown first and need "a different person — register anyway"."""
    form = PersonForm(request.POST or None)
    _live_check(form)
    candidates: list[Candidate] = []
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        record = record_of(Person(**arguments))
        found = likely_duplicates(record=record, people=people_visible_to(request.user))
        confirmed = set(request.POST.getlist("different_from")) if request.POST.get("confirm") == "different" else set()
        typed = {"".join(str(arguments.get(name) or "").split()) for name in ("national_id", "duf_number")} - {""}
        if any(candidate.person.identifier in typed for candidate in found):
            found = []  # the number is taken: the service refuses it with that reason, clearer than a warning
        if found and not {str(candidate.person.pk) for candidate in found} <= confirmed:
            candidates = duplicates_for_new(actor=request.user, record=record)  # audited: these are shown
        else:
            try:
                person = person_register_confirmed(actor=request.user, model_version=active_model().version,
                                                   different_from=[(c.person, c.score) for c in found], **arguments)
            except ValidationError as error:
                copy_errors(form, error)
            else:
                messages.success(request, _("%(name)s is registered.") % {"name": person.full_name})
                return redirect("people:detail", person_id=person.pk)
    return render(request, "core/person_form.html", {
        "form": form, "person": None, "candidates": [(c, reasons_in_words(c.score.reasons)) for c in candidates]})


@capability_required(Capability.EDIT_PEOPLE)
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for(request.user, person_id)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_from(person))
    if request.method == "POST" and form.is_valid():
        try:
            person_update(actor=request.user, person=person, **form.service_arguments())
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("people:detail", person_id=person.pk)
    person_form_read(actor=request.user, person=person, form="core.person.edit")
    return render(request, "core/person_form.html", {"form": form, "person": person})


@capability_required(Capability.EDIT_PEOPLE)
def relation_new(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for(request.user, person_id)
    form = FamilyRelationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        relative = person_resolve_identifier(request.user, form.cleaned_data["relative_identifier"])
        if relative is None:
            form.add_error("relative_identifier", _("No registered person has this identifier. Register the relative first."))
        else:
            try:
                family_relation_add(actor=request.user, person=person, relative=relative, kind=form.cleaned_data["kind"])
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                messages.success(request, _("The relation is registered."))
                return redirect("people:detail", person_id=person.pk)
    person_form_read(actor=request.user, person=person, form="core.person.relation")
    return render(request, "core/relation_form.html", {"form": form, "person": person})


@require_POST
@capability_required(Capability.EDIT_PEOPLE)
def relation_delete(request: HttpRequest, person_id: int, relation_id: int) -> HttpResponse:
    person = person_for(request.user, person_id)
    relation = get_object_or_404(FamilyRelation.objects.filter(Q(person=person) | Q(relative=person)), pk=relation_id)
    family_relation_remove(actor=request.user, relation=relation)
    messages.success(request, _("The relation is removed."))
    return redirect("people:detail", person_id=person.pk)
