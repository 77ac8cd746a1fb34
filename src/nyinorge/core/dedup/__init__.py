"""One person, one record: probabilistic de-duplication of the person registry (issue 18).

Pure Python, no Django import, so the batch, the benchmark and a Spark deployment use the same code:
- `records.PersonRecord` — what the engine knows of a person (built from `core.Person` by `core.selectors.duplicates`);
- `normalise` — names in any script and romanisation to comparable tokens and phonetic keys; partial birth dates;
- `features` — the comparison columns of one record; `comparisons` — each level's SQL (Splink) beside its exact
  Python twin (registration time), and the Spark form of the settings;
- `keys.candidate_keys` — the blocking keys, the same in the batch (Splink blocking rules) and in PostgreSQL's
  candidate index used at registration;
- `scoring.DedupModel` — the trained Fellegi–Sunter model loaded from its versioned JSON artefact; scores a pair
  in pure Python (registration time) with the reasons, level by level;
- `training.train` — Splink (DuckDB) EM training, which writes that artefact; `train_default` regenerates the
  shipped one from synthetic data (`python -m nyinorge.core.dedup.train_default`);
- `batch.find_duplicates` — Splink (DuckDB) prediction and clustering over the whole registry.

Splink, DuckDB and pandas are imported only by `training` and `batch` (the web process never needs them).
"""
