"""The whole-registry batch: Splink (DuckDB) predictions over the blocked pairs, then clusters.

Records become one row of features each (`features.record_features`, with the name normalisation cached: names
repeat), plus their candidate keys (`keys.candidate_keys`). Splink compares every pair sharing a key (one blocking
rule over the exploded keys), keeps the pairs at or above the threshold, and clusters them (connected components,
`cluster_pairwise_predictions_at_threshold`). A blocked pair below the threshold whose two records both link at or
above it to a common third record is reported too, with that record and the two links' weights as its evidence
(`ScoredPair.via`): a person registered three times is often two noisy copies of one good record, each far from
the other. The thresholds (`train_default.thresholds_on_truth`) are chosen with these promoted pairs counted.
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
    # A pair below the threshold promoted because both records link at or above it to a common third record:
    # that record's id and the two links' match weights (the evidence shown to the reviewer); None for a pair
    # above the threshold on its own. `match_weight` stays the pair's own (Splink's) weight.
    via: str | None = None
    via_weights: tuple[float, float] | None = None


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


# A pair is promoted on a common third record only if its own probability is at least this: the third record's
# links are evidence the two are one person, but not against their own fields contradicting it outright.
PROMOTE_FLOOR_PROBABILITY = 1e-3


def find_duplicates(records: Iterable[PersonRecord], artefact: dict[str, Any], *,
                    threshold_probability: float | None = None, threads: int = 2,
                    promote: bool = True, stats: dict[str, Any] | None = None) -> list[ScoredPair]:
    """Every pair at or above the threshold (default: the artefact's review threshold), highest weight first,
    and (`promote`) every blocked pair below it whose two records both link at or above it to a common third
    record and whose own probability is at least PROMOTE_FLOOR_PROBABILITY (`ScoredPair.via`): a person's two
    later registrations may each resemble the first more than each other.

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
    floor = min(threshold_probability, PROMOTE_FLOOR_PROBABILITY) if promote else threshold_probability
    predictions = linker.inference.predict(threshold_match_probability=floor)
    stats["predict_seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold_probability)
    stats["cluster_seconds"] = time.perf_counter() - started
    table = predictions.physical_name
    strong = f"(SELECT * FROM {table} WHERE match_probability >= {threshold_probability!r})"
    rows = connection.execute(
        f"SELECT p.unique_id_l, p.unique_id_r, p.match_weight, p.match_probability, c.cluster_id, NULL, NULL, NULL "
        f"FROM {strong} p JOIN {clusters.physical_name} c ON p.unique_id_l = c.unique_id").fetchall()
    if promote:
        edges = (f"(SELECT unique_id_l AS a, unique_id_r AS b, match_weight AS w FROM {strong} s UNION ALL "
                 f"SELECT unique_id_r, unique_id_l, match_weight FROM {strong} s)")
        rows += connection.execute(
            f"SELECT p.unique_id_l, p.unique_id_r, p.match_weight, p.match_probability, c.cluster_id, e1.a, "
            f"e1.w, e2.w FROM {table} p JOIN {edges} e1 ON e1.b = p.unique_id_l "
            f"JOIN {edges} e2 ON e2.b = p.unique_id_r AND e2.a = e1.a "
            f"JOIN {clusters.physical_name} c ON p.unique_id_l = c.unique_id "
            f"WHERE p.match_probability < {threshold_probability!r} "
            f"QUALIFY row_number() OVER (PARTITION BY p.unique_id_l, p.unique_id_r "
            f"ORDER BY least(e1.w, e2.w) DESC, e1.a) = 1").fetchall()
    rows.sort(key=lambda row: (-row[2], str(row[0]), str(row[1])))
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
    stats["promoted"] = sum(1 for row in rows if row[5] is not None)
    return [ScoredPair(str(l), str(r), float(w), float(p), str(c), None if via is None else str(via),
                       None if via is None else (float(wl), float(wr))) for l, r, w, p, c, via, wl, wr in rows]
