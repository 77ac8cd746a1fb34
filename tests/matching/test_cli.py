import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nyinorge" / "matching" / "examples" / "instance.json"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nyinorge.matching", *args], capture_output=True, text=True, timeout=120
    )


def test_solve_then_check_round_trip(tmp_path):
    solved = _run("solve", str(EXAMPLE), "--time-limit", "10")
    assert solved.returncode == 0, solved.stderr
    result = json.loads(solved.stdout)
    assert result["status"] == "optimal" and result["persons_assigned"] == 11
    # Proven optimal: the persons bound is the persons placed.
    assert result["persons_bound"] == 11
    schema = json.loads((EXAMPLE.parent.parent / "schema" / "result.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(result)
    (tmp_path / "result.json").write_text(solved.stdout)
    checked = _run("check", str(EXAMPLE), str(tmp_path / "result.json"))
    assert checked.returncode == 0, checked.stdout
    report = json.loads(checked.stdout)
    assert report["feasible"] and report["objective_matches"]


def test_check_fails_a_tampered_result(tmp_path):
    result = json.loads(_run("solve", str(EXAMPLE)).stdout)
    result["objective"] += 1
    result["assignment"]["c3"] = "5001"
    result["assignment"]["c4"] = "5001"
    (tmp_path / "result.json").write_text(json.dumps(result))
    checked = _run("check", str(EXAMPLE), str(tmp_path / "result.json"))
    assert checked.returncode == 1
    report = json.loads(checked.stdout)
    assert not report["feasible"] and not report["objective_matches"]
    assert any("'persons' used 5 > capacity 3" in problem for problem in report["problems"])


def _instance(**changes) -> dict:
    data = json.loads(EXAMPLE.read_text())
    for key, value in changes.items():
        data[key] = value
    return data


@pytest.mark.parametrize(
    "content, message",
    [
        (json.dumps(_instance(cases=[{"id": "c", "demand": {"persons": 1}, "values": {"9999": 1}}])),
         "unknown municipality '9999'"),
        (json.dumps(_instance(municipalities=[{"id": "0301", "capacity": {"persons": -3}}])),
         "must be a finite number >= 0, not -3"),
        ('{"municipalities": [{"id": "a", "capacity": {"persons": 1}}], '
         '"cases": [{"id": "c", "demand": {"persons": 1}, "values": {"a": NaN}}]}', "NaN is not allowed"),
        ("", "is empty"),
        ('{"municipalities": [], "cases": []}', "there are no municipalities"),
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
    ],
)
def test_invalid_instances_exit_2_with_a_message(tmp_path, content, message):
    path = tmp_path / "instance.json"
    path.write_text(content)
    completed = _run("solve", str(path))
    assert completed.returncode == 2
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr
    assert completed.stdout == ""


def test_check_refuses_an_invalid_instance_the_same_way(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(_instance(cases=[])))
    completed = _run("check", str(path), str(path))
    assert completed.returncode == 2
    assert "there are no cases" in completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (("solve", "/nonexistent/instance.json"), "cannot read /nonexistent/instance.json"),
        (("solve", str(EXAMPLE), "--time-limit", "-1"), "--time-limit must be a positive number"),
        (("solve", str(EXAMPLE), "--time-limit", "soon"), "invalid float value"),
        (("check", str(EXAMPLE), "/nonexistent/result.json"), "cannot read /nonexistent/result.json"),
        (("optimise",), "invalid choice"),
        ((), "required"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args, message):
    completed = _run(*args)
    assert completed.returncode == 2
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr


def test_an_invalid_result_file_exits_2(tmp_path):
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"assignment": {}, "status": "done"}))
    completed = _run("check", str(EXAMPLE), str(path))
    assert completed.returncode == 2
    assert "'status' must be one of" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_check_refuses_a_persons_bound_below_the_persons_placed(tmp_path):
    result = json.loads(_run("solve", str(EXAMPLE)).stdout)
    result["persons_bound"] = result["persons_assigned"] - 1
    (tmp_path / "result.json").write_text(json.dumps(result))
    checked = _run("check", str(EXAMPLE), str(tmp_path / "result.json"))
    assert checked.returncode == 1
    assert any("persons_bound" in problem for problem in json.loads(checked.stdout)["problems"])


def test_the_command_line_does_not_import_the_solver_to_check(tmp_path):
    # Start-up: `check` (and the package import) need neither numpy nor HiGHS; `solve` imports them when needed.
    code = ("import sys; import nyinorge.matching, nyinorge.matching.cli; "
            "print(sorted(m for m in ('numpy', 'scipy', 'highspy') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert loaded.stdout.strip() == "[]", loaded.stderr
    code = "import sys; import nyinorge.matching.solver; print('scipy' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert loaded.stdout.strip() == "False", loaded.stderr
