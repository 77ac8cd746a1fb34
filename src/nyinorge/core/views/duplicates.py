"""Possible duplicates (issue 18): the review queue, one pair side by side with the decision, the model page."""

import math
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nyinorge.core.dedup.scoring import DedupModel
from nyinorge.core.duplicate_reasons import comparison_label, reason_text, reasons_in_words
from nyinorge.core.exports import EXPORT_FORMATS, export_response
from nyinorge.core.models import DuplicatePair
from nyinorge.core.roles import Capability
from nyinorge.core.selectors.duplicates import (
    QueueFilters, active_model, dedup_model_versions, duplicate_pair_read, duplicate_pairs_queue,
    duplicate_pairs_shown,
)
from nyinorge.core.services.duplicates import duplicate_pair_decide
from nyinorge.core.views.decorators import capability_required

PAGE_SIZE = 25
EXPORT_COLUMNS = [("weight", gettext_lazy("Match weight")), ("probability", gettext_lazy("Match probability")),
                  ("status", gettext_lazy("Status")), ("found_by", gettext_lazy("Found by")),
                  ("cluster", gettext_lazy("Cluster")), ("a_id", gettext_lazy("Person A id")),
                  ("a_name", gettext_lazy("Person A")), ("a_birth", gettext_lazy("Person A born")),
                  ("b_id", gettext_lazy("Person B id")), ("b_name", gettext_lazy("Person B")),
                  ("b_birth", gettext_lazy("Person B born"))]


def merge_url(pair: DuplicatePair) -> str | None:
    """The merge page for the pair (the older registration survives), once merging exists.

    THE ONE PLACE the review pages link to merging (`people:merge`, built by the merge work of issue 18)."""
    try:
        base = reverse("people:merge")
    except NoReverseMatch:
        return None
    survivor, merged = sorted((pair.person_a, pair.person_b), key=lambda person: (person.created_at, person.pk))
    return f"{base}?{urlencode({'survivor': survivor.pk, 'merged': merged.pk})}"


def _filters(request: HttpRequest) -> tuple[QueueFilters, dict]:
    status = request.GET.get("status", DuplicatePair.Status.OPEN)
    status = status if status in DuplicatePair.Status.values or status == "" else DuplicatePair.Status.OPEN
    found_by = request.GET.get("found_by", "")
    found_by = found_by if found_by in DuplicatePair.FoundBy.values else ""
    try:
        percent = min(max(float(request.GET.get("min_probability", "") or 0), 0.0), 100.0)
    except ValueError:
        percent = 0.0
    cluster = request.GET.get("cluster", "").strip()[:64]
    query = {"status": status, "found_by": found_by, "min_probability": f"{percent:g}" if percent else "",
             "cluster": cluster}
    return QueueFilters(status=status, found_by=found_by, min_probability=percent / 100, cluster=cluster), query


@capability_required(Capability.MANAGE_DUPLICATES)
def duplicate_queue(request: HttpRequest) -> HttpResponse:
    filters, query = _filters(request)
    pairs = duplicate_pairs_queue(actor=request.user, filters=filters)
    file_format = request.GET.get("format")
    if file_format:
        if file_format not in EXPORT_FORMATS:
            return HttpResponseBadRequest(_("Unknown export format “%(format)s”; use csv or xlsx.") % {"format": file_format[:10]})
        chosen = list(pairs[:100000])
        rows = [{"weight": round(p.match_weight, 2), "probability": round(p.match_probability, 4),
                 "status": p.get_status_display(), "found_by": p.get_found_by_display(), "cluster": p.cluster,
                 "a_id": p.person_a_id, "a_name": p.person_a.full_name, "a_birth": p.person_a.birth_date,
                 "b_id": p.person_b_id, "b_name": p.person_b.full_name, "b_birth": p.person_b.birth_date}
                for p in chosen]
        return export_response(actor=request.user, rows=rows, columns=[(key, str(label)) for key, label in EXPORT_COLUMNS],
                               filename_stem="possible-duplicates", file_format=file_format,
                               object_type="core.duplicatepair.export",
                               persons=[person for p in chosen for person in (p.person_a, p.person_b)])
    page = Paginator(pairs, PAGE_SIZE).get_page(request.GET.get("page", 1))
    duplicate_pairs_shown(actor=request.user, pairs=list(page.object_list), what=f"queue page {page.number}")
    query_string = urlencode({k: v for k, v in query.items() if v})
    return render(request, "core/duplicate_queue.html", {
        "page": page, "filters": query, "query": query_string, "statuses": DuplicatePair.Status.choices,
        "found_by_choices": DuplicatePair.FoundBy.choices,
    })


@capability_required(Capability.MANAGE_DUPLICATES)
def duplicate_pair(request: HttpRequest, pair_id: int) -> HttpResponse:
    view = duplicate_pair_read(actor=request.user, pair_id=pair_id)
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        try:
            pair = duplicate_pair_decide(actor=request.user, pair=view.pair, decision=decision,
                                         note=request.POST.get("note", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if pair.status == DuplicatePair.Status.SAME:
                url = merge_url(pair)
                if url:
                    return redirect(url)
                messages.success(request, _("Marked as the same person; merge them when merging is available."))
            else:
                messages.success(request, _("Marked as different persons: this pair will not be asked again."))
            return redirect("people:duplicate_pair", pair_id=pair.pk)
    return render(request, "core/duplicate_pair.html", {
        "view": view, "pair": view.pair, "reasons": reasons_in_words(view.pair.reasons), "merge_url": merge_url(view.pair),
    })


def _level_weights(artefact: dict) -> list[dict]:
    """The comparisons of the artefact (Splink's saved model) and each trained level's match weight, log2(m/u):
    the chart's figures as a table."""
    rows = []
    for comparison in artefact.get("comparisons", []) or []:
        name = comparison.get("output_column_name", "")
        for level in comparison.get("comparison_levels", []) or []:
            m, u = level.get("m_probability"), level.get("u_probability")
            if level.get("is_null_level") or not m or not u:
                continue
            code = level.get("label_for_charts", "")
            rows.append({"comparison": comparison_label(name), "level": reason_text(name, code),
                         "weight": math.log2(m / u)})
    return rows


@capability_required(Capability.MANAGE_DUPLICATES)
def duplicate_model(request: HttpRequest) -> HttpResponse:
    versions = dedup_model_versions(actor=request.user)
    active = next((version for version in versions if version.active), None)
    model = active_model()
    return render(request, "core/duplicate_model.html", {
        "active": active, "model": model, "versions": versions,
        "chart_svg": active.chart_svg if active else DedupModel.default_chart_svg(),
        "levels": _level_weights(model.artefact),
        "warn_percent": round(model.warn_probability * 100, 1), "review_percent": round(model.review_probability * 100, 1),
    })


@require_POST
@capability_required(Capability.MANAGE_DUPLICATES)
def duplicate_model_train(request: HttpRequest) -> HttpResponse:
    from nyinorge.core.tasks import duplicates_train

    duplicates_train.enqueue(actor_id=request.user.pk)
    messages.success(request, _("Training a new model has started; it becomes the active model when it is done."))
    return redirect("people:duplicate_model")
