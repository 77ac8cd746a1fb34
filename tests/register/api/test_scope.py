"""A client writes only for persons resident in its municipalities on the record's dates."""

import datetime

import pytest

from nyinorge.register.models import TrainingHours
from nyinorge.register.services.residence import residence_move
from tests.register.api.helpers import Ws4, assert_problem, hours

pytestmark = pytest.mark.django_db


def test_a_person_of_another_municipality_is_refused_with_a_problem_naming_the_record(oslo_ws4, resident, bergen):
    in_bergen = resident(bergen, family_name="Haugland")
    problem = assert_problem(oslo_ws4.post("/hours", hours(in_bergen, ref="h-bergen")), 403)
    assert "“h-bergen”" in problem["detail"] and in_bergen.national_id in problem["detail"]
    assert "0301" in problem["detail"] and "2019-03-01" in problem["detail"]
    # The person's name is not told to a municipality that has no business with them.
    assert in_bergen.family_name not in problem["detail"]

    batch = oslo_ws4.post("/hours/batch", {"records": [hours(in_bergen, ref="h-bergen"), hours(resident(), ref="h-oslo")]})
    results = batch.json()["results"]
    assert [r["status"] for r in results] == ["failed", "created"]
    assert results[0]["error"]["status"] == 403 and "“h-bergen”" in results[0]["error"]["detail"]
    assert list(TrainingHours.objects.values_list("client_ref", flat=True)) == ["h-oslo"]


def test_an_unknown_person_gets_the_same_answer_as_one_living_elsewhere(oslo_ws4, resident, bergen):
    in_bergen = resident(bergen)
    unknown = {"client_ref": "h-x", "person": {"national_id": "01010150165"}, "month": "2019-03-01",
               "hours_type": "norwegian", "hours": "1"}
    known = assert_problem(oslo_ws4.post("/hours", hours(in_bergen, ref="h-x")), 403)
    stranger = assert_problem(oslo_ws4.post("/hours", unknown), 403)
    assert stranger["detail"] == known["detail"].replace(in_bergen.national_id, "01010150165")


def test_a_move_hands_the_person_over_on_the_move_date(oslo_ws4, issue, resident, bergen, caseworker):
    person = resident()
    residence_move(actor=caseworker, person=person, to_municipality=bergen, moved_on=datetime.date(2019, 6, 1))
    _client, bergen_token = issue("4601")
    bergen_ws4 = Ws4(bergen_token)
    # Oslo keeps writing its months before the move, and may not write after it; Bergen the other way round.
    assert oslo_ws4.post("/hours", hours(person, ref="o-may", month="2019-05-01")).status_code == 201
    assert_problem(oslo_ws4.post("/hours", hours(person, ref="o-june", month="2019-06-01")), 403)
    assert_problem(bergen_ws4.post("/hours", hours(person, ref="b-may", month="2019-05-01")), 403)
    assert bergen_ws4.post("/hours", hours(person, ref="b-june", month="2019-06-01")).status_code == 201
    assert sorted(TrainingHours.objects.values_list("municipality_id", "client_ref")) == [
        ("0301", "o-may"), ("4601", "b-june")]


def test_a_vendor_client_writes_for_the_two_municipalities_it_acts_for(issue_vendor, resident, bergen):
    _client, token = issue_vendor("0301", "4601")
    vendor = Ws4(token)
    in_oslo, in_bergen = resident(), resident(bergen)
    records = [
        hours(in_oslo, ref="v-oslo", municipality="0301"),
        hours(in_bergen, ref="v-bergen", municipality="4601"),
        hours(in_oslo, ref="v-trondheim", month="2019-05-01", municipality="5001"),  # not one of the vendor's
        hours(in_bergen, ref="v-wrong", municipality="0301", month="2019-04-01"),  # lives in Bergen
        hours(in_oslo, ref="v-which", month="2019-04-01"),  # which municipality?
    ]
    body = vendor.post("/hours/batch", {"records": records}).json()
    statuses = {r["client_ref"]: (r["status"], r["error"] and r["error"]["status"]) for r in body["results"]}
    assert statuses == {"v-oslo": ("created", None), "v-bergen": ("created", None), "v-trondheim": ("failed", 403),
                        "v-wrong": ("failed", 403), "v-which": ("failed", 422)}
    errors = {r["client_ref"]: r["error"] for r in body["results"] if r["error"]}
    assert "5001" in errors["v-trondheim"]["detail"] and "0301, 4601" in errors["v-which"]["detail"]
    assert sorted(TrainingHours.objects.values_list("municipality_id", "client_ref")) == [
        ("0301", "v-oslo"), ("4601", "v-bergen")]


def test_a_municipality_client_may_leave_out_its_own_municipality_but_not_name_another(oslo_ws4, resident):
    person = resident()
    assert oslo_ws4.post("/hours", hours(person, ref="h-1")).status_code == 201
    assert oslo_ws4.post("/hours", hours(person, ref="h-2", month="2019-04-01", municipality="0301")).status_code == 201
    problem = assert_problem(oslo_ws4.post("/hours", hours(person, ref="h-3", municipality="4601")), 403)
    assert "4601" in problem["detail"]


def test_training_in_reception_is_written_by_the_centres_host_municipality(issue, oslo_ws4, make_person,
                                                                           reception_centre):
    asylum_seeker = make_person(centre=reception_centre(host="3049"))
    _client, host_token = issue("3049")
    body = {"client_ref": "r-1", "person": {"national_id": asylum_seeker.national_id}, "kind": "reception_norwegian",
            "start": "2019-02-01"}
    assert Ws4(host_token).post("/training-periods", body).status_code == 201
    problem = assert_problem(oslo_ws4.post("/training-periods", {**body, "client_ref": "r-2"}), 403)
    assert "reception centre" in problem["detail"]
