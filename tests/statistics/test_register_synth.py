"""`nyinorge synth` fills the introduction register: the register KPIs match the 2019 report at a tenth of the scale."""

import pytest
from django.core.management import call_command

from nyinorge.register.models import LegalBasis, RecordVersion, TrainingPeriod
from nyinorge.statistics.register_kpis import register_kpis_compute

pytestmark = pytest.mark.django_db
SCALE = 0.05


def test_register_kpis_after_synth_match_the_report():
    call_command("synth", year=2019, seed=1, scale=SCALE, register=True, verbosity=0)
    kpis = register_kpis_compute(year=2019)
    assert kpis["intro_participants"] == pytest.approx(20857 * SCALE, abs=2)
    assert kpis["norwegian_training_participants"] == pytest.approx(33837 * SCALE, abs=2)
    assert kpis["training_cohort_sp6"] == pytest.approx(8400 * SCALE, abs=2)  # the 2018 cohort
    assert kpis["training_cohort_sp7"] == pytest.approx(19476 * SCALE, abs=2)  # the 2016 cohort
    assert kpis["norwegian_training_started_within_3_months"] == pytest.approx(0.50, abs=0.005)
    assert kpis["norwegian_training_completed_within_3_years"] == pytest.approx(0.70, abs=0.005)
    assert kpis["sp5_share_primary_education"] == pytest.approx(0.27, abs=0.005)
    assert kpis["sp5_share_secondary_education"] == pytest.approx(0.12, abs=0.005)
    assert kpis["sp5_share_formal_education"] == pytest.approx(0.39, abs=0.005)
    # Every record has its first version; a second run changes nothing.
    assert RecordVersion.objects.filter(model_label="register.trainingperiod").count() == TrainingPeriod.objects.count()
    counts = (LegalBasis.objects.count(), TrainingPeriod.objects.count())
    call_command("synth", year=2019, seed=1, scale=SCALE, register=True, verbosity=0)
    assert (LegalBasis.objects.count(), TrainingPeriod.objects.count()) == counts
