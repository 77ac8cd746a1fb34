"""Kompass for reception staff and the directorate: residents and their progress, one-time codes, and a
registration in bokmål (the resident's own words as written, a machine translation only on request, marked)."""

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import strip_tags

from django.utils.translation import gettext as _, gettext_noop, override
from django.views.decorators.http import require_POST

from nyinorge.competence import occupations
from nyinorge.competence.models import CompetenceRegistration
from nyinorge.competence.resident_i18n import resident_text
from nyinorge.competence.selectors.registrations import residents_for_staff, summary, summary_columns
from nyinorge.competence.services.access_codes import VALID_FOR, access_code_issue, code_display
from nyinorge.competence.summary_pdf import registration_pdf
from nyinorge.competence.translators import configured_translator
from nyinorge.core.access import person_for
from nyinorge.core.exports import export_response
from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.core.views.decorators import capability_required

CAPABILITY = Capability.MANAGE_COMPETENCE_REGISTRATIONS


def _resident_languages():
    return [(code, f"{LANG_INFO[code]['name_local']} ({LANG_INFO[code]['name']})") for code, _name in settings.LANGUAGES]


@capability_required(CAPABILITY)
def staff_residents(request: HttpRequest) -> HttpResponse:
    rows = residents_for_staff(request.user)
    if rows:
        audit_record(actor=request.user, action=AuditEntry.Action.VIEW, object_type="competence.residents",
                     persons=[row.person for row in rows], detail=f"Kompass residents list, {len(rows)} persons")
    return render(request, "competence/staff/residents.html", {"rows": rows, "languages": _resident_languages()})


@capability_required(CAPABILITY)
@require_POST
def staff_issue_code(request: HttpRequest, person_id: int) -> HttpResponse:
    """A new one-time code, shown once on a printable slip in the resident's language and bokmål."""
    person = person_for(request.user, person_id)
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        registration = CompetenceRegistration.objects.filter(person=person).first()
        language = registration.language if registration else "nb"
    try:
        record, code = access_code_issue(actor=request.user, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("competence:staff_residents")
    slips = []
    for slip_language in dict.fromkeys([language, "nb"]):
        with override(slip_language):
            slips.append({"language": slip_language, "dir": "rtl" if LANG_INFO[slip_language]["bidi"] else "ltr",
                          "title": resident_text(gettext_noop("Kompass: register what you know and can do")),
                          "how": resident_text(gettext_noop("Open this address on your phone and write the code:")),
                          "valid": resident_text(gettext_noop("The code works once, for 14 days. Keep it to yourself.")),
                          "until_label": resident_text(gettext_noop("Valid until"))})
    return render(request, "competence/staff/code_slip.html", {
        "person": person, "code": code_display(code), "expires_at": record.expires_at, "slips": slips,
        "address": request.build_absolute_uri("/competence/"), "valid_days": VALID_FOR.days})


def _registration_context(request, person):
    registration = (CompetenceRegistration.objects.filter(person=person)
                    .prefetch_related("language_skills", "qualifications", "work_experiences").first())
    rows = summary(registration, "nb") if registration else []
    translations = {}
    translator = configured_translator()
    if registration and translator and request.GET.get("translate") == "1":
        source = registration.language
        for name in ("wish_work", "wish_education", "wish_residence"):
            text = getattr(registration, name)
            if text:
                translations[str(CompetenceRegistration._meta.get_field(name).verbose_name)] = translator(text, source)
        for work in registration.work_experiences.all():
            if work.description:
                translations[occupations.title_nb(work.occupation)] = translator(work.description, source)
    return {"person": person, "registration": registration, "rows": rows, "translator": translator is not None,
            "translations": translations,
            "language_name": LANG_INFO.get(registration.language, {}).get("name_local", "") if registration else ""}


@capability_required(CAPABILITY)
def staff_registration(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for(request.user, person_id)
    context = _registration_context(request, person)
    audit_record(actor=request.user, action=AuditEntry.Action.VIEW, object_type="competence.competenceregistration",
                 object_id=context["registration"].pk if context["registration"] else "", person=person,
                 detail="Kompass registration (staff view)" + (", translated" if context["translations"] else ""))
    work = list(context["registration"].work_experiences.all()) if context["registration"] else []
    return render(request, "competence/staff/registration.html", {**context, "work": work})


@capability_required(CAPABILITY)
def staff_registration_pdf(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_for(request.user, person_id)
    registration = CompetenceRegistration.objects.filter(person=person).first()
    audit_record(actor=request.user, action=AuditEntry.Action.EXPORT, object_type="competence.competenceregistration",
                 object_id=registration.pk if registration else "", person=person, detail="Kompass registration PDF")
    columns = summary_columns(registration, [registration.language, "nb"]) if registration else []
    content = registration_pdf(context={"registration": registration, "columns": columns, "person": person})
    return HttpResponse(content, content_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="kompass-{person.pk}.pdf"'})


@capability_required(CAPABILITY)
def staff_registration_xlsx(request: HttpRequest, person_id: int) -> HttpResponse:
    """One row per answer, like the EU Skills Profile Tool's export: section, question, answer (bokmål)."""
    person = person_for(request.user, person_id)
    registration = CompetenceRegistration.objects.filter(person=person).first()
    rows = []
    if registration:
        for section in summary(registration, "nb"):
            for label, value in section.items:
                rows.append({"section": strip_tags(section.title), "question": strip_tags(label),
                             "answer": strip_tags(value)})
        for work in registration.work_experiences.all():
            rows.append({"section": "STYRK-08", "question": work.occupation, "answer": occupations.title_nb(
                work.occupation)})
    return export_response(actor=request.user, rows=rows,
                           columns=[("section", _("Section")), ("question", _("Question")), ("answer", _("Answer"))],
                           filename_stem=f"kompass-{person.pk}", file_format="xlsx",
                           object_type="competence.competenceregistration", persons=[person])

