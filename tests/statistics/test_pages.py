"""The statistics section: who may open it, small-number suppression as readers see it, downloads, charts."""

import csv
import datetime
import io
import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils.translation import override

from nyinorge.core.models import AuditEntry, Person
from nyinorge.core.roles import Role
from nyinorge.settlement.models import Case, CaseMember
from nyinorge.settlement.workflow import State
from nyinorge.statistics.figures import FIGURES
from nyinorge.statistics.suppression import SUPPRESSED
from nyinorge.statistics.tables import RELATIONS, statistics_tables, year_figures

pytestmark = pytest.mark.django_db
D = datetime.date
SVG = "{http://www.w3.org/2000/svg}"
_duf = itertools.count(1)
REPORTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def _case(births, decision, settlement, *, centre=None, **flags) -> Case:
    made = Case.objects.create(category="reception", decision_date=decision, settlement_date=settlement,
                               state=State.SETTLED if settlement else State.READY, persons_count=len(births),
                               reception_centre=centre, **flags)
    for birth in births:
        person = Person.objects.create(duf_number=f"2019{next(_duf):08d}", given_name="T", family_name="P", birth_date=birth)
        CaseMember.objects.create(case=made, person=person)
    return made


@pytest.fixture
def small_year():
    """2019: 3 unaccompanied minors, 2 families of 3 (4 children), 10 other adults = 19 settled."""
    for day in (1, 2, 3):
        _case([D(2003, 1, 1)], D(2019, 1, day), D(2019, 3, day), unaccompanied_minor=True)
    for day in (1, 2):
        _case([D(1985, 1, 1), D(2010, 1, 1), D(2012, 1, 1)], D(2019, 2, day), D(2019, 6, day))
    for day in range(1, 11):
        _case([D(1990, 1, 1)], D(2019, 1, day), D(2019, 4, day))


@pytest.fixture
def analyst(make_user):
    return make_user(Role.ANALYST)


def _url(name, *args, **query):
    query.setdefault("year", 2019)
    return reverse(f"statistics:{name}", args=args) + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def _row(table, key):
    return dict(zip([c for c, _l in table.columns], table.rows[table.row_keys.index(key)]))


@pytest.mark.parametrize("role, organisation, status", [
    (Role.ANALYST, None, 200),
    (Role.DIRECTORATE_CASEWORKER, None, 200),
    (Role.DIRECTORATE_ADMINISTRATOR, None, 403),
    (Role.MUNICIPALITY_CASEWORKER, "0301", 403),
])
def test_who_may_open_the_statistics(client, make_user, municipality_org, role, organisation, status):
    user = make_user(role, municipality_org(organisation) if organisation else None)
    client.force_login(user)
    for url in (_url("index"), _url("table", "kpis", "csv"), _url("chart", "figure-3-1-5"), _url("report")):
        assert client.get(url).status_code == status, url


def test_reception_staff_and_anonymous_are_refused(client, make_user, reception_centre):
    assert client.get(_url("index")).status_code == 302  # to the login page
    client.force_login(make_user(Role.RECEPTION_STAFF, reception_centre()))
    response = client.get(_url("index"))
    assert response.status_code == 403


def test_analysts_and_caseworkers_find_the_page_on_the_start_page(client, analyst):
    client.force_login(analyst)
    assert reverse("statistics:index") in client.get(reverse("home")).content.decode()


def test_a_three_person_cell_is_suppressed_and_cannot_be_derived(client, analyst, small_year):
    tables = statistics_tables(year=2019, suppress=True)
    row = _row(tables.kpis, "unaccompanied_minors_settled")
    assert row["value"].raw == SUPPRESSED
    # 19 settled and 10 other adults are shown; persons in families (6) is hidden too, so 19 − 10 − 6 cannot be done.
    assert _row(tables.kpis, "settled_total")["value"].raw == 19
    assert _row(tables.kpis, "other_adults_settled")["value"].raw == 10
    assert _row(tables.kpis, "persons_in_families_with_children_settled")["value"].raw == SUPPRESSED
    assert _row(tables.kpis, "children_in_families_settled")["value"].raw == SUPPRESSED  # 4
    assert _row(tables.kpis, "families_with_children_settled")["value"].raw == SUPPRESSED  # 2 families
    # Means and shares of the small groups go with them; the whole year's stay.
    assert _row(tables.kpis, "mean_wait_unaccompanied_minors")["value"].raw == SUPPRESSED
    assert _row(tables.kpis, "sp3_share_unaccompanied_minors_within_3_months")["value"].raw == SUPPRESSED
    assert _row(tables.kpis, "mean_wait_total")["value"].raw == round((3 * 59 + 6 * 120 + 10 * 90) / 19 / (365.25 / 12), 1)
    # No relation between shown counts leaves exactly one hidden cell.
    figures = year_figures(year=2019, suppress=True)
    for relation in RELATIONS:
        cells = (relation.total, *relation.parts)
        rest = figures.values[relation.total] - sum(figures.values[p] for p in relation.parts)
        hidden = sum(cell in figures.hidden for cell in cells) + (0 < rest < 5)
        assert hidden != 1, relation
    # The other tables agree: the same cells are hidden in the category table and Tabell 3-1.
    assert _row(tables.categories, "unaccompanied_minors")["persons"].raw == SUPPRESSED
    assert _row(tables.categories, "families_with_children")["persons"].raw == SUPPRESSED
    assert _row(tables.table_3_1, "unaccompanied_minors_settled")["2019"].raw == SUPPRESSED

    client.force_login(analyst)
    with override("en"):
        page = client.get(_url("index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "&lt;5" in page and ">3<" not in page
    assert "Figures as published" in page


def test_directorate_caseworkers_see_exact_figures_and_may_ask_for_the_published_ones(client, caseworker, small_year):
    client.force_login(caseworker)
    exact = list(csv.reader(io.StringIO(client.get(_url("table", "kpis", "csv")).content.decode("utf-8-sig"))))
    row = next(r for r in exact if r[0] == "unaccompanied_minors_settled")
    assert row[2] == "3"
    published = list(csv.reader(io.StringIO(
        client.get(_url("table", "kpis", "csv", published=1)).content.decode("utf-8-sig"))))
    assert next(r for r in published if r[0] == "unaccompanied_minors_settled")[2] == SUPPRESSED


@pytest.mark.parametrize("table", ["kpis", "table-3-1", "figure-3-1-1", "categories"])
def test_every_table_downloads_as_csv_and_excel_and_is_logged(client, analyst, small_year, table):
    client.force_login(analyst)
    response = client.get(_url("table", table, "csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Nøkkel" and len(rows) > 2
    response = client.get(_url("table", table, "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == rows[0]
    assert sheet.max_row == len(rows)
    entries = AuditEntry.objects.filter(user=analyst, action=AuditEntry.Action.EXPORT, object_type="statistics")
    assert entries.count() == 2


def test_the_category_export_shows_the_suppression(client, analyst, small_year):
    client.force_login(analyst)
    response = client.get(_url("table", "categories", "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["unaccompanied_minors"][2] == SUPPRESSED
    assert values["other_adults"][2] == 10
    assert values["total"][2] == 19


def test_the_pdf_report(client, analyst, small_year):
    client.force_login(analyst)
    response = client.get(_url("report"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "statistics-report.pdf").write_bytes(response.content)  # to look at, like the screenshots
    assert AuditEntry.objects.filter(user=analyst, action=AuditEntry.Action.EXPORT, object_type="statistics",
                                     object_id="2019").exists()


@pytest.mark.parametrize("figure", list(FIGURES))
def test_charts_are_valid_svg_with_a_text_alternative(client, analyst, small_year, figure):
    client.force_login(analyst)
    response = client.get(_url("chart", figure))
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text and root.find(f"{SVG}desc").text
    assert root.findall(f".//{SVG}rect")  # bars (and the legend)
    assert not root.findall(f".//{SVG}script") and not root.findall(f".//{SVG}style")


def test_the_mean_wait_chart_hides_the_small_group(client, analyst, caseworker, small_year):
    client.force_login(analyst)
    texts = [t.text for t in ET.fromstring(client.get(_url("chart", "figure-3-1-5")).content).iter(f"{SVG}text")]
    assert SUPPRESSED in texts
    client.force_login(caseworker)
    texts = [t.text for t in ET.fromstring(client.get(_url("chart", "figure-3-1-5")).content).iter(f"{SVG}text")]
    assert SUPPRESSED not in texts


def test_the_page_shows_tables_charts_targets_and_definitions(client, analyst, small_year):
    client.force_login(analyst)
    with override("en"):
        page = client.get(_url("index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for figure in FIGURES:
        assert reverse("statistics:chart", args=[figure]) in page
    assert "Table 3-1: settlement 2015–2019" in page
    assert "90.0\u00a0%" in page  # the SP1 target
    assert "4,822" in page  # the annual report's settled total for 2019
    assert "shielded identity" in page
    page_nb = client.get(_url("index")).content.decode()
    assert "Definisjoner" in page_nb


@pytest.mark.parametrize("query", ["year=abc", "year=1999", "year=2999"])
def test_a_bad_year_is_a_clear_error(client, analyst, query):
    client.force_login(analyst)
    assert client.get(reverse("statistics:index") + "?" + query).status_code == 400
    response = client.get(reverse("statistics:table", args=["kpis", "csv"]) + "?" + query)
    assert response.status_code == 400 and response.content


def test_unknown_tables_formats_and_figures_are_404(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("statistics:table", args=["secret", "csv"])).status_code == 404
    assert client.get(reverse("statistics:table", args=["kpis", "pdf"])).status_code == 404
    assert client.get(reverse("statistics:chart", args=["figure-9-9-9"])).status_code == 404
