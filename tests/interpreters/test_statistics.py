"""Register statistics: counts by language and category, the share with authorisation and/or education, languages
without a qualified interpreter; the page, charts and downloads, for analysts and the directorate only."""

import csv
import io

import pytest
from django.utils import timezone

from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Role
from nyinorge.interpreters.selectors.statistics import register_statistics
from nyinorge.interpreters.services.evidence import evidence_revoke
from nyinorge.interpreters.services.register import interpreter_set_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(listed, approve, make_interpreter, officer):
    a = listed("ar", "ti")  # C in Arabic and Tigrinya (authorisation)
    b = listed("ar", kind="education")  # D in Arabic
    approve(b, "authorisation", "ar", variant="levantine")  # and B in Levantine: counts once in Arabic, as B
    c = make_interpreter()
    approve(c, "bilingual_test", "so")
    approve(c, "ethics_course")  # E in Somali
    interpreter_set_status(actor=officer, interpreter=c, status="active")
    suspended = listed("ar")
    interpreter_set_status(actor=officer, interpreter=suspended, status="suspended", reason="Klage")
    make_interpreter()  # applicant
    return a, b, c


def test_counts_share_and_gaps(register, officer):
    stats = register_statistics()
    by_language = {row.code: row for row in stats.languages}
    assert by_language["ar"].by_category == {"B": 1, "C": 1}
    assert (by_language["ar"].total, by_language["ar"].qualified) == (2, 2)
    assert by_language["ti"].by_category == {"C": 1}
    assert (by_language["so"].total, by_language["so"].qualified) == (1, 0)
    assert stats.by_category == {"A": 0, "B": 1, "C": 2, "D": 0, "E": 1}
    assert (stats.interpreters, stats.qualified, stats.languages_listed) == (3, 2, 3)
    assert abs(stats.share_qualified - 2 / 3) < 1e-9
    assert [row.code for row in stats.without_qualified] == ["so"]
    assert "Polsk" in stats.without_any and "Arabisk" not in stats.without_any
    # A revoked authorisation no longer counts as qualified.
    evidence = register[0].evidence.get(kind="authorisation", language="ti")
    evidence_revoke(actor=officer, evidence=evidence, revoked_on=timezone.localdate(), reason="Tilbakekalt")
    assert "ti" not in {row.code for row in register_statistics().languages}


def test_page_charts_and_downloads(client, make_user, register):
    client.force_login(make_user(Role.ANALYST))
    page = client.get("/interpreters/statistics/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "67&nbsp;%" in text and "Somali" in text
    for figure in ("categories", "languages"):
        chart = client.get(f"/interpreters/statistics/charts/{figure}.svg")
        assert chart.status_code == 200 and chart["Content-Type"].startswith("image/svg+xml")
        assert "<script" not in chart.content.decode()
    download = client.get("/interpreters/statistics/tables/languages.csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    arabic = next(row for row in rows if row["Kode"] == "ar")
    assert arabic["Kategori B"] == "1" and arabic["Kategori C"] == "1"
    assert client.get("/interpreters/statistics/tables/categories.xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats")
    assert AuditEntry.objects.filter(action="export", object_type="interpreters.statistics").count() == 2
    assert client.get("/interpreters/statistics/tables/nothing.csv").status_code == 404
    assert client.get("/interpreters/statistics/tables/languages.pdf").status_code == 404


@pytest.mark.parametrize(("role", "organisation", "status"), [
    (Role.DIRECTORATE_CASEWORKER, None, 200),
    (Role.ANALYST, None, 200),
    (Role.MUNICIPALITY_CASEWORKER, "0301", 403),
    (Role.DIRECTORATE_ADMINISTRATOR, None, 403),
])
def test_who_sees_the_statistics(client, make_user, municipality_org, role, organisation, status):
    user = make_user(role, municipality_org(organisation) if organisation else None)
    client.force_login(user)
    assert client.get("/interpreters/statistics/").status_code == status
    assert client.get("/interpreters/statistics/tables/languages.csv").status_code == status


def test_anonymous_is_sent_to_login(client):
    response = client.get("/interpreters/statistics/")
    assert response.status_code == 302 and "/login/" in response["Location"]
