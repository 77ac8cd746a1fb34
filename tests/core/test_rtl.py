"""Right-to-left languages: the page shell says `dir="rtl"` for them (the CSS uses logical properties)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

# The page needs no database, but tests/conftest.py loads reference data into the test database, which
# pytest-django creates only for a session with at least one database test.
pytestmark = pytest.mark.django_db


def _render_shell() -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return render_to_string("base.html", request=request)


# Pashto, Dari and Sorani are this project's additions to Django's list; Arabic is one of Django's own.
@pytest.mark.parametrize("code", ["ps", "prs", "ckb", "ar"])
def test_a_page_in_a_right_to_left_language_is_marked_rtl(code):
    with translation.override(code):
        html = _render_shell()
    assert f'<html lang="{code}" dir="rtl"' in html


def test_bokmal_pages_are_marked_ltr():
    with translation.override("nb"):
        html = _render_shell()
    assert '<html lang="nb" dir="ltr"' in html
