"""The model's comparisons: each level's SQL condition (what Splink evaluates) beside its Python twin.

Splink runs the SQL in DuckDB (or Spark); `scoring.DedupModel` runs the twin at registration time. The twins
are exact: same NULL semantics (a None column is the null level, checked first), integer edit distances only
(no floating-point similarity thresholds that could round differently), sets for list intersections (DuckDB's
`array_intersect` returns distinct elements). The list functions are the names DuckDB and Spark share
(`array_intersect`, `array_contains`); `spark_settings` turns `array_length` into Spark's `size`.
`tests/core/dedup/test_scoring.py` checks twin = Splink on hundreds of pairs. Term-frequency adjustment
(Splink's): on the name's "exact" and "swapped" levels the Bayes factor is multiplied by u(swapped) /
max(tf_l, tf_r), where tf is the share of records with that sorted name (in the batch, over the registry being
de-duplicated; at registration, the registry's count or the artefact's table). The `code` of a level is the
stable reason code the pages translate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Level:
    code: str
    sql: str
    test: Callable[[Row, Row], bool]
    null: bool = False
    # For a level conditioned on the given names agreeing: the same condition without that clause. Its u is
    # estimated with this one (`training._unconditioned_u`), so the name's agreement is not counted twice.
    base: Callable[[Row, Row], bool] | None = None
    # Term-frequency adjusted on the sorted name: an agreement on a common name is weaker evidence
    tf: bool = False


@dataclass(frozen=True)
class Comparison:
    name: str
    description: str
    levels: tuple[Level, ...]

    def base_level_of(self, left: Row, right: Row) -> int:
        """The level index with every conditioned level read without its given-name clause."""
        for index, level in enumerate(self.levels):
            if (level.base or level.test)(left, right):
                return index
        raise AssertionError("the else level always holds")

    @property
    def conditioned(self) -> bool:
        return any(level.base is not None for level in self.levels)

    def level_of(self, left: Row, right: Row) -> int:
        """The index of the first level whose condition holds (the last, "else", always does)."""
        for index, level in enumerate(self.levels):
            if level.test(left, right):
                return index
        raise AssertionError("the else level always holds")


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions), as DuckDB's `levenshtein`."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _null(*columns: str) -> Level:
    sql = " OR ".join(f'"{c}_l" IS NULL OR "{c}_r" IS NULL' for c in columns)
    return Level("null", sql, lambda l, r: any(l[c] is None or r[c] is None for c in columns), null=True)


def _exact(column: str, code: str = "exact") -> Level:
    return Level(code, f'"{column}_l" = "{column}_r"', lambda l, r: l[column] == r[column])


ELSE = Level("else", "ELSE", lambda l, r: True)


def _overlap(column: str, at_least: int) -> Callable[[Row, Row], bool]:
    return lambda l, r: len(set(l[column]) & set(r[column])) >= at_least


def _date_swapped(l: Row, r: Row) -> bool:
    a, b = l["birth_date"], r["birth_date"]
    return a[:4] == b[:4] and a[5:7] == b[8:10] and a[8:10] == b[5:7]


# Household context (centre, arrival, relatives) is shared by every member of a family: siblings and twins agree
# on it as much as a person's two records do, and Fellegi-Sunter, which assumes comparisons independent given
# match status, would add it up as if it were evidence of one person. So it counts only when the given names
# agree: the first given token of one record is among the other's (canonical) name tokens, or is within one
# edit of the other's first given or first family token (a typing error; swapped order).
SAME_GIVEN_SQL = ('(array_contains("tokens_r", "given_first_l") OR array_contains("tokens_l", "given_first_r") OR '
                  'levenshtein("given_first_l", "given_first_r") <= 1 OR '
                  'levenshtein("given_first_l", coalesce("family_first_r", \'\')) <= 1 OR '
                  'levenshtein(coalesce("family_first_l", \'\'), "given_first_r") <= 1)')


def same_given(l: Row, r: Row) -> bool:
    """The Python twin of SAME_GIVEN_SQL (the null levels have already excluded records without a name)."""
    if l["given_first"] is None or r["given_first"] is None:
        return False
    return (l["given_first"] in r["tokens"] or r["given_first"] in l["tokens"]
            or levenshtein(l["given_first"], r["given_first"]) <= 1
            or levenshtein(l["given_first"], r["family_first"] or "") <= 1
            or levenshtein(l["family_first"] or "", r["given_first"]) <= 1)


COMPARISONS: tuple[Comparison, ...] = (
    Comparison("name", "Names, normalised and transliterated (order, romanisation, typing errors)", (
        _null("name_sorted"),
        Level("exact", '"given_l" = "given_r" AND "family_l" = "family_r"',
              lambda l, r: l["given"] == r["given"] and l["family"] == r["family"], tf=True),
        Level("swapped", '"name_sorted_l" = "name_sorted_r"', lambda l, r: l["name_sorted"] == r["name_sorted"],
              tf=True),
        _exact("skel_sorted", "phonetic"),
        Level("typo", 'levenshtein("name_sorted_l", "name_sorted_r") <= 2',
              lambda l, r: levenshtein(l["name_sorted"], r["name_sorted"]) <= 2),
        Level("subset", 'array_length(array_intersect("skels_l", "skels_r")) >= 2', _overlap("skels", 2)),
        Level("one_name", 'array_length(array_intersect("skels_l", "skels_r")) >= 1', _overlap("skels", 1)),
        ELSE,
    )),
    Comparison("birth_date", "Birth date (1 January and 1 July are partial: the year only)", (
        _null("birth_date"),
        Level("exact", '"birth_date_l" = "birth_date_r" AND NOT "birth_partial_l"',
              lambda l, r: l["birth_date"] == r["birth_date"] and not l["birth_partial"]),
        _exact("birth_date", "exact_partial"),
        Level("year_partial", '"birth_year_l" = "birth_year_r" AND ("birth_partial_l" OR "birth_partial_r")',
              lambda l, r: l["birth_year"] == r["birth_year"] and (l["birth_partial"] or r["birth_partial"])),
        Level("typo", 'levenshtein("birth_date_l", "birth_date_r") <= 1 OR ('
                      'substr("birth_date_l", 1, 4) = substr("birth_date_r", 1, 4) AND '
                      'substr("birth_date_l", 6, 2) = substr("birth_date_r", 9, 2) AND '
                      'substr("birth_date_l", 9, 2) = substr("birth_date_r", 6, 2))',
              lambda l, r: levenshtein(l["birth_date"], r["birth_date"]) <= 1 or _date_swapped(l, r)),
        Level("year_near", 'abs("birth_year_l" - "birth_year_r") <= 1 AND ("birth_partial_l" OR "birth_partial_r")',
              lambda l, r: abs(l["birth_year"] - r["birth_year"]) <= 1 and (l["birth_partial"] or r["birth_partial"])),
        ELSE,
    )),
    Comparison("sex", "Sex", (_null("sex"), _exact("sex"), ELSE)),
    Comparison("citizenship", "Citizenship", (_null("citizenship"), _exact("citizenship"), ELSE)),
    Comparison("duf", "DUF number", (_null("duf"), _exact("duf"), ELSE)),
    Comparison("national_id", "National identity number (fødselsnummer or D number)",
               (_null("nid"), _exact("nid"), ELSE)),
    Comparison("centre", "Reception centre (counted only when the given names agree)", (
        _null("centre"),
        Level("exact", f'"centre_l" = "centre_r" AND {SAME_GIVEN_SQL}', lambda l, r: l["centre"] == r["centre"]
              and same_given(l, r), base=lambda l, r: l["centre"] == r["centre"]),
        ELSE,
    )),
    Comparison("arrival", "Arrival date (counted only when the given names agree)", (
        _null("arrival_day"),
        Level("exact", f'"arrival_day_l" = "arrival_day_r" AND {SAME_GIVEN_SQL}',
              lambda l, r: l["arrival_day"] == r["arrival_day"] and same_given(l, r),
              base=lambda l, r: l["arrival_day"] == r["arrival_day"]),
        Level("month", f'abs("arrival_day_l" - "arrival_day_r") <= 31 AND {SAME_GIVEN_SQL}',
              lambda l, r: abs(l["arrival_day"] - r["arrival_day"]) <= 31 and same_given(l, r),
              base=lambda l, r: abs(l["arrival_day"] - r["arrival_day"]) <= 31),
        Level("year", 'abs("arrival_day_l" - "arrival_day_r") <= 400',
              lambda l, r: abs(l["arrival_day"] - r["arrival_day"]) <= 400),
        ELSE,
    )),
    Comparison("family", "Family: the given names of spouse, children and parents (when the given names agree)", (
        _null("relatives"),
        Level("same", f'"relatives_l" = "relatives_r" AND {SAME_GIVEN_SQL}',
              lambda l, r: l["relatives"] == r["relatives"] and same_given(l, r),
              base=lambda l, r: l["relatives"] == r["relatives"]),
        Level("covers", 'array_length(array_intersect("relatives_l", "relatives_r")) = least(array_length("relatives_l"), '
                        f'array_length("relatives_r")) AND {SAME_GIVEN_SQL}',
              lambda l, r: len(set(l["relatives"]) & set(r["relatives"])) == min(len(l["relatives"]),
                                                                                len(r["relatives"]))
              and same_given(l, r),
              base=lambda l, r: len(set(l["relatives"]) & set(r["relatives"])) == min(len(l["relatives"]),
                                                                                     len(r["relatives"]))),
        Level("some", f'array_length(array_intersect("relatives_l", "relatives_r")) >= 1 AND {SAME_GIVEN_SQL}',
              lambda l, r: _overlap("relatives", 1)(l, r) and same_given(l, r), base=_overlap("relatives", 1)),
        ELSE,
    )),
)

TF_COLUMN = "name_sorted"
# The level whose u Splink divides by the name's frequency: the exact match on TF_COLUMN
TF_EXACT_LEVEL = ("name", "swapped")

BY_NAME = {comparison.name: comparison for comparison in COMPARISONS}


def spark_sql(sql: str) -> str:
    """A level's condition for Spark SQL: DuckDB's `array_length` is Spark's `size`; the rest is common to both
    (`array_intersect`, `array_contains`, `levenshtein`, `least`, `abs`, `substr`), quoting by sqlglot."""
    import sqlglot

    if sql == "ELSE":
        return sql
    return sqlglot.transpile(sql.replace("array_length(", "size("), read="duckdb", write="spark")[0]


def spark_settings(artefact: dict[str, Any]) -> dict[str, Any]:
    """The artefact's Splink settings with every condition in Spark SQL (for `Linker(..., SparkAPI(...))`)."""
    import copy

    settings = copy.deepcopy({key: value for key, value in artefact.items() if key != "nyinorge"})
    settings["sql_dialect"] = "spark"
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = spark_sql(level["sql_condition"])
    for rule in settings.get("blocking_rules_to_generate_predictions", []):
        rule["sql_dialect"] = "spark"
    return settings


def splink_comparisons() -> list[dict[str, Any]]:
    """The comparisons as Splink settings dicts (levels labelled with their codes)."""
    out = []
    for comparison in COMPARISONS:
        levels = []
        for level in comparison.levels:
            entry: dict[str, Any] = {"sql_condition": level.sql, "label_for_charts": level.code}
            if level.null:
                entry["is_null_level"] = True
            if level.tf:
                entry["tf_adjustment_column"] = TF_COLUMN
                entry["tf_adjustment_weight"] = 1.0
            levels.append(entry)
        out.append({"output_column_name": comparison.name, "comparison_description": comparison.description,
                    "comparison_levels": levels})
    return out
