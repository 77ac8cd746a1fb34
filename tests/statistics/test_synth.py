"""`nyinorge synth`: the composition of the report, deterministic for a seed, idempotent.

The full 2019 year (4,822 settled, 5,208 persons through the bulk services) loads in well under a minute,
so the suite loads it; `bench/synth.py` times it and prints every KPI next to the report.
"""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from nyinorge.core.models import AuditEntry, Person
from nyinorge.settlement.models import Case, CaseTransition
from nyinorge.statistics.kpis import kpis_compute, report_figures, request_decided_settled
from nyinorge.synthetic.plan import composition, year_plan

pytestmark = pytest.mark.django_db
SHARES = ("sp1_share_settled_within_6_months", "sp1_share_settled_within_12_months",
          "sp2_share_families_with_children_within_3_months", "sp3_share_unaccompanied_minors_within_3_months")
MEANS = ("mean_wait_total", "mean_wait_unaccompanied_minors", "mean_wait_families_with_children", "mean_wait_other_adults",
         "median_wait_ready_in_reception_dec31")
COUNTS = ("settled_total", "settled_resettlement_refugees", "unaccompanied_minors_settled", "families_with_children_settled",
          "children_in_families_settled", "persons_in_families_with_children_settled", "other_adults_settled",
          "waiting_in_reception_dec31", "waiting_over_12_months_dec31")


def test_the_same_seed_gives_the_same_plan_and_another_seed_another():
    counts = composition(scale=0.05)
    today = datetime.date(2026, 1, 1)

    def fingerprint(seed):
        return [(c.kind, c.decision_date, c.settlement_date, c.category, [m.birth_date for m in c.members])
                for c in year_plan(year=2019, seed=seed, counts=counts, today=today)]

    assert fingerprint(1) == fingerprint(1)
    assert fingerprint(1) != fingerprint(2)


def test_a_tenth_of_2019_has_the_scaled_composition_and_a_second_run_changes_nothing(capsys):
    call_command("synth", year=2019, seed=1, scale=0.1, verbosity=0)
    expected = composition(scale=0.1)
    kpis = kpis_compute(year=2019)
    assert kpis["settled_total"] == expected["settled_total"] == 482
    assert kpis["unaccompanied_minors_settled"] == expected["unaccompanied_minors"]
    assert kpis["families_with_children_settled"] == expected["families"]
    assert kpis["children_in_families_settled"] == expected["children"]
    assert kpis["other_adults_settled"] == expected["other_adults"]
    assert kpis["settled_resettlement_refugees"] == expected["resettlement"]
    assert kpis["waiting_in_reception_dec31"] == expected["waiting_dec31"]
    assert Case.objects.filter(shielded_identity=True).count() == expected["shielded"]
    assert Case.objects.filter(settled_by=Case.SettledBy.CHILD_WELFARE).count() == expected["minors_by_child_welfare"]
    assert CaseTransition.objects.filter(name="decline").exists()
    row = request_decided_settled(years=[2019])[0]
    assert (row.municipalities_requested, row.refugees_requested) == (expected["municipalities_requested"], expected["refugees_requested"])
    assert (row.municipalities_agreed, row.places_decided) == (expected["municipalities_agreed"], expected["places_decided"])
    assert Person.objects.filter(national_id__isnull=False).count() == Person.objects.count()
    counts = (Case.objects.count(), Person.objects.count(), AuditEntry.objects.count())
    call_command("synth", year=2019, seed=1, scale=0.1)
    assert "already there" in capsys.readouterr().out
    assert (Case.objects.count(), Person.objects.count(), AuditEntry.objects.count()) == counts


def test_names_are_in_latin_script_and_history_is_dated_in_the_year():
    call_command("synth", year=2019, seed=1, scale=0.05, verbosity=0)
    names = list(Person.objects.values_list("given_name", "family_name", "citizenship"))
    assert {country for _g, _f, country in names} >= {"SY", "CD", "ER"}
    latin = re.compile(r"^[A-Za-zÀ-ÿĀ-ž' -]+$")
    assert [name for name in names if not (latin.match(name[0]) and latin.match(name[1]))] == []
    # Every step dated in the year it happened (the waiting cases' decisions may be earlier), never the load day.
    days = {timezone.localtime(at).date() for at in CaseTransition.objects.values_list("at", flat=True)}
    assert min(days) >= datetime.date(2017, 1, 1) and max(days) <= datetime.date(2019, 12, 31)
    for case in Case.objects.filter(state="settled").prefetch_related("transitions")[:50]:
        steps = list(case.transitions.all())
        assert timezone.localtime(steps[-1].at).date() == case.settlement_date
        propose = [t for t in steps if t.name == "propose"][-1]
        assert case.answer_deadline == timezone.localtime(propose.at).date() + datetime.timedelta(days=case.year.answer_deadline_days)
        assert all(a.at <= b.at for a, b in zip(steps, steps[1:]))


def test_the_same_seed_gives_the_same_names():
    from nyinorge.synthetic.names import NameMaker

    def names(seed):
        maker = NameMaker(seed)
        return [(maker.given_name(country, sex), maker.family_name(country))
                for country in ("SY", "CD", "ER", "AF", "TR", "IR", "SD", "SO", "IQ") for sex in ("female", "male")]

    assert names(1) == names(1)
    assert names(1) != names(2)


@pytest.mark.parametrize("year", [2015, 2016, 2017, 2018, 2019])
def test_every_report_year_gets_its_own_totals(year):
    from nyinorge.synthetic.management.commands.synth import base_for

    counts, figures = composition(scale=1.0, base=base_for(year)), report_figures()
    assert counts["settled_total"] == figures[("settled_total", year)]
    assert counts["unaccompanied_minors"] == figures[("unaccompanied_minors_settled", year)]
    assert counts["resettlement"] == figures[("settled_resettlement_refugees", year)]
    assert counts["waiting_dec31"] == figures[("waiting_in_reception_dec31", year)]


def test_years_in_a_row_settle_the_waiting_of_the_year_before_and_keep_each_years_totals():
    from nyinorge.synthetic.management.commands.synth import base_for

    call_command("synth", years="2018", seed=1, scale=0.05, verbosity=0)
    waiting_2018 = set(Case.objects.filter(state="ready").values_list("pk", flat=True))
    assert waiting_2018
    call_command("synth", years="2019", seed=1, scale=0.05, verbosity=0)
    for year in (2018, 2019):
        expected = composition(scale=0.05, base=base_for(year))
        kpis = kpis_compute(year=year)
        assert kpis["settled_total"] == expected["settled_total"], year
        assert kpis["unaccompanied_minors_settled"] == expected["unaccompanied_minors"], year
        assert kpis["settled_resettlement_refugees"] == expected["resettlement"], year
    # 2018's waiting are settled early in 2019, so 2019's 31 December count is its own.
    settled = Case.objects.filter(pk__in=waiting_2018)
    assert {(c.state, c.settlement_date.year, c.settlement_date.month <= 3) for c in settled} == {("settled", 2019, True)}
    assert kpis_compute(year=2019)["waiting_in_reception_dec31"] == composition(scale=0.05, base=base_for(2019))["waiting_dec31"]


def test_bad_arguments_are_refused_clearly():
    with pytest.raises(CommandError, match="--years must look like"):
        call_command("synth", years="twenty")
    with pytest.raises(CommandError, match="--scale"):
        call_command("synth", year=2019, scale=0)
    with pytest.raises(CommandError, match="must be in the past"):
        call_command("synth", year=datetime.date.today().year, scale=0.01)


@pytest.mark.slow  # the full year through the bulk services: ~25 s alone, more on a loaded machine
def test_the_full_2019_year_matches_the_report():
    call_command("synth", year=2019, seed=1, verbosity=0)
    kpis, figures = kpis_compute(year=2019), report_figures()
    for key in COUNTS:
        assert kpis[key] == figures[(key, 2019)], key
    assert Case.objects.filter(shielded_identity=True, settlement_date__year=2019).count() == 9
    for key in SHARES:
        assert abs(kpis[key] - figures[(key, 2019)]) <= 0.02, key
    for key in MEANS:
        assert abs(kpis[key] - figures[(key, 2019)]) <= 0.2, key
