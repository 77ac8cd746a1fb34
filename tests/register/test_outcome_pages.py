"""The directorate's page for the yearly delivery of statuses after the programme: upload, errors, deliveries."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nyinorge.core.roles import Role
from nyinorge.register.models import OutcomeDelivery, PostProgrammeStatus

pytestmark = pytest.mark.django_db


def _upload(text: str, name: str = "ssb-2018.csv") -> dict:
    return {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")}


def test_the_directorate_imports_a_delivery_and_sees_it_listed(client, caseworker, resident):
    person = resident(since=datetime.date(2015, 1, 5))
    client.force_login(caseworker)
    url = reverse("register:outcomes")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "No delivery is imported yet." in page.content.decode()
    response = client.post(url, _upload(f"person_id,reference_month,status\n{person.national_id},2018-11,employed\n"))
    assert response.status_code == 302 and response.url == url
    status = PostProgrammeStatus.objects.get()
    assert status.person == person and status.delivery.file_name == "ssb-2018.csv"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    content = page.content.decode()
    assert "ssb-2018.csv" in content and status.delivery.checksum[:10] in content


def test_a_bad_file_shows_every_bad_line_and_stores_nothing(client, caseworker, resident):
    person = resident(since=datetime.date(2015, 1, 5))
    client.force_login(caseworker)
    text = f"person_id,reference_month,status\n{person.national_id},2018-11,working\n{person.national_id},18-11,both\n"
    response = client.post(reverse("register:outcomes"), _upload(text), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert any(e.startswith("line 2: status must be one of") for e in errors)
    assert any(e.startswith("line 3: reference_month is not a month") for e in errors)
    assert not PostProgrammeStatus.objects.exists() and not OutcomeDelivery.objects.exists()


def test_a_file_that_is_not_utf8_is_refused(client, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("register:outcomes"), {"file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00a")},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "not UTF-8" in response.content.decode()


@pytest.mark.parametrize("role", [Role.ANALYST, Role.MUNICIPALITY_CASEWORKER])
def test_others_may_not_open_it(client, make_user, municipality_org, role):
    organisation = municipality_org("0301") if role == Role.MUNICIPALITY_CASEWORKER else None
    client.force_login(make_user(role, organisation))
    assert client.get(reverse("register:outcomes")).status_code == 403
