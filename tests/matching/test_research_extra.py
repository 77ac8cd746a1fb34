"""The `research` extra (LightGBM, scikit-learn, matplotlib) is optional: the platform imports and runs without
it, and using the outcome model without it fails with an error that names the extra."""

import subprocess
import sys
from pathlib import Path

import pytest

from nyinorge.matching import simulator as sim
from nyinorge.matching.outcomes import OutcomeModel, ResearchExtraMissing, calibration_plot_write

ROOT = Path(__file__).resolve().parents[2]

# Makes the research extra's packages unimportable, as in an install of plain `nyinorge`.
BLOCK_RESEARCH = """
import sys
class _NoResearch:
    def find_spec(self, name, path=None, target=None):
        if name.partition('.')[0] in ('lightgbm', 'sklearn', 'matplotlib'):
            raise ModuleNotFoundError(f'No module named {name!r}', name=name)
sys.meta_path.insert(0, _NoResearch())
"""


def test_every_module_of_the_platform_imports_and_checks_without_the_research_extra():
    code = BLOCK_RESEARCH + (
        "import importlib, os, pkgutil\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'tests.settings'\n"
        "import django; django.setup()\n"
        "import nyinorge\n"
        "for m in pkgutil.walk_packages(nyinorge.__path__, 'nyinorge.'):\n"
        "    if not m.name.endswith('__main__'):\n"
        "        importlib.import_module(m.name)\n"
        "from django.core.management import call_command\n"
        "call_command('check')\n"
        "print(sorted({m.partition('.')[0] for m in sys.modules} & {'lightgbm', 'sklearn', 'matplotlib'}))\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip().splitlines()[-1] == "[]"


@pytest.fixture
def without_research(monkeypatch):
    for name in ("lightgbm", "sklearn", "sklearn.metrics", "matplotlib", "matplotlib.pyplot"):
        monkeypatch.setitem(sys.modules, name, None)  # `import name` then raises ImportError


def test_fitting_the_outcome_model_without_the_extra_names_it(without_research):
    world = sim.world_generate(persons=20, municipalities=5, seed=1)
    history = sim.history_generate(world, records=100, seed=2)
    with pytest.raises(ResearchExtraMissing, match=r"lightgbm.*'research' extra: pip install 'nyinorge\[research\]'"):
        OutcomeModel(folds=2, rounds=2).fit(history)


def test_the_calibration_plot_without_the_extra_names_it(without_research, tmp_path):
    with pytest.raises(ResearchExtraMissing, match=r"matplotlib.*nyinorge\[research\]"):
        calibration_plot_write(reliability=[], auc=0.5, brier=0.25, path=tmp_path / "plot")
