"""Control samples: the pure selection (without replacement, deterministic by seed, weighted towards risky grants in
a statistical check with fixed seeds), the risk factors from the data, the draw and the findings."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from nyinorge.grants.models import ControlFinding, GrantPayment, GrantReport, RepaymentClaim
from nyinorge.grants.services.control import (
    control_finding_record, control_sample_draw, control_select, risk_factors,
)
from tests.grants.schemes.followup_helpers import accepted_grant
from tests.grants.schemes_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_selection_is_without_replacement_and_repeatable():
    candidates = [(key, 1.0 + key % 3) for key in range(1, 41)]
    drawn = control_select(candidates, 10, "risk_weighted", 7)
    assert len(drawn) == len(set(drawn)) == 10 and set(drawn) <= {key for key, _ in candidates}
    assert control_select(list(reversed(candidates)), 10, "risk_weighted", 7) == drawn  # order does not matter
    assert control_select(candidates, 10, "risk_weighted", 8) != drawn
    assert sorted(control_select(candidates, 99, "random", 1)) == list(range(1, 41))  # all, at most


@pytest.mark.django_db(False)
def test_risk_weighting_favours_the_risky_grants():
    # 10 risky grants (weight 5) among 100: a random sample of 10 holds about 1, a weighted one far more.
    candidates = [(key, 5.0 if key <= 10 else 1.0) for key in range(1, 101)]
    seeds = range(300)
    weighted = sum(sum(1 for key in control_select(candidates, 10, "risk_weighted", seed) if key <= 10)
                   for seed in seeds) / len(seeds)
    uniform = sum(sum(1 for key in control_select(candidates, 10, "random", seed) if key <= 10)
                  for seed in seeds) / len(seeds)
    assert 0.7 < uniform < 1.3
    assert weighted > 3.0  # expected about 3.6 for these weights


@pytest.fixture
def grants(call, volunteer_org, employer_org, applicant):
    quiet = accepted_grant(call, volunteer_org, user=applicant, granted=Decimal(50_000), title="Stille")
    risky = accepted_grant(call, employer_org, user=applicant, granted=Decimal(200_000), title="Risikabel")
    for grant in (quiet, risky):
        grant.reports.update(state=GrantReport.State.APPROVED, submitted_at=timezone.now() - datetime.timedelta(
            days=400))
    risky.reports.filter(kind="accounts").update(state=GrantReport.State.RETURNED, content={"unspent": 5000})
    GrantPayment.objects.filter(application=risky, number=1).update(state=GrantPayment.State.EXPORTED)
    return quiet, risky


def test_risk_factors_come_from_the_data(grants, officer):
    quiet, risky = grants
    RepaymentClaim.objects.create(application=risky, reason="unspent", amount=Decimal(5000), explanation="Ubrukt.",
                                  due_on=timezone.localdate(), created_by=officer)
    assert risk_factors(risky, largest=Decimal(200_000)) == {
        "large_grant": Decimal(1), "returned_report": Decimal(1), "first_time": Decimal(1),
        "unspent": Decimal(1), "repayment_claim": Decimal(2)}
    assert risk_factors(quiet, largest=Decimal(200_000)) == {"large_grant": Decimal("0.25"), "first_time": Decimal(1)}


def test_a_sample_is_stored_with_its_seed_and_weights_and_repeats(grants, officer, municipal_officer):
    sample = control_sample_draw(actor=officer, call=grants[0].call, method="risk_weighted", size=1, seed=12345)
    [finding] = sample.findings.all()
    again = control_sample_draw(actor=officer, call=grants[0].call, method="risk_weighted", size=1, seed=12345)
    assert [f.application_id for f in again.findings.all()] == [finding.application_id]
    assert sample.seed == 12345 and finding.risk >= 1
    with pytest.raises(ValidationError) as refused:
        control_sample_draw(actor=officer, call=grants[0].call, method="risk_weighted", size=3)
    assert "size" in refused.value.message_dict
    with pytest.raises(ValidationError, match="administered by"):
        control_sample_draw(actor=municipal_officer, call=grants[0].call, method="random", size=1)
    assert control_sample_draw(actor=officer, call=grants[0].call, method="random", size=2).seed is not None


def test_a_finding_of_repayment_creates_the_claim(grants, officer):
    quiet, risky = grants
    sample = control_sample_draw(actor=officer, call=risky.call, method="random", size=2, seed=1)
    finding = sample.findings.get(application=risky)
    with pytest.raises(ValidationError) as refused:
        control_finding_record(actor=officer, finding=finding, outcome="remarks", text="")
    assert "finding" in refused.value.message_dict
    with pytest.raises(ValidationError):  # more than was paid (140 000)
        control_finding_record(actor=officer, finding=finding, outcome="repayment", text="Feil bruk.",
                               claim_amount=Decimal(200_000), claim_due_on=timezone.localdate())
    finding.refresh_from_db()
    assert finding.outcome == ControlFinding.Outcome.PENDING and not RepaymentClaim.objects.exists()
    control_finding_record(actor=officer, finding=finding, outcome="repayment", text="Feil bruk.",
                           claim_amount=Decimal(20_000), claim_due_on=timezone.localdate())
    [claim] = RepaymentClaim.objects.all()
    assert (claim.application, claim.amount, claim.reason) == (risky, Decimal(20_000), "misused")
    other = sample.findings.get(application=quiet)
    assert control_finding_record(actor=officer, finding=other, outcome="no_remarks", text="").outcome == "no_remarks"
    # Correcting the text of a finding that already claimed the money back does not claim it a second time.
    control_finding_record(actor=officer, finding=finding, outcome="repayment", text="Feil bruk av midler.",
                           claim_amount=Decimal(20_000), claim_due_on=timezone.localdate())
    assert RepaymentClaim.objects.count() == 1
