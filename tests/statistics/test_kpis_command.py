"""`nyinorge kpis` prints every KPI the platform computes: settlement, the introduction register (SP5–SP8),
competence mapping and the schemes."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.register.services.outcomes import post_programme_statuses_import
from nyinorge.register.services.programme import participation_upsert
from nyinorge.register.services.residence import residence_move
from nyinorge.statistics.competence_kpis import COMPETENCE_KPI_KEYS
from nyinorge.statistics.kpis import KPI_KEYS
from nyinorge.statistics.register_kpis import REGISTER_KPI_KEYS
from nyinorge.statistics.scheme_tables import SCHEME_KPI_KEYS

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def sp8_cohort(caseworker, make_user, municipality_org, make_person):
    """Two persons who finished in 2017, one of them employed in November 2018."""
    oslo = Municipality.objects.get(number="0301")
    oslo_user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("0301"))
    people = []
    for sex in ("female", "male"):
        person = make_person(sex=sex)
        residence_move(actor=caseworker, person=person, to_municipality=oslo, moved_on=D(2015, 1, 5))
        participation_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                             data={"start": D(2015, 3, 1), "planned_end": D(2017, 6, 30), "end": D(2017, 6, 30),
                                   "outcome": "work"})
        people.append(person)
    text = (f"person_id,reference_month,status\n{people[0].national_id},2018-11,neither\n"
            f"{people[1].national_id},2018-11,employed\n")
    post_programme_statuses_import(actor=caseworker, file=io.StringIO(text), file_name="ssb.csv")


def test_json_has_every_kpi_of_every_part(sp8_cohort):
    out = io.StringIO()
    call_command("kpis", year=2019, format="json", stdout=out)
    printed = json.loads(out.getvalue())
    assert list(printed) == ["year", *KPI_KEYS, *REGISTER_KPI_KEYS, *COMPETENCE_KPI_KEYS, *SCHEME_KPI_KEYS]
    assert {"sp1_share_settled_within_6_months", "sp1_share_settled_within_12_months",
            "sp2_share_families_with_children_within_3_months", "sp3_share_unaccompanied_minors_within_3_months",
            "sp5_share_formal_education", "norwegian_training_started_within_3_months",
            "norwegian_training_completed_within_3_years", "sp9_share",
            "sp11_1_jobbsjansen_a_work_or_education_share"} <= set(printed)
    sp8 = {key: value for key, value in printed.items() if key.startswith("sp8_")}
    assert sp8 == {"sp8_finished": 2, "sp8_cohort": 2, "sp8_in_work_or_education": 1,
                   "sp8_share_work_or_education": 0.5, "sp8_cohort_women": 1, "sp8_share_women": 0.0,
                   "sp8_cohort_men": 1, "sp8_share_men": 1.0}
    assert printed["year"] == 2019


def test_the_table_shows_the_cohort_year_and_the_report(sp8_cohort):
    out = io.StringIO()
    call_command("kpis", year=2019, format="table", stdout=out)
    lines = {line.split()[0]: line.split() for line in out.getvalue().splitlines()[1:]}
    assert lines["sp8_share_work_or_education"] == ["sp8_share_work_or_education", "2017", "0.5", "0.63", "-0.13"]
    assert lines["sp8_share_men"][1:4] == ["2017", "1", "0.72"]
    assert lines["norwegian_training_completed_within_3_years"][1] == "2016"
    assert lines["settled_total"][1] == "2019"
    assert set(lines) == {*KPI_KEYS, *REGISTER_KPI_KEYS, *COMPETENCE_KPI_KEYS, *SCHEME_KPI_KEYS}
