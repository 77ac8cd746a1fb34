"""SP8: the share of those who finished the programme in Y − 2 who were in work or education in November Y − 1."""

import datetime
import io

import pytest
from django.urls import reverse

from nyinorge.core.models import Municipality
from nyinorge.core.roles import Role
from nyinorge.register.services.outcomes import post_programme_statuses_import
from nyinorge.register.services.programme import participation_upsert
from nyinorge.register.services.residence import residence_move
from nyinorge.statistics.register_kpis import SP8_KEYS, kpi_year, register_kpis_compute, sp8_figures

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def finisher(caseworker, oslo_user, make_person):
    """A person who lived in Oslo from 2015 and whose programme ended on `end` (with `outcome`)."""
    oslo = Municipality.objects.get(number="0301")

    def make(end: datetime.date | None, sex: str = "female", outcome: str = "work"):
        person = make_person(sex=sex)
        residence_move(actor=caseworker, person=person, to_municipality=oslo, moved_on=D(2015, 1, 5))
        if end is not None:
            participation_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                                 data={"start": D(2015, 3, 1), "planned_end": D(2018, 2, 28), "end": end,
                                       "outcome": outcome})
        return person

    return make


def _deliver(actor, rows: list[tuple]) -> None:
    text = "person_id,reference_month,status\n" + "".join(f"{p.national_id},{m},{s}\n" for p, m, s in rows)
    post_programme_statuses_import(actor=actor, file=io.StringIO(text), file_name="ssb.csv")


def test_sp8_counts_the_cohort_by_sex_in_november_of_the_next_year(caseworker, finisher):
    women = [finisher(D(2017, 6, 30), "female") for _ in range(4)]
    men = [finisher(D(2017, 3, 31), "male") for _ in range(5)]
    unknown = finisher(D(2017, 12, 31), "unknown")
    moved = finisher(D(2017, 5, 31), "male", outcome="moved")  # went on in another municipality: not finished
    later = finisher(D(2018, 6, 30), "male")  # the next cohort
    silent = finisher(D(2017, 8, 31), "female")  # finished, but no status delivered
    october = finisher(D(2017, 8, 31), "male")  # a status for another month only
    statuses = ["employed", "neither", "both", "neither"]
    rows = [(p, "2018-11", s) for p, s in zip(women, statuses)]
    rows += [(p, "2018-11", s) for p, s in zip(men, ["employed", "education", "both", "employed", "neither"])]
    rows += [(unknown, "2018-11", "education"), (moved, "2018-11", "employed"), (later, "2018-11", "neither"),
             (later, "2019-11", "employed"), (october, "2018-10", "employed")]
    _deliver(caseworker, rows)
    figures = sp8_figures(cohort_year=2017)
    assert figures["sp8_finished"] == 4 + 5 + 1 + 2
    assert figures["sp8_cohort"] == 10 and figures["sp8_in_work_or_education"] == 2 + 4 + 1
    assert figures["sp8_share_work_or_education"] == pytest.approx(0.7)
    assert (figures["sp8_cohort_women"], figures["sp8_share_women"]) == (4, 0.5)
    assert (figures["sp8_cohort_men"], figures["sp8_share_men"]) == (5, 0.8)
    kpis = register_kpis_compute(year=2019)
    assert {key: kpis[key] for key in SP8_KEYS} == figures
    assert register_kpis_compute(year=2020)["sp8_cohort"] == 1  # the 2018 cohort, measured November 2019


def test_sp8_without_a_delivery_has_no_share(finisher):
    finisher(D(2017, 6, 30))
    figures = sp8_figures(cohort_year=2017)
    assert figures["sp8_finished"] == 1 and figures["sp8_cohort"] == 0
    assert figures["sp8_share_work_or_education"] is None and figures["sp8_share_women"] is None


def test_a_re_delivery_changes_the_figure(caseworker, finisher):
    person = finisher(D(2017, 6, 30))
    _deliver(caseworker, [(person, "2018-11", "neither")])
    assert sp8_figures(cohort_year=2017)["sp8_share_work_or_education"] == 0
    _deliver(caseworker, [(person, "2018-11", "employed")])
    assert sp8_figures(cohort_year=2017)["sp8_share_work_or_education"] == 1


def test_the_statistics_page_shows_sp8_by_sex_with_the_report_and_suppression(client, make_user, caseworker, finisher):
    women = [finisher(D(2017, 6, 30), "female") for _ in range(10)]
    men = [finisher(D(2017, 6, 30), "male") for _ in range(3)]
    _deliver(caseworker, [(p, "2018-11", "employed" if i % 2 else "neither") for i, p in enumerate(women)]
             + [(p, "2018-11", "neither" if i == 0 else "both") for i, p in enumerate(men)])
    client.force_login(caseworker)
    table = client.get(reverse("statistics:index"), {"year": 2019}).context["tables"].register
    rows = {key: row for key, row in zip(table.row_keys, table.rows)}
    assert set(SP8_KEYS) <= set(rows)
    assert rows["sp8_cohort"][2].raw == 13 and rows["sp8_cohort_men"][2].raw == 3
    assert rows["sp8_share_women"][2].raw == pytest.approx(0.5)
    assert rows["sp8_share_work_or_education"][1].raw == str(kpi_year("sp8_share_work_or_education", 2019)) == "2017"
    assert rows["sp8_share_work_or_education"][3].raw == 0.70  # target
    assert rows["sp8_share_work_or_education"][5].raw == 0.63  # the annual report
    assert (rows["sp8_share_women"][5].raw, rows["sp8_share_men"][5].raw) == (0.48, 0.72)
    client.force_login(make_user(Role.ANALYST))
    table = client.get(reverse("statistics:index"), {"year": 2019}).context["tables"].register
    shown = {key: row[2].raw for key, row in zip(table.row_keys, table.rows)}
    # Three men: their count and share are hidden, and so is the women's count, which would give them back.
    assert shown["sp8_cohort_men"] == "<5" and shown["sp8_share_men"] == "<5"
    assert shown["sp8_cohort_women"] == "<5" and shown["sp8_cohort"] == 13
    assert shown["sp8_share_work_or_education"] == pytest.approx(7 / 13)
    assert shown["sp8_share_women"] == pytest.approx(0.5)
