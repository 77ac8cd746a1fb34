"""The grants on the statistics page: per municipality and per scheme from approved runs only, persons
suppressed like every count of persons (and the amount with them), downloads, the chart, the assumed-rate note."""

import csv
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override

from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Role
from nyinorge.grants.models import SCHEME_POSTS, GrantLine, GrantRate, GrantRun
from nyinorge.statistics.suppression import SUPPRESSED
from nyinorge.statistics.tables import statistics_tables

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def _lines(run, municipality, people, scheme="integration", amount=100_000):
    chapter, post = SCHEME_POSTS[scheme]
    GrantLine.objects.bulk_create([
        GrantLine(run=run, municipality_id=municipality, scheme=scheme, chapter=chapter, post=post, person=person,
                  rate_group="adult", year_after_settlement=1, amount=Decimal(amount), reason="test")
        for person in people])


@pytest.fixture
def paid_2019(caseworker, make_person):
    """Approved 2019/1: Oslo 6 persons and its basic grant, Bergen 2 persons (and their kindergarten grant),
    Trondheim 7; a computed but unapproved 2019/2 with 9 more Oslo persons, which must not count."""
    approved = GrantRun.objects.create(budget_year=2019, instalment=1, created_by=caseworker,
                                       status=GrantRun.Status.APPROVED)
    people = {m: [make_person() for _ in range(n)] for m, n in (("0301", 6), ("4601", 2), ("5001", 7))}
    for municipality, persons in people.items():
        _lines(approved, municipality, persons)
    _lines(approved, "4601", people["4601"], scheme="kindergarten", amount=25_000)
    _lines(approved, "0301", [None], scheme="norwegian_basic", amount=50_000)
    pending = GrantRun.objects.create(budget_year=2019, instalment=2, created_by=caseworker,
                                      status=GrantRun.Status.COMPUTED)
    _lines(pending, "0301", [make_person() for _ in range(9)])
    return people


def _rows(table):
    return {key: {c: cell.raw for (c, _l), cell in zip(table.columns, row)}
            for key, row in zip(table.row_keys, table.rows)}


def test_exact_figures_count_approved_runs_only(paid_2019):
    tables = statistics_tables(year=2019, suppress=False)
    rows = _rows(tables.grants_municipalities)
    assert rows["0301"]["persons"] == 6 and rows["0301"]["amount_nok"] == 650_000
    assert rows["0301"]["municipality"] == "0301 Oslo"
    assert rows["4601"]["persons"] == 2 and rows["4601"]["amount_nok"] == 250_000
    assert rows["total"]["persons"] == 15 and rows["total"]["amount_nok"] == 1_600_000
    assert rows["total"]["amount_million_nok"] == 1.6
    schemes = _rows(tables.grants_schemes)
    assert schemes["integration"]["persons"] == 15 and schemes["integration"]["chapter_post"] == "291/60"
    assert schemes["kindergarten"]["persons"] == 2
    assert schemes["norwegian_basic"]["persons"] is None and schemes["norwegian_basic"]["amount_nok"] == 50_000


def test_published_figures_hide_small_counts_what_gives_them_away_and_their_amounts(paid_2019):
    tables = statistics_tables(year=2019, suppress=True)
    rows = _rows(tables.grants_municipalities)
    assert rows["4601"]["persons"] == rows["4601"]["amount_nok"] == SUPPRESSED
    # Total minus the others would give Bergen back: the smallest shown part goes too.
    assert rows["0301"]["persons"] == rows["0301"]["amount_nok"] == rows["0301"]["amount_million_nok"] == SUPPRESSED
    assert rows["5001"]["persons"] == 7 and rows["total"]["persons"] == 15
    schemes = _rows(tables.grants_schemes)
    assert schemes["kindergarten"]["persons"] == schemes["kindergarten"]["amount_nok"] == SUPPRESSED
    assert schemes["integration"]["persons"] == 15


def test_the_page_shows_the_tables_with_the_assumed_rate_note(client, make_user, paid_2019):
    analyst = make_user(Role.ANALYST)
    client.force_login(analyst)
    page = client.get(reverse("statistics:index") + "?year=2019").content.decode()
    assumed, rates = (GrantRate.objects.filter(budget_year=2019, assumed=True).count(),
                      GrantRate.objects.filter(budget_year=2019).count())
    assert "antatt sats" in page and f"{assumed} av årets {rates} satser" in page
    assert reverse("statistics:chart", args=["grants-schemes"]) in page
    with override("en"):
        page = client.get(reverse("statistics:index") + "?year=2019", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Per-capita grants 2019 by municipality (approved runs)" in page and "5001 Trondheim" in page


def test_the_tables_download_as_aggregates_and_are_logged(client, make_user, paid_2019):
    analyst = make_user(Role.ANALYST)
    client.force_login(analyst)
    for slug in ("grants-municipalities", "grants-schemes"):
        response = client.get(reverse("statistics:table", args=[slug, "csv"]) + "?year=2019")
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) > 2 and SUPPRESSED in {cell for row in rows for cell in row}
        assert not any(p.national_id in response.content.decode() for ps in paid_2019.values() for p in ps)
    assert AuditEntry.objects.filter(user=analyst, action=AuditEntry.Action.EXPORT, object_type="statistics").count() == 2


def test_the_chart_draws_a_bar_per_scheme(client, caseworker, paid_2019):
    client.force_login(caseworker)
    svg = ET.fromstring(client.get(reverse("statistics:chart", args=["grants-schemes"]) + "?year=2019").content)
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "1,5" in texts or "1.5" in texts  # integration: 15 persons × 100,000 NOK = 1.5 million
    assert svg.find(f"{SVG}desc").text.count(";") == 2  # three schemes in the text alternative
