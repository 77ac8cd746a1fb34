"""What the grant pages read: the lines a user may see (a municipality only its own, and only what was approved
for payment; the directorate every municipality, computed runs too), their totals per scheme and instalment, per
municipality and per chapter and post, held against the appropriation and the accounts. Reads that show persons
are audited (`grant_lines_shown`)."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyinorge.core.access import people_hidden_from, require, user_can
from nyinorge.core.models import AuditEntry, Municipality, Organisation, Person, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.grants.models import SCHEME_POSTS, GrantLine, GrantRun, Scheme
from nyinorge.grants.selectors.budget import ACCOUNTS, APPROPRIATION, accounts_year_for, budget_figure
from nyinorge.grants.services.runs import instalment_dates

PAID = (GrantRun.Status.APPROVED, GrantRun.Status.EXPORTED)
# The directorate also sees a computed run waiting for approval; a municipality only what it is paid.
DIRECTORATE_STATUSES = (GrantRun.Status.COMPUTED, *PAID)
MUNICIPALITY_STATUSES = PAID
CHAPTER_POSTS: list[tuple[int, int]] = sorted(set(SCHEME_POSTS.values()))


@dataclass(frozen=True)
class GrantScope:
    """Whose lines a user sees: one municipality's or (None) all, from runs in these statuses."""

    user: User
    municipality: str | None
    statuses: tuple[str, ...]

    @property
    def is_directorate(self) -> bool:
        return self.municipality is None


def grant_scope(user: User) -> GrantScope:
    require(user_can(user, Capability.VIEW_GRANTS))
    organisation = user.organisation
    if organisation.kind == Organisation.Kind.DIRECTORATE:
        return GrantScope(user, None, DIRECTORATE_STATUSES)
    if organisation.kind == Organisation.Kind.MUNICIPALITY and organisation.municipality_id:
        return GrantScope(user, organisation.municipality_id, MUNICIPALITY_STATUSES)
    raise PermissionDenied(_("Only the directorate and the municipalities see grants."))


def grant_runs_visible(scope: GrantScope, *, budget_year: int | None = None) -> QuerySet[GrantRun]:
    runs = GrantRun.objects.filter(status__in=scope.statuses)
    return runs if budget_year is None else runs.filter(budget_year=budget_year)


def grant_years(scope: GrantScope) -> list[int]:
    """The budget years with a run the user may see, latest first."""
    return sorted(set(grant_runs_visible(scope).values_list("budget_year", flat=True)), reverse=True)


def grant_municipality_for(scope: GrantScope, number: str) -> Municipality:
    """The municipality if the user may see its grants: 404 for any other (no existence leak)."""
    if scope.municipality is not None and number != scope.municipality:
        raise Http404(_("No such municipality, or not one you have access to."))
    try:
        return Municipality.objects.get(pk=number)
    except Municipality.DoesNotExist:
        raise Http404(_("No such municipality, or not one you have access to.")) from None


def _scoped_lines(scope: GrantScope) -> QuerySet[GrantLine]:
    lines = GrantLine.objects.filter(run__status__in=scope.statuses)
    return lines if scope.municipality is None else lines.filter(municipality_id=scope.municipality)


def _hidden_people(user: User) -> QuerySet[Person] | None:
    hidden = people_hidden_from(user)
    return None if hidden is None else Person.objects.filter(hidden)


def grant_lines(scope: GrantScope, *, budget_year: int, municipality: Municipality, instalment: int | None = None,
                query: str = "") -> QuerySet[GrantLine]:
    """A municipality's lines of the year (of one instalment), searched by the person's name."""
    lines = (_scoped_lines(scope).filter(run__budget_year=budget_year, municipality=municipality)
             .select_related("person", "rate", "run")
             .order_by("run__instalment", "scheme", "person__family_name", "person__given_name", "id"))
    if instalment is not None:
        lines = lines.filter(run__instalment=instalment)
    words = query.split()
    if words:
        for word in words:
            lines = lines.filter(Q(person__given_name__icontains=word) | Q(person__family_name__icontains=word))
        hidden = _hidden_people(scope.user)
        if hidden is not None:
            # A shielded name is never found by searching for it.
            lines = lines.exclude(person__in=hidden)
    return lines


def grant_line_for(scope: GrantScope, line_id: int) -> GrantLine:
    """One line if the user may see it: 404 for another municipality's (the same as for none)."""
    try:
        return _scoped_lines(scope).select_related("person", "rate", "run", "municipality").get(pk=line_id)
    except GrantLine.DoesNotExist:
        raise Http404(_("No such grant line, or not one you have access to.")) from None


# Shown instead of a shielded person's line reason (a lazy text: translated where it is shown).
SHIELDED_REASON = gettext_lazy("Shielded identity: the reason is shown to designated officers only.")


def grant_lines_marked(*, scope: GrantScope, lines: Sequence[GrantLine]) -> list[GrantLine]:
    """Mark the lines of persons whose identity is shielded from the user (`line.shielded`): the amount is shown,
    the name, birth year and reason are not."""
    return shielded_lines_marked(user=scope.user, lines=lines)


def shielded_lines_marked(*, user: User, lines: Sequence[GrantLine]) -> list[GrantLine]:
    """`line.shielded` for the persons whose identity is hidden from the user (the pages and the API alike):
    their amounts are owed all the same, so the line is shown, without whom it is for or why."""
    person_ids = {line.person_id for line in lines if line.person_id}
    hidden = _hidden_people(user)
    shielded = (set(hidden.filter(pk__in=person_ids).values_list("pk", flat=True))
                if hidden is not None and person_ids else set())
    for line in lines:
        line.shielded = line.person_id in shielded
        if line.shielded:
            # The reason names dates, ages, municipalities and citizenship: enough to find the person again.
            line.reason = SHIELDED_REASON
    return list(lines)


def grant_lines_shown(*, scope: GrantScope, lines: Sequence[GrantLine], what: str) -> list[GrantLine]:
    """Audit the lines shown (one entry naming every person) and mark the shielded ones."""
    lines = grant_lines_marked(scope=scope, lines=lines)
    person_ids = sorted({line.person_id for line in lines if line.person_id})
    if person_ids:
        audit_record(actor=scope.user, action=AuditEntry.Action.VIEW, object_type="grants.grantline",
                     person_ids=person_ids, detail=f"grant lines: {what}, {len(lines)} lines")
    return list(lines)


@dataclass
class InstalmentColumn:
    number: int
    payment_date: object
    run: GrantRun | None


@dataclass
class SchemeRow:
    scheme: str
    label: str
    chapter: int
    post: int
    cells: list[Decimal | None] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((cell for cell in self.cells if cell is not None), Decimal(0))


@dataclass
class InstalmentTable:
    columns: list[InstalmentColumn]
    rows: list[SchemeRow]

    @property
    def column_totals(self) -> list[Decimal]:
        return [sum((row.cells[index] or Decimal(0) for row in self.rows), Decimal(0))
                for index in range(len(self.columns))]

    @property
    def total(self) -> Decimal:
        return sum((row.total for row in self.rows), Decimal(0))


def grant_instalment_table(scope: GrantScope, *, budget_year: int, municipality: Municipality) -> InstalmentTable:
    """What the municipality is owed in the year per scheme × instalment (regular and difference lines together)."""
    dates = instalment_dates(budget_year)
    runs = {run.instalment: run for run in grant_runs_visible(scope, budget_year=budget_year)}
    columns = [InstalmentColumn(number, day, runs.get(number)) for number, day in enumerate(dates, start=1)]
    sums = (_scoped_lines(scope).filter(run__budget_year=budget_year, municipality=municipality)
            .values("scheme", "run__instalment").annotate(total=Sum("amount")))
    by_scheme: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for row in sums:
        by_scheme[row["scheme"]][row["run__instalment"]] = row["total"]
    rows = []
    for scheme in Scheme:
        if scheme.value not in by_scheme:
            continue
        chapter, post = SCHEME_POSTS[scheme.value]
        rows.append(SchemeRow(scheme.value, str(scheme.label), chapter, post,
                              [by_scheme[scheme.value].get(column.number) for column in columns]))
    return InstalmentTable(columns, rows)


def grant_uses_assumed_rates(scope: GrantScope, *, budget_year: int, municipality: Municipality | None = None) -> bool:
    lines = _scoped_lines(scope).filter(run__budget_year=budget_year, rate__assumed=True)
    return (lines if municipality is None else lines.filter(municipality=municipality)).exists()


@dataclass
class MunicipalityTotals:
    municipality: Municipality
    by_post: list[Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.by_post, Decimal(0))


def _totals_by_municipality(lines: QuerySet[GrantLine]) -> dict[str, dict[tuple[int, int], Decimal]]:
    totals: dict[str, dict[tuple[int, int], Decimal]] = defaultdict(dict)
    for row in lines.values("municipality_id", "chapter", "post").annotate(total=Sum("amount")):
        totals[row["municipality_id"]][(row["chapter"], row["post"])] = row["total"]
    return totals


def _municipality_rows(totals: dict[str, dict[tuple[int, int], Decimal]]) -> list[MunicipalityTotals]:
    municipalities = Municipality.objects.in_bulk(list(totals))
    return [MunicipalityTotals(municipalities[number],
                               [totals[number].get(key, Decimal(0)) for key in CHAPTER_POSTS])
            for number in sorted(totals) if number in municipalities]


def grant_municipality_totals(scope: GrantScope, *, budget_year: int, query: str = "") -> list[MunicipalityTotals]:
    """Every municipality's total of the year per chapter and post (the directorate's overview), searched by name
    or number."""
    if not scope.is_directorate:
        raise PermissionDenied(_("Only the directorate sees every municipality's grants."))
    lines = _scoped_lines(scope).filter(run__budget_year=budget_year)
    for word in query.split():
        lines = lines.filter(Q(municipality__name__icontains=word) | Q(municipality__number__startswith=word))
    return _municipality_rows(_totals_by_municipality(lines))


@dataclass
class BudgetRow:
    chapter: int
    post: int
    computed: Decimal
    appropriation: Decimal | None
    accounts: Decimal | None

    @staticmethod
    def _share(part: Decimal, whole: Decimal | None) -> Decimal | None:
        return None if not whole else (100 * part / whole).quantize(Decimal("0.1"))

    @property
    def share_of_appropriation(self) -> Decimal | None:
        return self._share(self.computed, self.appropriation)

    @property
    def share_of_accounts(self) -> Decimal | None:
        return self._share(self.computed, self.accounts)


@dataclass
class BudgetComparison:
    budget_year: int
    accounts_year: int | None
    rows: list[BudgetRow]
    sources: list[str]


def grant_budget_comparison(scope: GrantScope, *, budget_year: int) -> BudgetComparison:
    """The year's grants so far per chapter and post, against the year's appropriation and the accounts."""
    if not scope.is_directorate:
        raise PermissionDenied(_("Only the directorate sees every municipality's grants."))
    sums = {(row["chapter"], row["post"]): row["total"] for row in
            _scoped_lines(scope).filter(run__budget_year=budget_year).values("chapter", "post")
            .annotate(total=Sum("amount"))}
    accounts_year = accounts_year_for(budget_year)
    rows, sources = [], []
    for chapter, post in CHAPTER_POSTS:
        appropriation = budget_figure(kind=APPROPRIATION, budget_year=budget_year, chapter=chapter, post=post)
        accounts = (budget_figure(kind=ACCOUNTS, budget_year=accounts_year, chapter=chapter, post=post)
                    if accounts_year else None)
        for figure in (appropriation, accounts):
            if figure and figure.source not in sources:
                sources.append(figure.source)
        rows.append(BudgetRow(chapter, post, sums.get((chapter, post), Decimal(0)),
                              appropriation.amount if appropriation else None, accounts.amount if accounts else None))
    return BudgetComparison(budget_year, accounts_year, rows, sources)


@dataclass
class RunTotals:
    by_post: list[tuple[int, int, Decimal]]
    municipalities: list[MunicipalityTotals]


def grant_run_totals(run: GrantRun) -> RunTotals:
    """A run's totals per chapter and post and per municipality (aggregates: no person named)."""
    by_post = {(row["chapter"], row["post"]): row["total"]
               for row in run.lines.values("chapter", "post").annotate(total=Sum("amount"))}
    return RunTotals([(chapter, post, by_post.get((chapter, post), Decimal(0))) for chapter, post in CHAPTER_POSTS],
                     _municipality_rows(_totals_by_municipality(run.lines.all())))


@dataclass
class LetterTotal:
    scheme: str
    label: str
    chapter: int
    post: int
    amount: Decimal


@dataclass
class Letter:
    municipality: Municipality
    run: GrantRun
    payment_date: object
    totals: list[LetterTotal]
    post_totals: list[tuple[int, int, Decimal]]
    lines: list[GrantLine]
    assumed: bool

    @property
    def total(self) -> Decimal:
        return sum((total.amount for total in self.totals), Decimal(0))


def grant_letter(scope: GrantScope, *, budget_year: int, instalment: int, municipality: Municipality) -> Letter:
    """What one instalment pays the municipality: totals per scheme, chapter and post, and its lines (audited by
    the caller as an export)."""
    run = grant_runs_visible(scope, budget_year=budget_year).filter(instalment=instalment).first()
    if run is None:
        raise Http404(_("No such instalment, or not one you have access to."))
    dates = instalment_dates(budget_year)
    lines = grant_lines_marked(scope=scope, lines=list(
        grant_lines(scope, budget_year=budget_year, municipality=municipality, instalment=instalment)))
    by_scheme: dict[str, Decimal] = defaultdict(Decimal)
    by_post: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for line in lines:
        by_scheme[line.scheme] += line.amount
        by_post[(line.chapter, line.post)] += line.amount
    totals = [LetterTotal(scheme.value, str(scheme.label), *SCHEME_POSTS[scheme.value], by_scheme[scheme.value])
              for scheme in Scheme if scheme.value in by_scheme]
    return Letter(municipality, run, dates[instalment - 1] if instalment <= len(dates) else None, totals,
                  [(chapter, post, amount) for (chapter, post), amount in sorted(by_post.items())], lines,
                  any(line.rate and line.rate.assumed for line in lines))


def persons_of(lines: Iterable[GrantLine]) -> list[Person]:
    return list({line.person_id: line.person for line in lines if line.person_id}.values())
