"""Register statistics (seed 3.3): listed interpreters by language and category, the share with state authorisation
and/or interpreting education (the report's 56 %), and the languages with no qualified interpreter.

Only listed interpreters count, as in the report's "oppført i Nasjonalt tolkeregister"; an interpreter counts once
per language, in their highest category in it (a variant does not count twice). All of it is public information
(the register is public), so no small numbers are hidden.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils import timezone

from nyinorge.interpreters.categories import EvidenceKind, RuleTable, category_label, rule_table_current
from nyinorge.interpreters.languages import LANGUAGES, language_name
from nyinorge.interpreters.models import Evidence, Interpreter, InterpreterLanguage

QUALIFYING_KINDS = (EvidenceKind.AUTHORISATION, EvidenceKind.EDUCATION)


@dataclass(frozen=True)
class LanguageRow:
    code: str
    name: str
    by_category: dict[str, int]
    total: int
    qualified: int  # with authorisation and/or education in this language

    @property
    def share_qualified(self) -> float | None:
        return self.qualified / self.total if self.total else None


@dataclass(frozen=True)
class RegisterStatistics:
    on: datetime.date
    table: RuleTable
    languages: list[LanguageRow]  # most interpreters first
    by_category: dict[str, int]  # interpreter-languages per category
    interpreters: int  # listed interpreters
    qualified: int  # listed interpreters with authorisation and/or education in some language
    languages_listed: int
    without_qualified: list[LanguageRow]  # listed languages where nobody has authorisation or education
    without_any: list[str]  # catalogue languages with nobody listed (names)

    @property
    def share_qualified(self) -> float | None:
        return self.qualified / self.interpreters if self.interpreters else None

    @property
    def category_labels(self) -> list[tuple[str, str]]:
        return [(c.code, category_label(c.code, self.table.version)) for c in self.table.categories]


def _counting(on: datetime.date) -> Q:
    """Evidence that counts on a day, as a filter (the same rule as `Evidence.counts_on`)."""
    return (Q(status=Evidence.Status.APPROVED, obtained_on__lte=on)
            & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))
            & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=on)))


def register_statistics(*, on: datetime.date | None = None) -> RegisterStatistics:
    """The register's figures today (or on a date: evidence counted on that date, listing as now)."""
    on = on or timezone.localdate()
    table = rule_table_current()
    rank_to_code = {c.rank: c.code for c in table.categories}
    listed = Interpreter.Status.ACTIVE
    best = (InterpreterLanguage.objects.filter(interpreter__status=listed, category_rank__gt=0)
            .values("interpreter", "language").annotate(rank=Max("category_rank")))
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in best:
        counts[row["language"]][rank_to_code.get(row["rank"], "?")] += 1
    qualifying = Evidence.objects.filter(_counting(on), kind__in=QUALIFYING_KINDS, interpreter__status=listed)
    qualified_by_language = dict(qualifying.values_list("language").annotate(n=Count("interpreter", distinct=True)))
    rows = [
        LanguageRow(code=code, name=language_name(code), by_category=dict(counter), total=sum(counter.values()),
                    qualified=min(qualified_by_language.get(code, 0), sum(counter.values())))
        for code, counter in counts.items()
    ]
    rows.sort(key=lambda row: (-row.total, row.name))
    by_category = Counter()
    for counter in counts.values():
        by_category.update(counter)
    listed_ids = InterpreterLanguage.objects.filter(interpreter__status=listed, category_rank__gt=0).values("interpreter")
    return RegisterStatistics(
        on=on,
        table=table,
        languages=rows,
        by_category={c.code: by_category.get(c.code, 0) for c in table.categories},
        interpreters=Interpreter.objects.filter(pk__in=listed_ids).count(),
        qualified=qualifying.filter(interpreter__in=listed_ids).values("interpreter").distinct().count(),
        languages_listed=len(rows),
        without_qualified=sorted((row for row in rows if row.qualified == 0), key=lambda row: row.name),
        without_any=sorted(language_name(code) for code in LANGUAGES if code not in counts),
    )
