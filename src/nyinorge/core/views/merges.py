"""Merging duplicate persons: compare and merge, the list of merges, one merge and its undo (thin views)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from nyinorge.core.access import person_resolve_identifier
from nyinorge.core.forms import MergeChoiceForm, MergeReasonForm
from nyinorge.core.ids import MAX_DATABASE_ID
from nyinorge.core.roles import Capability
from nyinorge.core.selectors.merges import merge_compare, person_merge_read, person_merges_list
from nyinorge.core.services.merges import person_merge, person_unmerge
from nyinorge.core.views.decorators import capability_required
from nyinorge.core.views.forms import copy_errors


def _id(value: str | None) -> int | None:
    """A database id from the query string, or None for anything else (never a crash)."""
    if value is None or not value.isdigit() or len(value) > 19:
        return None
    number = int(value)
    return number if 0 < number <= MAX_DATABASE_ID else None


@capability_required(Capability.MANAGE_DUPLICATES)
def merge(request: HttpRequest) -> HttpResponse:
    survivor_id, merged_id = _id(request.GET.get("survivor")), _id(request.GET.get("merged"))
    if survivor_id is None or merged_id is None:
        return _choose(request)
    comparison = merge_compare(actor=request.user, survivor_id=survivor_id, merged_id=merged_id)
    form = MergeReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = person_merge(actor=request.user, survivor=comparison.survivor, merged=comparison.merged,
                                reason=form.cleaned_data["reason"])
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("%(merged)s is merged into %(survivor)s.")
                             % {"merged": done.merged.identifier, "survivor": done.survivor.full_name})
            return redirect("people:merge_detail", merge_id=done.pk)
    swap = reverse("people:merge") + "?" + urlencode({"survivor": merged_id, "merged": survivor_id})
    return render(request, "core/merge.html", {"comparison": comparison, "form": form, "swap_url": swap})


def _choose(request: HttpRequest) -> HttpResponse:
    """No pair given: ask for the two records by identifier."""
    form = MergeChoiceForm(request.GET if "survivor_identifier" in request.GET else None)
    if form.is_bound and form.is_valid():
        found = {name: person_resolve_identifier(request.user, form.cleaned_data[name])
                 for name in ("survivor_identifier", "merged_identifier")}
        for name, person in found.items():
            if person is None:
                form.add_error(name, _("No person you have access to has this identifier."))
        if not form.errors:
            return redirect(reverse("people:merge") + "?" + urlencode(
                {"survivor": found["survivor_identifier"].pk, "merged": found["merged_identifier"].pk}))
    return render(request, "core/merge_choose.html", {"form": form})


@capability_required(Capability.MANAGE_DUPLICATES)
def merges(request: HttpRequest) -> HttpResponse:
    person_id = _id(request.GET.get("person"))
    page = person_merges_list(actor=request.user, person_id=person_id, page_number=request.GET.get("page", 1))
    query = urlencode({"person": person_id}) if person_id else ""
    return render(request, "core/merges.html", {"page": page, "person_filter": person_id, "query": query})


@capability_required(Capability.MANAGE_DUPLICATES)
def merge_detail(request: HttpRequest, merge_id: int) -> HttpResponse:
    detail = person_merge_read(actor=request.user, merge_id=merge_id)
    form = MergeReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person_unmerge(actor=request.user, merge=detail.merge, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("The merge is undone: %(merged)s and %(survivor)s are two records again.")
                             % {"merged": detail.merge.merged.full_name, "survivor": detail.merge.survivor.full_name})
            return redirect("people:merge_detail", merge_id=detail.merge.pk)
    return render(request, "core/merge_detail.html", {"detail": detail, "merge": detail.merge, "form": form})
