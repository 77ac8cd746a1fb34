"""Benchmark of the de-duplication engine (issue 18) on a synthetic registry with known truth.

    .venv/bin/python bench/dedup.py [--persons 1000000] [--seed 1] [--threads 2] [--lookup] [--json]

1. Generates `--persons` persons plus their duplicates (`nyinorge.synthetic.duplicates`, 4 % duplicated).
2. Trains the model on them (Splink, unsupervised; a 300,000-record sample), timed separately, and chooses the
   thresholds on a *held-out* registry (seed + 1, as many persons) with its truth, so the figures below are not
   tuned on the data they are measured on.
3. Runs the batch (`batch.find_duplicates`: features, Splink predict over the blocked pairs, clustering): wall
   time, CPU time and peak memory (ru_maxrss of this process, which includes DuckDB's; and DuckDB's own memory
   as it reports it at the end).
4. Prints precision / recall / F1 of the pairs at the review threshold, of the clusters (every pair inside a
   predicted cluster; and the share of true multi-record persons recovered exactly), the same for the exact-key
   baseline (same DUF number, same national id, or same lower-cased name and birth date), the Python scorer's
   speed, and with `--lookup` the registration-time lookup p50/p95 from `bench/dedup_lookup.py` if it exists.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

from nyinorge.core.dedup.batch import find_duplicates
from nyinorge.core.dedup.scoring import DedupModel
from nyinorge.core.dedup.train_default import thresholds_on_truth
from nyinorge.core.dedup.training import train
from nyinorge.synthetic.duplicates import SyntheticRegistry, generate, ordered


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prf(predicted: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float]:
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pairs": len(predicted), "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def pairs_within(groups: dict[str, list[str]]) -> set[tuple[str, str]]:
    out = set()
    for ids in groups.values():
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                out.add(ordered(ids[i], ids[j]))
    return out


def baseline_pairs(registry: SyntheticRegistry) -> set[tuple[str, str]]:
    """Exact keys: same DUF number, same national id, or same lower-cased name and birth date."""
    groups: dict[str, list[str]] = defaultdict(list)
    for record in registry.records:
        if record.duf_number:
            groups["d" + record.duf_number].append(record.id)
        if record.national_id:
            groups["n" + record.national_id].append(record.id)
        if record.birth_date and (record.given_name or record.family_name):
            name = " ".join(f"{record.given_name} {record.family_name}".lower().split())
            groups[f"b{name}|{record.birth_date.isoformat()}"].append(record.id)
    return pairs_within({key: ids for key, ids in groups.items() if len(ids) > 1})


def cluster_metrics(clusters: dict[str, str], registry: SyntheticRegistry,
                    true_pairs: set[tuple[str, str]]) -> dict[str, float]:
    by_cluster: dict[str, list[str]] = defaultdict(list)
    for record_id, cluster in clusters.items():
        by_cluster[cluster].append(record_id)
    result = prf(pairs_within(by_cluster), true_pairs)
    true_groups: dict[int, set[str]] = defaultdict(set)
    for record, person in zip(registry.records, registry.truth, strict=True):
        true_groups[person].add(record.id)
    multi = [ids for ids in true_groups.values() if len(ids) > 1]
    predicted = {frozenset(ids) for ids in by_cluster.values()}
    result["true_clusters"] = len(multi)
    result["exactly_recovered"] = round(sum(1 for ids in multi if frozenset(ids) in predicted) / len(multi), 4)
    return result


def key_statistics(registry: SyntheticRegistry) -> dict:
    """Keys per person, the largest key bucket, and the candidates a registration-time lookup of a common name
    (Mohammed Ahmed, born 1 January 1990, Syrian) would fetch: every record sharing any of its keys."""
    import datetime
    from collections import Counter

    from nyinorge.core.dedup.keys import candidate_keys
    from nyinorge.core.dedup.records import PersonRecord

    counts: Counter[str] = Counter()
    per_person = []
    for record in registry.records:
        keys = candidate_keys(record)
        per_person.append(len(keys))
        counts.update(keys)
    probe = PersonRecord(id="", given_name="Mohammed", family_name="Ahmed", birth_date=datetime.date(1990, 1, 1),
                         sex="male", citizenship="SY")
    probe_keys = candidate_keys(probe)
    per_person.sort()
    return {"mean_keys_per_person": round(sum(per_person) / len(per_person), 2), "max_keys_per_person": per_person[-1],
            "largest_bucket": max(counts.values()),
            "common_name_lookup_candidates": sum(counts[key] for key in probe_keys),
            "common_name_keys": len(probe_keys)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--holdout-persons", type=int, default=None,
                        help="size of the held-out registry the thresholds are chosen on (default: --persons; "
                        "namesakes grow with the registry, so a smaller one picks too low a threshold)")
    parser.add_argument("--lookup", action="store_true", help="also time registration-time lookups "
                        "(bench/dedup_lookup.py's measure_lookup), if that module exists")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args()
    if args.persons < 1000:
        parser.error("--persons must be at least 1000")
    if args.holdout_persons is None:
        args.holdout_persons = args.persons
    logging.getLogger("splink").setLevel(logging.WARNING)
    out: dict = {"persons": args.persons, "seed": args.seed, "threads": args.threads}

    started = time.perf_counter()
    registry = generate(persons=args.persons, seed=args.seed)
    true_pairs = registry.true_pairs()
    out["generate_seconds"] = round(time.perf_counter() - started, 1)
    out["records"] = len(registry.records)
    out["true_pairs"] = len(true_pairs)
    out["generator"] = registry.stats

    started, cpu = time.perf_counter(), cpu_seconds()
    artefact = train(registry.records, seed=args.seed, threads=args.threads)
    out["train_seconds"] = round(time.perf_counter() - started, 1)
    out["train_cpu_seconds"] = round(cpu_seconds() - cpu, 1)
    started = time.perf_counter()
    warn, review = thresholds_on_truth(artefact, persons=args.holdout_persons, seed=args.seed + 1)
    artefact["nyinorge"]["warn_probability"], artefact["nyinorge"]["review_probability"] = warn, review
    out["thresholds"] = {"warn_probability": round(warn, 6), "review_probability": round(review, 6),
                         "chosen_on": f"held-out registry, {args.holdout_persons} persons, seed {args.seed + 1}",
                         "seconds": round(time.perf_counter() - started, 1)}
    rss_before_batch = peak_rss_mb()

    stats: dict = {}
    started, cpu = time.perf_counter(), cpu_seconds()
    pairs = find_duplicates(registry.records, artefact, threshold_probability=review, threads=args.threads,
                            stats=stats)
    batch_seconds = time.perf_counter() - started
    out["batch"] = {
        "seconds": round(batch_seconds, 1), "cpu_seconds": round(cpu_seconds() - cpu, 1),
        "features_seconds": round(stats["features_seconds"], 1), "predict_seconds": round(stats["predict_seconds"], 1),
        "cluster_seconds": round(stats["cluster_seconds"], 1), "pairs_at_threshold": stats["pairs"],
        "peak_rss_mb": round(peak_rss_mb(), 0), "peak_rss_mb_before_batch": round(rss_before_batch, 0),
        "duckdb_memory_mb_at_end": round((stats["duckdb_peak_bytes"] or 0) / 2**20, 0),
        "within_10_minutes": batch_seconds <= 600,
    }
    predicted = {ordered(pair.id_l, pair.id_r) for pair in pairs}
    out["pairs"] = prf(predicted, true_pairs)
    out["clusters"] = cluster_metrics(stats["clusters"], registry, true_pairs)
    started = time.perf_counter()
    out["baseline_exact_keys"] = prf(baseline_pairs(registry), true_pairs)
    out["baseline_exact_keys"]["seconds"] = round(time.perf_counter() - started, 1)

    out["keys"] = key_statistics(registry)
    model = DedupModel.from_json(artefact)
    by_id = {record.id: record for record in registry.records}
    sample = [(by_id[p.id_l], by_id[p.id_r]) for p in pairs[:5000]]
    sample += [(registry.records[i], registry.records[-1 - i]) for i in range(5000)]
    started = time.perf_counter()
    for a, b in sample:
        model.score(a, b)
    out["python_scorer_pairs_per_second"] = round(len(sample) / (time.perf_counter() - started))

    if args.lookup:
        path = Path(__file__).with_name("dedup_lookup.py")
        if path.exists():
            sys.path.insert(0, str(path.parent.parent))
            spec = importlib.util.spec_from_file_location("bench.dedup_lookup", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            out["lookup"] = module.measure_lookup(registry.records, model, truth_pairs=sorted(registry.true_pairs()))
        else:
            out["lookup"] = "bench/dedup_lookup.py not present"

    if args.json:
        print(json.dumps(out, default=str))
        return 0
    print_table(out)
    return 0


def print_table(out: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=110)
    console.print(f"[bold]De-duplication benchmark[/bold]: {out['persons']:,} persons, {out['records']:,} records, "
                  f"{out['true_pairs']:,} true duplicate pairs (seed {out['seed']}, {out['threads']} DuckDB threads)")
    console.print(f"generator: {out['generator']} in {out['generate_seconds']} s")
    console.print(f"training: {out['train_seconds']} s wall, {out['train_cpu_seconds']} s CPU; thresholds "
                  f"warn {out['thresholds']['warn_probability']}, review {out['thresholds']['review_probability']} "
                  f"(chosen on a {out['thresholds']['chosen_on']}, {out['thresholds']['seconds']} s)")
    batch = out["batch"]
    console.print(f"batch: {batch['seconds']} s wall ({batch['cpu_seconds']} s CPU: features "
                  f"{batch['features_seconds']} s, predict {batch['predict_seconds']} s, clusters "
                  f"{batch['cluster_seconds']} s), {batch['pairs_at_threshold']:,} pairs at the review threshold; "
                  f"peak RSS {batch['peak_rss_mb']:.0f} MB (before the batch {batch['peak_rss_mb_before_batch']:.0f}"
                  f" MB), DuckDB memory at end {batch['duckdb_memory_mb_at_end']:.0f} MB; within 10 min: "
                  f"{batch['within_10_minutes']}")
    table = Table("", "pairs", "precision", "recall", "F1", "exactly recovered")
    for label, key in (("Splink model, pairs", "pairs"), ("Splink model, clusters", "clusters"),
                       ("exact-key baseline, pairs", "baseline_exact_keys")):
        row = out[key]
        table.add_row(label, f"{row['pairs']:,}", f"{row['precision']:.4f}", f"{row['recall']:.4f}",
                      f"{row['f1']:.4f}", f"{row['exactly_recovered']:.4f} of {row['true_clusters']:,}"
                      if "exactly_recovered" in row else "")
    console.print(table)
    console.print(f"Python scorer: {out['python_scorer_pairs_per_second']:,} pairs/s")
    console.print(f"blocking keys: {out['keys']}")
    if "lookup" in out:
        console.print(f"lookup: {out['lookup']}")
    console.print("targets: precision >= 0.98, recall >= 0.95, batch <= 600 s at 1,000,000 persons")


if __name__ == "__main__":
    sys.exit(main())
