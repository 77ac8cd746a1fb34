"""Demo data for `make run`: a reviewer login and an interpreter with a submitted application, loaded twice safely."""

import pytest

from nyinorge.core.models import User
from nyinorge.core.roles import Role
from nyinorge.interpreters.demo_apply import APPLICANT, REVIEWER, applications_demo_load, demo_pdf
from nyinorge.interpreters.models import Application
from nyinorge.interpreters.uploads import document_check
from tests.interpreters.apply_fixtures import *  # noqa: F403
from tests.interpreters.documents import upload

pytestmark = pytest.mark.django_db


def test_demo_applications_load_once(client):
    first = applications_demo_load()
    assert [login.username for login in first] == [REVIEWER, APPLICANT]
    assert applications_demo_load() == first
    assert User.objects.get(username=REVIEWER).has_role(Role.INTERPRETER_REGISTER_REVIEWER)
    application = Application.objects.get(interpreter__user__username=APPLICANT)
    assert application.state == "submitted" and application.claims.count() == 3
    assert application.documents.count() == 3
    client.force_login(User.objects.get(username=REVIEWER))
    page = client.get(f"/interpreters/review/{application.pk}/").content.decode()
    assert application.interpreter.full_name in page


def test_the_demo_pdf_passes_the_upload_check():
    assert document_check(upload("demo.pdf", demo_pdf("Statsautorisasjon"))).content_type == "application/pdf"
