"""The grant officers' navigation (payments, reports, appeals, delegations on every officer page, the follow-up
pages included), the call page's links (ranking, control, the five exports as CSV and XLSX), and the local signup
linked from the login page and the public calls page when `GRANTS_LOCAL_SIGNUP` is on."""

import pytest
from django.test import override_settings
from django.urls import reverse

from nyinorge.grants.scheme_exports import EXPORTS
from tests.grants.schemes_fixtures import *  # noqa: F401,F403

pytestmark = pytest.mark.django_db

NAV = ("grants:schemes", "grants:payments", "grants:reports", "grants:appeals", "grants:delegations")


def login(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.mark.parametrize("route", ["grants:schemes", "grants:payments", "grants:reports", "grants:appeals"])
def test_the_officers_pages_carry_the_navigation(client, officer, route):
    page = login(client, officer).get(reverse(route)).content.decode()
    for name in NAV:
        assert f'href="{reverse(name)}"' in page


def test_the_call_page_links_ranking_control_and_every_export(client, officer, call):
    page = login(client, officer).get(reverse("grants:call", args=[call.pk])).content.decode()
    assert reverse("grants:call_ranking", args=[call.pk]) in page
    assert reverse("grants:control", args=[call.pk]) in page
    for what in EXPORTS:
        for file_format in ("csv", "xlsx"):
            assert reverse("grants:scheme_export", args=[call.pk, what, file_format]) in page
    assert 'href="%s"' % reverse("grants:payments") in page


def test_the_control_page_carries_the_navigation(client, officer, call):
    page = login(client, officer).get(reverse("grants:control", args=[call.pk])).content.decode()
    assert f'href="{reverse("grants:reports")}"' in page


@override_settings(GRANTS_LOCAL_SIGNUP=True)
def test_login_and_public_calls_link_the_local_signup(client):
    signup = reverse("grants:applicant_signup")
    assert signup in client.get(reverse("login")).content.decode()
    assert signup in client.get(reverse("grants:public_calls")).content.decode()


@override_settings(GRANTS_LOCAL_SIGNUP=False)
def test_no_signup_link_when_the_local_signup_is_off(client):
    signup = reverse("grants:applicant_signup")
    assert signup not in client.get(reverse("login")).content.decode()
    assert signup not in client.get(reverse("grants:public_calls")).content.decode()
