"""KomBo pages (directorate caseworkers): missions, the offline kit, uploads and the review of what an upload set
aside. The kit's records never reach these views except inside an encrypted bundle."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from nyinorge.competence.codes import DrivingLicence, FieldOfStudy, IscedLevel, LanguageLevel, QualificationKind, Sector
from nyinorge.competence.bundles import BUNDLE_FORMAT, BUNDLE_VERSION, MAX_BUNDLE_BYTES, PBKDF2_ITERATIONS
from nyinorge.competence.forms_missions import MissionForm, UploadForm
from nyinorge.competence.mission_records import COMPETENCE_FROM_AGE, RELATIONS, relation_labels
from nyinorge.competence.models import MissionBatch, MissionRecord, NetworkTie, SelectionMission
from nyinorge.competence.selectors.missions import batch_people, conflict_rows, duplicate_view, record_people
from nyinorge.competence.services.missions import (
    UploadRefused,
    conflict_resolve,
    duplicate_resolve,
    mission_batch_upload,
    mission_create,
)
from nyinorge.core.codes import country_choices
from nyinorge.core.models import AuditEntry, Municipality, Person
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.views.decorators import capability_required
from nyinorge.core.views.forms import copy_errors

KIT_VERSION = "1"
KIT_ASSETS = ("competence/kombo/kit.js", "competence/kombo/crypto.js", "competence/kombo/kit.css",
              "vendor/designsystemet/theme.css", "vendor/designsystemet/designsystemet.css", "core/app.css",
              "vendor/htmx/htmx.min.js")
INACTIVITY_MINUTES = 10
# Languages offered first in the kit (the issue's languages and the usual ones on missions); any ISO 639 code works.
KIT_LANGUAGES = ("ar", "prs", "fa", "ps", "ti", "so", "uk", "kmr", "ckb", "ku", "en", "fr", "sw", "am", "my", "ur",
                 "tr", "ru", "no")


def _mission(code: str) -> SelectionMission:
    return get_object_or_404(SelectionMission, code=code)


@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def missions(request: HttpRequest) -> HttpResponse:
    form = MissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mission = mission_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            copy_errors(form, error)
        else:
            messages.success(request, _("Mission %(code)s is created.") % {"code": mission.code})
            return redirect("competence:mission", mission_code=mission.code)
    return render(request, "competence/missions/list.html", {
        "missions": SelectionMission.objects.all(), "form": form})


@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def mission(request: HttpRequest, mission_code: str) -> HttpResponse:
    selected = _mission(mission_code)
    batches = selected.batches.select_related("uploaded_by")
    waiting = MissionRecord.objects.filter(batch__mission=selected, resolved_at__isnull=True,
                                           outcome__in=[MissionRecord.Outcome.POSSIBLE_DUPLICATE,
                                                        MissionRecord.Outcome.CONFLICT]).count()
    return render(request, "competence/missions/detail.html", {"mission": selected, "batches": batches,
                                                                "waiting": waiting})


def _kit_context(selected: SelectionMission) -> dict:
    municipalities = Municipality.objects.order_by("name").values_list("number", "name")
    return {
        "mission": selected, "relations": [(code, relation_labels()[code]) for code in RELATIONS],
        "sexes": Person.Sex.choices, "isced": IscedLevel.choices, "cefr": LanguageLevel.choices,
        "kinds": QualificationKind.choices, "fields": FieldOfStudy.choices, "sectors": Sector.choices,
        "licences": DrivingLicence.choices, "tie_relations": NetworkTie.Relation.choices,
        "countries": country_choices(), "municipalities": municipalities, "languages": KIT_LANGUAGES,
        "competence_from_age": COMPETENCE_FROM_AGE, "iterations": PBKDF2_ITERATIONS,
        "inactivity_minutes": INACTIVITY_MINUTES, "bundle_format": BUNDLE_FORMAT, "bundle_version": BUNDLE_VERSION,
        "today": timezone.localdate(),
    }


@never_cache
@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def mission_kit(request: HttpRequest, mission_code: str) -> HttpResponse:
    """The offline kit: a page the service worker keeps, the capture form and the encrypted store in the browser."""
    return render(request, "competence/missions/kit.html", _kit_context(_mission(mission_code)))


@never_cache
@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def mission_kit_worker(request: HttpRequest, mission_code: str) -> HttpResponse:
    """The service worker, served under the kit's path so its scope is the kit (no wider header needed)."""
    selected = _mission(mission_code)
    assets = [reverse("competence:mission_kit", args=[selected.code]),
              reverse("competence:mission_kit_form", args=[selected.code]),
              *(static(asset) for asset in KIT_ASSETS),
              # A module's relative import is not rewritten to the hashed name: keep the plain name too.
              *(settings.STATIC_URL + asset for asset in KIT_ASSETS if asset.endswith(".js"))]
    assets = list(dict.fromkeys(assets))
    body = render(request, "competence/missions/sw.js", {
        "cache_name": f"kombo-{selected.code}-v{KIT_VERSION}", "assets_json": json.dumps(assets)}).content
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")


def _choices(choices) -> list[dict]:
    labels = {}
    for language in ("nb", "en"):
        with translation.override(language):
            labels[language] = [str(label) for _value, label in choices]
    return [{"value": value, "nb": labels["nb"][n], "en": labels["en"][n]} for n, (value, _label) in enumerate(choices)]


@never_cache
@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def mission_kit_form(request: HttpRequest, mission_code: str) -> JsonResponse:
    """The mission's form definition: format, crypto parameters and the code lists in bokmål and English."""
    selected = _mission(mission_code)
    relations = []
    for language in ("nb", "en"):
        with translation.override(language):
            relations.append(relation_labels())
    return JsonResponse({
        "format": BUNDLE_FORMAT, "version": BUNDLE_VERSION, "mission": selected.code, "name": selected.name,
        "kdf": {"name": "PBKDF2", "hash": "SHA-256", "iterations": PBKDF2_ITERATIONS},
        "competence_from_age": COMPETENCE_FROM_AGE, "inactivity_minutes": INACTIVITY_MINUTES,
        "codes": {
            "relation": [{"value": code, "nb": relations[0][code], "en": relations[1][code]} for code in RELATIONS],
            "sex": _choices(Person.Sex.choices), "isced": _choices(IscedLevel.choices),
            "cefr": _choices(LanguageLevel.choices), "qualification_kind": _choices(QualificationKind.choices),
            "field": _choices(FieldOfStudy.choices), "sector": _choices(Sector.choices),
            "driving_licence": _choices(DrivingLicence.choices), "tie_relation": _choices(NetworkTie.Relation.choices),
        },
    }, json_dumps_params={"ensure_ascii": False})


@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def mission_upload(request: HttpRequest, mission_code: str) -> HttpResponse:
    selected = _mission(mission_code)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["bundle"]
        try:
            if upload.size > MAX_BUNDLE_BYTES:  # before reading it into memory
                raise UploadRefused(_("The file is too large to be a KomBo bundle."))
            batch = mission_batch_upload(actor=request.user, mission=selected, data=upload.read(),
                                         passphrase=form.cleaned_data["passphrase"])
        except UploadRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            if batch.status == MissionBatch.Status.REJECTED:
                return render(request, "competence/missions/refused.html",
                              {"mission": selected, "batch": batch, "report": batch.labelled_report,
                               "invalid": sum(bool(line["errors"]) for line in batch.labelled_report)},
                              status=422)
            messages.success(request, _("The bundle is imported: %(imported)d of %(total)d records.")
                             % {"imported": batch.records_imported, "total": batch.records_total})
            return redirect("competence:mission_batch", mission_code=selected.code, batch_id=batch.pk)
    return render(request, "competence/missions/upload.html", {"mission": selected, "form": form},
                  status=400 if form.errors else 200)


@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def mission_batch(request: HttpRequest, mission_code: str, batch_id: int) -> HttpResponse:
    selected = _mission(mission_code)
    batch = get_object_or_404(MissionBatch.objects.select_related("uploaded_by"), pk=batch_id, mission=selected)
    people = batch_people(batch)
    if people:
        audit_record(actor=request.user, action=AuditEntry.Action.VIEW, object_type="competence.missionbatch",
                     object_id=batch.pk, persons=people)
    rows = {row.pk: row for row in batch.records.all()}
    lines = [{**line, "row": rows.get(line.get("record_id"))} for line in batch.report]
    return render(request, "competence/missions/batch.html", {"mission": selected, "batch": batch, "lines": lines})


@capability_required(Capability.MANAGE_SETTLEMENT_CASES)
def mission_record(request: HttpRequest, mission_code: str, mission_record_id: int) -> HttpResponse:
    """A possible duplicate (link or create, per member) or a conflict (online or offline, per field)."""
    selected = _mission(mission_code)
    row = get_object_or_404(MissionRecord.objects.select_related("batch__mission", "resolved_by"), pk=mission_record_id,
                            batch__mission=selected)
    if row.outcome not in (MissionRecord.Outcome.POSSIBLE_DUPLICATE, MissionRecord.Outcome.CONFLICT):
        raise Http404
    error = None
    if request.method == "POST" and row.resolved_at is None:
        try:
            if row.outcome == MissionRecord.Outcome.POSSIBLE_DUPLICATE:
                choices = {}
                for cid in row.payload["matches"]:
                    value = request.POST.get(f"member-{cid}", "")
                    if value == "new":
                        choices[cid] = None
                    elif value.isdigit():
                        choices[cid] = int(value)
                case = duplicate_resolve(actor=request.user, row=row, choices=choices)
            else:
                case = conflict_resolve(actor=request.user, row=row, keep_offline=[
                    key for key in row.payload["fields"] if request.POST.get(f"field-{key}") == "offline"])
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Resolved: case %(case)s.") % {"case": case.pk})
            return redirect("competence:mission_batch", mission_code=selected.code, batch_id=row.batch_id)
    people = record_people(row)
    if people:
        audit_record(actor=request.user, action=AuditEntry.Action.VIEW, object_type="competence.missionrecord",
                     object_id=row.pk, persons=people)
    context = {"mission": selected, "row": row, "error": error}
    if row.outcome == MissionRecord.Outcome.POSSIBLE_DUPLICATE:
        context["members"] = duplicate_view(row)
    else:
        context["fields"] = conflict_rows(row)
    return render(request, "competence/missions/record.html", context, status=400 if error else 200)
