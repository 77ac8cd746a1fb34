"""The rule tables alone (no database): every combination of evidence gives the category the register's rules name."""

import datetime
import itertools
from types import SimpleNamespace

import pytest
from django.test import override_settings
from django.utils import translation

from nyinorge.interpreters.categories import (
    RULE_TABLES, Qualifications, category_description, category_label, rule_table_current,
)
from nyinorge.interpreters.services.categories import qualifications_from

# The register's current categories (imdi.no, "Om Nasjonalt tolkeregister"), by authorisation and education credits,
# written out by hand: A = authorisation + bachelor; B = bachelor, or authorisation + basic course; C = authorisation;
# D = basic course; E = bilingual test + TAO (only when nothing above applies).
CURRENT = {
    (False, 0): "", (False, 30): "D", (False, 180): "B",
    (True, 0): "C", (True, 30): "B", (True, 180): "A",
}
# Issue 7's order, categories 1–5: authorisation + education, authorisation, education, test + course, course only.
OLD = {
    (False, 0): "", (False, 30): "3", (False, 180): "3",
    (True, 0): "2", (True, 30): "1", (True, 180): "1",
}
COMBINATIONS = list(itertools.product([False, True], [0, 30, 180], [False, True], [False, True]))


def expected_current(authorisation, credits, test, course):
    base = CURRENT[(authorisation, credits)]
    return base or ("E" if test and course else "")


def expected_old(authorisation, credits, test, course):
    base = OLD[(authorisation, credits)]
    return base or ("4" if test and course else "5" if course else "")


@pytest.mark.parametrize(("authorisation", "credits", "test", "course"), COMBINATIONS)
def test_every_combination_current_table(authorisation, credits, test, course):
    qualifications = Qualifications(authorisation=authorisation, education_credits=credits, bilingual_test=test,
                                    ethics_course=course)
    category = RULE_TABLES["2020-12"].category_for(qualifications)
    assert (category.code if category else "") == expected_current(authorisation, credits, test, course)


@pytest.mark.parametrize(("authorisation", "credits", "test", "course"), COMBINATIONS)
def test_every_combination_2019_table(authorisation, credits, test, course):
    qualifications = Qualifications(authorisation=authorisation, education_credits=credits, bilingual_test=test,
                                    ethics_course=course)
    category = RULE_TABLES["2019"].category_for(qualifications)
    assert (category.code if category else "") == expected_old(authorisation, credits, test, course)


def test_education_below_the_basic_course_does_not_count():
    table = RULE_TABLES["2020-12"]
    assert table.category_for(Qualifications(education_credits=29)) is None
    assert table.category_for(Qualifications(education_credits=179, authorisation=True)).code == "B"


def test_ranks_are_strictly_ordered_and_positive():
    for table in RULE_TABLES.values():
        ranks = [category.rank for category in table.categories]
        assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) == len(ranks) and min(ranks) > 0


def test_the_current_table_is_a_setting_and_an_unknown_one_is_a_clear_error():
    assert rule_table_current().version == "2020-12"
    with override_settings(INTERPRETER_CATEGORY_RULES="2019"):
        assert rule_table_current().version == "2019"
    with override_settings(INTERPRETER_CATEGORY_RULES="1999"), pytest.raises(LookupError, match="2020-12"):
        rule_table_current()


@translation.override("en")
def test_labels_follow_the_register_and_can_be_configured():
    assert category_label("A") == "Category A"
    assert category_label("") == ""
    assert "bachelor" in category_description("A")
    with override_settings(INTERPRETER_CATEGORY_LABELS={"A": "Høyeste kategori"}):
        assert category_label("A") == "Høyeste kategori"
        assert category_label("B") == "Category B"


def _evidence(kind, language="", variant="", *, status="approved", obtained=datetime.date(2015, 1, 1),
              valid_until=None, revoked_on=None, credits=None):
    from nyinorge.interpreters.models import Evidence

    return Evidence(kind=kind, language=language, variant=variant, status=status, obtained_on=obtained,
                    valid_until=valid_until, revoked_on=revoked_on, credits=credits)


DAY = datetime.date(2020, 6, 1)


@pytest.mark.parametrize(("changes", "counts"), [
    ({}, True),
    ({"status": "pending"}, False),
    ({"status": "rejected"}, False),
    ({"obtained": DAY + datetime.timedelta(days=1)}, False),  # not yet obtained on the day
    ({"valid_until": DAY}, True),  # valid through its last day
    ({"valid_until": DAY - datetime.timedelta(days=1)}, False),  # expired
    ({"revoked_on": DAY}, False),  # revoked from that day
    ({"revoked_on": DAY + datetime.timedelta(days=1)}, True),  # revocation not yet in force
])
def test_which_evidence_counts_on_a_day(changes, counts):
    evidence = [_evidence("authorisation", "ar", **changes)]
    assert qualifications_from(evidence, language="ar", variant="", on=DAY).authorisation is counts


def test_evidence_is_per_language_and_variant_but_the_course_counts_everywhere():
    evidence = [
        _evidence("authorisation", "ar"),
        _evidence("bilingual_test", "ar", "levantine"),
        _evidence("education", "so", credits=30),
        _evidence("ethics_course"),
    ]
    arabic = qualifications_from(evidence, language="ar", variant="", on=DAY)
    levantine = qualifications_from(evidence, language="ar", variant="levantine", on=DAY)
    iraqi = qualifications_from(evidence, language="ar", variant="iraqi", on=DAY)
    somali = qualifications_from(evidence, language="so", variant="", on=DAY)
    assert (arabic.authorisation, arabic.bilingual_test, arabic.education_credits) == (True, False, 0)
    assert (levantine.authorisation, levantine.bilingual_test) == (True, True)  # language-wide evidence counts too
    assert iraqi.bilingual_test is False
    assert (somali.authorisation, somali.education_credits, somali.ethics_course) == (False, 30, True)


def test_the_most_credits_of_one_education_count_not_the_sum():
    evidence = [_evidence("education", "ar", credits=30), _evidence("education", "ar", credits=60)]
    assert qualifications_from(evidence, language="ar", variant="", on=DAY).education_credits == 60


def test_duck_typed_evidence_is_enough():
    item = SimpleNamespace(kind="ethics_course", language="", variant="", counts_on=lambda day: True)
    assert qualifications_from([item], language="ti", variant="", on=DAY).ethics_course


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

qualifications = st.builds(Qualifications, authorisation=st.booleans(), education_credits=st.integers(0, 300),
                           bilingual_test=st.booleans(), ethics_course=st.booleans())


@given(qualifications, qualifications, st.sampled_from(sorted(RULE_TABLES)))
def test_more_evidence_never_lowers_the_category(a, b, version):
    more = Qualifications(authorisation=a.authorisation or b.authorisation,
                          education_credits=max(a.education_credits, b.education_credits),
                          bilingual_test=a.bilingual_test or b.bilingual_test, ethics_course=a.ethics_course or b.ethics_course)
    table = RULE_TABLES[version]

    def rank(q):
        category = table.category_for(q)
        return category.rank if category else 0

    assert rank(more) >= max(rank(a), rank(b))
