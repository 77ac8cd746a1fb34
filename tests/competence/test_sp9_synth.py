"""The synthetic year holds competence registrations at the annual report's rates (SP9 52 %, 72 % settled)."""

import pytest
from django.core.management import call_command

from nyinorge.competence.models import CompetenceRegistration, LanguageSkill, WorkExperience
from nyinorge.competence.codes import IscedLevel
from nyinorge.register.models import PermitType, ResidencePermit
from nyinorge.statistics.competence_kpis import competence_kpis_compute
from nyinorge.statistics.kpis import report_figures

pytestmark = pytest.mark.django_db


def _check_rates(scale: float) -> dict:
    kpis, figures = competence_kpis_compute(year=2019), report_figures()
    assert kpis["sp9_target_group"] == round(2692 * scale)
    assert abs(kpis["sp9_share"] - figures[("competence_mapping_share_target_group", 2019)]) <= 0.005
    assert abs(kpis["sp9_settled_from_reception_share"]
               - figures[("competence_mapping_share_settled_from_reception", 2019)]) <= 0.005
    assert kpis["sp9_resettlement_mapped_share"] == 1.0
    assert kpis["sp9_target_group_asylum_seekers"] > 0
    return kpis


def test_a_quarter_of_2019_has_the_reports_rates_and_plausible_content():
    call_command("synth", year=2019, seed=1, scale=0.25, verbosity=0, no_interpreters=True)
    kpis = _check_rates(0.25)
    assert abs(kpis["sp9_completed"] - 1400 * 0.25) <= 2
    assert ResidencePermit.objects.filter(permit_type=PermitType.ASYLUM_SEEKER).count() \
        == kpis["sp9_target_group_asylum_seekers"]
    completed = CompetenceRegistration.objects.filter(completed_at__isnull=False)
    assert completed.filter(source=CompetenceRegistration.Source.MISSION).exists()
    assert CompetenceRegistration.objects.filter(completed_at__isnull=True).exists()  # started, not finished
    levels = set(completed.values_list("highest_level", flat=True))
    assert {IscedLevel.PRIMARY, IscedLevel.UPPER_SECONDARY, IscedLevel.BACHELOR} <= levels
    assert LanguageSkill.objects.filter(language="nb").exists()
    assert all(len(code) == 4 and code.isdigit() for code in WorkExperience.objects.values_list("occupation", flat=True))
    before = CompetenceRegistration.objects.count()
    call_command("synth", year=2019, seed=1, scale=0.25, verbosity=0, no_interpreters=True)
    assert CompetenceRegistration.objects.count() == before


@pytest.mark.slow  # the full year through the bulk services
def test_the_full_2019_year_gives_52_and_72_per_cent():
    call_command("synth", year=2019, seed=1, verbosity=0, no_interpreters=True)
    kpis = _check_rates(1.0)
    assert abs(kpis["sp9_completed"] - 1400) <= 2
