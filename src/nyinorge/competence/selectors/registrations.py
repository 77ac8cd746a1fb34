"""Reads of registrations: a resident's own, the summary rows in a language, reception staff's residents."""

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_noop as _, override

from nyinorge.competence import names, occupations
from nyinorge.competence.codes import DrivingLicence, FieldOfStudy, IscedLevel, LanguageLevel, QualificationKind, Sector
from nyinorge.competence.models import CompetenceRegistration, ResidentLogin
from nyinorge.competence.resident_i18n import resident_text
from nyinorge.competence.services.access_codes import MINIMUM_AGE
from nyinorge.core.access import people_visible_to
from nyinorge.core.models import Person, User

Section = CompetenceRegistration.Section
SECTIONS = list(Section)


def resident_login_of(user: User) -> ResidentLogin | None:
    if not user.is_authenticated or user.organisation_id is not None:
        return None
    return ResidentLogin.objects.select_related("person").filter(user=user).first()


def registration_of(login: ResidentLogin) -> CompetenceRegistration:
    registration, _created = CompetenceRegistration.objects.select_related("person").get_or_create(person=login.person)
    return registration


def next_section(registration: CompetenceRegistration) -> str | None:
    """The first section not done yet (where a resident resumes), or None when all are done."""
    for section in SECTIONS:
        if section.value not in registration.sections_done:
            return section.value
    return None


@dataclass
class SummarySection:
    section: str
    title: SafeString
    items: list[tuple[SafeString, SafeString]] = field(default_factory=list)
    free_text: bool = False


def _choice(choices, value) -> SafeString:
    labels = dict(choices)
    return resident_text(labels[value]) if value in labels else format_html("{}", value or "–")


def _free(text: str) -> SafeString:
    # The resident's own words, as written, in whatever language and direction they wrote them.
    return format_html('<span dir="auto" class="free-text">{}</span>', text) if text else format_html("{}", "–")


def summary(registration: CompetenceRegistration, language: str) -> list[SummarySection]:
    """Each section's answers with labels and code names in `language` (texts missing in it marked as English)."""
    with override(language):
        rows = []
        sec = {s.value: SummarySection(s.value, resident_text(s.label)) for s in SECTIONS}
        for skill in registration.language_skills.all():
            sec["languages"].items.append((format_html("{}", names.language_name(skill.language, language)),
                                           _choice(LanguageLevel.choices, skill.level)))
        school = sec["schooling"]
        school.items += [
            (resident_text(_("Country where you went to school")),
             format_html("{}", names.country_name(registration.schooling_country, language) or "–")),
            (resident_text(_("How many years did you go to school?")),
             format_html("{}", registration.schooling_years if registration.schooling_years is not None else "–")),
            (resident_text(_("Highest school or education you finished")),
             _choice(IscedLevel.choices, registration.highest_level)),
        ]
        for qualification in registration.qualifications.all():
            target = sec["higher_education" if qualification.kind == QualificationKind.HIGHER_EDUCATION
                         else "qualifications"]
            detail = [str(_choice(QualificationKind.choices, qualification.kind))]
            if qualification.field:
                detail.append(str(_choice(FieldOfStudy.choices, qualification.field)))
            if qualification.country:
                detail.append(format_html("{}", names.country_name(qualification.country, language)))
            if qualification.year_completed:
                detail.append(str(qualification.year_completed))
            target.items.append((_free(qualification.title), SafeString(", ".join(detail))))
        for work in registration.work_experiences.all():
            detail = [format_html("{}", work.years)]
            if work.sector:
                detail.append(str(_choice(Sector.choices, work.sector)))
            if work.country:
                detail.append(format_html("{}", names.country_name(work.country, language)))
            if work.description:
                detail.append(str(_free(work.description)))
            sec["work"].items.append((occupations.label(work.occupation, language), SafeString(", ".join(detail))))
        sec["driving"].items.append((resident_text(_("Do you have a driving licence?")),
                                     _choice(DrivingLicence.choices, registration.driving_licence)))
        if registration.driving_licence_country:
            sec["driving"].items.append((resident_text(_("Country that gave the licence")), format_html(
                "{}", names.country_name(registration.driving_licence_country, language))))
        wishes = sec["wishes"]
        wishes.free_text = True
        wishes.items += [(resident_text(_("What work would you like to do?")), _free(registration.wish_work)),
                         (resident_text(_("What would you like to learn or study?")), _free(registration.wish_education)),
                         (resident_text(_("Where in Norway would you like to live, and why?")),
                          _free(registration.wish_residence))]
        sec["consent"].items.append((resident_text(_("Yes, the municipality where I will live may see this information.")),
                                     resident_text(_("Yes") if registration.consent_share else _("No"))))
        rows = list(sec.values())
    return rows


@dataclass
class ResidentRow:
    person: Person
    registration: CompetenceRegistration | None
    age: int

    @property
    def status(self) -> str:
        if self.registration is None or not self.registration.sections_done:
            return "not_started"
        return "completed" if self.registration.completed_at else "in_progress"


def residents_for_staff(user: User) -> list[ResidentRow]:
    """The residents of reception centres the user sees (the centre's staff: their own), aged 16 or more."""
    today = timezone.localdate()
    born_by = datetime.date(today.year - MINIMUM_AGE, today.month, min(today.day, 28))
    people: QuerySet[Person] = (people_visible_to(user).filter(reception_centre__isnull=False, birth_date__lte=born_by)
                                .select_related("competence", "reception_centre").order_by("family_name", "given_name"))
    rows = []
    for person in people[:500]:
        registration = getattr(person, "competence", None) if hasattr(person, "competence") else None
        age = today.year - person.birth_date.year - ((today.month, today.day) < (person.birth_date.month,
                                                                               person.birth_date.day))
        if age >= MINIMUM_AGE:
            rows.append(ResidentRow(person, registration, age))
    return rows


def summary_columns(registration: CompetenceRegistration, languages: list[str]) -> list[dict]:
    """The summary in each language, side by side (each column with its direction and its name in its own script)."""
    from django.conf.locale import LANG_INFO  # noqa: PLC0415

    columns = []
    for language in dict.fromkeys(languages):
        info = LANG_INFO.get(language, {})
        columns.append({"language": language, "dir": "rtl" if info.get("bidi") else "ltr",
                        "heading": info.get("name_local", language), "rows": summary(registration, language)})
    return columns
