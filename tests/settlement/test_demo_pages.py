"""With the demo data of `make run` loaded, every settlement page answers for every demo user who may
open it, every case page opens, and every list exports; what a user may not open is refused, not a crash."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from nyinorge.core.models import User
from nyinorge.settlement.selectors.cases import cases_visible_to

pytestmark = pytest.mark.django_db

PAGES = {
    "saksbehandler": ["settlement:queue", "settlement:case_create", "settlement:overview", "settlement:year_manage",
                      "settlement:overdue", "settlement:notices_open"],
    "oslo": ["settlement:inbox", "settlement:accepted", "settlement:settled", "settlement:housing", "settlement:decision"],
    "bergen": ["settlement:inbox", "settlement:accepted", "settlement:settled", "settlement:housing", "settlement:decision"],
    "mottak": ["settlement:residents"],
}
PAGES["skjerming"] = PAGES["saksbehandler"]  # a directorate caseworker who may also see shielded names
LISTS = {"settlement:queue", "settlement:overdue", "settlement:inbox", "settlement:accepted", "settlement:settled",
         "settlement:residents"}
ALL_PAGES = {name for names in PAGES.values() for name in names}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data once for the module (its tests only read), inside a transaction rolled back at the end;
    each test's own transaction nests in it as a savepoint."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--force")
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("username", sorted(PAGES))
def test_every_page_and_case_opens_for_each_demo_user(client, demo, username):
    user = User.objects.get(username=username)
    client.force_login(user)
    for name in PAGES[username]:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        if name in LISTS:
            for file_format in ("csv", "xlsx"):
                assert client.get(reverse(name), {"format": file_format}).status_code == 200, (name, file_format)
    for name in ALL_PAGES - set(PAGES[username]):
        assert client.get(reverse(name)).status_code == 403, name
    for case in cases_visible_to(user):
        assert client.get(reverse("settlement:case", args=[case.pk])).status_code == 200, case.pk
