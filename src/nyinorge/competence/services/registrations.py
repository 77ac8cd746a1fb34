"""Saving a registration section by section: one transaction, one audit entry, `version` bumped on every change."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from nyinorge.competence import validation
from nyinorge.competence.codes import QualificationKind
from nyinorge.competence.models import CompetenceRegistration, LanguageSkill, Qualification, WorkExperience
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.services.audit import audit_record

Section = CompetenceRegistration.Section
REGISTRATION_FIELDS = {
    Section.SCHOOLING: ("schooling_country", "schooling_years", "highest_level"),
    Section.HIGHER_EDUCATION: ("higher_education_field",),
    Section.DRIVING: ("driving_licence", "driving_licence_country"),
    Section.WISHES: ("wish_work", "wish_education", "wish_residence"),
}


def _refuse(problems) -> None:
    if problems:
        raise ValidationError({field: [gettext(msgid) % values] for field, msgid, values in problems})


def section_save(*, actor: User, registration: CompetenceRegistration, section: str, data: dict) -> CompetenceRegistration:
    """Replace one section's answers with `data` (a section form's cleaned data) and mark the section done."""
    section = Section(section)
    born = registration.person.birth_date
    with transaction.atomic():
        registration = CompetenceRegistration.objects.select_for_update().get(pk=registration.pk)
        for name in REGISTRATION_FIELDS.get(section, ()):
            setattr(registration, name, data.get(name) if data.get(name) is not None else (
                None if name == "schooling_years" else ""))
        if section == Section.SCHOOLING:
            _refuse(validation.schooling_problems(registration.schooling_years, registration.highest_level, born))
        elif section == Section.LANGUAGES:
            registration.language_skills.all().delete()
            LanguageSkill.objects.bulk_create([LanguageSkill(registration=registration, **row)
                                               for row in data["rows"]])
        elif section in (Section.HIGHER_EDUCATION, Section.QUALIFICATIONS):
            kinds = ([QualificationKind.HIGHER_EDUCATION] if section == Section.HIGHER_EDUCATION
                     else [QualificationKind.VOCATIONAL, QualificationKind.CERTIFICATE, QualificationKind.COURSE])
            for row in data["rows"]:
                _refuse(validation.year_problems("year_completed", row.get("year_completed"), born))
            registration.qualifications.filter(kind__in=kinds).delete()
            Qualification.objects.bulk_create([Qualification(registration=registration, **row) for row in data["rows"]])
        elif section == Section.WORK:
            for row in data["rows"]:
                _refuse(validation.work_problems(row["occupation"], row["years"], born))
            registration.work_experiences.all().delete()
            WorkExperience.objects.bulk_create([WorkExperience(registration=registration, **row) for row in data["rows"]])
        elif section == Section.CONSENT:
            registration.consent_share = bool(data.get("consent_share"))
            registration.consent_at = timezone.now() if registration.consent_share else None
        if section.value not in registration.sections_done:
            registration.sections_done = [*registration.sections_done, section.value]
        if registration.completeness == 100 and registration.completed_at is None:
            registration.completed_at = timezone.now()
        registration.version = F("version") + 1
        registration.save()
        registration.refresh_from_db()
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="competence.competenceregistration",
                     object_id=registration.pk, person=registration.person, detail=f"section {section.value}")
    return registration


def registration_language_set(*, actor: User, registration: CompetenceRegistration, language: str) -> None:
    if registration.language != language:
        CompetenceRegistration.objects.filter(pk=registration.pk).update(language=language, version=F("version") + 1)
        audit_record(actor=actor, action=AuditEntry.Action.UPDATE, object_type="competence.competenceregistration",
                     object_id=registration.pk, person=registration.person, detail=f"language {language}")
