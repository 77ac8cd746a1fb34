"""The peers benchmark on a tiny instance (30 persons, 20 municipalities): every solver's answer passes the
independent check, and those that prove optimality agree. The `[bench]` extra is installed by `make install`,
so no peer is skipped."""

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from nyinorge.matching.instance import Instance

BENCH = Path(__file__).resolve().parents[2] / "bench" / "matching_peers.py"


def _load_bench():
    spec = importlib.util.spec_from_file_location("matching_peers", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules["matching_peers"] = module
    spec.loader.exec_module(module)
    return module


def _tiny_instance(seed: int) -> dict:
    """About 30 persons in families of 1-4, 20 municipalities with 3-5 allowed each, capacities ~90 %."""
    rng = np.random.default_rng(seed)
    municipalities = [f"m{j}" for j in range(20)]
    cases, persons = [], 0
    while persons < 30:
        size = int(rng.choice([1, 2, 3, 4], p=[0.4, 0.25, 0.2, 0.15]))
        allowed = rng.choice(20, size=int(rng.integers(3, 6)), replace=False)
        demand = {"persons": size}
        if rng.random() < 0.2:
            demand["accessible_dwellings"] = 1
        values = {municipalities[j]: round(float(rng.uniform(0, size)), 4) for j in allowed}
        cases.append({"id": f"c{len(cases) + 1}", "demand": demand, "values": values})
        persons += size
    places = np.bincount(rng.integers(0, 20, int(0.9 * persons)), minlength=20)
    data = {
        "municipalities": [
            {"id": m, "capacity": {"persons": float(places[j]), "accessible_dwellings": float(j % 3 == 0)}}
            for j, m in enumerate(municipalities)
        ],
        "cases": cases,
    }
    Instance.from_json(data)
    return data


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2])
def test_every_solver_answers_validly_and_the_proven_optima_agree(seed, tmp_path):
    bench = _load_bench()
    data = _tiny_instance(seed)
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    instance = Instance.from_json(data)
    # A generous limit: each process stops once it has proven optimality (well under a second of solving
    # here), but importing OR-Tools alone took over 2 s on the loaded 2-core machine.
    runs = {solver: bench.run_solver(solver, instance, path, 10.0, 20.0) for solver in bench.SOLVERS}
    for solver, run in runs.items():
        assert run["outcome"] == "checked", (solver, run)
        assert run["cpu"] > 0 and run["wall"] > 0
    proven = [run for run in runs.values() if run["status"] == "optimal"]
    # Those that prove optimality must agree; at least two must, or there is nothing to compare.
    assert len(proven) >= 2, {s: (run["status"], run["wall"]) for s, run in runs.items()}
    persons = {run["persons"] for run in proven}
    assert len(persons) == 1
    values = [run["value"] for run in proven]
    assert max(values) - min(values) <= 1e-5 * max(1.0, max(values))
    # A proven persons bound is never below what anybody placed.
    for run in runs.values():
        if run["persons_bound"] is not None:
            assert run["persons_bound"] >= max(r["persons"] for r in runs.values())


def test_an_invalid_answer_is_called_invalid():
    bench = _load_bench()
    instance = Instance.from_json(_tiny_instance(1))
    from nyinorge.matching.instance import Result

    case = instance.cases[0]
    # Everybody into one municipality overbooks it.
    target = next(iter(case.values))
    crowded = {c.id: (target if target in c.values else None) for c in instance.cases}
    result = Result(assignment=crowded, persons_assigned=0, objective=0.0, bound=0.0, gap=0.0,
                    status="feasible", solve_seconds=0.0)
    verdict = bench.verdict(instance, result)
    assert verdict["outcome"] == "INVALID"


def test_earlier_runs_are_merged_and_replaced_by_newer_ones():
    bench = _load_bench()
    earlier = [{"instance": "a", "solver": "highs", "limit": 2, "value": 1.0},
               {"instance": "a", "solver": "engine", "limit": 2, "value": 2.0}]
    newer = [{"instance": "a", "solver": "engine", "limit": 2.0, "value": 3.0}]
    merged = bench.merge(earlier, newer)
    assert sorted((run["solver"], run["value"]) for run in merged) == [("engine", 3.0), ("highs", 1.0)]


def test_sizes_are_persons_or_cases():
    bench = _load_bench()
    args = bench.arguments(["--families", "dense,singles", "--sizes", "dense=300c", "--limits", "2,30"])
    assert args.sizes == {"dense": {"cases": 300}, "singles": {"persons": 2000}}
    assert args.limits == [2.0, 30.0]


def test_from_json_files_merge_in_order_without_running_anything(tmp_path, capsys):
    bench = _load_bench()
    run = {"instance": "dense/300-cases/seed1", "solver": "highs", "limit": 2.0, "cases": 300,
           "persons_total": 741, "columns": 53400, "outcome": "timeout", "wall": 7.0, "cpu": 6.0,
           "load": [1.0, 1.0, 1.0]}
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.write_text(json.dumps({"runs": [run]}))
    second.write_text(json.dumps({"runs": [{**run, "wall": 8.0}]}))
    out = tmp_path / "out.json"
    code = bench.main(["--families", "", "--from-json", str(first), "--from-json", str(second),
                       "--json-out", str(out)])
    assert code == 0
    runs = json.loads(out.read_text())["runs"]
    assert [r["wall"] for r in runs] == [8.0]
    assert "| highs | timeout |" in capsys.readouterr().out
