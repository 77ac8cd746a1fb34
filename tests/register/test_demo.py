"""The register demo: the demo logins of Oslo and Bergen see follow-up lists with people on them."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from nyinorge.core.models import User
from nyinorge.register.models import LegalBasis

pytestmark = pytest.mark.django_db


def test_demo_municipalities_have_people_on_their_follow_up_lists(client):
    call_command("load_demo", "--force")
    bases = LegalBasis.objects.count()
    call_command("load_demo", "--force")
    assert LegalBasis.objects.count() == bases  # a second run adds nothing
    for username, expected in [("oslo", {"training", "programme", "deadlines", "missing"}),
                               ("bergen", {"training", "programme", "deadlines", "missing"})]:
        client.force_login(User.objects.get(username=username))
        response = client.get(reverse("register:index"))
        assert response.status_code == 200
        filled = {str(which) for which, _label, total, _highlighted in response.context["counts"] if total}
        assert filled == expected, username
        rows = client.get(reverse("register:followup", args=["training"])).context["rows"]
        assert any(row.highlighted for row in rows)
