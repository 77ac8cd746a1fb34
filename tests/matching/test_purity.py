import subprocess
import sys


def test_the_matching_library_imports_no_django():
    code = (
        "import sys, nyinorge.matching, nyinorge.matching.cli, nyinorge.matching.explain, "
        "nyinorge.matching.generate, nyinorge.matching.online\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"
