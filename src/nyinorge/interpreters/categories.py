"""Qualification categories as data: versioned rule tables that turn one language's evidence into a category.

A category is never typed by hand. For each language an interpreter works in, the counting evidence (approved,
obtained, not expired, not revoked) is summarised as `Qualifications`; the active rule table gives the highest
category whose requirements are met. Which table is active, and the labels shown, are settings:

    INTERPRETER_CATEGORY_RULES = "2020-12"                   # version of the rule table
    INTERPRETER_CATEGORY_LABELS = {"A": "Kategori A ..."}    # optional: relabel categories by code

"2020-12" is the register's current naming (categories A–E since December 2020; imdi.no, "Om Nasjonalt
tolkeregister"); "2019" is the 1–5 table of the 2019 annual report in the order issue 7 gives it.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Credits (studiepoeng) of the basic course in public-sector interpreting and of a bachelor's degree.
BASIC_COURSE_CREDITS = 30
BACHELOR_CREDITS = 180


class EvidenceKind(models.TextChoices):
    AUTHORISATION = "authorisation", _("State authorisation in interpreting")
    EDUCATION = "education", _("Interpreting education")
    BILINGUAL_TEST = "bilingual_test", _("Bilingual test passed")
    ETHICS_COURSE = "ethics_course", _("Course in the interpreter's role and ethics (TAO)")


# The ethics course is not tied to a language: it counts for every language the interpreter works in.
LANGUAGE_FREE_KINDS = frozenset({EvidenceKind.ETHICS_COURSE})


@dataclass(frozen=True)
class Qualifications:
    """What counts for one language on one date."""

    authorisation: bool = False
    education_credits: int = 0  # the most credits of one counting education; 0 = none
    bilingual_test: bool = False
    ethics_course: bool = False


@dataclass(frozen=True)
class Requirement:
    """One way to qualify: every condition set here must hold."""

    authorisation: bool = False
    education_credits: int = 0  # minimum credits; 0 = education not required
    bilingual_test: bool = False
    ethics_course: bool = False

    def met_by(self, qualifications: Qualifications) -> bool:
        return (
            (not self.authorisation or qualifications.authorisation)
            and qualifications.education_credits >= self.education_credits
            and (not self.bilingual_test or qualifications.bilingual_test)
            and (not self.ethics_course or qualifications.ethics_course)
        )


@dataclass(frozen=True)
class Category:
    code: str
    rank: int  # higher is better; 0 is reserved for "not listed"
    label: Promise
    description: Promise
    any_of: tuple[Requirement, ...]

    def met_by(self, qualifications: Qualifications) -> bool:
        return any(requirement.met_by(qualifications) for requirement in self.any_of)


@dataclass(frozen=True)
class RuleTable:
    version: str
    valid_from: datetime.date
    title: Promise
    categories: tuple[Category, ...]  # highest rank first

    def category_for(self, qualifications: Qualifications) -> Category | None:
        """The highest category the qualifications meet, or None (not listed in this language)."""
        return next((category for category in self.categories if category.met_by(qualifications)), None)

    def by_code(self, code: str) -> Category | None:
        return next((category for category in self.categories if category.code == code), None)


AUTHORISATION = Requirement(authorisation=True)
BASIC_COURSE = Requirement(education_credits=BASIC_COURSE_CREDITS)

RULE_TABLES: dict[str, RuleTable] = {
    table.version: table
    for table in [
        RuleTable(
            "2019",
            datetime.date(2006, 12, 14),
            _("Categories 1–5 (register until November 2020)"),
            (
                Category("1", 5, _("Category 1"), _("State authorisation and interpreting education"),
                         (Requirement(authorisation=True, education_credits=BASIC_COURSE_CREDITS),)),
                Category("2", 4, _("Category 2"), _("State authorisation"), (AUTHORISATION,)),
                Category("3", 3, _("Category 3"), _("Interpreting education (at least 30 credits)"), (BASIC_COURSE,)),
                Category("4", 2, _("Category 4"), _("Bilingual test and the TAO course"),
                         (Requirement(bilingual_test=True, ethics_course=True),)),
                Category("5", 1, _("Category 5"), _("The TAO course only"), (Requirement(ethics_course=True),)),
            ),
        ),
        RuleTable(
            "2020-12",
            datetime.date(2020, 12, 1),
            _("Categories A–E (the register's current naming)"),
            (
                Category("A", 5, _("Category A"), _("State authorisation and a bachelor's degree in interpreting"),
                         (Requirement(authorisation=True, education_credits=BACHELOR_CREDITS),)),
                Category("B", 4, _("Category B"),
                         _("A bachelor's degree in interpreting, or state authorisation and the basic course (30 credits)"),
                         (Requirement(education_credits=BACHELOR_CREDITS),
                          Requirement(authorisation=True, education_credits=BASIC_COURSE_CREDITS))),
                Category("C", 3, _("Category C"), _("State authorisation"), (AUTHORISATION,)),
                Category("D", 2, _("Category D"), _("The basic course in public-sector interpreting (30 credits)"),
                         (BASIC_COURSE,)),
                Category("E", 1, _("Category E"), _("The bilingual test and the TAO course"),
                         (Requirement(bilingual_test=True, ethics_course=True),)),
            ),
        ),
    ]
}
DEFAULT_RULE_VERSION = "2020-12"


def rule_table_current() -> RuleTable:
    """The rule table named by the setting INTERPRETER_CATEGORY_RULES (default: the register's current one)."""
    version = getattr(settings, "INTERPRETER_CATEGORY_RULES", DEFAULT_RULE_VERSION)
    try:
        return RULE_TABLES[version]
    except KeyError:
        raise LookupError(
            f"INTERPRETER_CATEGORY_RULES={version!r} is not a rule table; choose one of {', '.join(RULE_TABLES)}."
        ) from None


def rule_table(version: str) -> RuleTable | None:
    """A rule table by version, or None for an unknown version."""
    return RULE_TABLES.get(version)


def category_label(code: str, version: str | None = None) -> str:
    """The label shown for a category code: the setting's override, else the rule table's; "" for none."""
    if not code:
        return ""
    overrides = getattr(settings, "INTERPRETER_CATEGORY_LABELS", {}) or {}
    if code in overrides:
        return str(overrides[code])
    table = RULE_TABLES.get(version) if version else rule_table_current()
    category = table.by_code(code) if table else None
    if category is None:
        category = next((c for t in RULE_TABLES.values() if (c := t.by_code(code))), None)
    return str(category.label) if category else code


def category_description(code: str, version: str | None = None) -> str:
    """What a category requires, from the rule table ("" for none or an unknown code)."""
    table = RULE_TABLES.get(version) if version else rule_table_current()
    category = table.by_code(code) if table and code else None
    return str(category.description) if category else ""
