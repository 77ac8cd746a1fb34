"""The application-based schemes on the statistics page, computed from the grants in the database: Tabell 3-2-1
(kommunale integreringstiltak by priority area), Tabell 3-3-1 (the volunteer schemes and earmarked grants, kap. 291
post 71), Tabell 3-3-2 (the volunteer scheme's grants by sub-goal, IMDi's own part), and SP11.1 and SP11.2 from
Jobbsjansen's participant reports.

Definitions:
- a grant counts in the budget year of its call when it stands (`GRANTED_STATES`), at the amount granted;
- SP11.1: of the Jobbsjansen A participants who ended the programme in the year, the share who went on to work or
  education, each person once (sum of `to_work_or_education` over sum of `completed`, submitted or approved
  participant reports; a report without `to_work_or_education` counts `to_work` + `to_education`, at most
  `completed`);
- SP11.2: places in Jobbsjansen B: the sum of `participants` of the year's participant reports.
Organisations' grants name no person; SP11.1 is hidden in the published figures when its group is small.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyinorge.core.models import Organisation
from nyinorge.grants.application_states import GRANTED_STATES
from nyinorge.grants.models import GrantApplication, GrantReport, GrantScheme
from nyinorge.grants.translated import translated
from nyinorge.statistics.suppression import SUPPRESSED, share_hidden
from nyinorge.statistics.tables import Cell, Table

JOBBSJANSEN_A = "jobbsjansen-a"
JOBBSJANSEN_B = "jobbsjansen-b"
MUNICIPAL_INTEGRATION = "municipal-integration"
VOLUNTEER = "volunteer-integration"
NATIONAL_RESOURCE = "national-resource"
EARMARKED = "earmarked-single"
MILLION = Decimal(1_000_000)
REPORTED = [GrantReport.State.SUBMITTED, GrantReport.State.APPROVED]
SCHEME_KPI_KEYS = ("sp11_1_jobbsjansen_a_work_or_education_share", "sp11_2_jobbsjansen_b_places")
SCHEME_KPI_LABELS = {
    "sp11_1_jobbsjansen_a_work_or_education_share": gettext_lazy(
        "SP11.1: share of Jobbsjansen A participants who went on to work or education"),
    "sp11_2_jobbsjansen_b_places": gettext_lazy("SP11.2: places in Jobbsjansen B"),
}
SCHEME_KPI_TARGETS = {"sp11_1_jobbsjansen_a_work_or_education_share": 0.70}


def _granted(year: int, code: str):
    return GrantApplication.objects.filter(call__budget_year=year, call__scheme__code=code, state__in=GRANTED_STATES,
                                           amount_granted__gt=0)


def _choices(code: str) -> list[tuple[str, str]]:
    """(value, label) of the choice field the scheme's statistics group by, from its latest call's form."""
    scheme = GrantScheme.objects.filter(code=code).first()
    call = scheme.calls.order_by("-budget_year", "-id").first() if scheme else None
    if call is None or not scheme.statistics_field:
        return []
    for section in call.application_form.get("sections", []):
        for item in section.get("fields", []):
            if item["key"] == scheme.statistics_field:
                return [(choice["value"], translated(choice["label"])) for choice in item.get("choices", [])]
    return []


def _by_choice(year: int, code: str, *, administered_by_directorate: bool = False) -> dict[str, tuple[Decimal, int]]:
    """Granted amount and count per answer of the scheme's statistics field."""
    scheme = GrantScheme.objects.filter(code=code).first()
    grants = _granted(year, code)
    if administered_by_directorate:
        grants = grants.filter(call__administered_by__kind=Organisation.Kind.DIRECTORATE)
    totals: dict[str, list] = defaultdict(lambda: [Decimal(0), 0])
    field = scheme.statistics_field if scheme else ""
    for answers, amount in grants.values_list("answers", "amount_granted"):
        key = (answers or {}).get(field, "")
        totals[key][0] += amount
        totals[key][1] += 1
    return {key: (amount, count) for key, (amount, count) in totals.items()}


def table_3_2_1(*, year: int) -> Table:
    """Tabell 3-2-1: grants for developing municipal integration measures by priority area (NOK, projects)."""
    totals = _by_choice(year, MUNICIPAL_INTEGRATION)
    rows, keys = [], []
    known = _choices(MUNICIPAL_INTEGRATION)
    for value, label in [*known, *((v, v or _("Not stated")) for v in sorted(totals) if v not in dict(known))]:
        amount, count = totals.get(value, (Decimal(0), 0))
        rows.append([Cell(label), Cell(int(amount), "amount"), Cell(count, "count")])
        keys.append(value or "none")
    rows.append([Cell(_("Total")), Cell(int(sum((a for a, _c in totals.values()), Decimal(0))), "amount"),
                 Cell(sum(c for _a, c in totals.values()), "count")])
    keys.append("total")
    columns = [("priority_area", _("Priority area")), ("amount_nok", _("Amount granted (NOK)")),
               ("projects", _("Projects"))]
    return Table("table-3-2-1", _("Table 3-2-1: grants for developing municipal integration measures %(year)s")
                 % {"year": year}, columns, rows, keys)


def _million(amount: Decimal, places: int = 1) -> float:
    return round(float(amount / MILLION), places)


def table_3_3_1(*, year: int) -> Table:
    """Tabell 3-3-1: the volunteer schemes and the earmarked single grants (kap. 291 post 71), million NOK."""
    rows, keys, total = [], [], Decimal(0)
    for code in (VOLUNTEER, NATIONAL_RESOURCE):
        scheme = GrantScheme.objects.filter(code=code).first()
        amount = _granted(year, code).aggregate(total=Sum("amount_granted"))["total"] or Decimal(0)
        total += amount
        rows.append([Cell(str(scheme) if scheme else code), Cell(_million(amount), "decimal")])
        keys.append(code)
    earmarked = (_granted(year, EARMARKED).values("applicant__name").annotate(total=Sum("amount_granted"))
                 .order_by("applicant__name"))
    for row in earmarked:
        total += row["total"]
        rows.append([Cell(_("Earmarked: %(organisation)s") % {"organisation": row["applicant__name"]}),
                     Cell(_million(row["total"]), "decimal")])
        keys.append(f"earmarked:{row['applicant__name']}")
    rows.append([Cell(_("Sum")), Cell(_million(total), "decimal")])
    keys.append("total")
    columns = [("scheme", _("Scheme or grant")), ("amount_million_nok", _("Granted (million NOK)"))]
    return Table("table-3-3-1", _("Table 3-3-1: grants to voluntary organisations (chapter 291, post 71) %(year)s")
                 % {"year": year}, columns, rows, keys)


def table_3_3_2(*, year: int) -> Table:
    """Tabell 3-3-2: the volunteer scheme's grants by sub-goal (the directorate's own part), million NOK and share."""
    totals = _by_choice(year, VOLUNTEER, administered_by_directorate=True)
    whole = sum((amount for amount, _count in totals.values()), Decimal(0))
    rows, keys = [], []
    for value, label in _choices(VOLUNTEER):
        amount, count = totals.get(value, (Decimal(0), 0))
        rows.append([Cell(label), Cell(_million(amount, 2), "decimal2"), Cell(count, "count"),
                     Cell(float(amount / whole) if whole else None, "share")])
        keys.append(value)
    rows.append([Cell(_("Total")), Cell(_million(whole, 2), "decimal2"),
                 Cell(sum(c for _a, c in totals.values()), "count"), Cell(1.0 if whole else None, "share")])
    keys.append("total")
    columns = [("sub_goal", _("Sub-goal")), ("amount_million_nok", _("Granted (million NOK)")),
               ("projects", _("Projects")), ("share", _("Share of the total"))]
    return Table("table-3-3-2", _("Table 3-3-2: integration work by voluntary organisations, the directorate's grants "
                                  "by sub-goal %(year)s") % {"year": year}, columns, rows, keys)


def _participant_sums(year: int, code: str) -> dict[str, int]:
    sums = {"participants": 0, "completed": 0, "to_work": 0, "to_education": 0, "to_work_or_education": 0}
    reports = GrantReport.objects.filter(kind=GrantReport.Kind.PARTICIPANTS, state__in=REPORTED,
                                         application__call__budget_year=year, application__call__scheme__code=code)
    # A grant may report its participants more than once (midway and at the end): its latest report counts, once.
    latest = {}
    for application_id, content in reports.order_by("application_id", "due_on", "id").values_list(
            "application_id", "content"):
        latest[application_id] = content
    for content in latest.values():
        counts = {key: value if isinstance(value := (content or {}).get(key), int) and value >= 0 else 0
                  for key in sums}
        if "to_work_or_education" not in (content or {}):
            # An older report without the once-per-person count: work and education, never more than ended.
            counts["to_work_or_education"] = min(counts["to_work"] + counts["to_education"], counts["completed"])
        for key in sums:
            sums[key] += counts[key]
    return sums


def scheme_kpis_compute(*, year: int) -> dict[str, float | int | None]:
    """SP11.1 (share, None without completed participants) and SP11.2 (places, None without reports)."""
    a = _participant_sums(year, JOBBSJANSEN_A)
    b_reports = GrantReport.objects.filter(kind=GrantReport.Kind.PARTICIPANTS, state__in=REPORTED,
                                           application__call__budget_year=year,
                                           application__call__scheme__code=JOBBSJANSEN_B).exists()
    share = a["to_work_or_education"] / a["completed"] if a["completed"] else None
    return {"sp11_1_jobbsjansen_a_work_or_education_share": share,
            "sp11_2_jobbsjansen_b_places": _participant_sums(year, JOBBSJANSEN_B)["participants"] if b_reports else None}


def scheme_kpi_table(*, year: int, suppress: bool) -> Table:
    """SP11.1 and SP11.2 against the target and the annual report's figures."""
    from nyinorge.statistics.kpis import report_figures

    values = scheme_kpis_compute(year=year)
    hidden = set()
    if suppress and share_hidden(share=values["sp11_1_jobbsjansen_a_work_or_education_share"],
                                 group=_participant_sums(year, JOBBSJANSEN_A)["completed"]):
        hidden.add("sp11_1_jobbsjansen_a_work_or_education_share")
    reported = report_figures()
    rows = []
    for key in SCHEME_KPI_KEYS:
        kind = "share" if key.startswith("sp11_1") else "count"
        value = SUPPRESSED if key in hidden else values[key]
        target = SCHEME_KPI_TARGETS.get(key)
        met = None if target is None or value in (None, SUPPRESSED) else (_("Yes") if value >= target else _("No"))
        rows.append([Cell(str(SCHEME_KPI_LABELS[key])), Cell(value, kind), Cell(target, "share"), Cell(met),
                     Cell(reported.get((key, year)), kind)])
    columns = [("indicator", _("Indicator")), ("value", str(year)), ("target", _("Target")),
               ("target_met", _("Target met")), ("report", _("Annual report %(year)s") % {"year": year})]
    return Table("schemes-kpis", _("Jobbsjansen: SP11.1 and SP11.2 %(year)s (participant reports)") % {"year": year},
                 columns, rows, list(SCHEME_KPI_KEYS))


def grants_awarded_count(year: int) -> int:
    """How many grants the application-based schemes awarded in the year (the page leaves the section out at 0)."""
    return GrantApplication.objects.filter(call__budget_year=year, state__in=GRANTED_STATES,
                                           amount_granted__gt=0).aggregate(
        n=Count("id"))["n"]
