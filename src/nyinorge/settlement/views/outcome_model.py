"""The outcome model trained on the platform's settlements: versions and model cards, training (a task the worker
runs), activating a version or going back to the indicator baseline."""

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nyinorge.core.models import Person
from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.settlement.forms import OutcomeModelTrainForm
from nyinorge.settlement.models import OutcomeModelVersion
from nyinorge.settlement.outcome_features import FEATURE_NAMES
from nyinorge.settlement.selectors.outcome_models import outcome_model_versions
from nyinorge.settlement.selectors.outcome_training import COUNTRY_GROUP_NAMES
from nyinorge.settlement.services.outcome_models import (
    MIN_GROUP_RECORDS, outcome_model_activate, outcome_model_deactivate,
)

GROUPING_TITLES = {"sex": gettext_lazy("By sex"), "country_group": gettext_lazy("By country group (citizenship)")}


def _card_context(version: OutcomeModelVersion | None) -> dict:
    if version is None:
        return {"version": None}
    card = version.card or {}
    sexes = dict(Person.Sex.choices)
    names = {"sex": sexes, "country_group": COUNTRY_GROUP_NAMES}
    groupings = [
        {"key": key, "title": GROUPING_TITLES.get(key, key),
         "rows": [{**row, "name": names.get(key, {}).get(row["group"], row["group"])} for row in rows]}
        for key, rows in (card.get("groups") or {}).items()]
    return {
        "version": version, "card": card, "groupings": groupings, "min_group": MIN_GROUP_RECORDS,
        "features": [FEATURE_NAMES.get(name, name) for name in version.features],
    }


@capability_required(Capability.MANAGE_OUTCOME_MODEL)
def outcome_model(request: HttpRequest) -> HttpResponse:
    versions = list(outcome_model_versions(actor=request.user))
    active = next((version for version in versions if version.active), None)
    shown = OutcomeModelVersion.objects.filter(pk=active.pk).first() if active else None
    this_year = timezone.localdate().year
    form = OutcomeModelTrainForm(initial={"from_year": this_year - 5, "to_year": this_year - 2})
    return render(request, "settlement/outcome_model.html", {
        "versions": versions, "active": active, "form": form, **_card_context(shown)})


@capability_required(Capability.MANAGE_OUTCOME_MODEL)
def outcome_model_version(request: HttpRequest, version_id: int) -> HttpResponse:
    versions = outcome_model_versions(actor=request.user)
    version = get_object_or_404(OutcomeModelVersion, pk=version_id)
    return render(request, "settlement/outcome_model_version.html", {
        **_card_context(version), "versions": versions})


@require_POST
@capability_required(Capability.MANAGE_OUTCOME_MODEL)
def outcome_model_train(request: HttpRequest) -> HttpResponse:
    from nyinorge.core.tasks import enqueue_on_commit
    from nyinorge.settlement import tasks

    form = OutcomeModelTrainForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("settlement:outcome_model")
    until: datetime.date | None = form.cleaned_data.get("reference_until")
    enqueue_on_commit(tasks.outcome_model_train, actor_id=request.user.pk, from_year=form.cleaned_data["from_year"],
                      to_year=form.cleaned_data["to_year"], reference_until=until.isoformat() if until else None)
    messages.success(request, _("Training a new model has started. It appears in the list when it is done; read "
                                "its model card before you activate it."))
    return redirect("settlement:outcome_model")


@require_POST
@capability_required(Capability.MANAGE_OUTCOME_MODEL)
def outcome_model_activate_view(request: HttpRequest, version_id: int) -> HttpResponse:
    version = get_object_or_404(OutcomeModelVersion, pk=version_id)
    outcome_model_activate(actor=request.user, version=version)
    messages.success(request, _("Model %(version)s is active: the next suggestion runs use it.") % {
        "version": version.version})
    return redirect("settlement:outcome_model_version", version_id=version.pk)


@require_POST
@capability_required(Capability.MANAGE_OUTCOME_MODEL)
def outcome_model_deactivate_view(request: HttpRequest) -> HttpResponse:
    if outcome_model_deactivate(actor=request.user):
        messages.success(request, _("No trained model is active: the next suggestion runs use the indicator baseline."))
    else:
        messages.info(request, _("The suggestions already use the indicator baseline."))
    return redirect("settlement:outcome_model")
