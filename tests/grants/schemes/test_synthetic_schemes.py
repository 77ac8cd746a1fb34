"""The synthetic 2019 round of the schemes: valid organisation numbers, exact splits, and (slow) the whole round
reproducing the annual report's figures with consistent states, payments and reports."""

import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from stdnum.no import orgnr

from nyinorge.grants.application_states import A
from nyinorge.grants.models import GrantApplication, GrantCall, GrantPayment, GrantReport, SchemeDelegation
from nyinorge.grants.synthetic_schemes import split, synth_schemes, synthetic_organisation_number
from nyinorge.statistics.scheme_tables import scheme_kpis_compute, table_3_2_1, table_3_3_1, table_3_3_2


def test_generated_organisation_numbers_are_valid_and_unique():
    rng, taken = random.Random(3), set()
    numbers = [synthetic_organisation_number(rng, taken) for _ in range(500)]
    assert all(orgnr.is_valid(number) for number in numbers)
    assert len(set(numbers)) == 500 and taken == set(numbers)


@pytest.mark.parametrize("total,count,unit", [(20_000_500, 13, 100), (1201, 18, 1), (72, 18, 1), (80_300_000, 31, 1000)])
def test_split_sums_exactly_with_positive_parts(total, count, unit):
    parts = split(total, count, random.Random(1), unit=unit)
    assert sum(parts) == total and len(parts) == count and min(parts) > 0
    assert all(part % unit == 0 for part in parts[1:])


def test_split_refuses_what_cannot_be_split():
    with pytest.raises(ValueError):
        split(10, 20, random.Random(1))


def test_only_2019_is_calibrated(db):
    with pytest.raises(ValueError, match="2019"):
        synth_schemes(year=2018)


@pytest.mark.slow
def test_the_2019_round_reproduces_the_annual_report(db):
    call_command("synth_schemes", "--year", "2019", "--seed", "1", verbosity=0)
    rows = {key: row for key, row in zip(table_3_2_1(year=2019).row_keys, table_3_2_1(year=2019).rows)}
    expected = {"area_1": (20_000_500, 13), "area_2": (10_000_000, 7), "area_3": (5_875_000, 6),
                "area_4": (9_685_000, 14), "area_5": (5_271_200, 9), "total": (50_831_700, 49)}
    assert {key: (row[1].raw, row[2].raw) for key, row in rows.items()} == expected
    kpis = scheme_kpis_compute(year=2019)
    assert kpis["sp11_2_jobbsjansen_b_places"] == 1201
    assert abs(kpis["sp11_1_jobbsjansen_a_work_or_education_share"] - 0.70) <= 0.03
    t331 = table_3_3_1(year=2019)
    assert dict(zip(t331.row_keys, (row[1].raw for row in t331.rows))) == {
        "volunteer-integration": 83.2, "national-resource": 48.0, "earmarked:Caritas Norge": 1.0,
        "earmarked:Peacepainting": 1.0, "earmarked:SOS-barnebyer Norge": 1.0,
        "earmarked:Stiftelsen Kirkens bymisjon i Trondheim": 1.3, "total": 135.5}
    t332 = table_3_3_2(year=2019)
    assert [row[1].raw for row in t332.rows] == [12.65, 7.74, 8.79, 29.18]
    assert [round(row[3].raw, 2) for row in t332.rows[:3]] == [0.43, 0.27, 0.30]

    def granted(code, **filters):
        grants = GrantApplication.objects.filter(call__budget_year=2019, call__scheme__code=code,
                                                 state=A.COMPLETED, **filters)
        return grants.count(), grants.aggregate(total=Sum("amount_granted"))["total"]

    assert granted("jobbsjansen-a") == (31, Decimal(80_300_000))
    assert granted("jobbsjansen-b") == (18, Decimal(70_000_000))
    assert granted("mentor-trainee") == (21, Decimal(9_700_000))
    assert granted("entrepreneur-training") == (11, Decimal(6_400_000))
    assert granted("national-resource") == (16, Decimal(48_000_000))
    assert GrantApplication.objects.filter(call__scheme__code="mentor-trainee").count() == 39
    assert GrantApplication.objects.filter(call__scheme__code="mentor-trainee").aggregate(
        total=Sum("amount_applied"))["total"] == Decimal(22_450_000)
    directorate_volunteer = GrantApplication.objects.filter(call__scheme__code="volunteer-integration",
                                                            call__administered_by__kind="directorate")
    assert directorate_volunteer.count() == 142
    assert directorate_volunteer.filter(state=A.COMPLETED).count() == 70
    assert directorate_volunteer.aggregate(total=Sum("amount_applied"))["total"] == Decimal(80_000_000)
    assert SchemeDelegation.objects.filter(budget_year=2019).count() == 20
    assert GrantCall.objects.filter(budget_year=2019, administered_by__kind="municipality").count() == 20
    ja_answers = GrantApplication.objects.filter(call__scheme__code="jobbsjansen-a", state=A.COMPLETED)
    assert sum(a["participants_planned"] for a in ja_answers.values_list("answers", flat=True)) == 1022
    jb_answers = GrantApplication.objects.filter(call__scheme__code="jobbsjansen-b")
    assert sum(a["schools"] for a in jb_answers.values_list("answers", flat=True)) == 72
    entrepreneur = GrantApplication.objects.filter(call__scheme__code="entrepreneur-training", state=A.COMPLETED)
    assert entrepreneur.values("applicant").distinct().count() == 3
    nominations = GrantApplication.objects.filter(call__scheme__code="diversity-prize")
    assert nominations.count() == 350 and nominations.filter(applicant__isnull=False).count() == 0
    assert set(nominations.filter(state=A.AWARDED).values_list("project_title", flat=True)) == {
        "Septer AS", "Tomma rensesk AS", "A. Våge AS", "Matbørsen AS", "Brødrene AA AS", "Stormberg AS"}

    # What the services would have left: every grant paid in full by two people, reported and closed.
    for application in GrantApplication.objects.filter(state=A.COMPLETED).prefetch_related("payments", "reports"):
        payments = list(application.payments.all())
        assert sum(p.amount for p in payments) == application.amount_granted
        assert all(p.approved_by_id and p.approved_by_id != p.created_by_id for p in payments)
        assert application.reports.exists()
        assert not application.reports.exclude(state=GrantReport.State.APPROVED).exists()
        assert application.appeal_deadline and application.accepted_at and application.decided_by_id
    assert not GrantPayment.objects.exclude(application__state=A.COMPLETED).exists()
    rejected = GrantApplication.objects.filter(state=A.REJECTED).first()
    assert rejected.decision_reasons and list(rejected.events.values_list("name", flat=True)) == [
        "submit", "start_review", "reject"]
    assert GrantApplication.objects.filter(applicant__kind="voluntary", applicant__organisation_number=None).count() == 0

    before = GrantApplication.objects.count()
    assert synth_schemes(year=2019).created is False
    assert GrantApplication.objects.count() == before
