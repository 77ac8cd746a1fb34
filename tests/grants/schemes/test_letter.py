"""The decision and grant letter (PDF): its text in bokmål (and English for an English reader), for the
applicant and the officers only, audited as an export."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from nyinorge.core.dates import deadline_after
from nyinorge.core.models import AuditEntry
from nyinorge.grants.scheme_letter import scheme_letter_pdf
from nyinorge.grants.services.decisions import grant_application_decide
from tests.grants.pdf_text import pdf_text
from tests.grants.schemes.admin_helpers import application_make
from tests.grants.schemes_fixtures import *  # noqa: F401,F403

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("deadline_passed")]


@pytest.fixture
def granted(call, officer, volunteer_org):
    application = application_make(call, volunteer_org, state="in_review", amount=200_000)
    return grant_application_decide(actor=officer, application=application, decision="approve_partly",
                                    amount=Decimal(150_000), reasons="Godt prosjekt, men lønnskostnadene er høye.",
                                    criteria=["relevance", "cost"], conditions="Prosjektet skal ha minst 20 deltakere.")


def test_the_grant_letter_in_bokmal(granted):
    text = pdf_text(scheme_letter_pdf(application=granted, language="nb"))
    deadline = deadline_after(timezone.localdate(), weeks=3).strftime("%d.%m.%Y")
    for expected in ("Tilskuddsbrev", "Språkkafé", "150 000", "105 000", "45 000",  # 70 % and 30 % instalments
                     "Prosjektet skal ha minst 20 deltakere.", "Riksrevisjonen", "bevilgningsreglementet § 10",
                     "Godt prosjekt, men lønnskostnadene er høye.", "Relevans", "Kostnadseffektivitet",
                     "Kunnskapsdepartementet", deadline, "tre uker", "Øke deltakelsen", "01.09."):
        assert expected in text, expected
    assert "Grant letter" not in text


def test_the_letter_in_english_for_an_english_reader(granted):
    text = pdf_text(scheme_letter_pdf(application=granted, language="en"))
    assert "Grant letter" in text and "The Ministry of Education and Research" in text and "Relevance" in text


def test_a_rejection_has_no_grant_terms_but_the_appeal_right(call, officer, employer_org):
    application = application_make(call, employer_org, state="in_review")
    rejected = grant_application_decide(actor=officer, application=application, decision="reject",
                                        reasons="Svak måloppnåelse.", criteria=["quality"], amount=None)
    text = pdf_text(scheme_letter_pdf(application=rejected, language="nb"))
    assert "Svak måloppnåelse." in text and "Kvalitet" in text and "Kunnskapsdepartementet" in text
    assert "Utbetalingsplan" not in text and "Riksrevisjonen" not in text


def test_a_participant_scheme_names_the_participant_report(officer, volunteer_org):
    from nyinorge.core.services.reference import directorate
    from tests.grants.schemes_fixtures import call_close, call_create, scheme_create

    scheme = scheme_create("jobbsjansen", participants=True)
    call = call_close(call_create(scheme, administered_by=directorate(), created_by=officer))
    application = application_make(call, volunteer_org, state="in_review", amount=100_000)
    decided = grant_application_decide(actor=officer, application=application, decision="approve",
                                       reasons="Innvilget.", criteria=["relevance"], amount=Decimal(100_000))
    text = pdf_text(scheme_letter_pdf(application=decided, language="nb"))
    assert "Deltakerrapport" in text and "arbeid eller utdanning" in text


def test_the_letter_route_for_the_applicant_and_officers_only(client, granted, applicant, officer,
                                                              employer_applicant, municipal_officer):
    url = reverse("grants:application_letter", args=[granted.pk])
    client.force_login(applicant)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEntry.objects.filter(action="export", object_id=str(granted.pk), user=applicant).exists()
    client.force_login(officer)
    assert client.get(url).status_code == 200
    for outsider in (employer_applicant, municipal_officer):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_no_letter_before_the_decision(client, call, officer, volunteer_org):
    application = application_make(call, volunteer_org, state="in_review")
    client.force_login(officer)
    response = client.get(reverse("grants:application_letter", args=[application.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("grants:application_case", args=[application.pk])
