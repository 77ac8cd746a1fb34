"""The whole-registry batch: Splink (DuckDB) predictions over the blocked pairs, then clusters.

Records become one row of features each (`features.record_features`, with the name normalisation cached: names
repeat), plus their candidate keys (`keys.candidate_keys`). Splink compares every pair sharing a key (one blocking
rule over the exploded keys), keeps the pairs at or above the threshold, and clusters them (connected components,
`cluster_pairwise_predictions_at_threshold`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from nyinorge.core.dedup.features import COLUMNS, record_features
from nyinorge.core.dedup.keys import candidate_keys
from nyinorge.core.dedup.records import PersonRecord


@dataclass(frozen=True)
class ScoredPair:
    id_l: str
    id_r: str
    match_weight: float
    match_probability: float
    cluster: str  # the cluster both belong to at the threshold


def features_frame(records: Iterable[PersonRecord]):
    """A pandas frame with one row of comparison features and candidate keys per record."""
    import pandas as pd

    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    columns["keys"] = []
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            raise ValueError(f"Two records have the id {record.id!r}; ids must be unique.")
        seen.add(record.id)
        row = record_features(record)
        for name in COLUMNS:
            columns[name].append(row[name])
        columns["keys"].append(candidate_keys(record) or None)
    frame = pd.DataFrame(columns)
    frame["birth_year"] = frame["birth_year"].astype("Int64")
    frame["arrival_day"] = frame["arrival_day"].astype("Int64")
    frame["birth_partial"] = frame["birth_partial"].astype("boolean")
    return frame


def find_duplicates(records: Iterable[PersonRecord], artefact: dict[str, Any], *,
                    threshold_probability: float | None = None, threads: int = 2,
                    stats: dict[str, Any] | None = None) -> list[ScoredPair]:
    """Every pair at or above the threshold (default: the artefact's review threshold), highest weight first.

    `stats`, when given, receives the timings, the number of records, pairs and clusters, DuckDB's peak memory
    and `clusters` ({record id: cluster id} for every record in a cluster of two or more)."""
    import logging

    from splink import DuckDBAPI, Linker

    from nyinorge.core.dedup.training import connect

    if threshold_probability is None:
        threshold_probability = float(artefact["nyinorge"]["review_probability"])
    stats = stats if stats is not None else {}
    started = time.perf_counter()
    frame = features_frame(records)
    stats["features_seconds"] = time.perf_counter() - started
    stats["records"] = len(frame)
    logging.getLogger("splink").setLevel(logging.WARNING)
    connection = connect(threads)
    settings = {key: value for key, value in artefact.items() if key != "nyinorge"}
    linker = Linker(frame, settings, db_api=DuckDBAPI(connection), set_up_basic_logging=False)
    del frame
    started = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=threshold_probability)
    stats["predict_seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold_probability)
    stats["cluster_seconds"] = time.perf_counter() - started
    rows = connection.execute(
        f"SELECT p.unique_id_l, p.unique_id_r, p.match_weight, p.match_probability, c.cluster_id "
        f"FROM {predictions.physical_name} p JOIN {clusters.physical_name} c ON p.unique_id_l = c.unique_id "
        f"ORDER BY p.match_weight DESC, p.unique_id_l, p.unique_id_r").fetchall()
    members = connection.execute(
        f"SELECT unique_id, cluster_id FROM {clusters.physical_name} WHERE cluster_id IN "
        f"(SELECT cluster_id FROM {clusters.physical_name} GROUP BY cluster_id HAVING count(*) > 1)").fetchall()
    stats["clusters"] = {str(uid): str(cluster) for uid, cluster in members}
    stats["pairs"] = len(rows)
    try:
        stats["duckdb_peak_bytes"] = connection.execute(
            "SELECT max(memory_usage_bytes) FROM duckdb_memory()").fetchone()[0]
    except Exception:  # noqa: BLE001 — older DuckDB: the figure is optional
        stats["duckdb_peak_bytes"] = None
    connection.close()
    return [ScoredPair(str(l), str(r), float(w), float(p), str(c)) for l, r, w, p, c in rows]
