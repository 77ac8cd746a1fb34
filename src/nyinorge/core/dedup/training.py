"""Training the model with Splink on DuckDB (unsupervised: u by random sampling, m by EM over blocks).

1. The prior (the probability that two random records match) from deterministic rules (same DUF number, same
   national id, same sorted name and full birth date) with an assumed recall of 0.6.
2. u probabilities by random sampling of pairs (they describe non-matches: almost every random pair is one).
3. m probabilities by expectation maximisation over three blocking rules, each leaving other comparisons free to
   be estimated: same name skeleton and birth year (estimates all but name and birth date), same DUF number and
   same national id (all but that identifier: pairs sharing an identifier are nearly all the same person, so these
   blocks measure how a person's two records differ; a block over centre or arrival would instead learn
   "same household", since EM finds whatever cluster dominates the block). u stays fixed (Splink's default). Levels never observed, or with m below
   1e-5, are floored at 1e-5 (a single field never vetoes a pair outright).

The artefact is Splink's saved model dict (`save_model_to_json`) with our section `nyinorge`: version, trained_at,
record_count, normalisation_version, warn_probability and review_probability (defaults here; the benchmark
chooses them on data with known truth, `choose_thresholds`).
"""

from __future__ import annotations

import datetime
import logging
import random
from collections.abc import Iterable, Sequence
from typing import Any

from nyinorge.core.dedup.comparisons import splink_comparisons
from nyinorge.core.dedup.normalise import NORMALISATION_VERSION
from nyinorge.core.dedup.records import PersonRecord

DEFAULT_WARN_PROBABILITY = 0.5
DEFAULT_REVIEW_PROBABILITY = 0.9
BLOCKING_RULE = {"blocking_rule": "l.keys = r.keys", "sql_dialect": "duckdb", "arrays_to_explode": ["keys"]}


def settings_dict(*, prior: float = 1e-5) -> dict[str, Any]:
    """Splink settings: dedupe, our comparisons, the one blocking rule over the exploded candidate keys."""
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=prior,
        comparisons=splink_comparisons(),
        blocking_rules_to_generate_predictions=[block_on("keys", arrays_to_explode=["keys"])],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    ).get_settings("duckdb").as_dict()


def connect(threads: int = 2, memory_limit: str | None = None):
    """A DuckDB connection limited to `threads` threads (the machine is shared)."""
    import duckdb

    connection = duckdb.connect()
    connection.execute(f"SET threads={int(threads)}")
    if memory_limit:
        connection.execute(f"SET memory_limit='{memory_limit}'")
    connection.execute("SET preserve_insertion_order=false")
    return connection


def train(records: Iterable[PersonRecord], *, seed: int = 1, version: str | None = None,
          max_records: int = 300_000, u_pairs: float = 5e6, threads: int = 2,
          warn_probability: float = DEFAULT_WARN_PROBABILITY,
          review_probability: float = DEFAULT_REVIEW_PROBABILITY) -> dict[str, Any]:
    """Train on the registry's records; the versioned JSON artefact (Splink settings with the trained
    parameters, thresholds, training date and record count).

    At most `max_records` records (a seeded random sample) are used: the parameters describe a population, and
    the sample keeps training in seconds on a registry of millions."""
    from splink import DuckDBAPI, Linker, block_on

    from nyinorge.core.dedup.batch import features_frame

    records = list(records)
    if len(records) < 50:
        raise ValueError(f"Training needs at least 50 records; got {len(records)}.")
    total = len(records)
    full = records
    if len(records) > max_records:
        records = random.Random(seed).sample(records, max_records)
    frame = features_frame(records)
    logging.getLogger("splink").setLevel(logging.WARNING)
    db_api = DuckDBAPI(connect(threads))
    linker = Linker(frame, settings_dict(), db_api=db_api, set_up_basic_logging=False)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("duf"), block_on("nid"), block_on("name_sorted", "birth_date")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    for rule in em_blocks(frame):
        linker.training.estimate_parameters_using_expectation_maximisation(rule, estimate_without_term_frequencies=True)
    artefact = linker.misc.save_model_to_json()
    _unconditioned_u(artefact, records, seed=seed)
    _floor_m(artefact)
    frequencies, default = name_frequencies(full)
    artefact["nyinorge"] = {
        "name_frequencies": frequencies,
        "name_frequency_default": default,
        "version": version or datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S"),
        "trained_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "record_count": total,
        "training_sample": len(records),
        "seed": seed,
        "normalisation_version": NORMALISATION_VERSION,
        "warn_probability": warn_probability,
        "review_probability": review_probability,
    }
    return artefact


def em_blocks(frame) -> list:
    """The EM blocks. Pairs sharing a DUF number or national id train the name and date levels best, but a
    registry that already refuses a number twice has no such pairs (Splink stops on an empty block): there the
    name levels are trained on pairs born the same day with the same citizenship and sex instead."""
    from splink import block_on

    blocks = [block_on("skel_sorted", "birth_year")]
    shared = [column for column in ("duf", "nid") if _has_shared_values(frame[column])]
    blocks += [block_on(column) for column in shared]
    if not shared:
        blocks.append(block_on("birth_date", "citizenship", "sex"))
    return blocks


def _has_shared_values(column) -> bool:
    values = column.dropna()
    values = values[values != ""]
    return bool(values.duplicated().any())


M_FLOOR = 1e-5
FREQUENT_NAME_COUNT = 5


def name_frequencies(records: list[PersonRecord], *, max_names: int = 20_000) -> tuple[dict[str, float], float]:
    """The share of records per sorted normalised name, for names seen at least FREQUENT_NAME_COUNT times (at most
    `max_names`, the commonest), and the share used for any other name (two records' worth)."""
    from collections import Counter

    from nyinorge.core.dedup.normalise import name_form

    counts = Counter(name_form(r.given_name or "", r.family_name or "").sorted_name for r in records)
    counts.pop("", None)
    total = sum(counts.values()) or 1
    frequent = {name: round(count / total, 10) for name, count in counts.most_common(max_names)
                if count >= FREQUENT_NAME_COUNT}
    return frequent, 2 / total
U_PAIRS = 600_000


def _unconditioned_u(artefact: dict[str, Any], records: list[PersonRecord], *, seed: int) -> None:
    """u of the household-context levels (centre, arrival, family) without their given-name clause.

    Those levels count only when the given names agree (so siblings do not look like one person), but a random
    pair's chance of that conjunction includes the chance of the given names agreeing, which the name comparison
    already counts: u would be too small and a namesake's household context would weigh as if it were evidence.
    So their u is the chance of the context alone, from random pairs (the Python twins, `Level.base`)."""
    from nyinorge.core.dedup.comparisons import BY_NAME
    from nyinorge.core.dedup.features import record_features

    rng = random.Random(seed + 17)
    sample = [record_features(r) for r in (rng.sample(records, 100_000) if len(records) > 100_000 else records)]
    conditioned = [BY_NAME[c["output_column_name"]] for c in artefact["comparisons"]
                   if BY_NAME[c["output_column_name"]].conditioned]
    counts = {c.name: [0] * len(c.levels) for c in conditioned}
    n = len(sample)
    for _ in range(U_PAIRS):
        left, right = sample[rng.randrange(n)], sample[rng.randrange(n)]
        if left is right:
            continue
        for comparison in conditioned:
            counts[comparison.name][comparison.base_level_of(left, right)] += 1
    for entry in artefact["comparisons"]:
        name = entry["output_column_name"]
        if name not in counts:
            continue
        levels = entry["comparison_levels"]
        observed = [(level, count) for level, count in zip(levels, counts[name], strict=True)
                    if not level.get("is_null_level")]
        total = sum(count for _level, count in observed)
        for level, count in observed:  # add-one smoothing: a level never seen in the sample is not impossible
            level["u_probability"] = (count + 1) / (total + len(observed))


def _floor_m(artefact: dict[str, Any]) -> None:
    """No level may have m = 0 (an infinite negative weight from one field) or an untrained m: floor them at
    `M_FLOOR` and renormalise, a smoothing both Splink and the Python scorer then read from the artefact."""
    for comparison in artefact["comparisons"]:
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        for level in levels:
            if level.get("m_probability") is None or level["m_probability"] < M_FLOOR:
                level["m_probability"] = M_FLOOR
            if level.get("u_probability") is None or level["u_probability"] < M_FLOOR / 100:
                level["u_probability"] = M_FLOOR / 100
        total = sum(level["m_probability"] for level in levels)
        for level in levels:
            level["m_probability"] = level["m_probability"] / total


def choose_thresholds(scored: Sequence[tuple[float, bool]], *, min_precision: float = 0.98,
                      warn_recall: float = 0.99) -> tuple[float, float]:
    """(warn, review) probabilities from scored candidate pairs with known truth: review is the lowest
    probability whose pairs at or above it keep `min_precision` (the most recall at that precision); warn is the
    highest probability that still finds `warn_recall` of the true pairs among the candidates (at registration a
    caseworker looks, so recall matters more than precision), never above review."""
    ranked = sorted(scored, key=lambda item: -item[0])
    positives = sum(1 for _p, truth in ranked if truth)
    if not ranked or not positives:
        return DEFAULT_WARN_PROBABILITY, DEFAULT_REVIEW_PROBABILITY
    review = ranked[0][0]
    warn = None
    true_so_far = 0
    for count, (probability, truth) in enumerate(ranked, 1):
        true_so_far += truth
        if true_so_far / count >= min_precision:
            review = probability
        if warn is None and true_so_far >= warn_recall * positives:
            warn = probability
    warn = ranked[-1][0] if warn is None else warn
    return min(warn, review), review


def _key(left: str, right: str) -> tuple[str, str]:
    return (left, right) if left <= right else (right, left)


def promoted_pairs(pairs: Sequence[tuple[str, str, float]], threshold: float,
                   floor: float) -> set[tuple[str, str]]:
    """The pairs `batch.find_duplicates` promotes at `threshold` (the same rule, in Python): of the (id_l, id_r,
    probability) pairs, those below the threshold but at least `floor` whose two records both link at or above
    the threshold to a common third record; keys `(min, max)` of the ids as strings."""
    return _promoted({_key(l, r): p for l, r, p in pairs}, [(l, r) for l, r, p in pairs if p >= threshold],
                     threshold, floor)


def _promoted(probability: dict[tuple[str, str], float], strong: Iterable[tuple[str, str]], threshold: float,
              floor: float) -> set[tuple[str, str]]:
    from collections import defaultdict

    neighbours: dict[str, set[str]] = defaultdict(set)
    for left, right in strong:
        neighbours[left].add(right)
        neighbours[right].add(left)
    out = set()
    for around in neighbours.values():
        if len(around) < 2:
            continue
        ids = sorted(around)
        for i, left in enumerate(ids):
            for right in ids[i + 1:]:
                if floor <= probability.get((left, right), -1.0) < threshold:
                    out.add((left, right))
    return out


def choose_review_promoting(pairs: Sequence[tuple[str, str, float]], truth: set[tuple[str, str]], *,
                            floor: float, min_precision: float = 0.98) -> float:
    """The review probability as `choose_thresholds` picks it, but counting the pairs promoted through a common
    third record (`promoted_pairs`): the lowest threshold whose pairs at or above it plus the promoted keep
    `min_precision`, on a grid of match weights 40 down to -10 in steps of 0.25, then refined to 0.01 below the
    grid's choice (the grid alone left recall on the table at a million persons)."""
    truth_keys = {_key(l, r) for l, r in truth}
    ranked = sorted(((p, _key(l, r)) for l, r, p in pairs), key=lambda item: -item[0])
    probability = {key: p for p, key in ranked}

    def lowest_keeping_precision(weights: Iterable[float]) -> float | None:
        best = None
        position = true_so_far = 0
        for weight in weights:
            threshold = 2.0 ** weight / (1 + 2.0 ** weight)
            if threshold < floor:
                break
            while position < len(ranked) and ranked[position][0] >= threshold:
                true_so_far += ranked[position][1] in truth_keys
                position += 1
            promoted = _promoted(probability, (key for _p, key in ranked[:position]), threshold, floor)
            found = position + len(promoted)
            if found and (true_so_far + len(promoted & truth_keys)) / found >= min_precision:
                best = weight
        return best

    coarse = lowest_keeping_precision(step / 4 for step in range(160, -41, -1))
    if coarse is None:
        return DEFAULT_REVIEW_PROBABILITY
    fine = lowest_keeping_precision(coarse - step / 100 for step in range(0, 25))
    weight = coarse if fine is None else min(coarse, fine)
    return 2.0 ** weight / (1 + 2.0 ** weight)


def match_weights_chart_svg(artefact: dict[str, Any]) -> str:
    """Splink's match-weights chart of a trained model, rendered to SVG (offline, no JavaScript needed)."""
    import pandas as pd
    import vl_convert
    from splink import DuckDBAPI, Linker

    settings = {key: value for key, value in artefact.items() if key != "nyinorge"}
    columns = {"unique_id": ["1"], "keys": [["k"]]}
    empty = pd.DataFrame(columns)
    linker = Linker(empty, settings, db_api=DuckDBAPI(connect(1)), validate_settings=False,
                    set_up_basic_logging=False)
    chart = linker.visualisations.match_weights_chart(as_dict=True)
    return vl_convert.vegalite_to_svg(chart)
