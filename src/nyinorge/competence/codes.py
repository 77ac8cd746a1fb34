"""The code lists a registration uses (never free text only): ISCED 2011 levels, CEFR levels, sectors, licences.

Occupations are STYRK-08 (Statistics Norway's version of ISCO-08) in `occupations.py`; countries and languages are
ISO 3166 / ISO 639 through `nyinorge.core.codes`. Labels are English msgids translated in the .po files.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy


class IscedLevel(models.TextChoices):
    """ISCED 2011 levels of education (UNESCO Institute for Statistics), as the person's highest completed."""

    NONE = "none", _("No schooling")
    EARLY = "0", _("Less than primary school")
    PRIMARY = "1", _("Primary school")
    LOWER_SECONDARY = "2", _("Lower secondary school")
    UPPER_SECONDARY = "3", _("Upper secondary school")
    POST_SECONDARY = "4", _("Post-secondary course, not university")
    SHORT_TERTIARY = "5", _("Short university or college course (up to 2 years)")
    BACHELOR = "6", _("Bachelor's degree or equivalent")
    MASTER = "7", _("Master's degree or equivalent")
    DOCTORAL = "8", _("Doctoral degree")


#: Years of schooling usually behind each level; a claim far beyond it is refused as impossible.
ISCED_RANK = {level.value: rank for rank, level in enumerate(IscedLevel)}
HIGHER_EDUCATION_LEVELS = frozenset({IscedLevel.SHORT_TERTIARY, IscedLevel.BACHELOR, IscedLevel.MASTER,
                                     IscedLevel.DOCTORAL})
MAX_SCHOOLING_YEARS = 30


class LanguageLevel(models.TextChoices):
    """Self-rated level: the Common European Framework of Reference's six levels, plus mother tongue."""

    NONE = "0", _("Only a few words")
    A1 = "A1", _("A1 – beginner")
    A2 = "A2", _("A2 – elementary")
    B1 = "B1", _("B1 – intermediate")
    B2 = "B2", _("B2 – upper intermediate")
    C1 = "C1", _("C1 – advanced")
    C2 = "C2", _("C2 – proficient")
    NATIVE = "native", _("Mother tongue")


#: 0..7, for the matching's features (Norwegian and English level).
LANGUAGE_LEVEL_RANK = {level.value: rank for rank, level in enumerate(LanguageLevel)}


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public sector")
    PRIVATE = "private", _("Private company")
    SELF_EMPLOYED = "self_employed", _("Own business")
    VOLUNTARY = "voluntary", _("Voluntary or humanitarian organisation")
    FAMILY = "family", _("Family business or farm")


class QualificationKind(models.TextChoices):
    HIGHER_EDUCATION = "higher", _("Higher education (university or college)")
    VOCATIONAL = "vocational", _("Vocational training")
    CERTIFICATE = "certificate", _("Certificate or licence")
    COURSE = "course", _("Course")


class DrivingLicence(models.TextChoices):
    NONE = "none", pgettext_lazy("driving licence", "None")
    CAR = "B", _("Car (B)")
    TRUCK = "C", _("Truck (C)")
    BUS = "D", _("Bus (D)")
    MOTORCYCLE = "A", _("Motorcycle (A)")


class FieldOfStudy(models.TextChoices):
    """ISCED-F 2013 broad fields."""

    EDUCATION = "01", _("Education")
    ARTS_HUMANITIES = "02", _("Arts and humanities")
    SOCIAL_SCIENCES = "03", _("Social sciences, journalism and information")
    BUSINESS_LAW = "04", _("Business, administration and law")
    NATURAL_SCIENCES = "05", _("Natural sciences, mathematics and statistics")
    ICT = "06", _("Information and communication technologies")
    ENGINEERING = "07", _("Engineering, manufacturing and construction")
    AGRICULTURE = "08", _("Agriculture, forestry, fisheries and veterinary")
    HEALTH_WELFARE = "09", _("Health and welfare")
    SERVICES = "10", _("Services")
    GENERIC = "00", _("Generic programmes")
