"""Tabell 3-2-1, 3-3-1, 3-3-2 and SP11.1/SP11.2 computed from a small known set of grants, on the statistics page,
in its CSV export and in `nyinorge kpis`."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from nyinorge.core.models import Organisation
from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.grants.application_states import A
from nyinorge.grants.models import GrantApplication, GrantReport, GrantScheme
from nyinorge.grants.services.catalogue import catalogue_load
from nyinorge.grants.synthetic_rounds import Timeline, synthetic_call
from nyinorge.statistics.scheme_tables import (
    scheme_kpi_table, scheme_kpis_compute, table_3_2_1, table_3_3_1, table_3_3_2,
)

YEAR = 2019
TIMELINE = Timeline(datetime.date(YEAR, 1, 15), datetime.date(YEAR, 2, 15), datetime.date(YEAR, 2, 20),
                    datetime.date(YEAR, 4, 1))


@pytest.fixture
def world(db):
    catalogue_load()
    officer = user_create(username="stat-officer", organisation=directorate(), roles=[Role.GRANT_OFFICER])
    oslo = Organisation.objects.get(kind="municipality", municipality_id="0301")
    voluntary = Organisation.objects.create(kind="voluntary", name="Statistikkforeningen", organisation_number="998877660")

    def call(code, administered_by=None):
        return synthetic_call(scheme=GrantScheme.objects.get(code=code), year=YEAR, timeline=TIMELINE,
                              administered_by=administered_by or directorate(), frame=10_000_000, created_by=officer)

    def grant(call_, applicant, amount, state=A.COMPLETED, **answers):
        return GrantApplication.objects.create(call=call_, applicant=applicant, project_title="x", state=state,
                                               amount_applied=amount or 1, amount_granted=amount, answers=answers)

    municipal = call("municipal-integration")
    grant(municipal, oslo, 1_000_000, priority_area="area_1")
    grant(municipal, oslo, 500_500, state=A.ACCEPTED, priority_area="area_1")
    grant(municipal, oslo, 250_000, state=A.APPROVED, priority_area="area_4")
    grant(municipal, oslo, 0, state=A.REJECTED, priority_area="area_2")
    grant(municipal, oslo, 900_000, state=A.IN_REVIEW, priority_area="area_2")
    volunteer = call("volunteer-integration")
    grant(volunteer, voluntary, 300_000, sub_goal="a")
    grant(volunteer, voluntary, 100_000, sub_goal="c")
    grant(call("volunteer-integration", administered_by=oslo), voluntary, 600_000, sub_goal="b")
    grant(call("national-resource"), voluntary, 2_000_000)
    grant(call("earmarked-single"), voluntary, 1_300_000)
    ja, jb = call("jobbsjansen-a"), call("jobbsjansen-b")
    for completed, work, education, state in ((10, 5, 2, GrantReport.State.APPROVED),
                                              (10, 3, 4, GrantReport.State.SUBMITTED),
                                              (50, 50, 0, GrantReport.State.DUE)):  # a due report counts not
        GrantReport.objects.create(application=grant(ja, oslo, 100_000), kind="participants", state=state,
                                   due_on=datetime.date(YEAR + 1, 2, 15),
                                   content={"participants": 30, "completed": completed, "to_work": work,
                                            "to_education": education})
    county = Organisation.objects.filter(kind="county").first()
    for places in (40, 25):
        project = grant(jb, county, 100_000)
        GrantReport.objects.create(application=project, kind="participants",
                                   state=GrantReport.State.APPROVED, due_on=datetime.date(YEAR, 10, 15),
                                   content={"participants": places, "completed": 0, "to_work": 0, "to_education": 0})
    # A midway participant report of the last project: its later report counts, not both.
    GrantReport.objects.create(application=project, kind="participants", state=GrantReport.State.APPROVED,
                               due_on=datetime.date(YEAR, 5, 15),
                               content={"participants": 22, "completed": 0, "to_work": 0, "to_education": 0})
    return officer


def _by_key(table, column):
    return {key: row[column].raw for key, row in zip(table.row_keys, table.rows)}


def test_table_3_2_1_counts_the_grants_that_stand_by_priority_area(world):
    table = table_3_2_1(year=YEAR)
    assert _by_key(table, 1) == {"area_1": 1_500_500, "area_2": 0, "area_3": 0, "area_4": 250_000, "area_5": 0,
                                 "total": 1_750_500}
    assert _by_key(table, 2)["total"] == 3 and _by_key(table, 2)["area_1"] == 2
    assert table_3_2_1(year=YEAR + 1).rows[-1][1].raw == 0


def test_table_3_3_1_and_3_3_2(world):
    assert _by_key(table_3_3_1(year=YEAR), 1) == {
        "volunteer-integration": 1.0, "national-resource": 2.0, "earmarked:Statistikkforeningen": 1.3, "total": 4.3}
    table = table_3_3_2(year=YEAR)  # the directorate's own part: Oslo's delegated grant is not in it
    assert _by_key(table, 1) == {"a": 0.3, "b": 0.0, "c": 0.1, "total": 0.4}
    assert _by_key(table, 3)["a"] == pytest.approx(0.75)


def test_sp11_from_the_participant_reports(world):
    kpis = scheme_kpis_compute(year=YEAR)
    assert kpis["sp11_1_jobbsjansen_a_work_or_education_share"] == pytest.approx(14 / 20)
    assert kpis["sp11_2_jobbsjansen_b_places"] == 65
    assert scheme_kpis_compute(year=YEAR + 1) == {"sp11_1_jobbsjansen_a_work_or_education_share": None,
                                                  "sp11_2_jobbsjansen_b_places": None}
    published = scheme_kpi_table(year=YEAR, suppress=True)
    assert published.rows[1][4].raw == 1201  # the annual report's figure beside it


def test_kpis_command_prints_sp11_in_json(world):
    out = io.StringIO()
    call_command("kpis", "--year", str(YEAR), "--format", "json", stdout=out)
    figures = json.loads(out.getvalue())
    assert figures["sp11_1_jobbsjansen_a_work_or_education_share"] == pytest.approx(0.7)
    assert figures["sp11_2_jobbsjansen_b_places"] == 65
    assert "settled_total" in figures
    table = io.StringIO()
    call_command("kpis", "--year", str(YEAR), stdout=table)
    assert "sp11_2_jobbsjansen_b_places" in table.getvalue()


def test_statistics_page_and_csv_export(world, login):
    analyst = user_create(username="stat-analyst", organisation=directorate(), roles=[Role.ANALYST])
    client = login(analyst)
    page = client.get(reverse("statistics:index"), {"year": YEAR})
    assert page.status_code == 200
    assert "Tabell 3-2-1" in page.content.decode() or "3-2-1" in page.content.decode()
    response = client.get(reverse("statistics:table", args=["table-3-2-1", "csv"]), {"year": YEAR})
    assert response.status_code == 200
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    assert "area_1" in text and "1500500" in text.replace(" ", "").replace("\u00a0", "")
    for slug in ("table-3-3-1", "table-3-3-2", "schemes-kpis"):
        assert client.get(reverse("statistics:table", args=[slug, "xlsx"]), {"year": YEAR}).status_code == 200
