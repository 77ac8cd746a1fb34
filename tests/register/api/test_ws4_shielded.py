"""Issue 13, finding 2: WS4 reconciliation hides shielded identities by the same rule as every other read.

The municipality's caseworker gets 404 for a shielded person; its system must not get the person's national id
(or any record of theirs) from GET /records either: the records are left out, as the person is invisible.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from nyinorge.core.models import AuditEntry, AuditSubject
from nyinorge.settlement.services.cases import case_create
from tests.register.api.helpers import Ws4, hours

pytestmark = pytest.mark.django_db


@pytest.fixture
def shielded_and_not(resident, caseworker):
    shielded, plain = resident(), resident()
    case_create(actor=caseworker, category="reception", members=[shielded], decision_date=datetime.date(2018, 6, 1),
                shielded_identity=True)
    return shielded, plain


def _all_records(api: Ws4, **params) -> list[dict]:
    items, cursor = [], None
    while True:
        page = api.get("/records", limit=1, **params, **({"cursor": cursor} if cursor else {})).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return items


@pytest.mark.parametrize("client_kind", ["municipality", "vendor"])
def test_reconciliation_leaves_out_a_shielded_persons_records(
        oslo_ws4, issue_vendor, shielded_and_not, login, oslo_user, client_kind):
    shielded, plain = shielded_and_not
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert oslo_ws4.post("/hours", hours(shielded, ref="s-1")).status_code == 201
        assert oslo_ws4.post("/hours", hours(plain, ref="p-1")).status_code == 201
    api = oslo_ws4 if client_kind == "municipality" else Ws4(issue_vendor("0301", "4601")[1])
    before = set(AuditEntry.objects.filter(object_type="register.ws4_reconciliation").values_list("pk", flat=True))
    with time_machine.travel(start + datetime.timedelta(minutes=10)):
        response = api.get("/records")
        paged = _all_records(api)
    assert response.status_code == 200
    assert shielded.national_id not in response.content.decode()
    assert [item["person"]["national_id"] for item in response.json()["items"]] == [plain.national_id]
    assert [item["person"]["national_id"] for item in paged] == [plain.national_id]
    # The audit names only who was shown.
    entries = AuditEntry.objects.filter(object_type="register.ws4_reconciliation").exclude(pk__in=before)
    named = set(AuditSubject.objects.filter(entry__in=entries).values_list("person_id", flat=True))
    assert named == {plain.pk}
    # The same answer as the municipality's caseworker gets on screen.
    assert login(oslo_user).get(reverse("register:person", args=[shielded.pk])).status_code == 404
    assert login(oslo_user).get(reverse("register:person", args=[plain.pk])).status_code == 200
