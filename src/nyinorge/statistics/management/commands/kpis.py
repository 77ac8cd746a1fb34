"""`nyinorge kpis --year Y --format json|table`: every KPI the platform computes for the report of year Y, in a table
beside the annual report's figures — the settlement KPIs (SP1–SP3), the introduction register's (participants,
SP5–SP7 and SP8, keys `sp8_…`), competence mapping (SP9, keys `sp9_…`) and the application-based schemes' SP11.1
and SP11.2. The register's cohort KPIs are about an earlier year (SP6: Y − 1, SP7: Y − 3, SP8: those who finished in
Y − 2); the table's `year` column says which, and the JSON gives them under the report year like the report does."""

import json

from django.core.management.base import BaseCommand
from django.utils import translation

from nyinorge.statistics.competence_kpis import (
    COMPETENCE_KPI_KEYS,
    COMPETENCE_KPI_LABELS,
    competence_kpis_compute,
    competence_report_figure,
)
from nyinorge.statistics.kpis import KPI_KEYS, KPI_LABELS, kpis_compute, report_figures
from nyinorge.statistics.register_kpis import (
    REGISTER_KPI_KEYS,
    REGISTER_KPI_LABELS,
    kpi_year,
    register_kpis_compute,
    register_report_figure,
)
from nyinorge.statistics.scheme_tables import SCHEME_KPI_KEYS, SCHEME_KPI_LABELS, scheme_kpis_compute

ALL_KPI_KEYS: tuple[str, ...] = (*KPI_KEYS, *REGISTER_KPI_KEYS, *COMPETENCE_KPI_KEYS, *SCHEME_KPI_KEYS)


def _shown(value: float | int | None) -> str:
    return "–" if value is None else f"{value:g}"


def kpis_all(*, year: int) -> dict[str, int | float | None]:
    """Every KPI of the report for the year, {"year": year, key: value}, in the order of ALL_KPI_KEYS."""
    values = (kpis_compute(year=year) | register_kpis_compute(year=year) | competence_kpis_compute(year=year)
              | scheme_kpis_compute(year=year))
    return {"year": year, **{key: values[key] for key in ALL_KPI_KEYS}}


class Command(BaseCommand):
    help = ("Compute every KPI of a year's report (settlement, introduction register, competence mapping, schemes); "
            "the table shows the annual report's figure and the difference.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, year: int, format: str, **options):
        kpis = kpis_all(year=year)
        if format == "json":
            self.stdout.write(json.dumps(kpis, ensure_ascii=False))
            return
        figures = report_figures()
        labels = KPI_LABELS | REGISTER_KPI_LABELS | COMPETENCE_KPI_LABELS | SCHEME_KPI_LABELS
        rows = []
        with translation.override("en"):
            for key in ALL_KPI_KEYS:
                if key in REGISTER_KPI_LABELS:
                    about, report = kpi_year(key, year), register_report_figure(figures, key, year)
                else:
                    about, report = year, competence_report_figure(figures, key, year)
                rows.append((key, str(labels[key]), about, kpis[key], report))
        width = max(len(key) for key in ALL_KPI_KEYS)
        self.stdout.write(f"{'KPI ' + str(year):<{width}}  {'year':>4}  {'computed':>9}  {'report':>9}  {'difference':>10}")
        for key, _label, about, value, report in rows:
            difference = "" if value is None or report is None else f"{value - report:+.4g}"
            self.stdout.write(f"{key:<{width}}  {about:>4}  {_shown(value):>9}  {_shown(report):>9}  {difference:>10}")
